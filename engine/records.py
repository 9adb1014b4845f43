"""History events and step records: as a run writes them, and as a reader gets them.

A run appends its state events, and the steps of Pass and Choice states, as tuples: a tuple
is one small object to make, where the event it stands for is two dicts (the event and its
details) and a step a dict of a dozen keys, and the garbage collector walks every dict a run
keeps while the run is still allocating. `events` and `steps` turn a run's lists into the
AWS-shaped dicts the first time they are read (Execution.history and .steps); anything a
run wrote as a dict passes through as it is.

The tuples:
- a state event: (type, timestamp, state name, payload), the payload being the input of a
  *StateEntered event and the output of a *StateExited one; its id is its place in the
  history and its previous event the one before it.
- any other event: (type, timestamp, state name or None, previous event id or None for the
  one before it, details: a dict, empty for none).
- a Pass step: (name, "Pass", input, entered time, after InputPath, after Parameters,
  result, after ResultPath, variables or None, output, next).
- a Choice step: (name, "Choice", input, entered time, after InputPath, the rule's Next or
  the Default, variables or None, output).
- a Pass or Choice step in the history: the state's exited event, stamped with its entered
  time (the clock stands still in a Pass or Choice); one tuple then serves both lists, so a
  recorded state makes no second one for its exit.
"""

from __future__ import annotations

_DETAILS_KEYS: dict[str, str] = {}


def details_key(event_type: str) -> str:
    """The AWS field that holds an event's details, e.g. taskFailedEventDetails."""
    key = _DETAILS_KEYS.get(event_type)
    if key is None:
        if event_type.endswith("StateEntered"):
            key = "stateEnteredEventDetails"
        elif event_type.endswith("StateExited"):
            key = "stateExitedEventDetails"
        else:
            key = event_type[0].lower() + event_type[1:] + "EventDetails"
        _DETAILS_KEYS[event_type] = key
    return key


# a step's type -> the exited event it stands for in a history, and where its output is
STEP_EXITS: dict[str, tuple[str, int]] = {"Pass": ("PassStateExited", 9), "Choice": ("ChoiceStateExited", 7)}


def events(log: list) -> list[dict]:
    """A run's history as AWS-shaped event dicts (ids count from 1)."""
    out = []
    append = out.append
    fields = _STATE_FIELDS
    event_id = 0
    for event in log:
        event_id += 1
        if type(event) is tuple:
            size = len(event)
            if size == 4:
                type_, timestamp, name, payload = event
                layout = fields.get(type_)
                if layout is None:
                    layout = fields[type_] = _state_fields(type_)
                key, field = layout
                event = {"id": event_id, "previous_id": event_id - 1, "type": type_, "timestamp": timestamp,
                         "state": name, key: {"name": name, field: payload}}
            elif size != 5:  # a step standing for its exited event
                type_, output_at = STEP_EXITS[event[1]]
                name = event[0]
                event = {"id": event_id, "previous_id": event_id - 1, "type": type_, "timestamp": event[3],
                         "state": name, "stateExitedEventDetails": {"name": name, "output": event[output_at]}}
            else:
                type_, timestamp, name, previous, details = event
                event = {"id": event_id, "previous_id": event_id - 1 if previous is None else previous,
                         "type": type_, "timestamp": timestamp}
                if name is not None:
                    event["state"] = name
                if details:
                    event[details_key(type_)] = details
        append(event)
    return out


_STATE_FIELDS: dict[str, tuple[str, str]] = {}  # a state event's type -> (its details key, its payload's field)


def _state_fields(event_type: str) -> tuple[str, str]:
    key = details_key(event_type)
    return key, "input" if key == "stateEnteredEventDetails" else "output"


def _pass_step(record: tuple) -> dict:
    name, type_, raw, entered_at, value, given, result, placed, variables, output, ends = record
    if variables is None:  # one literal: no dict grown key by key
        return {"name": name, "type": type_, "input": raw, "enteredTime": entered_at, "afterInputPath": value,
                "afterParameters": given, "result": result, "afterResultSelector": result,
                "afterResultPath": placed, "output": output, "next": ends}
    return {"name": name, "type": type_, "input": raw, "enteredTime": entered_at, "afterInputPath": value,
            "afterParameters": given, "result": result, "afterResultSelector": result, "afterResultPath": placed,
            "variables": variables, "output": output, "next": ends}


def _choice_step(record: tuple) -> dict:
    name, type_, raw, entered_at, value, chosen, variables, output = record
    if variables is None:
        return {"name": name, "type": type_, "input": raw, "enteredTime": entered_at, "afterInputPath": value,
                "choice": chosen, "output": output, "next": chosen}
    return {"name": name, "type": type_, "input": raw, "enteredTime": entered_at, "afterInputPath": value,
            "choice": chosen, "variables": variables, "output": output, "next": chosen}


STEP_LAYOUTS = {"Pass": _pass_step, "Choice": _choice_step}


def steps(log: list) -> list[dict]:
    """A run's step records as dicts."""
    return [STEP_LAYOUTS[step[1]](step) if type(step) is tuple else step for step in log]

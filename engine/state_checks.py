"""The checks of each state type (Task, Choice, Wait, Fail, Parallel, Pass, Succeed; Map is in
`engine.map_checks`), called by `engine.validator.Checker.state` after the fields every state
shares.

Each check is `check(c, state, where, lang, siblings)`: `c` is the Checker (it reports
problems and keeps what must be unique), `where` the state's JSON Pointer tokens and
`lang` its query language.
"""

from __future__ import annotations

from typing import Any

from . import fields as F
from .choice import LITERAL_TYPES, OPERATORS, parse_timestamp
from .expressions import check_dollar_value, check_jsonata, check_path
from .jsonata_mode import is_expr
from .resources import ResourceError, parse_task_resource, placeholder


def _int(v: Any) -> bool:
    return type(v) is int


def _number(v: Any) -> bool:
    return type(v) in (int, float)


def _count(c, state: dict, key: str, where: tuple, lang: str, *, least: int, most: int = F.MAX_SECONDS,
           number: bool = False) -> None:
    """A literal integer (or number) field in a range; in JSONata it may be an expression."""
    if key not in state:
        return
    v = state[key]
    if lang == "JSONata" and is_expr(v):
        check_jsonata(v, c.reporter((*where, key)))
        return
    ok = (_number(v) if number else _int(v)) and least <= v <= most
    if not ok:
        kind = "a number" if number else "an integer"
        c.add((*where, key), f"The value for the field '{key}' must be {kind} from {least} to {most:,}")


def _path_field(c, state: dict, key: str, where: tuple) -> None:
    if key in state:
        check_path(state[key], c.reporter((*where, key)), key)


# -- Task -------------------------------------------------------------------------------


def check_task(c, state, where, lang, siblings) -> None:
    if "Resource" not in state:
        c.add(where, "The field 'Resource' is required but was missing")
        resource = None
    else:
        resource = _resource(c, state["Resource"], (*where, "Resource"))
    for key in ("TimeoutSeconds", "HeartbeatSeconds"):
        _count(c, state, key, where, lang, least=1)
        _path_field(c, state, key + "Path", where)
    t, h = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
    if _int(t) and _int(h) and h >= t:
        c.add((*where, "HeartbeatSeconds"), "HeartbeatSeconds must be smaller than TimeoutSeconds")
    if c.wf == "EXPRESS":
        for key, v in (("TimeoutSeconds", t), ("HeartbeatSeconds", h)):
            if _int(v) and v > F.EXPRESS_LIMIT_SECONDS:
                c.warn((*where, key), f"{key} {v} in state \"{where[-1]}\" cannot be reached: an Express execution "
                                      "ends after 5 minutes", "EXPRESS_DURATION")
    if "Credentials" in state:
        _credentials(c, state["Credentials"], (*where, "Credentials"), lang)
    if resource is not None:
        waits = resource.kind == "activity" or resource.pattern == ".waitForTaskToken"
        if waits and "TimeoutSeconds" not in state and "TimeoutSecondsPath" not in state:
            c.warn(where, "no TimeoutSeconds: a task that waits for a callback or an activity worker can wait as long "
                          "as the execution may run (a year)", "NO_TIMEOUT")
        if c.wf == "EXPRESS":
            if resource.kind == "activity":
                c.add((*where, "Resource"), "Express state machine does not support Activity ARN: an activity "
                                            "worker may take longer than Express's 5 minutes; use a Standard workflow")
            elif resource.pattern:
                c.add((*where, "Resource"), f"Express state machine does not support '{resource.pattern}' "
                                            "service integration: Express runs Request Response only (a job or a "
                                            "callback can outlast its 5 minutes); use a Standard workflow")


def _resource(c, value, where):
    """Check a Task Resource; return the parsed TaskResource, or None."""
    hole = placeholder(value)
    if hole is not None:
        c.add(where, f"The Resource {hole} is a SAM/CloudFormation placeholder: it must be substituted with an ARN "
                     "(DefinitionSubstitutions, Fn::Sub) before AWS sees the definition", "INVALID_RESOURCE")
        return None
    try:
        return parse_task_resource(value)
    except ResourceError as exc:
        c.add(where, str(exc), "INVALID_RESOURCE")
        return None


def _credentials(c, value, where, lang) -> None:
    """Credentials: an object holding RoleArn (or RoleArn.$ in JSONPath states)."""
    if not isinstance(value, dict):
        c.add(where, "The value for the field 'Credentials' must be an object with a RoleArn")
        return
    c.unknown_fields(value, where, F.CREDENTIALS_FIELDS)
    if "RoleArn" not in value and "RoleArn.$" not in value:
        c.add(where, "The field 'RoleArn' is required but was missing")
    c.exclusive(value, where, "Credentials object")
    if "RoleArn" in value:
        role = value["RoleArn"]
        if not isinstance(role, str) or not role:
            c.add((*where, "RoleArn"), "The value for the field 'RoleArn' must be a string (an IAM role ARN)")
        elif lang == "JSONata":
            check_jsonata(role, c.reporter((*where, "RoleArn")))
    if "RoleArn.$" in value:
        if lang == "JSONata":
            c.add((*where, "RoleArn.$"), "The field \"RoleArn.$\" is not supported in a JSONata state")
        else:
            check_dollar_value(value["RoleArn.$"], c.reporter((*where, "RoleArn.$")), "RoleArn.$")


# -- Choice -----------------------------------------------------------------------------


def check_choice(c, state, where, lang, siblings) -> None:
    choices = state.get("Choices")
    if "Choices" not in state:
        c.add(where, "The field 'Choices' is required but was missing")
        return
    if not isinstance(choices, list) or not choices:
        c.add((*where, "Choices"), "The value for the field 'Choices' must be a non-empty array of Choice Rules")
        return
    if "Default" in state:
        c.target(state["Default"], siblings, (*where, "Default"))
    else:
        c.warn(where, "no Default: when no rule matches, the execution fails with States.NoChoiceMatched", "NO_DEFAULT")
    for i, rule in enumerate(choices):
        here = (*where, "Choices", i)
        if not isinstance(rule, dict):
            c.add(here, "A Choice Rule must be an object")
            continue
        if "Next" not in rule:
            c.add(here, "The field 'Next' is required but was missing")
        else:
            c.target(rule["Next"], siblings, (*here, "Next"))
        if "Assign" in rule:
            c.assign(rule["Assign"], (*here, "Assign"), lang)
        if lang == "JSONata":
            _jsonata_rule(c, rule, here)
        else:
            _rule(c, rule, here, top=True)


def _jsonata_rule(c, rule, here) -> None:
    c.unknown_fields(rule, here, F.JSONATA_RULE_FIELDS)
    if "Condition" not in rule:
        c.add(here, "The field 'Condition' is required but was missing (a JSONata Choice Rule)")
    else:
        cond = rule["Condition"]
        if isinstance(cond, bool):
            pass
        elif is_expr(cond):
            check_jsonata(cond, c.reporter((*here, "Condition")))
        else:
            c.add((*here, "Condition"), "The value for the field 'Condition' must be a JSONata expression "
                                        "\"{% ... %}\" or a boolean")
    if "Output" in rule:
        check_jsonata(rule["Output"], c.reporter((*here, "Output")))


def _rule(c, rule, here, top=False) -> None:
    """A JSONPath Choice Rule: one comparison on a Variable, or And/Or/Not."""
    if not isinstance(rule, dict):
        c.add(here, "A Choice Rule must be an object")
        return
    extra = ("Next", "Comment", "Assign") if top else ("Comment",)
    boolean = [k for k in ("And", "Or", "Not") if k in rule]
    ops = [k for k in rule if k in OPERATORS]
    for k in rule:
        if k not in OPERATORS and k not in extra and k not in ("And", "Or", "Not", "Variable"):
            c.add((*here, k), f"The field \"{k}\" is not supported by Step Functions in a Choice Rule")
    if "Comment" in rule and not isinstance(rule["Comment"], str):
        c.add((*here, "Comment"), "The value for the field 'Comment' must be a string")
    if not top and "Next" in rule:
        c.add((*here, "Next"), "A nested Choice Rule may not have \"Next\"")
    if boolean:
        if ops or "Variable" in rule or len(boolean) > 1:
            c.add(here, "A Choice Rule with And, Or or Not may not also compare a Variable")
        for k in boolean:
            inner = rule[k]
            if k == "Not":
                _rule(c, inner, (*here, k))
            elif not isinstance(inner, list) or not inner:
                c.add((*here, k), f"The value for the field '{k}' must be a non-empty array of Choice Rules")
            else:
                for j, r in enumerate(inner):
                    _rule(c, r, (*here, k, j))
        return
    if "Variable" not in rule:
        c.add(here, "A Choice Rule needs a Variable and a comparison operator (or And, Or, Not)")
    else:
        _path_field(c, rule, "Variable", here)
    if len(ops) != 1:
        c.add(here, "A Choice Rule needs a comparison operator" if not ops
              else f"A Choice Rule may have only one comparison operator, not {ops}")
        return
    op, operand = ops[0], rule[ops[0]]
    if op.endswith("Path"):
        check_path(operand, c.reporter((*here, op)), op)
        return
    expected = LITERAL_TYPES[op]
    if not (isinstance(operand, expected) and (expected is bool or not isinstance(operand, bool))):
        names = {str: "a string", bool: "a boolean", (int, float): "a number"}
        c.add((*here, op), f"The value for the field '{op}' must be {names.get(expected, expected)}, not {operand!r}")
    elif op.startswith("Timestamp") and parse_timestamp(operand) is None:
        c.add((*here, op), f"{operand!r} is not an ISO-8601 timestamp such as 2024-01-01T00:00:00Z")


# -- Wait, Fail, Pass, Succeed -----------------------------------------------------------


def check_wait(c, state, where, lang, siblings) -> None:
    given = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in state]
    if len(given) != 1:
        names = "Seconds or Timestamp" if lang == "JSONata" else "Seconds, Timestamp, SecondsPath or TimestampPath"
        c.add(where, f"A Wait state must have exactly one of {names}" + (f", not {given}" if given else ""))
    _count(c, state, "Seconds", where, lang, least=0)
    if "Timestamp" in state:
        ts = state["Timestamp"]
        if lang == "JSONata" and is_expr(ts):
            check_jsonata(ts, c.reporter((*where, "Timestamp")))
        elif not isinstance(ts, str) or parse_timestamp(ts) is None:
            c.add((*where, "Timestamp"), "The value for the field 'Timestamp' must be an ISO-8601 timestamp such as "
                                         "2024-01-01T00:00:00Z")
    for key in ("SecondsPath", "TimestampPath"):
        _path_field(c, state, key, where)
    seconds = state.get("Seconds")
    if c.wf == "EXPRESS" and _int(seconds) and seconds >= F.EXPRESS_LIMIT_SECONDS:
        c.warn((*where, "Seconds"), f"Wait state \"{where[-1]}\" waits {seconds} seconds, which an Express execution "
                                    "cannot finish: it ends after 5 minutes (300 seconds)", "EXPRESS_DURATION")


def check_fail(c, state, where, lang, siblings) -> None:
    for literal, path in (("Error", "ErrorPath"), ("Cause", "CausePath")):
        if literal in state:
            v = state[literal]
            if not isinstance(v, str):
                c.add((*where, literal), f"The value for the field '{literal}' must be a string")
            elif lang == "JSONata":
                check_jsonata(v, c.reporter((*where, literal)))
        if path in state and lang == "JSONPath":
            check_dollar_value(state[path], c.reporter((*where, path)), path, returns_string=True)


def check_pass(c, state, where, lang, siblings) -> None:
    result = state.get("Result")
    if isinstance(result, dict) and any(str(k).endswith(".$") for k in result):
        c.warn((*where, "Result"), "Result is static: its \".$\" fields are passed as they are, not evaluated "
                                   "(use Parameters to select from the input)", "PASS_RESULT_IS_STATIC")


def check_succeed(c, state, where, lang, siblings) -> None:
    return None


# -- Parallel and Map ---------------------------------------------------------------------


def check_parallel(c, state, where, lang, siblings) -> None:
    branches = state.get("Branches")
    if "Branches" not in state:
        c.add(where, "The field 'Branches' is required but was missing")
        return
    if not isinstance(branches, list) or not branches:
        c.add((*where, "Branches"), "The value for the field 'Branches' must be a non-empty array of branches")
        return
    # States in a branch inherit the language of the scope around the Parallel state (the
    # interpreter reads it so); a Map's own QueryLanguage carries into its processor.
    inherited = c.inherited
    for i, branch in enumerate(branches):
        c.scope(branch, (*where, "Branches", i), inherited, F.BRANCH_FIELDS, "Parallel branch")


# -- Retry ------------------------------------------------------------------------------


def check_retrier(c, h, here) -> None:
    _count(c, h, "IntervalSeconds", here, "JSONPath", least=1)
    _count(c, h, "MaxAttempts", here, "JSONPath", least=0)
    _count(c, h, "MaxDelaySeconds", here, "JSONPath", least=1)
    if "BackoffRate" in h and not (_number(h["BackoffRate"]) and h["BackoffRate"] >= 1.0):
        c.add((*here, "BackoffRate"), "The value for the field 'BackoffRate' must be a number ≥ 1.0")
    if "JitterStrategy" in h and h["JitterStrategy"] not in F.JITTER_STRATEGIES:
        c.add((*here, "JitterStrategy"), "The value for the field 'JitterStrategy' must be FULL or NONE")
    interval = h.get("IntervalSeconds")
    if c.wf == "EXPRESS" and _int(interval) and interval >= F.EXPRESS_LIMIT_SECONDS:
        c.warn((*here, "IntervalSeconds"), f"a retry that waits {interval} seconds cannot finish within an Express "
                                           "execution's 5 minutes", "EXPRESS_DURATION")


from .map_checks import check_map  # noqa: E402  (it uses the helpers above)

CHECKS = {
    "Task": check_task,
    "Choice": check_choice,
    "Wait": check_wait,
    "Fail": check_fail,
    "Pass": check_pass,
    "Succeed": check_succeed,
    "Parallel": check_parallel,
    "Map": check_map,
}

"""Write a MockConfigFile: the mock file AWS Step Functions Local reads.

`engine.execute(mocks=...)` takes a state's MockedResponses directly; this module turns
them into the whole file (StateMachines → TestCases → MockedResponses), so a scenario
tried here runs the same way in AWS's own local tooling, and `execute(mocks=file,
test_case=name)` reads it back.
"""

from __future__ import annotations

import copy
import re
from typing import Any

#: Entry fields Stepwise adds to the format (see engine/tasks.py); AWS's tool has none.
EXTENSIONS = ("DurationSeconds", "Heartbeats")

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def response_name(state: str, test_case: str) -> str:
    """A MockedResponses key for one state in one test case."""
    return f"{_UNSAFE.sub('_', test_case)}.{_UNSAFE.sub('_', state)}"


def extensions_used(mocks: dict | None) -> list[str]:
    """The Stepwise-only fields these mocks use, e.g. ["DurationSeconds"]."""
    found: set[str] = set()
    for response in (mocks or {}).values():
        for entry in (response or {}).values() if isinstance(response, dict) else ():
            if isinstance(entry, dict):
                found.update(k for k in EXTENSIONS if k in entry)
    return [k for k in EXTENSIONS if k in found]


def mock_config_file(mocks: dict | None, *, state_machine: str = "StateMachine",
                     test_case: str = "Scenario", keep_extensions: bool = False) -> dict:
    """The whole MockConfigFile for one test case of one state machine.

    `mocks` maps Task state names to MockedResponses ({"0": {"Throw": ...}, "1-2": ...}).
    Stepwise's extension fields are left out unless `keep_extensions` is set.
    """
    case: dict[str, str] = {}
    responses: dict[str, Any] = {}
    for state, response in (mocks or {}).items():
        name = response_name(state, test_case)
        case[state] = name
        entries = copy.deepcopy(response)
        if not keep_extensions and isinstance(entries, dict):
            for entry in entries.values():
                if isinstance(entry, dict):
                    for key in EXTENSIONS:
                        entry.pop(key, None)
        responses[name] = entries
    return {"StateMachines": {state_machine: {"TestCases": {test_case: case}}},
            "MockedResponses": responses}

"""Errors of the ASL engine.

The tree::

    ASLError                      anything the engine raises
    ├── InvalidDefinition         the definition (or its text) is not valid ASL; .problems lists them all
    └── StatesError               a runtime error as ASL names it: .error (the name), .cause (text)
        ├── TaskError             what a Task's service reported (its …Failed or …TimedOut event)
        ├── Runtime               "States.Runtime": terminal, never retried or caught by States.ALL
        ├── DataLimitExceeded     "States.DataLimitExceeded": terminal as well
        ├── TaskFailed            "States.TaskFailed"
        ├── Timeout               "States.Timeout"
        ├── HeartbeatTimeout      "States.HeartbeatTimeout"
        ├── NoChoiceMatched       "States.NoChoiceMatched"
        ├── ParameterPathFailure  "States.ParameterPathFailure"
        ├── ResultPathMatchFailure "States.ResultPathMatchFailure"
        ├── IntrinsicFailure      "States.IntrinsicFailure"
        ├── BranchFailed          "States.BranchFailed"
        ├── ItemReaderFailed      "States.ItemReaderFailed"
        ├── QueryEvaluationError  "States.QueryEvaluationError" (JSONata)
        └── ExceedToleratedFailureThreshold "States.ExceedToleratedFailureThreshold"

A StatesError never escapes `execute`: a failed execution is a result. Retry and Catch
match on the `.error` string, never on the Python class, so a Fail state's custom name
("Custom.Boom") is a plain StatesError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

# Errors that States.ALL does not match (AWS: "can't catch the States.DataLimitExceeded
# terminal error and Runtime error types"), unless a task reported them: AWS's recorded
# executions catch a task's oversized result, States.DataLimitExceeded, with States.ALL.
TERMINAL_ERRORS = frozenset({"States.Runtime", "States.DataLimitExceeded"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: where (a JSON Pointer), what, how bad, and its code.

    `code` is AWS's diagnostic code where AWS has one (SCHEMA_VALIDATION_FAILED,
    DUPLICATE_STATE_NAME, INVALID_JSONATA_EXPRESSION, ...). Left out, an error gets
    SCHEMA_VALIDATION_FAILED and a warning WARNING, so `Problem(path, message[, severity])`
    keeps working.
    """

    path: str
    message: str
    severity: str = "error"
    code: str = ""

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", "SCHEMA_VALIDATION_FAILED" if self.severity == "error" else "WARNING")

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


class ASLError(Exception):
    """Base of everything the engine raises."""


class InvalidDefinition(ASLError):
    """The definition is not valid ASL; `.problems` lists every problem found."""

    title = "Invalid definition"

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{self.title} ({len(self.problems)} problem(s)):\n{lines}")


class StatesError(ASLError):
    """A runtime error in ASL terms: an error name and a cause."""

    name: ClassVar[str] = ""

    def __init__(self, error: str | None = None, cause: str | None = None):
        self.error = error if error is not None else self.name
        self.cause = cause
        super().__init__(f"{self.error}: {cause}" if cause else self.error)


class TaskError(StatesError):
    """An error a Task's service reported: a service error, a timeout, a result too large.

    Retry and Catch match it by name like any other, except that States.ALL (and
    States.TaskFailed) also match a task's States.DataLimitExceeded, as AWS does.
    """


def _named(class_name: str, error_name: str, doc: str) -> type[StatesError]:
    """Make a StatesError subclass whose default error name is `error_name`."""

    def __init__(self, cause: str | None = None, error: str | None = None):
        StatesError.__init__(self, error or error_name, cause)

    return type(class_name, (StatesError,), {"name": error_name, "__doc__": doc, "__init__": __init__})


Runtime = _named("Runtime", "States.Runtime", "A path did not match, a value had the wrong type, ...")
DataLimitExceeded = _named("DataLimitExceeded", "States.DataLimitExceeded", "A payload passed 256 KiB.")
TaskFailed = _named("TaskFailed", "States.TaskFailed", "A task failed during execution.")
Timeout = _named("Timeout", "States.Timeout", "A task ran past TimeoutSeconds, or an execution past its limit.")
HeartbeatTimeout = _named("HeartbeatTimeout", "States.HeartbeatTimeout", "No heartbeat within HeartbeatSeconds.")
NoChoiceMatched = _named("NoChoiceMatched", "States.NoChoiceMatched", "No Choice rule matched and no Default.")
ParameterPathFailure = _named("ParameterPathFailure", "States.ParameterPathFailure", "A .$ path in Parameters matched nothing.")
ResultPathMatchFailure = _named("ResultPathMatchFailure", "States.ResultPathMatchFailure", "ResultPath cannot be applied to the input.")
IntrinsicFailure = _named("IntrinsicFailure", "States.IntrinsicFailure", "An intrinsic function failed.")
BranchFailed = _named("BranchFailed", "States.BranchFailed", "A Parallel branch failed.")
ItemReaderFailed = _named("ItemReaderFailed", "States.ItemReaderFailed", "A Map ItemReader failed.")
QueryEvaluationError = _named("QueryEvaluationError", "States.QueryEvaluationError", "A JSONata expression failed.")
ExceedToleratedFailureThreshold = _named(
    "ExceedToleratedFailureThreshold",
    "States.ExceedToleratedFailureThreshold",
    "A Map run had more failed items than it tolerates.",
)

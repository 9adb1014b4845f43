"""Stepwise's Amazon States Language engine: parse, validate and run state machines.

A pure library (no UI, no threads, no sleeps): time is a virtual clock and randomness
is seeded, so every run repeats exactly.
"""

from .errors import ASLError, InvalidDefinition, Problem, StatesError
from .execution import Execution, execute
from .source import load_definition
from .validator import validate

# Imported on first use, so `import engine` stays quick for a caller that only runs
# definitions: name -> the module that defines it.
_LAZY = {"to_dot": "graph", "cost": "pricing", "test_state": "teststate", "TestStateRefused": "teststate"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

__all__ = [
    "ASLError",
    "Execution",
    "InvalidDefinition",
    "Problem",
    "StatesError",
    "TestStateRefused",
    "cost",
    "execute",
    "load_definition",
    "test_state",
    "to_dot",
    "validate",
]

"""Stepwise's Amazon States Language engine: parse, validate and run state machines.

A pure library (no UI, no threads, no sleeps): time is a virtual clock and randomness
is seeded, so every run repeats exactly.
"""

from .errors import ASLError, InvalidDefinition, Problem, StatesError
from .execution import Execution, execute
from .graph import to_dot
from .pricing import cost
from .source import load_definition
from .teststate import TestStateRefused, test_state
from .validator import validate

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

"""Choice rules (JSONPath mode) compiled into predicates of a Scope.

Every comparison operator has a literal form and a `...Path` form whose value is read
from the input. No type coercion: a value of the wrong type never matches. Rules are
scanned in order and the first match wins (the Choice state does that scan).
"""

from __future__ import annotations

import operator
import re
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable

from .dataflow import Located, Scope
from .paths import MISSING, compile_path

Predicate = Callable[[Scope], bool]

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_number(v: Any) -> bool:
    """A JSON number (booleans are not numbers)."""
    return type(v) in (int, float)


@lru_cache(maxsize=2048)
def parse_timestamp(v: str) -> datetime | None:
    """An RFC 3339 timestamp as AWS accepts it, or None."""
    if not _TIMESTAMP.match(v):
        return None
    text = v[:-1] + "+00:00" if v.endswith("Z") else v
    main, dot, rest = text.partition(".")
    if dot:  # Python wants at most 6 fraction digits
        digits = re.match(r"\d+", rest).group(0)
        text = f"{main}.{(digits + '000000')[:6]}{rest[len(digits):]}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def as_timestamp(v: Any) -> datetime | None:
    """The timestamp a value stands for, or None."""
    return parse_timestamp(v) if type(v) is str else None


@lru_cache(maxsize=512)
def _wildcard(pattern: str) -> re.Pattern:
    """StringMatches: `*` is any run of characters; `\\*` and `\\\\` are literal."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "*" else re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _string(op):
    return lambda a, b: type(a) is str and type(b) is str and op(a, b)


_NUMBER_TYPES = (int, float)


def _numeric(op):
    return lambda a, b: type(a) in _NUMBER_TYPES and type(b) in _NUMBER_TYPES and op(a, b)


def _timestamp(op):
    def compare(a, b):
        ta, tb = as_timestamp(a), as_timestamp(b)
        return ta is not None and tb is not None and op(ta, tb)

    return compare


_EQ, _LT, _GT, _LE, _GE = operator.eq, operator.lt, operator.gt, operator.le, operator.ge  # no Python frame each

# Comparison operators: name -> (test of (variable, value), expected literal type check)
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "StringEquals": _string(_EQ),
    "StringLessThan": _string(_LT),
    "StringGreaterThan": _string(_GT),
    "StringLessThanEquals": _string(_LE),
    "StringGreaterThanEquals": _string(_GE),
    "StringMatches": lambda a, b: type(a) is str and type(b) is str and _wildcard(b).fullmatch(a) is not None,
    "NumericEquals": _numeric(_EQ),
    "NumericLessThan": _numeric(_LT),
    "NumericGreaterThan": _numeric(_GT),
    "NumericLessThanEquals": _numeric(_LE),
    "NumericGreaterThanEquals": _numeric(_GE),
    "BooleanEquals": lambda a, b: type(a) is bool and type(b) is bool and a == b,
    "TimestampEquals": _timestamp(_EQ),
    "TimestampLessThan": _timestamp(_LT),
    "TimestampGreaterThan": _timestamp(_GT),
    "TimestampLessThanEquals": _timestamp(_LE),
    "TimestampGreaterThanEquals": _timestamp(_GE),
}

# Type tests: name -> test of the variable's value (the rule's literal is true or false).
TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": is_number,
    "IsString": lambda v: type(v) is str,
    "IsBoolean": lambda v: type(v) is bool,
    "IsTimestamp": lambda v: as_timestamp(v) is not None,
}

# The JSON type each literal operand must have (for validation).
LITERAL_TYPES: dict[str, type | tuple] = {
    **{op: str for op in COMPARISONS if op.startswith(("String", "Timestamp"))},
    **{op: (int, float) for op in COMPARISONS if op.startswith("Numeric")},
    "BooleanEquals": bool,
    **{op: bool for op in TYPE_TESTS},
    "IsPresent": bool,
}

OPERATORS = frozenset(COMPARISONS) | frozenset(op + "Path" for op in COMPARISONS) | frozenset(TYPE_TESTS) | {"IsPresent"}


def rule_operator(rule: dict) -> str | None:
    """The comparison operator a rule uses, or None."""
    for key in rule:
        if key in OPERATORS:
            return key
    return None


def compile_rule(rule: dict) -> Predicate:
    """Compile one Choice rule (with And/Or/Not nesting) into a predicate."""
    if "And" in rule:
        parts = [compile_rule(r) for r in rule["And"]]
        return lambda scope: all(p(scope) for p in parts)
    if "Or" in rule:
        parts = [compile_rule(r) for r in rule["Or"]]
        return lambda scope: any(p(scope) for p in parts)
    if "Not" in rule:
        inner = compile_rule(rule["Not"])
        return lambda scope: not inner(scope)
    op = rule_operator(rule)
    variable = compile_path(rule["Variable"])
    operand = rule[op]
    read = _reader(variable)

    if op == "IsPresent":
        return lambda scope: (read(scope) is not MISSING) == operand
    if op in TYPE_TESTS:
        test = TYPE_TESTS[op]

        def type_test(scope: Scope) -> bool:
            value = read(scope)
            if value is MISSING:
                _undefined(rule["Variable"])
            return test(value) == operand

        return type_test
    if op.endswith("Path"):
        compare = COMPARISONS[op[:-4]]
        other = compile_path(operand)
        read_other = _reader(other)
        if variable.root == "input" and other.root == "input":  # both read the input: no reader calls
            find, find_other = variable.find, other.find

            def compare_input_paths(scope: Scope) -> bool:
                data = scope.input
                value = find(data)
                if value is MISSING:
                    _undefined(rule["Variable"])
                expected = find_other(data)
                if expected is MISSING:
                    _undefined(operand)
                return compare(value, expected)

            name, other_name = variable.input_name, other.input_name
            if name is not None and other_name is not None:  # `$.a` against `$.b`: two look-ups

                def compare_input_names(scope: Scope) -> bool:
                    data = scope.input
                    if type(data) is dict:
                        value, expected = data.get(name, MISSING), data.get(other_name, MISSING)
                        if value is not MISSING and expected is not MISSING:
                            return compare(value, expected)
                    return compare_input_paths(scope)  # which words what is missing

                return compare_input_names
            return compare_input_paths

        def compare_path(scope: Scope) -> bool:
            value = read(scope)
            if value is MISSING:
                _undefined(rule["Variable"])
            expected = read_other(scope)
            if expected is MISSING:
                _undefined(operand)
            return compare(value, expected)

        return compare_path
    compare = COMPARISONS[op]
    if variable.root == "input":
        find = variable.find

        def compare_input(scope: Scope) -> bool:
            value = find(scope.input)
            if value is MISSING:
                _undefined(rule["Variable"])
            return compare(value, operand)

        name = variable.input_name
        if name is not None:  # `$.a` against a literal: one look-up

            def compare_input_name(scope: Scope) -> bool:
                data = scope.input
                if type(data) is dict:
                    value = data.get(name, MISSING)
                    if value is not MISSING:
                        return compare(value, operand)
                return compare_input(scope)  # which words what is missing

            return compare_input_name
        return compare_input

    def compare_literal(scope: Scope) -> bool:
        value = read(scope)
        if value is MISSING:
            _undefined(rule["Variable"])
        return compare(value, operand)

    return compare_literal


def _reader(path) -> Callable[[Scope], Any]:
    """A function reading a compiled path from a Scope: the value, or MISSING."""
    find = path.find
    if path.root == "input":
        return lambda scope: find(scope.input)
    return lambda scope: find(scope.root(path))


def _undefined(path: str) -> None:
    """A Choice path that matches nothing is States.Runtime."""
    raise Located("States.Runtime", f"Invalid path '{path}': The choice state's condition path references an invalid value.")

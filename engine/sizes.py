"""Payload sizes: AWS's 256 KiB limit on a state's output, measured as UTF-8 JSON.

`json_size` gives the exact size, memoising objects and arrays by identity (payloads are
never mutated, so a document built around old parts costs only its new parts).

A state whose output is made only of pieces of its input, literals and numbers needs no
exact size while it is far below the limit: its output is at most `C + K × (its input's
size)` bytes, where C and K come from the state's fields alone. `pass_bound` and
`choice_bound` give that (C, K) when the fields allow one (definite paths on the input,
literal values, intrinsics with a bounded result) and None otherwise. A run keeps the
last payload it sized with a number no smaller than its size (`Run.last_payload`,
`Run.last_size`); a state whose input is that payload can add up its bound instead of
walking its output, and sizes the output exactly only when the bound passes the limit.

Why a bound holds: compact JSON of a value found by a definite path is a substring of
the JSON of the document it was found in; a ResultPath adds the result and, at most,
a key, braces, a colon and a comma for each level it creates.
"""

from __future__ import annotations

import re
from typing import Any

from .paths import PathSyntaxError, ReferencePathError, compile_path, compile_reference, to_json

MAX_PAYLOAD_BYTES = 262_144

_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_KEY_SIZES: dict[str, int] = {}  # object keys repeat: their JSON sizes, kept (up to a bound)


def _str_size(value: str) -> int:
    """Bytes of a string as compact UTF-8 JSON."""
    if value.isascii() and _PLAIN.fullmatch(value):
        return len(value) + 2
    return len(to_json(value).encode("utf-8"))


def json_size(value: Any, memo: dict) -> int:
    """Bytes of compact JSON for a value; objects and arrays are memoised by identity.

    Payloads are never mutated, so a container's size never changes: a new document
    built around old parts costs only its own keys.
    """
    t = type(value)
    if t is str:
        return _str_size(value)
    if t is dict or t is list:
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if t is dict:
            size = 2 * len(value) + 1 if value else 2
            keys = _KEY_SIZES
            for k, v in value.items():
                n = keys.get(k)
                if n is None:
                    if type(k) is str:
                        n = _str_size(k)
                        if len(keys) < 10_000:
                            keys[k] = n
                    else:
                        n = json_size(k, memo)
                tv = type(v)
                if tv is int:
                    size += n + len(str(v))
                elif tv is str:
                    size += n + _str_size(v)
                else:
                    size += n + json_size(v, memo)
        else:
            size = 1 + max(len(value), 1)
            for v in value:
                tv = type(v)
                if tv is int:
                    size += len(str(v))
                elif tv is str:
                    size += _str_size(v)
                else:
                    size += json_size(v, memo)
        memo[id(value)] = (value, size)
        return size
    if value is None or t is bool:
        return 4 if value is None or value else 5
    return len(repr(value))


# -- bounds: (C, K) means "at most C + K × the input's size" --------------------------

Bound = tuple  # (constant bytes, times the input's size)

# Intrinsics whose result has a size fixed by its type, whatever their arguments: the
# most bytes that result can take as JSON.
RESULT_BYTES = {
    "States.MathAdd": 11,  # an int32: "-2147483648"
    "States.ArrayLength": 20,  # a list's length: below 2**63
}
_CALLED = re.compile(r"\s*(States\.[A-Za-z0-9]+)\s*\(")
_IDENTITY: Bound = (0, 1)


def _then(outer: Bound | None, inner: Bound | None) -> Bound | None:
    """The bound of outer(inner(x)): outer's input is inner's output."""
    if outer is None or inner is None:
        return None
    return outer[0] + outer[1] * inner[0], outer[1] * inner[1]


def _plus(*bounds: Bound | None, constant: int = 0) -> Bound | None:
    """The bound of a value made of several parts, each with its own bound."""
    if any(b is None for b in bounds):
        return None
    return constant + sum(b[0] for b in bounds), sum(b[1] for b in bounds)


def path_bound(text: Any) -> Bound | None:
    """InputPath or OutputPath: a definite path on the input selects a part of it."""
    if text is None:
        return (2, 0)  # null gives {}
    try:
        path = compile_path(text)
    except PathSyntaxError:
        return None
    return _IDENTITY if path.root == "input" and path.definite else None


def _value_bound(text: str) -> Bound | None:
    """A `.$` value: a definite path on the input, or an intrinsic with a bounded result."""
    called = _CALLED.match(text)
    if called:
        size = RESULT_BYTES.get(called.group(1))
        return None if size is None else (size, 0)
    return path_bound(text)


def template_bound(template: Any) -> Bound | None:
    """Parameters (or any payload template) in terms of the value it reads."""
    if type(template) is dict:
        parts = []
        constant = 2 * len(template) + 1 if template else 2  # braces, colons and commas
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                constant += _str_size(key[:-2])
                parts.append(_value_bound(value))
            else:
                constant += _str_size(key)
                parts.append(template_bound(value))
        return _plus(*parts, constant=constant)
    if type(template) is list:
        return _plus(*(template_bound(v) for v in template), constant=1 + max(len(template), 1))
    return (json_size(template, {}), 0)


def result_path_bound(text: Any, result: Bound | None) -> Bound | None:
    """ResultPath: the input with the result put in (or the result, or the input)."""
    if text is None:
        return _IDENTITY  # the result is discarded
    if text == "$":
        return result
    try:
        keys = compile_reference(text)
    except ReferencePathError:
        return None
    # each level made or replaced: its key, braces, a colon and a comma at most
    levels = sum(_str_size(k) + 4 if type(k) is str else 0 for k in keys)
    return _plus(_IDENTITY, result, constant=levels)


def pass_bound(spec: dict) -> Bound | None:
    """A JSONPath Pass state's output in terms of its input (no ResultSelector or Assign)."""
    value = path_bound(spec.get("InputPath", "$"))
    if "Result" in spec:
        result = (json_size(spec["Result"], {}), 0)
    elif "Parameters" in spec:
        result = _then(template_bound(spec["Parameters"]), value)
    else:
        result = value
    placed = result_path_bound(spec.get("ResultPath", "$"), result)
    return _then(path_bound(spec.get("OutputPath", "$")), placed)


def choice_bound(spec: dict) -> Bound | None:
    """A JSONPath Choice state's output in terms of its input (no Assign)."""
    return _then(path_bound(spec.get("OutputPath", "$")), path_bound(spec.get("InputPath", "$")))

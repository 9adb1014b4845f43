"""Static checks of the expressions a definition holds: paths, intrinsic calls, JSONata.

Each check reports through `report(tokens, message, code=..., severity=...)`, where the
tokens extend the JSON Pointer of the value being checked. Nothing here evaluates an
expression; everything is decided from the text as AWS reads it when the state machine
is created:

- a ``.$`` value (JSONPath states) is a path when it starts with ``$`` and an intrinsic
  call when it starts with ``States.``: no leading space (AWS refuses
  ``"  States.Format(...)"``), trailing space allowed;
- every ``{% ... %}`` string of a JSONata state is compiled with jsonata-python, and one
  that does not compile is INVALID_JSONATA_EXPRESSION;
- intrinsic argument counts and literal argument types are checked against each
  function's signature. AWS is not documented to refuse these when a state machine is
  created (the call fails when it runs, with ``Invalid arguments in States.X``), so they
  are warnings, never errors.
"""

from __future__ import annotations

from typing import Any, Callable

from .intrinsics import Call, IntrinsicSyntaxError, Literal, Path, compile_intrinsic
from .jsonata_mode import ExpressionSyntaxError, compile_expr, expr_text, is_expr
from .paths import PathSyntaxError, ReferencePathError, compile_path, compile_reference

Report = Callable[..., None]

NOT_AN_EXPRESSION = "The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"

# Intrinsics that may give ErrorPath / CausePath (the Fail state page lists these).
STRING_INTRINSICS = frozenset({
    "States.Format", "States.JsonToString", "States.ArrayGetItem", "States.Base64Encode",
    "States.Base64Decode", "States.Hash", "States.UUID",
})

# name -> (fewest arguments, most arguments or None, literal type of each position, last repeats)
# A literal type is "str", "num", "int", "bool", "json" (anything) or "arr" (never a literal).
_S, _N, _I, _B, _J, _A = "str", "num", "int", "bool", "json", "arr"
SIGNATURES: dict[str, tuple[int, int | None, tuple[str, ...]]] = {
    "States.Format": (1, None, (_S, _J)),
    "States.StringToJson": (1, 1, (_S,)),
    "States.JsonToString": (1, 1, (_J,)),
    "States.Array": (0, None, (_J,)),
    "States.ArrayPartition": (2, 2, (_A, _I)),
    "States.ArrayContains": (2, 2, (_A, _J)),
    "States.ArrayRange": (3, 3, (_I, _I, _I)),
    "States.ArrayGetItem": (2, 2, (_A, _I)),
    "States.ArrayLength": (1, 1, (_A,)),
    "States.ArrayUnique": (1, 1, (_A,)),
    "States.Base64Encode": (1, 1, (_S,)),
    "States.Base64Decode": (1, 1, (_S,)),
    "States.Hash": (2, 2, (_J, _S)),
    "States.JsonMerge": (3, 3, (_J, _J, _B)),
    "States.MathRandom": (2, 3, (_I, _I, _I)),
    "States.MathAdd": (2, 2, (_N, _N)),
    "States.StringSplit": (2, 2, (_S, _S)),
    "States.UUID": (0, 0, ()),
}
HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")


def check_path(value: Any, report: Report, key: str, *, nullable: bool = False) -> None:
    """A Path (InputPath, OutputPath, ItemsPath, SecondsPath, a Choice Variable, ...)."""
    if value is None and nullable:
        return
    if not isinstance(value, str):
        report((), f"The value for the field '{key}' must be a JSONPath string, not {_kind(value)}")
        return
    try:
        compile_path(value)
    except PathSyntaxError as exc:
        report((), f"The value for the field '{key}' must be a valid JSONPath: {exc}")


def check_reference(value: Any, report: Report, key: str, *, nullable: bool = True) -> None:
    """A Reference Path (ResultPath): names one place, `$` only, no wildcards or filters."""
    if value is None and nullable:
        return
    if not isinstance(value, str):
        report((), f"The value for the field '{key}' must be a reference path string, not {_kind(value)}")
        return
    try:
        compile_reference(value)
    except ReferencePathError as exc:
        report((), f"The value for the field '{key}' must be a valid reference path: {exc}")


def check_dollar_value(value: Any, report: Report, key: str, *, returns_string: bool = False) -> None:
    """The value of a `.$` field (or ErrorPath/CausePath): a path or an intrinsic call."""
    if not isinstance(value, str):
        report((), NOT_AN_EXPRESSION.format(key=key) + f", not {_kind(value)}")
        return
    if value.startswith("States."):
        check_intrinsic(value, report, key, returns_string=returns_string)
    elif value.startswith("$"):
        try:
            compile_path(value.rstrip())
        except PathSyntaxError as exc:
            report((), NOT_AN_EXPRESSION.format(key=key) + f": {exc}")
    else:
        hint = " (no space may come before it)" if value.lstrip().startswith(("States.", "$")) else ""
        report((), NOT_AN_EXPRESSION.format(key=key) + f"{hint}: {value!r} is neither")


def check_intrinsic(text: str, report: Report, key: str, *, returns_string: bool = False) -> None:
    """An intrinsic call: its syntax (an error) and its arguments (warnings)."""
    try:
        call = compile_intrinsic(text).call
    except IntrinsicSyntaxError as exc:
        report((), NOT_AN_EXPRESSION.format(key=key) + f": {exc}")
        return
    if returns_string and call.name not in STRING_INTRINSICS:
        report((), f"{call.name} does not return a string; {key} takes a path or one of "
                   f"{', '.join(sorted(STRING_INTRINSICS))}")
    _check_call(call, report, key)


def _check_call(call: Call, report: Report, key: str) -> None:
    """Paths inside the call must parse (error); counts and literal types are warnings."""
    for arg in call.args:
        if isinstance(arg, Path):
            try:
                compile_path(arg.text)
            except PathSyntaxError as exc:
                report((), NOT_AN_EXPRESSION.format(key=key) + f": argument {arg.text!r} of {call.name}: {exc}")
        elif isinstance(arg, Call):
            _check_call(arg, report, key)
    least, most, types = SIGNATURES[call.name]
    n = len(call.args)
    if n < least or (most is not None and n > most):
        want = str(least) if least == most else (f"at least {least}" if most is None else f"{least} to {most}")
        report((), f"{call.name} takes {want} argument(s), not {n}: it will fail when it runs "
                   f"(States.Runtime, Invalid arguments in {call.name})", code="INTRINSIC_ARGUMENTS", severity="warning")
        return
    for i, arg in enumerate(call.args):
        want = types[min(i, len(types) - 1)] if types else _J
        if isinstance(arg, Literal) and not _literal_fits(arg.value, want):
            report((), f"argument {i + 1} of {call.name} should be {_WANT[want]}, not {arg.value!r}: it will fail "
                       "when it runs", code="INTRINSIC_ARGUMENTS", severity="warning")
    if call.name == "States.Hash" and n == 2 and isinstance(call.args[1], Literal) \
            and call.args[1].value not in HASH_ALGORITHMS:
        report((), f"States.Hash supports {', '.join(HASH_ALGORITHMS)}, not {call.args[1].value!r}",
               code="INTRINSIC_ARGUMENTS", severity="warning")
    if call.name == "States.Format" and isinstance(call.args[0], Literal) and isinstance(call.args[0].value, str):
        holes = _holes(call.args[0].raw or "")
        if holes is not None and holes != n - 1:
            report((), f"the States.Format template has {holes} {{}} but {n - 1} argument(s) follow it: "
                       "it will fail when it runs", code="INTRINSIC_ARGUMENTS", severity="warning")


_WANT = {_S: "a string", _N: "a number", _I: "an integer", _B: "a boolean", _J: "a value", _A: "an array (a path)"}


def _literal_fits(value: Any, want: str) -> bool:
    if want == _J:
        return True
    if want == _A:
        return False  # no literal is an array
    if want == _S:
        return isinstance(value, str)
    if want == _B:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if want == _I:
        return isinstance(value, (int, float))  # AWS truncates fractions
    return isinstance(value, (int, float))


def _holes(raw: str) -> int | None:
    """How many `{}` a States.Format template (raw text, escapes kept) holds."""
    count, i = 0, 0
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw.startswith("{}", i):
            count += 1
            i += 2
            continue
        i += 1
    return count


def check_jsonata(value: Any, report: Report) -> None:
    """Compile every `{% %}` string in a JSONata value (objects and arrays walked)."""
    stack = [((), value)]
    while stack:
        tokens, v = stack.pop()
        if type(v) is str:
            if is_expr(v):
                try:
                    compile_expr(expr_text(v))
                except ExpressionSyntaxError as exc:
                    report(tokens, f"Invalid JSONata expression: {str(exc).split(': ', 1)[-1]} in {v!r}",
                           code="INVALID_JSONATA_EXPRESSION")
        elif type(v) is dict:
            stack.extend(((*tokens, k), x) for k, x in v.items())
        elif type(v) is list:
            stack.extend(((*tokens, i), x) for i, x in enumerate(v))


def _kind(value: Any) -> str:
    from .source import json_type

    return json_type(value)

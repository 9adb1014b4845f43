"""JSONata query language: `{% expression %}` strings evaluated with jsonata-python.

In JSONata mode a state reads `$states.input`, `$states.result`, `$states.errorOutput`
and `$states.context`, plus the workflow's variables, and the Step Functions functions
$partition, $range, $hash, $random, $uuid and $parse. Any string that is a whole
`{% ... %}` is an expression; everything else in a template is literal.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from typing import Any

from . import intrinsics
from .dataflow import Located

# jsonata-python is imported on first use: a JSONPath-only workflow never needs it, and
# importing it is a large part of `import engine`. Until then NULL is a stand-in that no
# value is.
NULL: Any = object()
_LIB: tuple | None = None


def _jsonata() -> tuple:
    """(the jsonata module, its Utils), imported once."""
    global _LIB, NULL
    if _LIB is None:
        import jsonata
        from jsonata import utils

        NULL = utils.Utils.NULL_VALUE
        _LIB = jsonata, utils.Utils
    return _LIB


def is_expr(value: Any) -> bool:
    """True for a string that is one whole `{% ... %}` expression."""
    return type(value) is str and value.startswith("{%") and value.endswith("%}") and len(value) >= 4


def expr_text(value: str) -> str:
    """The expression inside `{% ... %}`."""
    return value[2:-2].strip()


class ExpressionSyntaxError(ValueError):
    """A JSONata expression that does not parse."""


@lru_cache(maxsize=2048)
def compile_expr(text: str):
    """Compile (and cache) a JSONata expression (a jsonata.Jsonata)."""
    jsonata, _ = _jsonata()
    try:
        expr = jsonata.Jsonata(text)
    except Exception as exc:  # jsonata raises JException for syntax errors
        raise ExpressionSyntaxError(f"{text!r} is not a valid JSONata expression: {exc}") from None
    expr.output_convert_nulls = False
    return expr


def _fail(field: str, text: str, message: str):
    raise Located("States.QueryEvaluationError", f"The JSONata expression '{text}' specified for the field '{field}' {message}")


def _from_jsonata(value: Any) -> Any:
    """jsonata-python's null sentinel back to None (copying only what changes)."""
    if value is NULL:
        return None
    if type(value) is dict:
        if any(v is NULL or type(v) in (dict, list) for v in value.values()):
            return {k: _from_jsonata(v) for k, v in value.items()}
        return value
    if isinstance(value, list):
        return [_from_jsonata(v) for v in value]
    return value


def _bad_type(value: Any) -> bool:
    """A result no JSON value can hold (a function)."""
    return not isinstance(value, (dict, list, str, int, float, bool))


def evaluate(value: str, bindings: dict, field: str, *, allow_undefined: bool = False) -> Any:
    """Evaluate one `{% %}` string."""
    text = expr_text(value)
    try:
        expr = compile_expr(text)
    except ExpressionSyntaxError as exc:
        raise Located("States.QueryEvaluationError", str(exc)) from None
    try:
        result = expr.evaluate(None, bindings)
    except Located:
        raise
    except RecursionError:
        _fail(field, text, "nests too deeply to evaluate.")
    except Exception as exc:
        _fail(field, text, f"threw an error during evaluation: {exc}")
    if result is None:
        if allow_undefined:
            return None
        _fail(field, text, "returned nothing (undefined).")
    if result is NULL:
        return None
    if _bad_type(result):
        _fail(field, text, "returned an unsupported result type.")
    return _from_jsonata(result)


def evaluate_template(template: Any, bindings: dict, field: str) -> Any:
    """Evaluate every expression in a template (objects and arrays recursively)."""
    if type(template) is str:
        return evaluate(template, bindings, field) if is_expr(template) else template
    if type(template) is dict:
        return {k: evaluate_template(v, bindings, f"{field}/{k}") for k, v in template.items()}
    if type(template) is list:
        return [evaluate_template(v, bindings, f"{field}[{i}]") for i, v in enumerate(template)]
    return template


def bindings(states: dict, variables, rng) -> dict:
    """The JSONata variables a state sees: $states, workflow variables and the AWS functions."""
    _jsonata()  # NULL is jsonata-python's own from here on
    env = {k: NULL if v is None else v for k, v in variables.items()}
    env["states"] = {k: NULL if v is None else v for k, v in states.items()}
    env.update(_functions(rng))
    return env


def _call(name: str, rng, sequence: bool = False):
    """Wrap an intrinsic as a JSONata function (`sequence`: its array is a JSONata sequence)."""
    fn = intrinsics.FUNCTIONS[name]
    jsonata, utils = _jsonata()

    def call(*args):
        clean = [_from_jsonata(a) for a in args]
        try:
            result = fn(rng, *clean)
            return utils.create_sequence_from_iter(result) if sequence else result
        except Exception as exc:
            raise Located("States.QueryEvaluationError", f"The function ${name.split('.')[1]} failed: {exc}") from None

    return jsonata.Jsonata.JLambda(call)


def _functions(rng) -> dict:
    """$partition, $range, $hash, $random, $uuid, $parse."""
    jsonata, _ = _jsonata()
    return {
        "partition": _call("States.ArrayPartition", rng),
        "range": _call("States.ArrayRange", rng, sequence=True),
        "hash": _call("States.Hash", rng),
        "random": jsonata.Jsonata.JLambda(lambda *a: _random(rng, *a)),
        "uuid": _call("States.UUID", rng),
        "parse": jsonata.Jsonata.JLambda(_parse),
    }


def _random(rng, seed=None) -> float:
    """$random([seed]): a float in [0, 1)."""
    return random.Random(seed).random() if seed is not None else rng.random()


def _parse(text):
    """$parse(json): the JSON value a string holds."""
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise Located("States.QueryEvaluationError", f"The function $parse could not parse {text!r}: {exc}") from None

"""Payload sizes: exact sizes, and the bounds that let Pass and Choice states skip them."""

import random

import pytest

from engine import execute, execution, interpreter
from engine.paths import to_json
from engine.sizes import MAX_PAYLOAD_BYTES, choice_bound, json_size, pass_bound, template_bound

SIZED = [
    {},
    [],
    {"i": 1, "n": -1000, "s": "plain", "q": 'say "hi"', "u": "naïve ✓", "c": "tab\there", "b": True,
     "f": False, "z": None, "x": 1.5, "e": 1e16},
    [1, "two", [3, [4, {"five": 5}]], {"k": []}, None, 2.25],
    {"nested": {"deeper": {"list": list(range(50)), "text": "\\ back \u0001 slash"}}},
    "just a string",
    12345,
]


def exact(value) -> int:
    return len(to_json(value).encode("utf-8"))


@pytest.mark.parametrize("value", SIZED, ids=[f"value-{i}" for i in range(len(SIZED))])
def test_json_size_is_the_bytes_of_compact_json(value):
    memo = {}
    assert json_size(value, memo) == exact(value)
    assert json_size(value, memo) == exact(value)  # again, from the memo


# -- bounds ------------------------------------------------------------------------------

def test_fields_that_can_hold_anything_have_no_bound():
    assert template_bound({"c.$": "$$.Execution.Input"}) is None  # the context object
    assert template_bound({"v.$": "$v"}) is None  # a variable
    assert template_bound({"all.$": "$..x"}) is None  # not definite: matches may overlap
    assert template_bound({"f.$": "States.Format('{}', $.a)"}) is None  # a result of any size
    assert template_bound({"ok.$": "$.a", "deep": [{"no.$": "States.StringToJson($.s)"}]}) is None
    assert pass_bound({"Type": "Pass", "InputPath": "$.items[*]"}) is None
    assert pass_bound({"Type": "Pass", "ResultPath": "$.a[*]"}) is None
    assert choice_bound({"Type": "Choice", "OutputPath": "$$.State"}) is None


def test_literal_templates_and_results_are_sized_exactly():
    template = {"a": [1, "two", {"b": None}], "c": "naïve"}
    assert template_bound(template) == (exact(template), 0)
    assert pass_bound({"Type": "Pass", "Result": template}) == (exact(template), 0)
    assert pass_bound({"Type": "Pass", "Result": template, "ResultPath": None}) == (0, 1)
    assert pass_bound({"Type": "Pass", "OutputPath": None}) == (2, 0)  # {}


def _document(rng: random.Random, depth: int = 0):
    """A random JSON document: objects, arrays, strings that need escapes, numbers."""
    kind = rng.choice(["obj", "obj", "list", "str", "int", "float", "lit"] if depth < 3 else ["str", "int", "lit"])
    if kind == "obj":
        return {rng.choice(["a", "b", "ç", "k\"q", "n"]) + str(i): _document(rng, depth + 1) for i in range(rng.randint(0, 4))}
    if kind == "list":
        return [_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == "str":
        return "".join(rng.choice(["x", "é", "\n", "\\", '"', "\u0001", "✓"]) for _ in range(rng.randint(0, 30)))
    if kind == "int":
        return rng.randint(-10**12, 10**12)
    if kind == "float":
        return rng.uniform(-1e6, 1e6)
    return rng.choice([True, False, None])


def _paths(value, prefix="$"):
    """Every definite path in a document, as text."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, f"{prefix}['{k}']" if '"' in k else f"{prefix}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, f"{prefix}[{i}]")


def _template(rng: random.Random, paths: list, depth: int = 0):
    entries = {}
    for i in range(rng.randint(1, 4)):
        pick = rng.random()
        if pick < 0.5:
            entries[f"p{i}.$"] = rng.choice(paths)
        elif pick < 0.6:
            entries[f"m{i}.$"] = "States.MathAdd(-2147483647, -1)"  # the widest int32
        elif pick < 0.7:
            entries[f"n{i}.$"] = f"States.ArrayLength(States.Array({rng.choice(paths)}, 1))"
        elif pick < 0.85 and depth < 2:
            entries[f"t{i}"] = _template(rng, paths, depth + 1) if rng.random() < 0.7 else [_template(rng, paths, depth + 1)]
        else:
            entries[f"l{i}"] = _document(rng, 2)
    return entries


def test_a_pass_or_choice_output_is_never_bigger_than_its_bound():
    """Seeded random documents and states: the exact size of what the state gives never
    passes C + K x the exact size of its input."""
    rng = random.Random(20261203)
    checked = 0
    for _ in range(400):
        doc = {"root": _document(rng), "s": "text"}
        paths = [p for p in _paths(doc)]
        dicts = [p for p in paths if isinstance(_at(doc, p), dict)]
        spec = {"Type": "Pass", "End": True}
        if rng.random() < 0.3:
            spec["InputPath"] = rng.choice(dicts)
        chosen = _at(doc, spec.get("InputPath", "$"))
        inner = [p for p in _paths(chosen)]
        if rng.random() < 0.8:
            spec["Parameters"] = _template(rng, inner)
        elif rng.random() < 0.5:
            spec["Result"] = _document(rng)
        if rng.random() < 0.5:
            spec["ResultPath"] = rng.choice([None, "$", "$.new", "$.new.deeper", "$.s", "$.root"] + dicts[:3])
        bound = pass_bound(spec)
        assert bound is not None, spec
        run = execute({"StartAt": "A", "States": {"A": spec}}, doc)
        if run.status != "SUCCEEDED":  # a ResultPath into a value that is not an object
            assert run.error == "States.ResultPathMatchFailure", (run.error, run.cause)
            continue
        c, k = bound
        assert exact(run.output) <= c + k * exact(doc), spec
        checked += 1
    assert checked > 300


def _at(doc, path):
    run = execute({"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": path, "End": True}}}, doc)
    return run.output


def test_a_loop_far_below_the_limit_sizes_only_what_it_must(monkeypatch):
    """In a counter loop each Pass output is bounded from its input's known size: the exact
    size is taken for the execution input and the first state, not on every transition."""
    calls = []
    real = interpreter.json_size
    monkeypatch.setattr(interpreter, "json_size", lambda value, memo: calls.append(1) or real(value, memo))
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "C"}],
              "Default": "D"},
        "C": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "B"},
        "D": {"Type": "Succeed"}}}
    execution._COMPILED.clear()
    try:
        run = execute(definition, {"n": 500})
    finally:
        execution._COMPILED.clear()
    assert run.status == "SUCCEEDED" and run.transitions == 1003
    assert len(calls) <= 3, len(calls)


def test_a_growing_payload_still_fails_at_the_state_that_passes_the_limit():
    """The bound grows with the payload: once it passes 256 KiB the size is taken exactly,
    so the run fails where the output first passes the limit, and not before."""
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"l.$": "$", "r.$": "$"}, "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "C"}], "Default": "A"},
        "C": {"Type": "Succeed"}}}
    start = {"s": "x" * 1000}
    run = execute(definition, start)
    assert run.error == "States.DataLimitExceeded"
    value, doublings = start, 0
    while exact({"l": value, "r": value}) <= MAX_PAYLOAD_BYTES:
        value, doublings = {"l": value, "r": value}, doublings + 1
    assert run.transitions == 2 * doublings + 1  # A and B per doubling, then the A that fails

"""engine.choice: Choice rules (JSONPath), from the Choice state docs (facts.md §F.34-35)."""

import random

import pytest

from engine import execute
from engine.choice import COMPARISONS, OPERATORS, TYPE_TESTS, compile_rule, parse_timestamp
from engine.dataflow import Located, Scope

INPUT = {
    "s": "banana", "n": 10, "f": 2.5, "b": True, "null": None,
    "ts": "2024-03-01T12:00:00Z", "ts_offset": "2024-03-01T14:00:00+02:00", "ts_ms": "2024-03-01T12:00:00.500Z",
    "other_n": 10, "other_s": "apple", "file": "log-2024.txt", "star": "a*b", "list": [1, 2],
}


def matches(rule, data=INPUT):
    return compile_rule(rule)(Scope(data, lambda: {}, {}, random.Random(0)))


CASES = [
    # strings: ordinal comparison, exact equality
    ({"Variable": "$.s", "StringEquals": "banana"}, True),
    ({"Variable": "$.s", "StringEquals": "Banana"}, False),
    ({"Variable": "$.s", "StringLessThan": "cherry"}, True),
    ({"Variable": "$.s", "StringGreaterThan": "cherry"}, False),
    ({"Variable": "$.s", "StringLessThanEquals": "banana"}, True),
    ({"Variable": "$.s", "StringGreaterThanEquals": "banana"}, True),
    ({"Variable": "$.s", "StringEqualsPath": "$.other_s"}, False),
    ({"Variable": "$.s", "StringGreaterThanPath": "$.other_s"}, True),
    # StringMatches: only * is a wildcard; \\* is a literal star
    ({"Variable": "$.file", "StringMatches": "log-*.txt"}, True),
    ({"Variable": "$.file", "StringMatches": "*.csv"}, False),
    ({"Variable": "$.file", "StringMatches": "log-????.txt"}, False),
    ({"Variable": "$.file", "StringMatches": "log-2024.txt"}, True),
    ({"Variable": "$.file", "StringMatches": "log.2024.txt"}, False),
    ({"Variable": "$.star", "StringMatches": "a\\*b"}, True),
    ({"Variable": "$.s", "StringMatches": "a\\*b"}, False),
    ({"Variable": "$.s", "StringMatches": "*"}, True),
    # numbers: ints and floats compare as numbers
    ({"Variable": "$.n", "NumericEquals": 10}, True),
    ({"Variable": "$.n", "NumericEquals": 10.0}, True),
    ({"Variable": "$.f", "NumericLessThan": 3}, True),
    ({"Variable": "$.f", "NumericGreaterThan": 2.5}, False),
    ({"Variable": "$.f", "NumericGreaterThanEquals": 2.5}, True),
    ({"Variable": "$.n", "NumericLessThanEquals": 9}, False),
    ({"Variable": "$.n", "NumericEqualsPath": "$.other_n"}, True),
    ({"Variable": "$.f", "NumericLessThanPath": "$.n"}, True),
    # booleans
    ({"Variable": "$.b", "BooleanEquals": True}, True),
    ({"Variable": "$.b", "BooleanEquals": False}, False),
    ({"Variable": "$.b", "BooleanEqualsPath": "$.b"}, True),
    # timestamps compare as instants, offsets included
    ({"Variable": "$.ts", "TimestampEquals": "2024-03-01T12:00:00Z"}, True),
    ({"Variable": "$.ts_offset", "TimestampEquals": "2024-03-01T12:00:00Z"}, True),
    ({"Variable": "$.ts", "TimestampLessThan": "2024-03-01T12:00:01Z"}, True),
    ({"Variable": "$.ts_ms", "TimestampGreaterThan": "2024-03-01T12:00:00Z"}, True),
    ({"Variable": "$.ts", "TimestampGreaterThanEquals": "2025-01-01T00:00:00Z"}, False),
    ({"Variable": "$.ts", "TimestampLessThanEquals": "2024-03-01T12:00:00Z"}, True),
    ({"Variable": "$.ts", "TimestampEqualsPath": "$.ts_offset"}, True),
    # no type coercion: the wrong type is simply false, never an error
    ({"Variable": "$.s", "NumericEquals": 10}, False),
    ({"Variable": "$.n", "StringEquals": "10"}, False),
    ({"Variable": "$.b", "NumericEquals": 1}, False),
    ({"Variable": "$.n", "BooleanEquals": True}, False),
    ({"Variable": "$.s", "TimestampEquals": "2024-03-01T12:00:00Z"}, False),
    ({"Variable": "$.null", "StringEquals": "null"}, False),
    ({"Variable": "$.s", "NumericEqualsPath": "$.n"}, False),
    # type tests
    ({"Variable": "$.null", "IsNull": True}, True),
    ({"Variable": "$.s", "IsNull": False}, True),
    ({"Variable": "$.n", "IsNumeric": True}, True),
    ({"Variable": "$.b", "IsNumeric": True}, False),
    ({"Variable": "$.s", "IsString": True}, True),
    ({"Variable": "$.ts", "IsString": True}, True),
    ({"Variable": "$.b", "IsBoolean": True}, True),
    ({"Variable": "$.ts", "IsTimestamp": True}, True),
    ({"Variable": "$.s", "IsTimestamp": True}, False),
    ({"Variable": "$.list", "IsString": False}, True),
    ({"Variable": "$.s", "IsPresent": True}, True),
    ({"Variable": "$.absent", "IsPresent": True}, False),
    ({"Variable": "$.absent", "IsPresent": False}, True),
    ({"Variable": "$.null", "IsPresent": True}, True),
    # combinators
    ({"And": [{"Variable": "$.n", "NumericGreaterThan": 5}, {"Variable": "$.s", "StringEquals": "banana"}]}, True),
    ({"And": [{"Variable": "$.n", "NumericGreaterThan": 5}, {"Variable": "$.s", "StringEquals": "kiwi"}]}, False),
    ({"Or": [{"Variable": "$.n", "NumericLessThan": 5}, {"Variable": "$.s", "StringEquals": "banana"}]}, True),
    ({"Or": [{"Variable": "$.n", "NumericLessThan": 5}, {"Variable": "$.s", "StringEquals": "kiwi"}]}, False),
    ({"Not": {"Variable": "$.s", "StringEquals": "kiwi"}}, True),
    ({"Not": {"And": [{"Variable": "$.b", "BooleanEquals": True}, {"Variable": "$.n", "NumericEquals": 10}]}},
     False),
    # IsPresent guards a missing path inside And (short-circuit)
    ({"And": [{"Variable": "$.absent", "IsPresent": True}, {"Variable": "$.absent", "NumericEquals": 1}]}, False),
]


def _id(rule):
    op = next((k for k in rule if k != "Variable"), "?")
    if op in ("And", "Or", "Not"):
        return op
    return f"{rule['Variable']}-{op}-{rule[op]}"


@pytest.mark.parametrize("rule, expected", CASES, ids=[f"{i}-{_id(r)}" for i, (r, _) in enumerate(CASES)])
def test_rule(rule, expected):
    assert matches(rule) is expected


@pytest.mark.parametrize(
    "rule",
    [
        {"Variable": "$.absent", "StringEquals": "x"},
        {"Variable": "$.absent", "IsNull": True},
        {"Variable": "$.s", "StringEqualsPath": "$.absent"},
    ],
    ids=["missing-variable", "missing-variable-type-test", "missing-path-operand"],
)
def test_missing_path_is_states_runtime(rule):
    with pytest.raises(Located) as info:
        matches(rule)
    assert info.value.error == "States.Runtime"


def test_every_documented_operator_exists():
    documented = {
        "BooleanEquals", "IsBoolean", "IsNull", "IsNumeric", "IsPresent", "IsString", "IsTimestamp",
        "NumericEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "NumericLessThan",
        "NumericLessThanEquals", "StringEquals", "StringGreaterThan", "StringGreaterThanEquals",
        "StringLessThan", "StringLessThanEquals", "StringMatches", "TimestampEquals",
        "TimestampGreaterThan", "TimestampGreaterThanEquals", "TimestampLessThan", "TimestampLessThanEquals",
    }
    assert documented <= OPERATORS
    assert documented == set(COMPARISONS) | set(TYPE_TESTS) | {"IsPresent"}


@pytest.mark.parametrize(
    "text, ok",
    [("2024-08-18T17:33:00Z", True), ("2024-08-18T17:33:00.123456789Z", True), ("2024-08-18T17:33:00+05:30", True),
     ("2024-08-18 17:33:00Z", False), ("2024-08-18T17:33:00", False), ("2024-13-01T00:00:00Z", False),
     ("2024-08-18", False), ("not a time", False)],
    ids=["z", "nanos", "offset", "no-T", "no-zone", "month-13", "date-only", "text"],
)
def test_timestamps(text, ok):
    assert (parse_timestamp(text) is not None) is ok


# -------------------------------------------------------------------- the Choice state in a run


def choice_machine(choices, default=True):
    """A Choice state C whose targets are Pass states that output their own name."""
    state = {"Type": "Choice", "Choices": choices}
    if default:
        state["Default"] = "D"
    targets = {rule["Next"] for rule in choices} | ({"D"} if default else set())
    states = {"C": state}
    for name in sorted(targets):
        states[name] = {"Type": "Pass", "Result": name, "End": True}
    return {"StartAt": "C", "States": states}


def test_first_matching_rule_wins():
    machine = choice_machine([
        {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "A"},
        {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "B"},
    ])
    assert execute(machine, {"n": 5}).output == "A"
    assert execute(machine, {"n": 0.5}).output == "B"


def test_default_when_nothing_matches():
    machine = choice_machine([{"Variable": "$.n", "NumericEquals": 1, "Next": "A"}])
    run = execute(machine, {"n": 2})
    assert run.output == "D"
    assert [s["name"] for s in run.steps] == ["C", "D"]


def test_no_match_and_no_default_fails_the_execution():
    machine = choice_machine([{"Variable": "$.n", "NumericEquals": 1, "Next": "A"}], default=False)
    run = execute(machine, {"n": 2})
    assert run.status == "FAILED"
    # older docs name it States.NoChoiceMatched, current docs report States.Runtime (facts.md §E.30)
    assert run.error in ("States.NoChoiceMatched", "States.Runtime")


def test_missing_variable_fails_the_execution():
    machine = choice_machine([{"Variable": "$.absent", "NumericEquals": 1, "Next": "A"}])
    run = execute(machine, {"n": 2})
    assert (run.status, run.error) == ("FAILED", "States.Runtime")


def test_choice_passes_its_input_through():
    machine = choice_machine([{"Variable": "$.go", "BooleanEquals": True, "Next": "A"}])
    machine["States"]["A"] = {"Type": "Pass", "End": True}
    assert execute(machine, {"go": True, "k": 1}).output == {"go": True, "k": 1}


def test_choice_input_path_and_output_path():
    machine = choice_machine([{"Variable": "$.n", "NumericEquals": 1, "Next": "A"}])
    machine["States"]["C"].update({"InputPath": "$.inner", "OutputPath": "$.n"})
    machine["States"]["A"] = {"Type": "Pass", "End": True}
    assert execute(machine, {"inner": {"n": 1}}).output == 1


def test_choice_on_context_object_and_variable():
    machine = choice_machine([{"Variable": "$$.Execution.Name", "StringEquals": "special", "Next": "A"}])
    assert execute(machine, {}, name="special").output == "A"
    assert execute(machine, {}, name="plain").output == "D"


@pytest.mark.parametrize("data", [{"n": 1}, {"other_n": 1}, {}, [1], "text", None, {"n": 1, "other_n": 2}])
def test_a_rule_on_input_names_misses_and_matches_as_any_input_path_does(data):
    """`$.a` rules read the input with a dict look-up; what they find, and the path a miss
    names (the Variable first), are those of the general path reader."""
    present = data if isinstance(data, dict) else {}
    for rule, words in (({"Variable": "$.n", "NumericLessThanPath": "$.other_n"}, ("n", "other_n")),
                        ({"Variable": "$.n", "NumericEquals": 1}, ("n",))):
        missing = [w for w in words if w not in present]
        if missing:
            with pytest.raises(Located) as info:
                matches(rule, data)
            assert f"Invalid path '$.{missing[0]}'" in info.value.detail
        else:
            assert matches(rule, data) is (data["n"] < data.get("other_n", 0) if "other_n" in words else data["n"] == 1)

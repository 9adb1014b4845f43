"""engine.source: ASL text (JSON or YAML) to a dict, with positioned errors and safe YAML."""

import re

import pytest

from engine import InvalidDefinition, load_definition
from engine.source import MAX_YAML_ALIASES, TextError, json_type, load_input, parse_text

VALID_JSON = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'
VALID_YAML = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n"
EXPECTED = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


@pytest.mark.parametrize("text", [VALID_JSON, VALID_YAML, VALID_JSON.encode()], ids=["json", "yaml", "bytes"])
def test_valid_text_loads_to_the_same_dict(text):
    assert load_definition(text) == EXPECTED


def test_a_dict_is_returned_as_is():
    spec = {"StartAt": "A", "States": {}}
    assert load_definition(spec) is spec


def _line_col(exc: InvalidDefinition) -> tuple[int, int]:
    (problem,) = exc.problems
    m = re.search(r"line (\d+), column (\d+)", problem.message)
    assert m, problem.message
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize(
    "text, line",
    [
        ('{"StartAt": "A",\n  "States": {,}\n}', 2),  # stray comma on line 2
        ('{\n"StartAt": "A"\n"States": {}}', 3),  # missing comma before line 3
        ("StartAt: A\nStates:\n  A: {Type: Pass\n", 4),  # unclosed flow mapping, ends at EOF (line 4)
        ("StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n", 5),  # bad indentation on line 5
    ],
    ids=["json-stray-comma", "json-missing-comma", "yaml-unclosed-flow", "yaml-bad-indent"],
)
def test_broken_text_names_line_and_column(text, line):
    with pytest.raises(InvalidDefinition) as info:
        load_definition(text)
    got_line, col = _line_col(info.value)
    assert got_line == line
    assert col >= 1


def test_json_error_reports_json_not_yaml():
    # Text that starts like JSON gets the JSON parser's message, not a confusing YAML one.
    with pytest.raises(InvalidDefinition) as info:
        load_definition('{"StartAt": }')
    assert "JSON" in info.value.problems[0].message
    assert "YAML" not in info.value.problems[0].message


@pytest.mark.parametrize(
    "word", ["Yes", "No", "yes", "no", "On", "Off", "y", "n", "Y", "N"], ids=lambda w: f"word-{w}"
)
def test_yaml_11_booleans_stay_strings(word):
    spec = load_definition(f"StartAt: {word}\nStates:\n  {word}: {{Type: Pass, End: true}}\n")
    assert spec["StartAt"] == word
    assert list(spec["States"]) == [word]


@pytest.mark.parametrize("word, value", [("true", True), ("false", False), ("True", True), ("FALSE", False)],
                         ids=["true", "false", "True", "FALSE"])
def test_yaml_12_booleans_are_booleans(word, value):
    assert load_definition(f"StartAt: A\nStates: {{}}\nX: {word}\n")["X"] is value


def test_yaml_timestamps_stay_strings():
    # JSON has no date type; a Timestamp in a Wait state must stay text.
    spec = load_definition("StartAt: A\nStates: {}\nT: 2024-01-01T00:00:00Z\nD: 2024-01-01\n")
    assert spec["T"] == "2024-01-01T00:00:00Z"
    assert spec["D"] == "2024-01-01"


def test_yaml_null_forms():
    spec = load_definition("StartAt: A\nStates: {}\nA: null\nB: ~\nC:\n")
    assert spec["A"] is None and spec["B"] is None and spec["C"] is None


def test_yaml_refuses_python_object_tags():
    with pytest.raises(InvalidDefinition) as info:
        load_definition("!!python/object/apply:os.system ['echo pwned']\n")
    assert "line 1" in info.value.problems[0].message


def test_yaml_with_too_many_aliases_is_refused():
    anchors = "base: &x {a: 1}\n"
    uses = "".join(f"k{i}: *x\n" for i in range(MAX_YAML_ALIASES + 1))
    with pytest.raises(InvalidDefinition) as info:
        load_definition("StartAt: A\nStates: {}\n" + anchors + uses)
    assert "alias" in info.value.problems[0].message.lower()


def test_a_few_aliases_are_fine():
    spec = load_definition("StartAt: A\nStates: {}\nbase: &x {a: 1}\nk1: *x\nk2: *x\n")
    assert spec["k1"] == spec["k2"] == {"a": 1}


def test_nested_alias_bomb_under_the_alias_count_is_refused():
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        levels.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    text = "StartAt: A\nStates: {}\n" + "\n".join(levels) + "\n"
    assert text.count("*") < MAX_YAML_ALIASES
    with pytest.raises(InvalidDefinition):
        load_definition(text)


@pytest.mark.parametrize(
    "text, word",
    [("", "empty"), ("   \n", "empty"), ("[1, 2]", "array"), ("42", "number"), ('"s"', "string"),
     ("- a\n- b\n", "array")],
    ids=["empty", "blank", "json-array", "json-number", "json-string", "yaml-list"],
)
def test_text_that_is_not_an_object_is_refused(text, word):
    with pytest.raises(InvalidDefinition) as info:
        load_definition(text)
    assert word in info.value.problems[0].message


def test_oversized_text_is_refused():
    text = '{"StartAt": "A", "Comment": "' + "x" * (1024 * 1024) + '", "States": {}}'
    with pytest.raises(InvalidDefinition):
        load_definition(text)


def test_invalid_definition_is_an_aslerror_with_problems():
    import engine

    with pytest.raises(engine.ASLError):
        load_definition("{")


@pytest.mark.parametrize("text, value", [("{}", {}), ("[1]", [1]), ("null", None), ('"x"', "x"), ("3.5", 3.5)],
                         ids=["object", "array", "null", "string", "number"])
def test_load_input_reads_any_json_value(text, value):
    assert load_input(text) == value


@pytest.mark.parametrize("text", ["", "{bad", "a: 1"], ids=["empty", "broken", "yaml-is-not-input"])
def test_load_input_refuses_non_json(text):
    with pytest.raises(TextError):
        load_input(text)


def test_load_input_error_names_line_and_column():
    with pytest.raises(TextError, match=r"line 2, column \d+"):
        load_input('{"a": 1,\n}')


def test_parse_text_prefers_json():
    assert parse_text('{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    "value, name",
    [(None, "null"), (True, "boolean"), (1, "number"), (1.5, "number"), ("s", "string"), ([], "array"), ({}, "object")],
    ids=["null", "bool", "int", "float", "str", "list", "dict"],
)
def test_json_type_names(value, name):
    assert json_type(value) == name


def test_a_state_named_twice_in_yaml_is_refused_with_its_line():
    # PyYAML would silently keep the second; a learner who pastes two states with one
    # name must hear about it.
    text = "StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n  A: {Type: Succeed}\n"
    with pytest.raises(InvalidDefinition) as info:
        load_definition(text)
    message = info.value.problems[0].message
    assert "duplicate key 'A'" in message and "line 4" in message

"""`python -m engine validate FILE`: each problem with its severity, JSON Pointer, code and,
for text, the line and column where it is (JSON and YAML alike)."""

import re

import pytest

from engine.cli import main

JSON_TEXT = """{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "Nowhere"
    },
    "B": {"Type": "Teleport", "End": true},
    "C": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "Credentials": {}, "End": true}
  }
}
"""

YAML_TEXT = """\
StartAt: A
States:
  A:
    Type: Pass
    Next: Nowhere
  B: {Type: Teleport, End: true}
  C:
    Type: Task
    Resource: arn:aws:states:::dynamodb:query
    Credentials: {}
    End: true
"""

LINE = re.compile(r"^(?P<sev>error|warning): (?P<ptr>\S+) \[(?P<code>[A-Z_]+)\](?: \(line (?P<line>\d+), column (?P<col>\d+)\))?: ")


def problems(text_out):
    out = {}
    for line in text_out.splitlines():
        m = LINE.match(line)
        if m:
            out[m["ptr"]] = (m["sev"], m["code"], int(m["line"]) if m["line"] else None, int(m["col"]) if m["col"] else None)
    return out


# (line, column) of each problem in JSON_TEXT and YAML_TEXT: an object member at its key.
EXPECTED = {
    "json": {"/States/A/Next": ("MISSING_TRANSITION_TARGET", 6, 7), "/States/B/Type": ("SCHEMA_VALIDATION_FAILED", 8, 11),
             "/States/C/Resource": ("INVALID_RESOURCE", 9, 27), "/States/C/Credentials": ("SCHEMA_VALIDATION_FAILED", 9, 74),
             "/States/B": ("SCHEMA_VALIDATION_FAILED", 8, 5)},
    "yaml": {"/States/A/Next": ("MISSING_TRANSITION_TARGET", 5, 5), "/States/B/Type": ("SCHEMA_VALIDATION_FAILED", 6, 7),
             "/States/C/Resource": ("INVALID_RESOURCE", 9, 5), "/States/C/Credentials": ("SCHEMA_VALIDATION_FAILED", 10, 5),
             "/States/B": ("SCHEMA_VALIDATION_FAILED", 6, 3)},
}


@pytest.mark.parametrize("kind, text", [("json", JSON_TEXT), ("yaml", YAML_TEXT)])
def test_each_problem_has_its_code_pointer_line_and_column(tmp_path, capsys, kind, text):
    path = tmp_path / f"m.{kind}"
    path.write_text(text)
    assert main(["validate", str(path)]) == 2
    got = problems(capsys.readouterr().err)
    for pointer, (code, line, col) in EXPECTED[kind].items():
        assert got[pointer] == ("error", code, line, col), pointer


def test_the_positions_point_at_the_named_text(tmp_path, capsys):
    path = tmp_path / "m.json"
    path.write_text(JSON_TEXT)
    main(["validate", str(path)])
    lines = JSON_TEXT.splitlines()
    for pointer, (_, _, line, col) in problems(capsys.readouterr().err).items():
        key = pointer.rsplit("/", 1)[-1]
        if key not in ("B",):  # /States/B is the unreachable state: its key
            assert lines[line - 1][col - 1:].startswith(f'"{key}"'), pointer


def test_warnings_go_to_stdout_and_keep_the_exit_code_0(tmp_path, capsys):
    path = tmp_path / "w.json"
    path.write_text('{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}')
    assert main(["validate", str(path), "--type", "express"]) == 0
    out = capsys.readouterr().out
    assert problems(out)["/States/W/Seconds"] == ("warning", "EXPRESS_DURATION", 1, 51)
    assert out.rstrip().endswith("valid")


def test_an_example_workflow_file_is_validated_at_its_definition(tmp_path, capsys):
    path = tmp_path / "flow.yaml"
    path.write_text("id: x\ntitle: X\ndefinition:\n  StartAt: A\n  States:\n    A:\n      Type: Pass\n      Next: Z\n")
    assert main(["validate", str(path)]) == 2
    assert problems(capsys.readouterr().err)["/States/A/Next"] == ("error", "MISSING_TRANSITION_TARGET", 8, 7)


def test_unreadable_text_is_invalid_json_description(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "StartAt": "A",\n  "States": {,}\n}\n')
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "[INVALID_JSON_DESCRIPTION]" in err and "line 3" in err

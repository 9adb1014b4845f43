"""Command line: `python -m engine run|validate|graph|test-state|export FILE`.

FILE is an ASL definition or an example workflow file (content/workflows/*.yaml, whose
`definition` is used); `run --scenario NAME` runs one of that file's scenarios.

Exit codes: 0 the execution succeeded (or the definition is valid), 1 the execution
failed or timed out, 2 an invalid definition or bad input, with the problem named.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .errors import InvalidDefinition
from .execution import execute
from .graph import to_dot
from .positions import index, locate
from .scenarios import find, scenarios
from .source import TextError, load_definition, load_input, parse_text
from .validator import validate

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _read(path: str) -> str:
    """A file's text, or '-' for standard input."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TextError(f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded)") from None


def _definition(path: str) -> dict:
    return load_definition(_read(path))


def _input(arg: str | None) -> Any:
    """--input: JSON text, or @file for a file of JSON."""
    if arg is None:
        return {}
    text = _read(arg[1:]) if arg.startswith("@") else arg
    return load_input(text)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def cmd_validate(args) -> int:
    """Every problem, one a line: severity, JSON Pointer, code, line and column, message."""
    text = _read(args.file)
    definition, prefix = _definition_in(text)
    problems = validate(definition, workflow_type=args.type)
    positions = index(text) if problems else {}
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        where = locate(text, prefix + p.path, positions)
        at = f" (line {where[0]}, column {where[1]})" if where else ""
        print(f"{p.severity}: {p.path or '/'} [{p.code}]{at}: {p.message}",
              file=sys.stderr if p.severity == "error" else sys.stdout)
    if errors:
        print(f"{args.file}: {len(errors)} problem(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{args.file}: valid")
    return EXIT_OK


def _definition_in(text: str) -> tuple[Any, str]:
    """The definition to validate and the pointer prefix of its place in the text.

    An example workflow file (content/workflows/*.yaml) holds its definition under
    `definition`; anything else is the definition itself (text, so parse errors keep
    their line and column).
    """
    try:
        data = parse_text(text, what="The definition")
    except TextError:
        return text, ""
    if isinstance(data, dict) and "States" not in data and isinstance(data.get("definition"), dict):
        return data["definition"], "/definition"
    return data, ""


def _source(path: str) -> tuple[dict, dict | None]:
    """The definition in a file and, for an example workflow file, the workflow around it."""
    text = _read(path)
    data, prefix = _definition_in(text)
    workflow = parse_text(text, what="The file") if prefix else None
    return load_definition(data), workflow


def _mocks(arg: str | None) -> Any:
    """--mocks: JSON text, or @file as --input takes; a bare path to a file works too."""
    if arg is None:
        return None
    if arg.startswith("@"):
        return parse_text(_read(arg[1:]), what="The mocks file")
    if arg.lstrip().startswith(("{", "[")) and not Path(arg).exists():
        return parse_text(arg, what="The mocks")
    return parse_text(_read(arg), what="The mocks file")


def _scenario(args, workflow: dict | None):
    """The example workflow's scenario named by --scenario (name or slug), or None."""
    if not args.scenario:
        return None
    if workflow is None:
        raise TextError(f"--scenario needs an example workflow file (content/workflows/*.yaml); "
                        f"{args.file} holds only a definition")
    found = find(workflow, args.scenario)
    if found is None:
        names = "; ".join(f"{s.name!r} ({s.slug})" for s in scenarios(workflow)) or "none"
        raise TextError(f"{args.file} has no scenario {args.scenario!r}. Its scenarios: {names}")
    return found


def cmd_run(args) -> int:
    definition, workflow = _source(args.file)
    scenario = _scenario(args, workflow)
    mocks = _mocks(args.mocks)
    if mocks is None and scenario is not None and scenario.mocks:
        mocks = scenario.mocks
    if args.input is None and scenario is not None:
        execution_input = scenario.input if scenario.input is not None else {}
    else:
        execution_input = _input(args.input)
    if workflow is not None and scenario is None and args.input is None:
        names = ", ".join(s.slug for s in scenarios(workflow))
        print(f"note: no --input, so the input is {{}}; this file's scenarios (--scenario): {names}",
              file=sys.stderr)
    kind = args.type or str((workflow or {}).get("type") or "STANDARD").upper()
    result = execute(
        definition,
        execution_input,
        workflow_type=kind,
        seed=args.seed,
        mocks=mocks,
        test_case=args.test_case,
        mock_all_tasks=args.mock_all_tasks,
    )
    if args.history:
        for e in result.history:
            where = f" [{e['state']}]" if "state" in e else ""
            print(f"{e['id']:>5} {e['timestamp'].isoformat()} {e['type']}{where}")
    report = {"status": result.status, "lastState": result.last_state,
              "transitions": result.transitions, "durationSeconds": result.duration}
    if scenario is not None:
        report = {"scenario": scenario.name, **report}
    if result.status == "SUCCEEDED":
        report["output"] = result.output
    else:
        report.update(error=result.error, cause=result.cause)
    print(_json(report))
    return EXIT_OK if result.status == "SUCCEEDED" else EXIT_FAILED


def _json_arg(arg: str | None, what: str) -> Any:
    """A JSON option: JSON text, or @file for a file of JSON or YAML."""
    if arg is None:
        return None
    if arg.startswith("@"):
        return parse_text(_read(arg[1:]), what=what)
    return load_input(arg)


def cmd_test_state(args) -> int:
    """Run one state as AWS's TestState does; exit 0 when it succeeded or its error was caught."""
    from .teststate import TestStateRefused, test_state

    try:
        response = test_state(
            _definition(args.file),
            _json_arg(args.input, "The input"),
            inspection_level=args.level,
            mock=_json_arg(args.mock, "The mock"),
            variables=_json_arg(args.variables, "The variables"),
            context=_json_arg(args.context, "The context object"),
            state_configuration=_json_arg(args.state_configuration, "The state configuration"),
            state_name=args.state,
            role_arn=args.role_arn,
        )
    except TestStateRefused as exc:
        print(f"error: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    shown = dict(response)  # JSON text members decoded, so the report reads as one JSON document
    if "output" in shown:
        shown["output"] = json.loads(shown["output"])
    if shown.get("inspectionData"):
        shown["inspectionData"] = {k: json.loads(v) if isinstance(v, str) else v
                                   for k, v in shown["inspectionData"].items()}
    print(_json(shown))
    return EXIT_OK if response["status"] in ("SUCCEEDED", "CAUGHT_ERROR") else EXIT_FAILED


def cmd_export(args) -> int:
    """A SAM template, a MockConfigFile, or TestState requests (one JSON document a line)."""
    from .export import ExportError, export, read_source, reads_variables

    data = parse_text(_read(args.file), what="The file")
    try:
        print(export(data, args.format, scenario=args.scenario, name=args.name, workflow_type=args.type))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.format == "teststate" and reads_variables(read_source(data)[0]):
        print("note: states that read workflow variables need them in each request's \"variables\"", file=sys.stderr)
    return EXIT_OK


def cmd_graph(args) -> int:
    definition, _ = _source(args.file)
    if not isinstance(definition.get("States"), dict) or not definition["States"]:
        raise TextError(f"{args.file} holds no state machine definition (no States to draw); an "
                        "example workflow file keeps its definition under `definition`")
    print(to_dot(definition))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m engine", description="Run, validate and draw Amazon States Language state machines.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a state machine on a virtual clock")
    run.add_argument("file", help="ASL definition (JSON or YAML), an example workflow file "
                                  "(content/workflows/*.yaml), or - for stdin")
    run.add_argument("--input", help="execution input: JSON text, or @file (default: the scenario's, else {})")
    run.add_argument("--scenario", help="an example workflow's scenario, by name or slug: its input and mocks")
    run.add_argument("--type", choices=["STANDARD", "EXPRESS"], type=str.upper,
                     help="workflow type (default: the workflow file's type, else STANDARD)")
    run.add_argument("--seed", type=int, default=0, help="seed for jitter, States.UUID and States.MathRandom")
    run.add_argument("--mocks", help="mocked responses, {State: MockedResponse} or a MockConfigFile: "
                                     "JSON text, or @file (JSON/YAML)")
    run.add_argument("--test-case", help="the test case to use from a MockConfigFile")
    run.add_argument("--mock-all-tasks", action="store_true", help="answer every unmocked task with a plausible service result")
    run.add_argument("--history", action="store_true", help="print the event history first")
    run.set_defaults(func=cmd_run)
    val = sub.add_parser("validate", help="list every problem in a definition")
    val.add_argument("file")
    val.add_argument("--type", default="STANDARD", choices=["STANDARD", "EXPRESS"], type=str.upper)
    val.set_defaults(func=cmd_validate)
    ts = sub.add_parser("test-state", help="run one state as AWS's TestState API does (exit 0: succeeded or caught)")
    ts.add_argument("file", help="one state, or a state machine with --state (JSON or YAML), or - for stdin")
    ts.add_argument("--state", help="the state to test inside the state machine")
    ts.add_argument("--input", help="the state input: JSON text, or @file")
    ts.add_argument("--mock", help='{"result": ...} or {"errorOutput": {"error": ..., "cause": ...}}, '
                                   'optionally with "fieldValidationMode": JSON text, or @file')
    ts.add_argument("--level", default="INFO", type=str.upper, choices=["INFO", "DEBUG", "TRACE"],
                    help="DEBUG and TRACE add every data-flow stage")
    ts.add_argument("--variables", help="workflow variables the state sees: a JSON object, or @file")
    ts.add_argument("--context", help="the context object ($$): a JSON object, or @file")
    ts.add_argument("--state-configuration", help="retrierRetryCount, errorCausedByState, mapIterationFailureCount, "
                                                  "mapItemReaderData: a JSON object, or @file")
    ts.add_argument("--role-arn", help="the role a Task runs with (needed for a Task tested without a mock)")
    ts.set_defaults(func=cmd_test_state)
    exp = sub.add_parser("export", help="export to AWS: a SAM template, a Step Functions Local MockConfigFile, "
                                        "or TestState requests")
    exp.add_argument("file", help="ASL definition (JSON or YAML), or an example workflow file (content/workflows/*.yaml)")
    exp.add_argument("--format", required=True, choices=["sam", "mockconfig", "teststate"])
    exp.add_argument("--scenario", help="an example workflow's scenario, by name or slug (default: all for "
                                        "mockconfig, the first for teststate)")
    exp.add_argument("--name", help="the state machine's name (default: the workflow's id)")
    exp.add_argument("--type", choices=["STANDARD", "EXPRESS"], type=str.upper,
                     help="workflow type (default: the workflow file's type, else STANDARD)")
    exp.set_defaults(func=cmd_export)
    graph = sub.add_parser("graph", help="print Graphviz DOT for a definition")
    graph.add_argument("file", help="ASL definition (JSON or YAML), or an example workflow file")
    graph.set_defaults(func=cmd_graph)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InvalidDefinition as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except (TextError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130

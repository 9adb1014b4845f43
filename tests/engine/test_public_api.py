"""The engine's public API: what `import engine` offers, and what it must not drag in."""

import subprocess
import sys
import types
from pathlib import Path

import engine

ROOT = Path(__file__).parents[2]
DOCUMENTED = {"execute", "validate", "to_dot", "cost", "load_definition", "InvalidDefinition", "Problem",
              "Execution", "StatesError", "test_state", "TestStateRefused"}


def test_all_equals_the_public_names():
    # dir(), not vars(): some names are imported on first use (engine.__getattr__)
    public = {name for name in dir(engine)
              if not name.startswith("_") and not isinstance(getattr(engine, name), types.ModuleType)}
    assert set(engine.__all__) == public
    assert len(engine.__all__) == len(set(engine.__all__))


def test_documented_names_are_exported():
    assert DOCUMENTED <= set(engine.__all__)
    for name in engine.__all__:
        assert getattr(engine, name) is not None


def test_error_hierarchy():
    assert issubclass(engine.InvalidDefinition, engine.ASLError)
    assert issubclass(engine.StatesError, engine.ASLError)
    assert issubclass(engine.ASLError, Exception)
    assert issubclass(engine.TestStateRefused, engine.ASLError) and issubclass(engine.TestStateRefused, ValueError)
    err = engine.StatesError("Custom.X", "why")
    assert (err.error, err.cause) == ("Custom.X", "why")


def test_importing_engine_does_not_import_streamlit_the_ui_or_the_api_models():
    code = ("import sys, engine; engine.execute({'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': True}}}); "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'ui', 'study', 'app', 'botocore')); "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_running_a_jsonpath_workflow_imports_no_jsonata_yaml_graphviz_or_python_jsonpath():
    # They are imported on first use, which keeps `import engine` quick.
    code = ("import sys, engine; r = engine.execute({'StartAt': 'A', 'States': {'A': {'Type': 'Pass', "
            "'Parameters': {'v.$': '$.x'}, 'ResultPath': '$.out', 'End': True}}}, {'x': 1}); "
            "assert r.output == {'x': 1, 'out': {'v': 1}}, r.output; "
            "bad = sorted(m for m in ('jsonata', 'yaml', 'graphviz', 'jsonpath') if m in sys.modules); "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_names_imported_on_first_use_are_the_modules_own():
    from engine.graph import to_dot
    from engine.pricing import cost
    from engine.teststate import TestStateRefused, test_state

    assert (engine.to_dot, engine.cost, engine.test_state, engine.TestStateRefused) == (
        to_dot, cost, test_state, TestStateRefused)
    proc = subprocess.run([sys.executable, "-c", "from engine import *; print(to_dot.__module__, test_state.__module__)"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["engine.graph", "engine.teststate"], proc.stderr

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
    public = {name for name, value in vars(engine).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
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

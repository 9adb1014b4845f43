"""Bad definitions never crash the engine: validate lists problems, execute raises only
InvalidDefinition or returns a result, to_dot draws what is there.

Definitions are mutated at random (seeded, so every run is the same) from the example
workflows in content/ and, when it is beside the project, the real-world corpus.
"""

import copy
import json
import random
from pathlib import Path

import pytest
import yaml

import engine
from engine.positions import index, locate
from engine import InvalidDefinition

ROOT = Path(__file__).resolve().parents[2]
REALWORLD = ROOT.parent / "shared" / "realworld" / "cases"

JUNK = [None, 0, -1, 1.5, "", "$", "$.x", "$$", "{% $x %}", "States.Format('{}', $.a)", [], {}, True,
        "arn:aws:states:::lambda:invoke", "Nope", [{}], {"a.$": 3}, "States.Array(", "$..[?(@.x",
        # the validator's AWS rules: placeholders, unknown integrations, JSONata, labels, credentials
        "${LambdaArn}", {"Fn::GetAtt": ["Fn", "Arn"]}, "{% 1 + %}", "{% $states.input %}",
        "arn:aws:states:::dynamodb:query", "arn:aws:lambda:us-east-1:1:function:f:", "label with space",
        {"RoleArn": 5}, {"RoleArn.$": "$.r"}, " States.UUID()", "States.Hash('x')", {"states": 1}, 86400,
        {"Mode": "DISTRIBUTED"}, {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.b"}, "JSONata", "JSONPath"]
FIELDS = ["Foo", "Next", "End", "Type", "ItemsPath", "Retry", "Catch", "Choices", "Branches", "Seconds",
          "TimeoutSeconds", "Parameters", "ResultPath", "Assign", "ItemProcessor", "QueryLanguage", "Default",
          "Credentials", "Label", "ItemReader", "ItemBatcher", "ResultWriter", "TimeoutSecondsPath", "HeartbeatSeconds",
          "Items", "Arguments", "Output", "Condition", "ErrorPath", "ProcessorConfig", "Resource", "Iterator"]


def _definitions() -> list[dict]:
    defs = [yaml.safe_load(p.read_text())["definition"] for p in sorted((ROOT / "content" / "workflows").glob("*.yaml"))]
    if REALWORLD.is_dir():
        defs += [json.loads(p.read_text())["definition"] for p in sorted(REALWORLD.glob("*.json"))]
    return defs


def _mutate(node, rng: random.Random) -> None:
    """Change one thing somewhere in a definition."""
    if isinstance(node, dict) and node:
        key = rng.choice(list(node))
        roll = rng.random()
        if roll < 0.3:
            node[key] = copy.deepcopy(rng.choice(JUNK))
        elif roll < 0.4:
            del node[key]
        elif roll < 0.5:
            node[rng.choice(FIELDS)] = copy.deepcopy(rng.choice(JUNK))
        else:
            _mutate(node[key], rng)
    elif isinstance(node, list) and node:
        i = rng.randrange(len(node))
        if rng.random() < 0.3:
            node[i] = copy.deepcopy(rng.choice(JUNK))
        else:
            _mutate(node[i], rng)


@pytest.mark.parametrize("seed", range(6))
def test_mutated_definitions_never_crash(seed):
    rng = random.Random(seed)
    definitions = _definitions()
    outcomes = {"invalid": 0, "ran": 0}
    for _ in range(150):
        definition = copy.deepcopy(rng.choice(definitions))
        for _ in range(rng.randint(1, 3)):
            _mutate(definition, rng)
        problems = engine.validate(definition, workflow_type=rng.choice(["STANDARD", "EXPRESS"]))
        assert all(p.path == "" or p.path.startswith("/") for p in problems)
        assert all(p.code and p.severity in ("error", "warning") and p.message for p in problems)
        text = json.dumps(definition, indent=rng.choice([None, 2]))
        positions = index(text)
        assert all(locate(text, p.path, positions) is not None for p in problems)
        assert isinstance(engine.to_dot(definition), str)
        try:
            result = engine.execute(definition, rng.choice([{}, {"x": 1}, [1, 2], None, "s"]), mock_all_tasks=True)
        except InvalidDefinition as exc:
            assert exc.problems, "InvalidDefinition must name at least one problem"
            outcomes["invalid"] += 1
        else:
            assert result.status in {"SUCCEEDED", "FAILED", "TIMED_OUT"}
            outcomes["ran"] += 1
    assert outcomes["invalid"] and outcomes["ran"]  # both paths were exercised

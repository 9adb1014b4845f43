"""Load and check the study content: guide, glossary, comparison table, workflows, quizzes.

Pure Python (no Streamlit).  ``load_content()`` never raises for bad content: every problem
becomes a :class:`ContentError` in ``Content.errors`` naming the file, the item and the field,
and everything else still loads.  An item (a question, a term, a row, a sample input, ...) that
breaks its schema is left out; a file whose overall shape is wrong is left out as a whole.

The format is described in ``docs/data-format.md``; the JSON Schemas are in ``study/schemas/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jsonschema
from referencing import Registry, Resource

from engine.scenarios import duplicate_slugs, scenarios
from engine.scenarios import find as find_scenario
from engine.yaml12 import SyntaxProblem, parse_json, parse_yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DEFAULT_ROOT = Path(__file__).resolve().parent.parent

#: Where the facts live: every question, term, row and lesson names its facts by id.
FACTS_FILE = "content/facts.yaml"

#: Topic id -> human title.  Quiz questions and workflows name one of these.
TOPICS: dict[str, str] = {
    "orchestration": "Orchestration and Step Functions basics",
    "standard-vs-express": "Standard vs Express workflows",
    "state-types": "State types",
    "error-handling": "Error handling: Retry and Catch",
    "data-flow": "Data flow: paths, parameters and variables",
    "integration-patterns": "Service integration patterns",
    "map": "Map state: inline and distributed",
    "quotas-pricing": "Quotas and pricing",
    "service-selection": "Choosing the right service",
    "security": "Security: IAM roles, encryption and private access",
    "operations": "Starting, monitoring and observing executions",
}

QUIZ_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class ContentError:
    """One problem in the content.

    ``file`` is relative to the content root (``quizzes/x.yaml``); ``item`` says which item
    (``"question sve-003"``, ``"term task-state"``, ``"row 3"``) or is None for the file as a
    whole; ``field`` is a dotted path inside the item (``"choices[2].why"``) or None.
    """

    file: str
    item: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts + [self.message])


@dataclass
class Content:
    facts: dict = field(default_factory=dict)  # fact id -> fact (content/facts.yaml)
    guide: dict = field(default_factory=dict)
    glossary: list = field(default_factory=list)
    comparison: list = field(default_factory=list)
    workflows: dict = field(default_factory=dict)
    questions: list = field(default_factory=list)
    errors: list = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Schemas


@lru_cache(maxsize=None)
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator(kind: str) -> jsonschema.protocols.Validator:
    """The compiled validator for one kind: guide, glossary, comparison, workflow or quiz."""
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=_registry())


def _fmt_path(parts: Iterable[Any]) -> str | None:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or None


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, the sub-errors are usually more telling; keep the deepest ones."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            return [e for e in error.context if len(e.absolute_path) == deepest]
    return [error]


def _describe(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """(path inside the document, message) with friendlier wording for common cases."""
    path = list(error.absolute_path)
    v = error.validator
    if v == "required":
        missing = re.match(r"'([^']*)' is a required property", error.message)
        if missing:
            return path + [missing.group(1)], "is required"
    if v == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            return path + [extra[0]], (
                f"unknown field {extra[0]!r} (typo?); allowed: {', '.join(sorted(allowed))}"
            )
    if v == "not" and error.validator_value == {} and path and path[-1] in ("input", "mocks"):
        return path, ("is not a question field: a predict question names a scenario of its "
                      "workflow (`scenario: <slug>`), which holds the input and mocks")
    if v is False or error.validator == "false" or error.schema is False:
        return path, "is not allowed here (only for predict questions)"
    if v == "not" and error.validator_value == {"required": ["value"]}:
        return path + ["value"], "is only for predict questions"
    if v == "not" and error.validator_value == {"required": ["choose"]}:
        return path + ["choose"], "is only for multiple-answer questions"
    if v == "enum":
        return path, f"{error.instance!r} is not one of {error.validator_value}"
    if v == "pattern":
        return path, f"{error.instance!r} does not match {error.validator_value!r}"
    return path, error.message


# --------------------------------------------------------------------------------------------
# Reading files


def _read(path: Path, rel: str, errors: list[ContentError]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(ContentError(rel, None, None, f"can't read file: {exc}"))
        return None
    try:
        if path.suffix == ".json":
            return parse_json(text)
        return parse_yaml(text)
    except SyntaxProblem as exc:
        where = f"line {exc.line}, column {exc.column}: " if exc.line is not None else ""
        errors.append(ContentError(rel, None, None, f"syntax error: {where}{exc.message}"))
        return None


_ITEM_WORD = {
    "questions": "question",
    "terms": "term",
    "rows": "row",
    "outline": "outline node",
    "pairs": "pair",
    "objectives": "objective",
    "inputs": "input",
    "failures": "failure",
    "facts": "fact",
}


def _item_label(collection: str, index: int, item: Any) -> str:
    word = _ITEM_WORD.get(collection, collection)
    if isinstance(item, dict):
        for key in ("id", "name", "aspect"):
            if isinstance(item.get(key), str) and item[key]:
                return f"{word} {item[key]}"
    return f"{word} #{index + 1}"


def _validate(
    data: Any,
    kind: str,
    rel: str,
    errors: list[ContentError],
    lists: tuple[str, ...],
    whole_label: str | None = None,
    sections: bool = False,
) -> Any:
    """Validate `data`; drop the items of top-level `lists` that are broken.

    Errors outside those items drop the whole file (return None), or with `sections=True`
    just the top-level key they sit under (the guide is a dict of sections).
    """
    found = []
    for err in validator(kind).iter_errors(data):
        found.extend(_leaf_errors(err))
    if not found:
        return data
    bad_items: dict[str, set[int]] = {}
    bad_sections: set[str] = set()
    whole = False
    for err in found:
        path, message = _describe(err)
        if (
            len(path) >= 2
            and path[0] in lists
            and isinstance(path[1], int)
            and isinstance(data, dict)
            and isinstance(data.get(path[0]), list)
        ):
            item = data[path[0]][path[1]]
            errors.append(
                ContentError(rel, _item_label(path[0], path[1], item), _fmt_path(path[2:]), message)
            )
            bad_items.setdefault(path[0], set()).add(path[1])
        elif sections and path and isinstance(data, dict):
            errors.append(ContentError(rel, whole_label, _fmt_path(path), message))
            bad_sections.add(str(path[0]))
        else:
            errors.append(ContentError(rel, whole_label, _fmt_path(path), message))
            whole = True
    if whole or not isinstance(data, dict):
        return None
    out = dict(data)
    for key in bad_sections:
        out.pop(key, None)
    for key, indexes in bad_items.items():
        if key in out:
            out[key] = [x for i, x in enumerate(out[key]) if i not in indexes]
    return out


# --------------------------------------------------------------------------------------------
# Cross-checks


def state_names(definition: Any) -> set[str]:
    """Every state name in a definition, including Parallel branches and Map processors."""
    names: set[str] = set()

    def walk(machine: Any) -> None:
        if not isinstance(machine, dict) or not isinstance(machine.get("States"), dict):
            return
        for name, state in machine["States"].items():
            names.add(name)
            if not isinstance(state, dict):
                continue
            for branch in state.get("Branches") or []:
                walk(branch)
            walk(state.get("ItemProcessor"))
            walk(state.get("Iterator"))

    walk(definition)
    return names


class _Facts:
    """Checks fact references against content/facts.yaml.

    When the facts file itself couldn't be read (its problem is reported on its own), the
    references are not checked, so one broken file doesn't take every question with it.
    """

    def __init__(self, facts: dict[str, dict] | None):
        self.facts = facts

    def check(self, value: Any, rel: str, item: str | None, fld: str, errors: list[ContentError]) -> bool:
        if self.facts is None or value is None:
            return True
        ids = value if isinstance(value, list) else [value]
        ok = True
        for i, fid in enumerate(ids):
            if fid not in self.facts:
                where = f"{fld}[{i}]" if isinstance(value, list) else fld
                errors.append(ContentError(rel, item, where, f"fact {fid!r} is not in {FACTS_FILE}"))
                ok = False
        return ok


def fact_ids(item: dict) -> list[str]:
    """The fact ids an item refers to: its `fact`, or its `facts` list."""
    refs = item.get("fact", item.get("facts")) if isinstance(item, dict) else None
    if isinstance(refs, str):
        return [refs]
    return [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []


def sources(item: dict, facts: dict[str, dict]) -> list[dict]:
    """The documentation pages behind an item's facts: [{"title", "url"}], each page once."""
    out: list[dict] = []
    for fid in fact_ids(item):
        page = (facts.get(fid) or {}).get("source")
        if isinstance(page, dict) and page.get("url") and all(p["url"] != page["url"] for p in out):
            out.append({"title": page.get("title", page["url"]), "url": page["url"]})
    return out


def _check_mocks(mocks: Any, names: set[str], rel: str, item: str | None, fld: str,
                 errors: list[ContentError]) -> bool:
    ok = True
    if isinstance(mocks, dict):
        for state in mocks:
            if state not in names:
                errors.append(ContentError(rel, item, f"{fld}.{state}", "mocks a state that is not in the workflow"))
                ok = False
    return ok


def _engine_validate():
    try:
        from engine import validate  # type: ignore[attr-defined]
    except ImportError:
        return None
    except Exception:  # noqa: BLE001 - a half-written engine must not break the study app
        return None
    return validate if callable(validate) else None


def _engine_problems(validate, definition: Any, workflow_type: str = "STANDARD") -> list[tuple[str, str]]:
    """(path, message) for each error-severity problem engine.validate reports."""
    try:
        try:
            result = validate(definition, workflow_type=workflow_type)
        except TypeError:
            result = validate(definition)
    except Exception as exc:  # noqa: BLE001
        problems = getattr(exc, "problems", None)
        if problems is None:
            return [("", f"engine.validate raised {type(exc).__name__}: {exc}")]
        result = problems
    out = []
    for p in result or []:
        if isinstance(p, dict):
            severity, path, message = p.get("severity", "error"), p.get("path", ""), p.get("message", str(p))
        elif isinstance(p, str):
            severity, path, message = "error", "", p
        else:
            severity = getattr(p, "severity", "error")
            path, message = getattr(p, "path", ""), getattr(p, "message", str(p))
        if severity == "error":
            out.append((path or "", message))
    return out


# --------------------------------------------------------------------------------------------
# Loading


def _load_facts(root: Path, errors: list[ContentError]) -> dict[str, dict] | None:
    """Fact id -> fact, or None when content/facts.yaml can't be used at all."""
    rel = FACTS_FILE
    path = root / rel
    if not path.exists():
        errors.append(ContentError(rel, None, None, "file is missing"))
        return None
    data = _read_nonempty(path, rel, errors)
    if data is None:
        return None
    data = _validate(data, "facts", rel, errors, lists=("facts",))
    if data is None:
        return None
    facts: dict[str, dict] = {}
    for fact in data.get("facts") or []:
        if fact["id"] in facts:
            errors.append(ContentError(rel, f"fact {fact['id']}", "id", "duplicate fact id"))
            continue
        facts[fact["id"]] = fact
    return facts


def _load_guide(root: Path, facts: _Facts, errors: list[ContentError]) -> dict:
    rel = "content/guide.yaml"
    path = root / rel
    if not path.exists():
        errors.append(ContentError(rel, None, None, "file is missing"))
        return {}
    data = _read(path, rel, errors)
    if data is None:
        if not any(e.file == rel for e in errors):
            errors.append(ContentError(rel, None, None, "file is empty"))
        return {}
    guide = _validate(data, "guide", rel, errors, lists=("outline", "pairs", "objectives"), sections=True)
    if guide is None:
        return {}
    seen: set[str] = set()

    def walk(nodes, where):
        for i, node in enumerate(nodes or []):
            if not isinstance(node, dict):
                continue
            nid = node.get("id")
            if nid in seen:
                errors.append(ContentError(rel, f"outline node {nid}", "id", "duplicate outline id"))
            seen.add(nid)
            facts.check(node.get("facts"), rel, f"outline node {nid}", "facts", errors)
            walk(node.get("children"), f"{where}[{i}].children")

    walk(guide.get("outline"), "outline")
    pair_ids: set[str] = set()
    kept = []
    for pair in guide.get("pairs") or []:
        if pair.get("id") in pair_ids:
            errors.append(ContentError(rel, f"pair {pair['id']}", "id", "duplicate pair id"))
        pair_ids.add(pair.get("id"))
        if facts.check(pair.get("fact"), rel, f"pair {pair.get('id')}", "fact", errors):
            kept.append(pair)
    if "pairs" in guide:
        guide["pairs"] = kept
    for section in ("big_idea", "worked_example", "exam_tip"):
        if isinstance(guide.get(section), dict):
            facts.check(guide[section].get("facts"), rel, None, f"{section}.facts", errors)
    return guide


def _load_list(root: Path, rel: str, kind: str, key: str, errors: list[ContentError]) -> list:
    path = root / rel
    if not path.exists():
        errors.append(ContentError(rel, None, None, "file is missing"))
        return []
    data = _read(path, rel, errors)
    if data is None:
        if not any(e.file == rel for e in errors):
            errors.append(ContentError(rel, None, None, "file is empty"))
        return []
    data = _validate(data, kind, rel, errors, lists=(key,))
    if data is None:
        return []
    return list(data.get(key) or [])


def _read_nonempty(path: Path, rel: str, errors: list[ContentError]) -> Any:
    """A file's data, or None (with an error recorded) when it can't be read or is empty."""
    data = _read(path, rel, errors)
    if data is None and not any(e.file == rel for e in errors):
        errors.append(ContentError(rel, None, None, "file is empty"))
    return data


def _load_workflows(root: Path, errors: list[ContentError]) -> dict[str, dict]:
    workflows: dict[str, dict] = {}
    folder = root / "content" / "workflows"
    if not folder.is_dir():
        return workflows
    for path in sorted(p for p in folder.iterdir() if p.suffix in QUIZ_SUFFIXES and p.is_file()):
        rel = f"content/workflows/{path.name}"
        data = _read_nonempty(path, rel, errors)
        if data is None:
            continue
        label = f"workflow {path.stem}"
        wf = _validate(data, "workflow", rel, errors, lists=("inputs", "failures"), whole_label=label)
        if wf is None:
            continue
        if wf["id"] != path.stem:
            errors.append(ContentError(rel, label, "id", f"{wf['id']!r} must equal the file name stem {path.stem!r}"))
            continue
        if wf["id"] in workflows:
            errors.append(ContentError(rel, label, "id", "duplicate workflow id"))
            continue
        names = state_names(wf["definition"])
        inputs = wf.get("inputs") or []
        input_names = [i["name"] for i in inputs]
        kept = []
        for i, failure in enumerate(wf.get("failures") or []):
            flabel = _item_label("failures", i, failure)
            ok = _check_mocks(failure.get("mocks"), names, rel, flabel, "mocks", errors)
            if "input" in failure and failure["input"] not in input_names:
                errors.append(ContentError(rel, flabel, "input", f"no sample input named {failure['input']!r}"))
                ok = False
            if ok:
                kept.append(failure)
        if "failures" in wf:
            wf["failures"] = kept
        if not inputs:
            errors.append(ContentError(rel, label, "inputs", "no valid sample input left"))
            continue
        for dup in duplicate_slugs(wf):
            errors.append(ContentError(rel, label, "inputs/failures",
                                       f"two scenarios share the address name {dup!r}: rename one"))
        workflows[wf["id"]] = wf
    validate = _engine_validate()
    if validate is not None:
        for wid in list(workflows):
            wf = workflows[wid]
            problems = _engine_problems(validate, wf["definition"], wf.get("type", "STANDARD"))
            for path, message in problems:
                fld = "definition" + (path.replace("/", ".") if path.startswith("/") else (f".{path}" if path else ""))
                errors.append(ContentError(f"content/workflows/{wid}.yaml", f"workflow {wid}", fld, message))
            if problems:
                del workflows[wid]
    return workflows


def _load_questions(root: Path, workflows: dict[str, dict], facts: _Facts,
                    errors: list[ContentError]) -> list[dict]:
    questions: list[dict] = []
    folder = root / "quizzes"
    if not folder.is_dir():
        return questions
    seen: dict[str, str] = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix in QUIZ_SUFFIXES and p.is_file()):
        rel = f"quizzes/{path.name}"
        data = _read_nonempty(path, rel, errors)
        if data is None:
            continue
        data = _validate(data, "quiz", rel, errors, lists=("questions",))
        if data is None:
            continue
        for q in data.get("questions") or []:
            qid = q["id"]
            label = f"question {qid}"
            problems_before = len(errors)
            if qid in seen:
                errors.append(ContentError(rel, label, "id", f"duplicate id (also in {seen[qid]})"))
                continue
            seen[qid] = rel
            choice_ids = [c["id"] for c in q["choices"]]
            dupes = sorted({c for c in choice_ids if choice_ids.count(c) > 1})
            if dupes:
                errors.append(ContentError(rel, label, "choices", f"duplicate choice ids: {', '.join(dupes)}"))
            for i, a in enumerate(q["answer"]):
                if a not in choice_ids:
                    errors.append(ContentError(rel, label, f"answer[{i}]" if len(q["answer"]) > 1 else "answer",
                                               f"{a!r} is not one of the choices ({', '.join(choice_ids)})"))
            if q["type"] == "multiple":
                if q["choose"] != len(q["answer"]):
                    errors.append(ContentError(rel, label, "choose",
                                               f"choose is {q['choose']} but answer has {len(q['answer'])} ids"))
                if q["choose"] >= len(q["choices"]):
                    errors.append(ContentError(rel, label, "choose", "choose must be smaller than the number of choices"))
            elif len(q["answer"]) != 1:
                errors.append(ContentError(rel, label, "answer", f"a {q['type']} question has exactly one answer"))
            if q.get("style") == "scenario" and q["type"] not in ("single", "multiple"):
                errors.append(ContentError(rel, label, "style", "only single and multiple questions are scenario-style"))
            if q["type"] == "true_false" and sorted(choice_ids) != ["false", "true"]:
                errors.append(ContentError(rel, label, "choices", "true_false choices are 'true' and 'false'"))
            facts.check(q.get("fact"), rel, label, "fact", errors)
            if q["type"] == "predict":
                wf = workflows.get(q["workflow"])
                if wf is None:
                    errors.append(ContentError(rel, label, "workflow", f"no workflow {q['workflow']!r} in content/workflows"))
                else:
                    q = _with_scenario(q, wf, rel, label, errors)
                values = [json.dumps(c.get("value"), sort_keys=True) for c in q["choices"]]
                if len(set(values)) != len(values):
                    errors.append(ContentError(rel, label, "choices", "two choices claim the same value"))
            if len(errors) == problems_before:
                questions.append(q)
    return questions


def _with_scenario(q: dict, wf: dict, rel: str, label: str, errors: list[ContentError]) -> dict:
    """The predict question with its scenario's `input` and `mocks` filled in (or an error)."""
    by_slug = {s.slug: s for s in scenarios(wf)}
    found = by_slug.get(q["scenario"])
    if found is None:
        known = ", ".join(sorted(by_slug)) or "none"
        errors.append(ContentError(rel, label, "scenario",
                                   f"workflow {wf['id']!r} has no scenario {q['scenario']!r} "
                                   f"(its scenarios: {known})"))
        return q
    return {**q, "input": found.input, "mocks": dict(found.mocks)}


def _check_scenario(item: dict, workflows: dict, rel: str, label: str | None, fld: str,
                    errors: list[ContentError]) -> None:
    """A guide item's `scenario` must name one of its workflow's scenarios by slug."""
    wanted = item.get("scenario")
    if wanted and find_scenario(workflows[item["workflow"]], wanted) is None:
        slugs = ", ".join(s.slug for s in scenarios(workflows[item["workflow"]]))
        errors.append(ContentError(rel, label, fld, f"{item['workflow']} has no scenario {wanted!r} (it has: {slugs})"))


def load_content(root: str | Path | None = None) -> Content:
    """Read everything under `root` (default: the repository root) and check it.

    Returns plain dicts/lists (pickle-friendly, so `st.cache_data` can wrap this).
    """
    root = Path(root) if root is not None else DEFAULT_ROOT
    errors: list[ContentError] = []
    fact_table = _load_facts(root, errors)
    facts = _Facts(fact_table)
    guide = _load_guide(root, facts, errors)
    glossary = _load_list(root, "content/glossary.yaml", "glossary", "terms", errors)
    comparison = _load_list(root, "content/comparison.yaml", "comparison", "rows", errors)
    workflows = _load_workflows(root, errors)
    questions = _load_questions(root, workflows, facts, errors)

    # Glossary: unique ids, related links resolve, fact numbers exist.
    rel = "content/glossary.yaml"
    ids: set[str] = set()
    unique_terms = []
    for term in glossary:
        if term["id"] in ids:
            errors.append(ContentError(rel, f"term {term['id']}", "id", "duplicate term id"))
            continue
        ids.add(term["id"])
        unique_terms.append(term)
    glossary = []
    for term in unique_terms:
        label = f"term {term['id']}"
        for i, other in enumerate(term.get("related") or []):
            if other not in ids:
                errors.append(ContentError(rel, label, f"related[{i}]", f"{other!r} is not a term id"))
            elif other == term["id"]:
                errors.append(ContentError(rel, label, f"related[{i}]", "a term can't be related to itself"))
        if facts.check(term.get("fact"), rel, label, "fact", errors):
            glossary.append(term)

    rel = "content/comparison.yaml"
    comparison = [row for i, row in enumerate(comparison)
                  if facts.check(row.get("fact"), rel, _item_label("rows", i, row), "fact", errors)]

    # Guide -> workflows.
    rel = "content/guide.yaml"
    for pair in guide.get("pairs") or []:
        if pair.get("workflow") and pair["workflow"] not in workflows:
            errors.append(ContentError(rel, f"pair {pair['id']}", "workflow", f"no workflow {pair['workflow']!r}"))
    we = guide.get("worked_example")
    if isinstance(we, dict) and we.get("workflow") not in workflows:
        errors.append(ContentError(rel, None, "worked_example.workflow", f"no workflow {we.get('workflow')!r}"))
    elif isinstance(we, dict):
        _check_scenario(we, workflows, rel, None, "worked_example.scenario", errors)

    def walk(nodes):
        for node in nodes or []:
            if node.get("workflow") and node["workflow"] not in workflows:
                errors.append(ContentError(rel, f"outline node {node['id']}", "workflow",
                                           f"no workflow {node['workflow']!r}"))
            elif node.get("workflow"):
                _check_scenario(node, workflows, rel, f"outline node {node['id']}", "scenario", errors)
            walk(node.get("children"))

    walk(guide.get("outline"))

    return Content(facts=fact_table or {}, guide=guide, glossary=glossary, comparison=comparison, workflows=workflows,
                   questions=questions, errors=errors)

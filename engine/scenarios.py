"""An example workflow file's scenarios: its sample inputs and failure scenarios, with slugs.

An example workflow file (the app's `content/workflows/<id>.yaml`) holds a `definition`
beside named `inputs` and `failures` (mocks in the MockConfigFile's MockedResponses form).

The slug is what the Simulator's address and a predict question use to name a scenario:
the name in lower case, with every run of other characters turned into one `-`
("Resize keeps failing with a service error" -> "resize-keeps-failing-with-a-service-error").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_OTHER = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """The scenario's name in lower case, each run of other characters one `-`."""
    return _OTHER.sub("-", str(name).lower()).strip("-")


@dataclass(frozen=True)
class Scenario:
    """One runnable scenario of an example workflow."""

    slug: str
    name: str
    kind: str  # "input" (a sample input) or "failure" (mocked task failures)
    input: Any
    mocks: dict = field(default_factory=dict)
    description: str = ""
    expect: dict = field(default_factory=dict)


def scenarios(workflow: dict) -> list[Scenario]:
    """Every scenario of a workflow: its sample inputs first, then its failures.

    A failure runs with the sample input it names (`input: <name>`), or the first one.
    """
    inputs = workflow.get("inputs") or []
    by_name = {i["name"]: i for i in inputs}
    out = [
        Scenario(slug(i["name"]), i["name"], "input", i.get("input"), {}, i.get("description", ""),
                 dict(i.get("expect") or {}))
        for i in inputs
    ]
    for f in workflow.get("failures") or []:
        base = by_name.get(f.get("input")) or (inputs[0] if inputs else {})
        out.append(Scenario(slug(f["name"]), f["name"], "failure", base.get("input"), dict(f.get("mocks") or {}),
                            f.get("description", ""), dict(f.get("expect") or {})))
    return out


def find(workflow: dict, wanted: str | None) -> Scenario | None:
    """The scenario with this slug (or exact name), or None."""
    if not wanted:
        return None
    for s in scenarios(workflow):
        if s.slug == wanted or s.name == wanted:
            return s
    return None


def duplicate_slugs(workflow: dict) -> list[str]:
    """Slugs that two scenarios of one workflow share (so an address can't tell them apart)."""
    seen: set[str] = set()
    dups: list[str] = []
    for s in scenarios(workflow):
        if s.slug in seen and s.slug not in dups:
            dups.append(s.slug)
        seen.add(s.slug)
    return dups

"""Time engine.validate on real definitions, the way the Simulator calls it on every keystroke.

Usage (from the repo root):  python bench/validate_bench.py [--runs N]

For the largest definition in ../shared/realworld/cases (by JSON size) and a few others it
prints the median time to validate:
- `text`: the definition as JSON text, parsed and validated (what a pasted definition costs);
- `cold`: the same with the path, intrinsic and JSONata compile caches emptied first (the first
  keystroke after an edit that changed every expression);
- `dict`: an already-parsed definition, caches warm.
The goal is well under 50 ms for the largest. Nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine import validate  # noqa: E402
from engine import intrinsics, jsonata_mode, paths  # noqa: E402

REALWORLD = ROOT / ".." / "shared" / "realworld" / "cases"
WORKFLOWS = ROOT / "content" / "workflows"


def clear_caches() -> None:
    for fn in (intrinsics.compile_intrinsic, jsonata_mode.compile_expr, getattr(paths, "compile_path", None),
               getattr(paths, "compile_reference", None)):
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()


def median_ms(fn, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def definitions() -> list[tuple[str, dict]]:
    """The largest real-world definition, the largest JSONata one, and the example workflows' largest."""
    out = []
    if REALWORLD.is_dir():
        cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REALWORLD.glob("*.json"))]
        by_size = sorted(cases, key=lambda c: len(json.dumps(c["definition"])), reverse=True)
        out.append(("largest real-world: " + by_size[0]["name"].split("/")[-1], by_size[0]["definition"]))
        out.append(("2nd largest real-world: " + by_size[1]["name"].split("/")[-1], by_size[1]["definition"]))
        jsonata = [c for c in by_size if c.get("query_language") == "JSONata"]
        if jsonata:
            out.append(("largest JSONata real-world: " + jsonata[0]["name"].split("/")[-1], jsonata[0]["definition"]))
    import yaml

    flows = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKFLOWS.glob("*.yaml"))]
    flows.sort(key=lambda w: len(json.dumps(w["definition"])), reverse=True)
    out.append(("largest example workflow: " + flows[0]["id"], flows[0]["definition"]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args(argv)
    print(f"{'definition':60} {'states':>6} {'KiB':>6} {'text ms':>8} {'cold ms':>8} {'dict ms':>8}")
    for label, definition in definitions():
        text = json.dumps(definition, indent=2)
        problems = [p for p in validate(definition) if p.severity == "error"]
        if problems:
            print(f"{label}: {len(problems)} error(s), first: {problems[0]}", file=sys.stderr)
        states = _count_states(definition)
        text_ms = median_ms(lambda: validate(text), args.runs)
        cold_ms = median_ms(lambda: validate(text), args.runs, before=clear_caches)
        dict_ms = median_ms(lambda: validate(definition), args.runs)
        print(f"{label[:60]:60} {states:>6} {len(text) / 1024:>6.1f} {text_ms:>8.2f} {cold_ms:>8.2f} {dict_ms:>8.2f}")
    return 0


def _count_states(spec) -> int:
    n, todo = 0, [spec]
    while todo:
        scope = todo.pop()
        for state in (scope.get("States") or {}).values():
            n += 1
            todo.extend(state.get("Branches") or [])
            for key in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(key), dict):
                    todo.append(state[key])
    return n


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark engine.execute on the shared workloads and compare with the peers' recorded runs.

Usage (from the repo root):  python bench/engine_bench.py [--runs N] [--no-steps] [--profile]

Each workload in ../shared/bench/workloads (see its manifest.json) runs several times through
engine.execute. Every run is checked: status SUCCEEDED, output equal to the expected output, and
the number of *StateEntered history events equal to the manifest's. Then a table is printed:
median wall time, transitions per second (the *StateEntered count / median time), the process's
peak RSS, and the peers' medians from ../shared/bench/results. Nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import json
import pstats
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine import execute  # noqa: E402

SHARED = ROOT / ".." / "shared" / "bench"
WORKLOADS = SHARED / "workloads"
RESULTS = SHARED / "results"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def load_workloads() -> dict[str, dict]:
    manifest = json.loads((WORKLOADS / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for name, spec in manifest["workloads"].items():
        out[name] = {
            "definition": json.loads((WORKLOADS / spec["asl"]).read_text(encoding="utf-8")),
            "input": json.loads((WORKLOADS / spec["input"]).read_text(encoding="utf-8")),
            "expected": json.loads((WORKLOADS / spec["expected_output"]).read_text(encoding="utf-8")),
            "entered": spec["expected_state_entered_events"],
        }
    return out


def load_peers() -> dict[str, dict[str, dict]]:
    """peer column -> workload -> {"ms": median ms, "tps": transitions/s, "note": size note}."""
    peers: dict[str, dict[str, dict]] = {}
    moto_file = RESULTS / "peer_moto.json"
    if moto_file.is_file():
        moto = json.loads(moto_file.read_text(encoding="utf-8"))
        for r in moto.get("results", []):
            summary = r.get("summary") or {}
            if not summary.get("ok"):
                continue
            column = "moto shipped" if r.get("mode") == "shipped" else f"moto {r.get('mode')}"
            size, full = r.get("size"), r.get("full_size")
            peers.setdefault(column, {})[r["workload"]] = {
                "ms": summary.get("exec_ms_median"),
                "tps": summary.get("transitions_per_s"),
                "note": "" if size == full else f"n={size}/{full}",
            }
    statebox_file = RESULTS / "peer_statebox.json"
    if statebox_file.is_file():
        sb = json.loads(statebox_file.read_text(encoding="utf-8"))
        runs = sb if isinstance(sb, list) else [sb]
        for r in runs:
            if r.get("ok"):
                peers.setdefault("statebox", {})[r["workload"]] = {
                    "ms": r.get("exec_ms_median"), "tps": r.get("transitions_per_s"),
                    "note": "subst." if r.get("substitutions") else ""}
    return peers


def entered_count(run) -> int:
    return sum(1 for e in run.history if str(e.get("type", "")).endswith("StateEntered"))


def bench_one(name: str, w: dict, runs: int, options: dict) -> dict:
    times, problems = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        run = execute(w["definition"], w["input"], **options)
        times.append((time.perf_counter() - t0) * 1000)
        if run.status != "SUCCEEDED":
            problems.append(f"status {run.status} {run.error}: {run.cause}")
        elif run.output != w["expected"]:
            problems.append("output differs from the expected output")
        n = entered_count(run)
        if n != w["entered"]:
            problems.append(f"{n} *StateEntered events, manifest says {w['entered']}")
    median = statistics.median(times)
    return {"name": name, "ms": median, "tps": w["entered"] / (median / 1000) if median else float("inf"),
            "rss": peak_rss_mb(), "ok": not problems, "problems": sorted(set(problems))}


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_table(rows: list[dict], peers: dict[str, dict[str, dict]]) -> None:
    columns = sorted(peers)
    header = f"{'workload':<16} {'ok':<4} {'median ms':>10} {'trans/s':>10} {'peak RSS MB':>12}"
    for c in columns:
        header += f" | {c + ' ms':>18} {c + ' tr/s':>20}"
    print(header)
    print("-" * len(header))
    for r in rows:
        line = f"{r['name']:<16} {'yes' if r['ok'] else 'NO':<4} {r['ms']:>10.2f} {r['tps']:>10,.0f} {r['rss']:>12.1f}"
        for c in columns:
            p = peers[c].get(r["name"])
            ms = f"{fmt(p and p['ms'], '.1f')}{(' ' + p['note']) if p and p['note'] else ''}" if p else "-"
            line += f" | {ms:>18} {fmt(p and p['tps'], ',.0f'):>20}"
        print(line)
    for r in rows:
        for problem in r["problems"]:
            print(f"  ! {r['name']}: {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per workload (median reported)")
    parser.add_argument("--no-steps", action="store_true",
                        help="pass record_steps=False (a keyword of engine.execute) to skip the per-state trace")
    parser.add_argument("--profile", action="store_true", help="print a cProfile top-15 for loop_1000")
    args = parser.parse_args(argv)

    if not (WORKLOADS / "manifest.json").is_file():
        print("skipped: ../shared/bench/workloads/manifest.json not found next to this checkout")
        return 0
    options = {}
    if args.no_steps:
        if "record_steps" in inspect.signature(execute).parameters:
            options["record_steps"] = False
        else:
            print("note: engine.execute has no record_steps option; running with defaults")
    workloads = load_workloads()
    first = next(iter(workloads.values()))
    execute(first["definition"], first["input"], **options)  # warm-up: imports, caches
    rows = [bench_one(name, w, args.runs, options) for name, w in workloads.items()]
    peers = load_peers()

    print(f"engine.execute, {args.runs} runs per workload, options {options or 'default (steps recorded)'}; "
          f"Python {sys.version.split()[0]}")
    print_table(rows, peers)
    print()
    print("trans/s = *StateEntered events per second of median wall time (the manifest's transitions).")
    print("Peak RSS is this process's high-water mark so far (resource.getrusage), so it only grows down the table.")
    print("moto 'shipped' runs used smaller workload sizes than full (n=size/full); its ms are not comparable to")
    print("ours - compare the per-transition rates (tr/s). moto 'jsonpath-cache' ran the full sizes. statebox ran")
    print("loop_1000 only, with States.MathAdd replaced by a module Task (subst.). Peer figures were recorded on")
    print("another machine and day; treat every comparison as rough.")
    if args.profile and "loop_1000" in workloads:
        w = workloads["loop_1000"]
        profiler = cProfile.Profile()
        profiler.enable()
        execute(w["definition"], w["input"], **options)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print()
        print("cProfile, loop_1000 (top 15 by cumulative time):")
        print(out.getvalue())
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

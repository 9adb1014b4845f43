"""Benchmark engine.execute on the shared workloads, with the peers run side by side in the same run.

Usage (from the repo root):
    python bench/engine_bench.py [--peer als] [--peer moto] [--rounds N] [--runs N] [--warmup N] [--only NAMES]
    python bench/engine_bench.py --profile loop_1000

Each workload in ../shared/bench/workloads (see its manifest.json) runs in `--rounds` rounds; in
each round it runs in a fresh child process through engine.execute, then through each peer asked
for. The engines take turns, so a slow spell on this shared machine falls on all of them rather
than on whichever ran during it, and every ratio compares figures taken seconds apart. Every run is checked: its
output must equal the expected output and its *StateEntered count the manifest's; a run that is
wrong is reported and its time is not used (a fast wrong answer does not count).

What is timed, in-process, after `--warmup` untimed runs per round, median of all rounds' `--runs`:
- ours: one engine.execute(definition, input) call: validation, compiling, running, the full
  history, and (by default) the per-state steps the Simulator shows; the "no steps" column
  is the same with record_steps=False, timed in the same process, runs interleaved.
- als (aws-local-stepfunctions, Node.js): StateMachine.run(input) to its result; the
  constructor (where it validates) is not timed. Installed with npm into a cache folder outside
  the repository ($STEPWISE_BENCH_CACHE, else $XDG_CACHE_HOME/stepwise-bench, else
  ~/.cache/stepwise-bench).
- moto (its Step Functions "parser" backend, called in-process without HTTP): start_execution
  until the execution's worker thread ends, with jsonpath-ng's parse memoised (moto re-parses
  every JSONPath on every use; cached, its parse cost is gone and only its interpreter is timed).

Peak RSS is each child process's high-water mark (interpreter, imports and all runs).
Nothing here asserts on timing: figures are printed, never tested.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKLOADS = ROOT / ".." / "shared" / "bench" / "workloads"
ALS_VERSION = "3.0.0"
MOTO_REQUIREMENT = "moto[stepfunctions]==5.2.5"
IMPORT_SAMPLES = 7


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def load_manifest() -> dict:
    return json.loads((WORKLOADS / "manifest.json").read_text(encoding="utf-8"))["workloads"]


def load_workload(name: str) -> dict:
    spec = load_manifest()[name]
    read = lambda key: json.loads((WORKLOADS / spec[key]).read_text(encoding="utf-8"))  # noqa: E731
    return {"definition": read("asl"), "input": read("input"), "expected": read("expected_output"),
            "entered": spec["expected_state_entered_events"]}


def check(w: dict, status: str, output, entered: int, detail: str = "") -> str | None:
    """What is wrong with one run, or None."""
    if status != "SUCCEEDED":
        return f"status {status} {detail}".strip()
    if output != w["expected"]:
        return "output differs from the expected output"
    if entered != w["entered"]:
        return f"{entered} *StateEntered events, manifest says {w['entered']}"
    return None


# -- children: one workload, one engine, one process --------------------------------------


def child_ours(name: str, warmup: int, runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from engine import execute

    w = load_workload(name)
    times: dict[bool, list[float]] = {True: [], False: []}
    cpu: list[float] = []
    read: list[float] = []  # execute, then its history and steps read (made into dicts: see engine/records.py)
    problems: set[str] = set()
    run = None
    for i in range(warmup + runs):
        for steps in (True, False):
            # The previous run's result stays alive through this run (the collector walks it, as
            # it walks whatever a caller keeps) but is freed after the clock stops, not charged
            # to this run.
            kept = run
            c0, t0 = time.process_time(), time.perf_counter()
            run = execute(w["definition"], w["input"], record_steps=steps)
            ms = (time.perf_counter() - t0) * 1000
            cpu_ms = (time.process_time() - c0) * 1000
            t1 = time.perf_counter()
            history, _ = run.history, run.steps
            read_ms = ms + (time.perf_counter() - t1) * 1000
            del kept
            entered = sum(1 for e in history if e["type"].endswith("StateEntered"))
            problem = check(w, run.status, run.output, entered, f"{run.error}: {run.cause}")
            if problem:
                problems.add(problem)
            elif i >= warmup:
                times[steps].append(ms)
                if steps:
                    cpu.append(cpu_ms)
                    read.append(read_ms)
    return {"times_ms": times[True], "no_steps_ms": times[False], "cpu_ms": cpu, "read_ms": read,
            "problems": sorted(problems),
            "peak_rss_mb": peak_rss_mb()}


def child_moto(name: str, warmup: int, runs: int) -> dict:
    import functools
    import importlib.metadata
    import logging
    import threading

    from jsonpath_ng import ext as jsonpath_ext
    import jsonpath_ng
    from moto.stepfunctions.parser.asl.component.common.path import result_path
    from moto.stepfunctions.parser.asl.utils import json_path
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends
    from moto.stepfunctions.parser.utils import TMP_THREADS

    # The parse cache: moto calls jsonpath_ng's parse on every path it evaluates.
    json_path.parse = functools.lru_cache(maxsize=None)(jsonpath_ext.parse)
    result_path.parse = functools.lru_cache(maxsize=None)(jsonpath_ng.parse)

    logging.disable(logging.CRITICAL)  # moto logs every caught error with its whole program tree
    w = load_workload(name)
    backend = stepfunctions_parser_backends["123456789012"]["us-east-1"]
    machine = backend.create_state_machine(
        name=f"bench-{name}", definition=json.dumps(w["definition"]),
        roleArn="arn:aws:iam::123456789012:role/bench")
    text_input = json.dumps(w["input"])
    times, cpu, read, problems = [], [], [], set()
    for i in range(warmup + runs):
        before = len(TMP_THREADS)
        c0, t0 = time.process_time(), time.perf_counter()
        execution = backend.start_execution(machine.arn, name=f"run-{i}", execution_input=text_input)
        worker: threading.Thread = TMP_THREADS[before]
        worker.join()
        ms = (time.perf_counter() - t0) * 1000
        cpu_ms = (time.process_time() - c0) * 1000
        t1 = time.perf_counter()
        events = execution.to_history_output()["events"]
        read_ms = ms + (time.perf_counter() - t1) * 1000
        entered = sum(1 for e in events if str(e["type"]).endswith("StateEntered"))
        output = json.loads(execution.output) if isinstance(execution.output, str) else execution.output
        status = getattr(execution.exec_status, "value", execution.exec_status)
        problem = check(w, str(status), output, entered, f"{execution.error}: {execution.cause}")
        if problem:
            problems.add(problem)
            break
        if i >= warmup:
            times.append(ms)
            cpu.append(cpu_ms)
            read.append(read_ms)
    return {"times_ms": times, "cpu_ms": cpu, "read_ms": read, "problems": sorted(problems),
            "peak_rss_mb": peak_rss_mb(),
            "version": importlib.metadata.version("moto")}


def spawn(args: list[str], timeout: float = 1800) -> dict:
    """Run a child and read the JSON line it prints."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"problems": [f"did not finish within {timeout:.0f} s"], "times_ms": []}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"problems": [f"the child failed: {tail}"], "times_ms": []}
    return json.loads(lines[-1])


def pooled(results: list[dict]) -> dict:
    """One engine's rounds on one workload as one result: every timed run, every problem, the
    highest peak RSS."""
    merged: dict = {"problems": sorted({p for r in results for p in r.get("problems", [])}),
                    "peak_rss_mb": max((r.get("peak_rss_mb") or 0 for r in results), default=None)}
    for key in ("times_ms", "no_steps_ms", "cpu_ms", "read_ms"):
        merged[key] = [t for r in results for t in r.get(key, [])]
    return merged


def run_child(kind: str, name: str, warmup: int, runs: int) -> dict:
    return spawn([sys.executable, str(Path(__file__).resolve()), "--child", kind, name,
                  "--warmup", str(warmup), "--runs", str(runs)])


# -- the peers' set-up ---------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("STEPWISE_BENCH_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "stepwise-bench"


def setup_als() -> tuple[Path | None, str]:
    """Install aws-local-stepfunctions into the cache folder: (its folder, or None, and a note)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "als: Node.js and npm not found, so aws-local-stepfunctions is not run (install Node 20+)"
    folder = cache_dir() / f"aws-local-stepfunctions-{ALS_VERSION}"
    marker = folder / "node_modules" / "aws-local-stepfunctions" / "package.json"
    if not marker.is_file() or json.loads(marker.read_text(encoding="utf-8")).get("version") != ALS_VERSION:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        print(f"installing aws-local-stepfunctions@{ALS_VERSION} into {folder} ...", flush=True)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error",
                               f"aws-local-stepfunctions@{ALS_VERSION}"], cwd=folder,
                              capture_output=True, text=True)
        if done.returncode != 0 or not marker.is_file():
            tail = (done.stderr.strip().splitlines() or ["npm failed"])[-1]
            return None, f"als: npm could not install aws-local-stepfunctions@{ALS_VERSION} ({tail}); not run"
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    return folder, f"als: aws-local-stepfunctions {ALS_VERSION} on Node {version}"


def run_als(folder: Path, name: str, warmup: int, runs: int) -> dict:
    return spawn([shutil.which("node"), str(ROOT / "bench" / "als_peer.cjs"), str(folder),
                  str(WORKLOADS.resolve()), name, str(warmup), str(runs)])


def setup_moto() -> tuple[bool, str]:
    try:
        import importlib.metadata

        import jsonpath_ng  # noqa: F401  (moto's parser needs these extras)
        import antlr4  # noqa: F401
        version = importlib.metadata.version("moto")
    except Exception:
        return False, f"moto: not installed, so not run (pip install -r requirements.txt '{MOTO_REQUIREMENT}')"
    return True, (f"moto: {version}, Step Functions parser backend in-process, jsonpath-ng parse cached "
                  "(functools.lru_cache); moto itself is unchanged")


# -- the table -----------------------------------------------------------------------------


def median(times: list[float]) -> float | None:
    return statistics.median(times) if times else None


def import_time_ms() -> tuple[float, float]:
    """Median wall time of `import engine` in a fresh interpreter (site start-up excluded):
    (with bytecode cached, as Python runs by default; compiled from source every time, as
    with PYTHONDONTWRITEBYTECODE=1). The cached bytecode goes to a folder in the bench's
    cache (PYTHONPYCACHEPREFIX), never into the repository."""
    code = "import time; t = time.perf_counter(); import engine; print((time.perf_counter() - t) * 1000)"
    plain = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    cached = {**plain, "PYTHONPYCACHEPREFIX": str(cache_dir() / "pycache")}
    uncached = {**plain, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "-c", "import engine"], cwd=ROOT, env=cached)  # writes the bytecode
    samples: dict[str, list[float]] = {"cached": [], "source": []}
    for _ in range(IMPORT_SAMPLES):
        for kind, env in (("cached", cached), ("source", uncached)):
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
            samples[kind].append(float(done.stdout.strip()))
    return statistics.median(samples["cached"]), statistics.median(samples["source"])


def cell(value, spec: str, width: int) -> str:
    return f"{'-' if value is None else format(value, spec):>{width}}"


def print_table(rows: list[dict], peers: list[str]) -> None:
    header = (f"{'workload':<16} {'trans':>5} | {'ours ms':>8} {'tr/s':>8} {'no-steps ms':>11} "
              f"{'steps/no':>8} {'RSS MB':>6}")
    for p in peers:
        header += f" | {p + ' ms':>9} {'tr/s':>7} {'RSS MB':>6} {p + '/ours':>9} {'CPU':>6}"
    print(header)
    print("-" * len(header))
    for r in rows:
        ours = r["ours"]
        ms, nosteps = median(ours.get("times_ms", [])), median(ours.get("no_steps_ms", []))
        line = (f"{r['name']:<16} {r['entered']:>5} | {cell(ms, '.2f', 8)} "
                f"{cell(r['entered'] / ms * 1000 if ms else None, ',.0f', 8)} {cell(nosteps, '.2f', 11)} "
                f"{cell(ms / nosteps if ms and nosteps else None, '.2f', 8)} {cell(ours.get('peak_rss_mb'), '.0f', 6)}")
        for p in peers:
            res = r.get(p) or {}
            pms = median(res.get("times_ms", [])) if not res.get("problems") else None
            if res.get("problems"):
                line += f" | {'cannot run (see below)':>41}"
                continue
            pcpu, ocpu = median(res.get("cpu_ms", [])), median(ours.get("cpu_ms", []))
            line += (f" | {cell(pms, '.1f', 9)} {cell(r['entered'] / pms * 1000 if pms else None, ',.0f', 7)} "
                     f"{cell(res.get('peak_rss_mb'), '.0f', 6)} "
                     f"{(format(pms / ms, '.1f') + 'x') if pms and ms else '-':>9} "
                     f"{(format(pcpu / ocpu, '.1f') + 'x') if pcpu and ocpu else '-':>6}")
        print(line)
    if "moto" in peers:
        print()
        print("With the history read as well (ours: .history and .steps made into dicts; moto: to_history_output()):")
        print(f"{'workload':<16} | {'ours ms':>8} {'moto ms':>9} {'moto/ours':>9}")
        for r in rows:
            ours, moto = median(r["ours"].get("read_ms", [])), median((r.get("moto") or {}).get("read_ms", []))
            ratio = (format(moto / ours, ".1f") + "x") if ours and moto and not r["moto"].get("problems") else "-"
            print(f"{r['name']:<16} | {cell(ours, '.2f', 8)} {cell(moto, '.1f', 9)} {ratio:>9}")
    for r in rows:
        for who in ["ours", *peers]:
            for problem in (r.get(who) or {}).get("problems", []):
                print(f"  ! {r['name']} ({who}): {problem}")


def profile(name: str) -> None:
    sys.path.insert(0, str(ROOT))
    from engine import execute

    w = load_workload(name)
    execute(w["definition"], w["input"])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        execute(w["definition"], w["input"])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(f"cProfile, {name}, 5 runs (top 25 by own time):")
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", action="append", choices=["als", "moto"], default=[],
                        help="also run this peer on the same workloads (repeatable)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="fresh child processes per workload and engine, the engines taking turns")
    parser.add_argument("--runs", type=int, default=3,
                        help="timed runs per round (the median of all rounds' runs is shown)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first, per round")
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument("--profile", metavar="WORKLOAD", help="print a cProfile of ours on one workload and stop")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "WORKLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not (WORKLOADS / "manifest.json").is_file():
        print("skipped: ../shared/bench/workloads/manifest.json not found next to this checkout")
        return 0
    if args.child:
        kind, name = args.child
        result = (child_ours if kind == "ours" else child_moto)(name, args.warmup, args.runs)
        print(json.dumps(result))
        return 0
    if args.profile:
        profile(args.profile)
        return 0

    names = [n for n in load_manifest() if not args.only or n in args.only.split(",")]
    notes, peers, als_folder = [], [], None
    if "als" in args.peer:
        als_folder, note = setup_als()
        notes.append(note)
        if als_folder:
            peers.append("als")
    if "moto" in args.peer:
        ok, note = setup_moto()
        notes.append(note)
        if ok:
            peers.append("moto")

    rows = []
    for name in names:
        row = {"name": name, "entered": load_manifest()[name]["expected_state_entered_events"]}
        rounds: dict[str, list[dict]] = {who: [] for who in ["ours", *peers]}
        print(f"  {name}:", end="", flush=True)
        for _ in range(args.rounds):  # the engines take turns, so a slow spell falls on all of them
            print(" ours", end="", flush=True)
            rounds["ours"].append(run_child("ours", name, args.warmup, args.runs))
            if "als" in peers:
                print(", als", end="", flush=True)
                rounds["als"].append(run_als(als_folder, name, args.warmup, args.runs))
            if "moto" in peers:
                print(", moto;", end="", flush=True)
                rounds["moto"].append(run_child("moto", name, args.warmup, args.runs))
        print(flush=True)
        row.update({who: pooled(results) for who, results in rounds.items()})
        rows.append(row)
    imported = import_time_ms()

    print()
    print(f"{args.rounds} rounds (the engines taking turns) of {args.warmup} warm-up + {args.runs} timed runs "
          f"per workload and engine, median of the {args.rounds * args.runs} timed runs shown; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for note in notes:
        print(note)
    print_table(rows, peers)
    print()
    print("trans = the manifest's *StateEntered events; tr/s = trans per second of median time;")
    print("steps/no = ours with steps recorded / ours with record_steps=False (<= 1.00 means no-steps is slower);")
    print("<peer>/ours = the peer's median wall time / ours: how many times faster ours is, in this run;")
    print("CPU = the same ratio on CPU time (process time, all threads), which other load on the machine")
    print("disturbs less than wall time.")
    print(f"import engine: {imported[0]:.1f} ms with bytecode cached, {imported[1]:.1f} ms compiled from source "
          f"(PYTHONDONTWRITEBYTECODE=1); medians of {IMPORT_SAMPLES} fresh interpreters each")
    bad = [r for r in rows if r["ours"].get("problems") or not r["ours"].get("times_ms")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

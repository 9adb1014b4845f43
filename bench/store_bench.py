"""Answers per second committed through the progress store, on each backend, with 30
concurrent writers.

Run: python bench/store_bench.py [--writers 30] [--seconds 10] [--postgres URL]

Each writer is a thread (as Streamlit runs each learner's session) with its own profile,
calling `ProgressStore.record_answer` in a loop: one transaction per answer, committed
before the next, as the app does. All writers share one store per backend, as one app
server does. SQLite is a file in a temporary folder (WAL, synchronous=NORMAL); PostgreSQL
is the server at `--postgres` (or STEPWISE_DATABASE_URL), or else a throwaway server
started for the run with durable settings (fsync on), as a real one would be.

It prints figures (answers/s, latency percentiles, how many answers were stored) and never
fails on a figure: timing is a measurement, not a test. Compare the backends only within
one run: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the throwaway PostgreSQL server helper


def run(url: str, writers: int, seconds: float) -> dict:
    from study.progress import ProgressStore

    store = ProgressStore(url=url)
    start = threading.Barrier(writers + 1)
    stop = threading.Event()
    latencies: list[list[float]] = [[] for _ in range(writers)]
    errors: list[str] = []

    def writer(n: int) -> None:
        mine = latencies[n]
        start.wait()
        i = 0
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                store.record_answer(f"Writer {n}", f"q{i % 135}", "map", i % 3 != 0, ["a"],
                                    key=f"bench-{n}-{i}")
            except Exception as exc:  # counted and shown, never hidden
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                mine.append(time.perf_counter() - t0)
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)  # the measuring window
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    stored = sum(store.answer_count(f"Writer {n}") for n in range(writers))
    store.close()
    every = sorted(x for mine in latencies for x in mine)
    done = len(every)

    def pct(p: float) -> float:
        return 1000 * every[min(done - 1, int(p * done))] if done else float("nan")

    return {"answers": done, "stored": stored, "per_s": done / elapsed,
            "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "mean": 1000 * statistics.fmean(every) if every else float("nan"),
            "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window per backend")
    parser.add_argument("--postgres", default=os.environ.get("STEPWISE_DATABASE_URL", ""),
                        help="a PostgreSQL URL (default: a throwaway server)")
    args = parser.parse_args()

    cluster = None
    postgres = args.postgres
    if not postgres:
        import pgcluster

        if pgcluster.bindir() is None:
            print("PostgreSQL is not installed (apt-get install -y postgresql): SQLite only")
        else:
            cluster = pgcluster.start(durable=True)
            postgres = cluster.new_database("bench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            backends = [("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
            if postgres:
                backends.append(("postgresql", postgres))
            print(f"{args.writers} concurrent writers, {args.seconds:g} s per backend, "
                  f"one transaction per answer")
            print(f"{'backend':<11} {'answers/s':>10} {'p50 ms':>8} {'p95 ms':>8} "
                  f"{'p99 ms':>8} {'answers':>8} {'stored':>8} {'errors':>7}")
            for name, url in backends:
                r = run(url, args.writers, args.seconds)
                print(f"{name:<11} {r['per_s']:>10.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                      f"{r['p99']:>8.1f} {r['answers']:>8} {r['stored']:>8} "
                      f"{len(r['errors']):>7}")
                for e in sorted(set(r["errors"]))[:3]:
                    print(f"    {e}")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()

"""Server-side time of the Simulator's step, scrub and play on the 1,000-item Map example.

Run: python bench/simulator_interactions.py [--repeat N] [--workflow ID --scenario SLUG]

Each figure is the time of AppTest's `.run()` after the interaction: a whole rerun of the
page script, which is an upper bound for the fragment rerun a browser click causes. The
run itself is computed once per (definition, input, mocks, type) and cached, so after the
first load no interaction runs the engine again; the first load's time is printed apart.
The goal is under 150 ms each. It prints figures and never fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="samples per interaction")
    parser.add_argument("--workflow", default="map-1000")
    parser.add_argument("--scenario", default="one-card-is-declined-tolerated")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["STEPWISE_DB"] = str(Path(tmp.name) / "bench.sqlite3")
    os.environ.pop("STEPWISE_CONTENT_DIR", None)

    from streamlit.testing.v1 import AppTest

    from ui import state as S

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"workflow": args.workflow, "scenario": args.scenario})
    at.run()
    start = time.perf_counter()
    at.switch_page("ui/pages/simulator.py").run()
    first = (time.perf_counter() - start) * 1000
    if at.exception:
        print("the page failed:", at.exception)
        return
    count = at.slider(key=S.SIM_STEP).max + 1
    print(f"{args.workflow} / {args.scenario}: {count} moments; first load (runs the engine once) "
          f"{first:.0f} ms")

    def timed(action) -> float:
        action()
        t = time.perf_counter()
        at.run()
        return (time.perf_counter() - t) * 1000

    def forward():
        at.button(key="sim_forward").click() if at.session_state[S.SIM_STEP] < count - 1 else \
            at.button(key="sim_first").click()

    def scrub():
        at.slider(key=S.SIM_STEP).set_value((at.session_state[S.SIM_STEP] + count // 3) % count)

    def play():  # one timer tick: the page advances a moment while Play is on
        at.session_state[S.SIM_PLAYING] = True
        if at.session_state[S.SIM_STEP] >= count - 2:
            at.session_state[S.SIM_STEP] = 0

    rows = []
    for name, action in (("step forward", forward), ("scrub", scrub), ("play tick", play)):
        samples = [timed(action) for _ in range(args.repeat)]
        rows.append((name, statistics.median(samples), max(samples)))
    at.session_state[S.SIM_PLAYING] = False
    print(f"{'interaction':<14} {'median ms':>10} {'max ms':>8}   goal < {GOAL_MS} ms")
    for name, median, worst in rows:
        print(f"{name:<14} {median:>10.1f} {worst:>8.1f}   {'ok' if median < GOAL_MS else 'over'}")


if __name__ == "__main__":
    main()

"""What one learner's browser spends on a Simulator click: main-thread time and the top functions.

Usage (from the repo root):
    python bench/browser_cost.py [--workflow map-1000] [--clicks 8] [--top 12]

It starts `streamlit run app.py` (as bench/classroom.py does), opens the Simulator at
`--workflow` in one Debian Chromium, waits for the page, then presses "Forward" `--clicks`
times (each settled when the next "Moment k of N" shows) with Chrome's own counters and its
sampling JavaScript profiler on. It prints, per click: the renderer's main-thread task,
script, layout and style time (Performance.getMetrics), and the functions with the most
self time. The waits are Playwright's, so its text matching shows in the profile too (it
is named so). Nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from classroom import CHROMIUM, CHROMIUM_ARGS, LOAD_MS, SETTLE_MS, start_server  # noqa: E402

METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
PLAYWRIGHT = {"elementText", "query", "queryAll", "normalizeWhiteSpace", "shouldSkipForTextMatching",
              "checkVisibility"}  # Playwright's injected selector engine (the waits)


def measure(url: str, workflow: str, clicks: int, top: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/simulator?workflow={workflow}&step=0")
        page.get_by_text("Moment 0 of").first.wait_for(timeout=LOAD_MS)
        last = int(page.get_by_text("Moment 0 of").first.inner_text().split(" of ")[1].split()[0])
        clicks = min(clicks, last)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        before = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        cdp.send("Profiler.start")
        for k in range(1, clicks + 1):
            page.get_by_role("button", name="Forward").click()
            page.get_by_text(f"Moment {k} of {last}").first.wait_for(timeout=SETTLE_MS)
        profile = cdp.send("Profiler.stop")["profile"]
        after = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser.close()

    print(f"{workflow}: {clicks} clicks on Forward, one browser, 1440x900")
    for name in METRICS:
        print(f"  {name:<20} {1000 * (after[name] - before[name]) / clicks:8.1f} ms per click")
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    self_us: collections.Counter = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]
        name = frame["functionName"] or "(anonymous)"
        where = frame["url"].rsplit("/", 1)[-1] or ("Playwright" if name in PLAYWRIGHT else "")
        self_us[(name, where)] += delta
    print("  functions with the most self time (ms per click; (idle) is waiting):")
    for (name, where), us in self_us.most_common(top):
        print(f"  {us / 1000 / clicks:8.1f}  {name}  {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflow", default="map-1000")
    parser.add_argument("--clicks", type=int, default=8)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _log = start_server(Path(tmp))
        try:
            measure(url, args.workflow, args.clicks, args.top)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

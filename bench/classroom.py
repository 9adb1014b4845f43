"""A classroom against one app server: N real browser sessions click through the Quiz and the Simulator.

Usage (from the repo root):
    python bench/classroom.py [--sessions 30] [--think 3] [--rounds 4] [--warmup 0] [--pages quiz,simulator]

It starts `streamlit run app.py` on a free local port (a throwaway progress database), opens
one Debian Chromium (/usr/bin/chromium, never a downloaded browser) with one browser context
per learner, so each is its own Streamlit session, and has every learner, at once:
- on the Quiz: pick an answer and press "Check answer" (settled when the feedback shows), then
  "Next question" (settled when another question's caption shows);
- on the Simulator: press "Forward" (settled when "Moment k+1 of N" shows), then scrub the
  slider to its start or end with the keyboard (settled when "Moment 0" or the last one shows).
Between clicks each learner thinks for `--think` seconds (with a seeded jitter, and a random
start so the class does not click in step). Click-to-settled is measured from the click to
the DOM state it must produce; nothing waits on a timer.

It prints p50/p95 click-to-settled per interaction, the server's CPU time per interaction
(its CPU during the clicking phases over the clicks in them; page loads are excluded), its
peak memory (VmHWM), and where the machine's CPU went in those phases: the server, the
browsers (every process under this one but the server), this script, and the rest of the
machine (other work on it). Nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TICK = os.sysconf("SC_CLK_TCK")
SETTLE_MS = 60_000  # a click that has not settled after this is reported as a timeout
LOAD_MS = 180_000  # opening a page (not measured) may take this long on a loaded machine
QUESTION = re.compile(r"^Question \d+ of \d+ · ")
MOMENT = re.compile(r"Moment (\d+) of (\d+)")


# -- processes and their CPU ---------------------------------------------------------------


def cpu_seconds(pid: int, *, waited_children: bool = False) -> float:
    """utime + stime of one process, in seconds (0 when it is gone); with `waited_children`,
    plus the CPU of its children that have ended (a `dot` drawing a diagram, say)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    own = int(fields[11]) + int(fields[12])
    return (own + (int(fields[13]) + int(fields[14]) if waited_children else 0)) / TICK


def processes() -> dict[int, int]:
    """pid -> parent pid of every process on the machine."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return out


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICK


class CpuMeter:
    """CPU of the server, the browsers, this script and the machine between start() and stop()."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.totals = {"server": 0.0, "browsers": 0.0, "this script": 0.0, "machine": 0.0}

    def _sample(self) -> dict[str, float]:
        me = os.getpid()
        parents = processes()
        server = {self.server_pid} | descendants(self.server_pid, parents)
        browsers = descendants(me, parents) - server
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.browser_cpu = {pid: cpu_seconds(pid) for pid in browsers}
        # The server's own CPU, its live children's, and that of the children it has waited for.
        return {"server": sum(cpu_seconds(p, waited_children=p == self.server_pid) for p in server), "browsers": sum(self.browser_cpu.values()),
                "this script": usage.ru_utime + usage.ru_stime, "machine": machine_busy_seconds()}

    def start(self) -> None:
        self._start = self._sample()
        self._browsers_start = dict(self.browser_cpu)

    def stop(self) -> dict[str, float]:
        end = self._sample()
        # A browser process that started in the phase counts from zero; one that ended is lost (rare).
        browsers = sum(cpu - self._browsers_start.get(pid, 0.0) for pid, cpu in self.browser_cpu.items())
        delta = {k: end[k] - self._start[k] for k in end}
        delta["browsers"] = browsers
        for k, v in delta.items():
            self.totals[k] += v
        return delta


def peak_memory_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# -- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    log = tmp / "server.log"
    env = {**os.environ, "STEPWISE_DB": str(tmp / "progress.sqlite3")}
    env.pop("STEPWISE_CONTENT_DIR", None)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc, url, log
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            raise RuntimeError(f"streamlit not healthy after 90 s:\n{log.read_text()}")
        time.sleep(0.2)  # polling the health check while the server starts, before any measuring


# -- one learner ----------------------------------------------------------------------------


class Learner:
    def __init__(self, n: int, page, args, rng: random.Random):
        self.n, self.page, self.args, self.rng = n, page, args, rng
        self.samples: dict[str, list[float]] = {}
        self.failures: list[str] = []

    async def think(self) -> None:
        await asyncio.sleep(self.args.think * self.rng.uniform(0.7, 1.3))  # the learner's think time

    async def timed(self, kind: str, click, settled) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        t0 = time.perf_counter()
        try:
            await click()
            await settled()
        except PlaywrightTimeout:
            self.failures.append(f"learner {self.n}: {kind} did not settle within {SETTLE_MS / 1000:.0f} s")
            return
        self.samples.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)

    async def open(self, path: str, ready) -> bool:
        """Load a page (not measured); False, with the reason kept, when it never shows."""
        from playwright.async_api import Error as PlaywrightError

        try:
            await self.page.goto(self.args.url + path, timeout=LOAD_MS)
            await ready()
            return True
        except (PlaywrightError, AssertionError) as exc:
            self.failures.append(f"learner {self.n}: {path} did not load: {str(exc).splitlines()[0]}")
            return False

    # quiz
    async def question_id(self) -> str:
        from playwright.async_api import expect

        caption = self.page.get_by_text(QUESTION)
        await expect(caption).to_be_visible(timeout=LOAD_MS)
        return (await caption.inner_text()).rsplit(" · ", 1)[-1].strip()

    async def quiz_round(self) -> None:
        from playwright.async_api import expect

        page = self.page
        form = page.locator('[data-testid="stMain"] [data-testid="stForm"]')
        options = form.locator('[data-testid="stRadioOption"], [data-testid="stCheckbox"] label')
        await expect(options.first).to_be_visible(timeout=SETTLE_MS)
        await options.first.click()  # choosing is client-side in a form: not a server interaction
        feedback = page.get_by_text(re.compile(r"^(✓ Correct\.|✗ Not quite\.)"))
        await self.timed("quiz: check answer",
                         lambda: page.get_by_role("button", name="Check answer").click(),
                         lambda: expect(feedback.first).to_be_visible(timeout=SETTLE_MS))
        await self.think()
        before = await self.question_id()
        caption = page.get_by_text(QUESTION)

        async def another_question():
            await expect(caption).not_to_have_text(re.compile(re.escape(before) + "$"), timeout=SETTLE_MS)
            await expect(caption).to_be_visible(timeout=SETTLE_MS)

        await self.timed("quiz: next question",
                         lambda: page.get_by_role("button", name="Next question →").click(), another_question)
        await self.think()

    # simulator
    async def moment(self) -> tuple[int, int]:
        from playwright.async_api import expect

        text = self.page.get_by_text(MOMENT).first
        await expect(text).to_be_visible(timeout=LOAD_MS)
        m = MOMENT.search(await text.inner_text())
        return int(m.group(1)), int(m.group(2))

    async def at_moment(self, k: int, last: int) -> None:
        from playwright.async_api import expect

        await expect(self.page.get_by_text(f"Moment {k} of {last}", exact=False).first).to_be_visible(timeout=SETTLE_MS)

    async def simulator_round(self) -> None:
        page = self.page
        k, last = await self.moment()
        if k >= last:  # at the end: scrub back to the start first
            await self.scrub(0, last)
            k = 0
        await self.timed("simulator: step forward",
                         lambda: page.get_by_role("button", name="Forward").click(),
                         lambda: self.at_moment(k + 1, last))
        await self.think()
        await self.scrub(last if k + 1 < last else 0, last)
        await self.think()

    async def scrub(self, to: int, last: int) -> None:
        slider = self.page.get_by_role("slider").first
        key = "End" if to == last else "Home"
        await self.timed("simulator: scrub", lambda: slider.press(key), lambda: self.at_moment(to, last))


# -- the class -------------------------------------------------------------------------------


async def classroom(args, server_pid: int) -> tuple[list[Learner], dict, list[tuple[str, dict, int]]]:
    from playwright.async_api import async_playwright

    meter = CpuMeter(server_pid)
    phases = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        rng = random.Random(args.seed)
        learners = []
        for n in range(args.sessions):
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            learners.append(Learner(n, page, args, random.Random(rng.random())))

        async def phase(name: str, path: str, ready, round_fn):
            # Everyone opens the page first (not measured), and with --warmup does that many
            # rounds (not measured either: a browser's first clicks also fetch the page's
            # lazily loaded scripts); then the clicking is measured.
            loaded = await asyncio.gather(*(learner.open(path, ready(learner)) for learner in learners))
            going = [learner for learner, ok in zip(learners, loaded) if ok]

            async def go(learner, rounds: int):
                await asyncio.sleep(learner.rng.uniform(0, args.think))  # learners do not start in step
                for _ in range(rounds):
                    try:
                        await round_fn(learner)()
                    except AssertionError as exc:  # a page that stopped showing what it should
                        learner.failures.append(f"learner {learner.n}: {name}: {str(exc).splitlines()[0]}")
                        return

            if args.warmup:
                kept = {learner.n: {k: len(v) for k, v in learner.samples.items()} for learner in going}
                await asyncio.gather(*(go(learner, args.warmup) for learner in going))
                for learner in going:  # the warm-up's clicks are not counted
                    for kind, values in learner.samples.items():
                        del values[kept[learner.n].get(kind, 0):]
            before = sum(sum(len(v) for v in learner.samples.values()) for learner in learners)
            meter.start()
            await asyncio.gather(*(go(learner, args.rounds) for learner in going))
            cpu = meter.stop()
            clicks = sum(sum(len(v) for v in learner.samples.values()) for learner in learners) - before
            phases.append((name, cpu, clicks))

        if "quiz" in args.pages:
            await phase("quiz", "/quiz", lambda l: l.question_id, lambda l: l.quiz_round)
        if "simulator" in args.pages:
            await phase("simulator", "/simulator", lambda l: l.moment, lambda l: l.simulator_round)
        await browser.close()
    return learners, meter.totals, phases


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="learners, each its own browser context and session")
    parser.add_argument("--think", type=float, default=3.0, help="seconds each learner thinks between clicks")
    parser.add_argument("--rounds", type=int, default=4, help="rounds per page (a quiz round is two clicks, so is a simulator round)")
    parser.add_argument("--pages", default="quiz,simulator", help="comma-separated: quiz, simulator")
    parser.add_argument("--warmup", type=int, default=0,
                        help="rounds per page each learner does first, not measured (default 0)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    args.pages = args.pages.split(",")
    if not os.path.exists(CHROMIUM):
        print(f"skipped: {CHROMIUM} not installed (apt-get install -y chromium)")
        return 0
    simulator_page = ROOT / "ui" / "pages" / "simulator.py"
    if "simulator" in args.pages and not simulator_page.is_file():
        print("note: there is no Simulator page in this checkout; measuring the Quiz only")
        args.pages = [p for p in args.pages if p != "simulator"]

    with tempfile.TemporaryDirectory() as tmp:
        proc, url, log = start_server(Path(tmp))
        args.url = url
        try:
            wall = time.perf_counter()
            learners, totals, phases = asyncio.run(classroom(args, proc.pid))
            wall = time.perf_counter() - wall
            peak = peak_memory_mb(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    warm = f" after {args.warmup} unmeasured" if args.warmup else ""
    print(f"{args.sessions} sessions, think {args.think:g} s, {args.rounds} rounds per page{warm} ({', '.join(args.pages)}), "
          f"{os.cpu_count()} CPUs, {wall:.0f} s in all")
    kinds: dict[str, list[float]] = {}
    for learner in learners:
        for kind, values in learner.samples.items():
            kinds.setdefault(kind, []).extend(values)
    every = [v for values in kinds.values() for v in values]
    print(f"{'click-to-settled':<26} {'clicks':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*sorted(kinds.items()), ("all", every)]:
        if values:
            print(f"{kind:<26} {len(values):>6} {percentile(values, 50):>8.0f} {percentile(values, 95):>8.0f} "
                  f"{max(values):>8.0f}")
    print()
    for name, cpu, clicks in phases:
        per = cpu["server"] * 1000 / clicks if clicks else float("nan")
        print(f"server CPU per {name} interaction: {per:.1f} ms ({cpu['server']:.1f} s over {clicks} clicks)")
    print(f"server peak memory (VmHWM): {peak:.0f} MB" if peak is not None else "server peak memory: unknown")
    machine = totals["machine"] or 1.0
    rest = max(0.0, totals["machine"] - totals["server"] - totals["browsers"] - totals["this script"])
    print("where the CPU went while clicking (CPU seconds, share of the machine's busy time): " + ", ".join(
        f"{k} {v:.1f} s ({v / machine:.0%})" for k, v in
        (("server", totals["server"]), ("browsers", totals["browsers"]), ("this script", totals["this script"]),
         ("rest of the machine", rest))))
    failures = [f for learner in learners for f in learner.failures]
    for f in failures[:20]:
        print(f"  ! {f}")
    if len(failures) > 20:
        print(f"  ! ... and {len(failures) - 20} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

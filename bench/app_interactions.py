"""How long one server interaction takes, measured with AppTest (server side only).

Run: python bench/app_interactions.py [--repeat N]

Each figure is the time of `.run()` after a click or an answer, i.e. one full rerun of
the page script as the server would do it. The goal is under 150 ms per interaction.
It prints figures and never fails: timing is a measurement, not a test.
It uses the repository's real content and a throwaway progress database.
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
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["STEPWISE_DB"] = str(Path(tmp.name) / "bench.sqlite3")
    os.environ.pop("STEPWISE_CONTENT_DIR", None)

    from streamlit.testing.v1 import AppTest

    from study import load_content
    from ui import state as S

    content = load_content()
    questions = [q for q in content.questions if q["type"] in ("single", "true_false")]
    if not questions:
        print("no single-answer questions in the content: nothing to measure")
        return
    app = str(ROOT / "app.py")

    def session(page: str | None, profile: str = "Bench") -> AppTest:
        at = AppTest.from_file(app, default_timeout=30)
        at.session_state[S.PROFILE] = profile
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    def timed(at: AppTest) -> float:
        start = time.perf_counter()
        at.run()
        return (time.perf_counter() - start) * 1000

    results: dict[str, list[float]] = {}

    t0 = time.perf_counter()
    session(None)
    cold = (time.perf_counter() - t0) * 1000

    # 1. answer a practice question (grade + commit to SQLite + feedback)
    samples = []
    for i in range(args.repeat):
        at = session("ui/pages/quiz.py", profile=f"Bench{i}")
        q = questions[0]
        key = S.choice_key("practice", q["id"])
        wrong = next(str(c["id"]) for c in q["choices"] if str(c["id"]) not in q["answer"])
        at.radio(key=key).set_value(wrong if i % 2 else str(q["answer"][0]))
        next(b for b in at.button if b.label == "Check answer").click()
        samples.append(timed(at))
        assert not at.exception, at.exception
    results["quiz: check an answer"] = samples

    # 2. next question
    at = session("ui/pages/quiz.py")
    samples = []
    for _ in range(args.repeat):
        at.button(key="quiz_next").click()
        samples.append(timed(at))
    results["quiz: next question"] = samples

    # 3. exam: save an answer (exam of 10)
    samples = []
    for i in range(args.repeat):
        at = session("ui/pages/quiz.py", profile=f"Exam{i}")
        at.button_group(key=S.QUIZ_MODE).set_value("Exam").run()
        next(b for b in at.button if b.label == "Start exam").click().run()
        exam = at.session_state[S.EXAM]
        qid = exam.ids[0]
        q = next(x for x in content.questions if x["id"] == qid)
        if q["type"] == "multiple":
            for c in q["answer"]:
                at.checkbox(key=S.choice_key("exam", qid, str(c))).check()
        else:
            at.radio(key=S.choice_key("exam", qid)).set_value(str(q["answer"][0]))
        next(b for b in at.button if b.label == "Save answer").click()
        samples.append(timed(at))
    results["exam: save an answer"] = samples

    # 4. flashcard: show answer, then rate Good
    if content.glossary:
        show, rate = [], []
        for i in range(args.repeat):
            at = session("ui/pages/glossary.py", profile=f"Cards{i}")
            at.button(key="glossary_show").click()
            show.append(timed(at))
            at.button(key="glossary_rate_Good").click()
            rate.append(timed(at))
        results["glossary: show answer"] = show
        results["glossary: rate Good"] = rate

    # 5. cost calculator: change the volume (pricing + ~160 chart points)
    at = session("ui/pages/compare.py")
    samples = []
    for i in range(args.repeat):
        at.text_input(key=S.CALC_EXECUTIONS).input(f"{1_000_000 + 1000 * (i + 1):,}")
        samples.append(timed(at))
    results["calculator: change executions"] = samples

    # 6. page switches
    for page in ("ui/pages/guide.py", "ui/pages/progress.py", "ui/pages/home.py"):
        at = session(None)
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            at.switch_page(page).run()
            samples.append((time.perf_counter() - start) * 1000)
        results[f"open {Path(page).stem}"] = samples

    print(f"Server-side time per interaction (AppTest .run(), {args.repeat} samples each; "
          f"goal < {GOAL_MS} ms)")
    print(f"first run in a fresh process (imports, content load): {cold:.0f} ms")
    width = max(len(k) for k in results)
    print(f"{'interaction':<{width}}  {'median':>8}  {'p90':>8}  {'max':>8}")
    for name, values in results.items():
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
        flag = "" if p90 < GOAL_MS else "  <- over goal"
        print(f"{name:<{width}}  {statistics.median(values):7.1f}ms  {p90:7.1f}ms  "
              f"{values[-1]:7.1f}ms{flag}")
    tmp.cleanup()


if __name__ == "__main__":
    main()

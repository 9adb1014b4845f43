"""Progress: history chart, weak topics, exam results, and CSV export/import."""

import altair as alt
import pandas as pd
import streamlit as st

from study import TOPICS
from study.progress import CSV_MAX_ROWS, CSVImportError, StoreError
from ui import cache
from ui import state as S
from ui.common import active_store

st.title("Progress")
profile = S.profile()
if not profile:
    st.info("Type your name in the sidebar to keep your progress; then your history, weak "
            "topics and exam scores appear here.")
    st.stop()
store = active_store()
if store is None:
    st.warning("Your progress can't be read right now; see the sidebar for what to do.",
               icon=":material/warning:")
    st.stop()

try:
    summary = store.summary(profile)
    days = store.daily_history(profile)
    topics = store.topic_stats(profile)
    weak = store.weak_topics(profile)
    exams = store.exams(profile)
except StoreError as exc:
    st.warning(exc.message, icon=":material/warning:")
    st.stop()

st.caption(f"Profile: {profile}")
a, b, c_ = st.columns(3)
a.metric("Questions answered", summary.answered)
b.metric("Right", f"{summary.accuracy:.0%}" if summary.answered else "–")
c_.metric("Exams taken", summary.exams)

st.header("History")
if not days:
    st.info("No answers yet. Answer a few questions in the Quiz and come back.")
else:
    hist = pd.DataFrame(
        [{"day": d.day, "result": "Right", "answers": d.correct} for d in days]
        + [{"day": d.day, "result": "Wrong", "answers": d.answered - d.correct} for d in days]
    )
    chart = (
        alt.Chart(hist)
        .mark_bar(size=36)
        .encode(
            x=alt.X("day:O", title="Day (UTC)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("answers:Q", title="Answers", stack=True,
                    axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("result:N", title="Result",
                            scale=alt.Scale(domain=["Right", "Wrong"],
                                            range=["#2e7d32", "#c62828"])),
            opacity=alt.Opacity("result:N", scale=alt.Scale(domain=["Right", "Wrong"],
                                                            range=[1.0, 0.55]), legend=None),
            tooltip=["day:O", "result:N", "answers:Q"],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")
    with st.expander("The same as a table"):
        st.table(pd.DataFrame([{"Day": d.day, "Answered": d.answered, "Right": d.correct,
                                "Score": f"{100 * d.correct / d.answered:.0f}%"}
                               for d in days]), hide_index=True)

st.header("Weak topics")
if weak:
    st.markdown("\n".join(
        f"- ✗ **{TOPICS.get(t.topic, t.topic)}**: {t.correct} of {t.total} right "
        f"({t.accuracy:.0%})" for t in weak))
    st.page_link("ui/pages/quiz.py", label="Practise these in the Quiz", icon=":material/quiz:")
elif any(t.total >= 3 for t in topics):
    st.success("✓ No weak topics: every topic with 3 or more answers is at 70% or better.")
else:
    st.caption("Topics where you get under 70% (with at least 3 answers) show up here.")
if topics:
    st.table(pd.DataFrame([{"Topic": TOPICS.get(t.topic, t.topic), "Right": t.correct,
                            "Answered": t.total, "Score": f"{t.accuracy:.0%}"}
                           for t in topics]), hide_index=True)

st.header("Exams")
if exams:
    st.table(pd.DataFrame([{"Finished (UTC)": e.finished_at[:16].replace("T", " "),
                            "Score": f"{e.correct} / {e.total}",
                            "Percent": f"{e.percent:.0f}%"} for e in reversed(exams)]),
             hide_index=True)
else:
    st.caption("No exams yet.")

st.header("Export and import")
st.markdown("Keep a copy of your answers, or bring them to another computer, as a CSV file "
            "(columns: `answered_at, question_id, topic, correct, selected, mode`).")
try:
    csv_text = store.export_csv(profile)
except StoreError as exc:
    st.warning(exc.message, icon=":material/warning:")
    csv_text = None
if csv_text is not None:
    st.download_button("Download my answers (CSV)", csv_text,
                       file_name=f"stepwise-{profile.replace(' ', '_')}.csv",
                       mime="text/csv", key="progress_download")


def _fingerprint(upload) -> tuple | None:
    return None if upload is None else (upload.name, upload.size, upload.file_id)


def do_import(skip_bad: bool) -> None:
    """Import the uploaded file (callback: it runs before the page is drawn again)."""
    upload = S.get(S.PROGRESS_UPLOAD)
    if upload is None:
        return
    left_out = len(_bad_lines(upload)) if skip_bad else 0
    try:
        added = store.import_csv(profile, upload.getvalue(), known_topics=TOPICS,
                                 questions=cache.questions_by_id(), skip_bad=skip_bad)
    except CSVImportError as exc:
        result = ("error", exc.problems, len(exc.rows))
    except StoreError as exc:
        result = ("error", [exc.message], 0)
    else:
        result = ("ok", added, left_out)
    S.put(S.PROGRESS_IMPORT_RESULT, (*result, _fingerprint(upload)))


def _bad_lines(upload) -> list[int]:
    """The bad lines found in this file by the last try (to say how many were left out)."""
    old = S.get(S.PROGRESS_IMPORT_RESULT)
    if old and old[0] == "error" and old[-1] == _fingerprint(upload):
        return sorted({p.line for p in old[1] if getattr(p, "line", 0) > 1})
    return []


upload = st.file_uploader("Import answers from a CSV file", type=["csv"],
                          key=S.PROGRESS_UPLOAD,
                          help="Rows already here are skipped. A file with a bad row "
                               "imports nothing until you choose to import only its good "
                               "rows; the message names each bad line (the header is "
                               f"line 1). At most {CSV_MAX_ROWS:,} answers per file.")
if upload is not None:
    st.button("Import", key="progress_import", type="primary", on_click=do_import,
              args=(False,))
result = S.get(S.PROGRESS_IMPORT_RESULT)
if result and result[-1] != _fingerprint(upload):
    S.pop(S.PROGRESS_IMPORT_RESULT)  # a message about another file
    result = None
if result:
    kind, detail, count, _ = result
    if kind == "ok":
        S.pop(S.PROGRESS_IMPORT_RESULT)
        left = (f" Left out {count} bad row{'s' if count != 1 else ''}."
                if count else "")
        st.success(f"✓ Imported {detail} new answer{'s' if detail != 1 else ''}.{left}",
                   icon=":material/check_circle:")
    else:
        lines = "\n".join(f"- {p}" for p in detail[:20])
        more = f"\n- … and {len(detail) - 20} more" if len(detail) > 20 else ""
        st.error(f"✗ Nothing was imported. Fix these and try again:\n\n{lines}{more}",
                 icon=":material/cancel:")
        if count:
            bad = len({p.line for p in detail if getattr(p, "line", 0) > 1})
            st.button(f"Import the {count} good row{'s' if count != 1 else ''} and leave "
                      f"out the {bad} bad one{'s' if bad != 1 else ''}",
                      key="progress_import_good", on_click=do_import, args=(True,))

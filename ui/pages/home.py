"""Home: what Stepwise is, where to start, and a progress summary."""

import streamlit as st

from study.progress import StoreError
from study.review import card_from_json, due_cards
from ui import cache
from ui import state as S
from ui.common import active_store, content_problems

c = cache.content()

st.title("Stepwise: AWS Step Functions")
st.markdown(
    "Study and practise **AWS Step Functions**, the workflow-orchestration topic of the "
    "AWS Certified Solutions Architect – Associate exam (SAA-C03): state types, "
    "Standard vs Express, error handling, data flow, integration patterns and cost."
)
content_problems(c.errors)

st.subheader("Where to start")
col1, col2, col3, col4 = st.columns(4)
with col1:
    st.markdown("**1. Read** the big idea and the outline, with a worked example.")
    st.page_link("ui/pages/guide.py", label="Study guide", icon=":material/menu_book:")
    st.page_link("ui/pages/compare.py", label="Standard vs Express",
                 icon=":material/compare_arrows:")
with col2:
    st.markdown("**2. Watch it run**: step through an example, steer its Choice, make a Task "
                "fail and see Retry and Catch take over.")
    st.page_link("ui/pages/simulator.py", label="Simulator", icon=":material/play_circle:")
with col3:
    st.markdown("**3. Remember** the terms with flashcards that come back when they're due.")
    st.page_link("ui/pages/glossary.py", label="Glossary and flashcards",
                 icon=":material/style:")
with col4:
    st.markdown("**4. Practise** by topic, then take a timed exam.")
    st.page_link("ui/pages/quiz.py", label="Quiz", icon=":material/quiz:")
    st.page_link("ui/pages/progress.py", label="Progress", icon=":material/insights:")

st.subheader("Your progress")
profile = S.profile()
store = active_store()
if not profile:
    st.info("Type your name in the sidebar to keep your answers and flashcards between "
            "visits. Without it you can still study; nothing is saved.")
elif store is None:
    st.warning("Your progress can't be read right now; see the sidebar.", icon=":material/warning:")
else:
    try:
        summary = store.summary(profile)
        cards = {t: card_from_json(j) for t, j in store.load_cards(profile).items()}
    except StoreError as exc:
        st.warning(exc.message, icon=":material/warning:")
    else:
        due = due_cards([t["id"] for t in c.glossary], cards)
        m1, m2, m3, m4 = st.columns(4)
        m1.metric("Questions answered", summary.answered)
        m2.metric("Right", f"{summary.accuracy:.0%}" if summary.answered else "–")
        m3.metric("Flashcards due", len(due.due) + len(due.new))
        m4.metric("Best exam", f"{summary.best_exam_percent:.0f}%"
                  if summary.best_exam_percent is not None else "–")
        if not summary.answered:
            st.caption("No answers yet: try a few questions in the Quiz.")
st.caption(f"{len(c.questions)} questions · {len(c.glossary)} glossary terms · "
           f"{len(c.workflows)} example workflows")

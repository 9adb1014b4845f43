"""Stepwise: study and practise AWS Step Functions. This file only routes.

Run with `streamlit run app.py`. Pages live in ui/pages/, session-state keys in
ui/state.py, caching in ui/cache.py; the logic is in study/ and engine/.
"""

import streamlit as st

from ui.common import sidebar

st.set_page_config(page_title="Stepwise: AWS Step Functions", page_icon="🪜", layout="wide")

PAGES = {
    "Learn": [
        st.Page("ui/pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("ui/pages/guide.py", title="Study guide", icon=":material/menu_book:"),
        st.Page("ui/pages/glossary.py", title="Glossary", icon=":material/style:"),
        st.Page("ui/pages/compare.py", title="Standard vs Express",
                icon=":material/compare_arrows:"),
    ],
    "Simulate": [
        st.Page("ui/pages/simulator.py", title="Simulator", icon=":material/play_circle:",
                url_path="simulator"),
    ],
    "Practise": [
        st.Page("ui/pages/quiz.py", title="Quiz", icon=":material/quiz:"),
        st.Page("ui/pages/progress.py", title="Progress", icon=":material/insights:"),
    ],
}
# The sidebar draws these as links under their section names (ui.common.sidebar): with
# sections, Streamlit's own sidebar list is not valid HTML for screen readers.
page = st.navigation(PAGES, position="hidden")
sidebar(PAGES)
page.run()

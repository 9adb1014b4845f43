"""Study content for Stepwise: loading and checking the guide, glossary, comparison table,
example workflows and quizzes (see docs/data-format.md).  Pure Python; no Streamlit here."""

from .loader import FACT_COUNT, TOPICS, Content, ContentError, load_content, state_names

__all__ = ["Content", "ContentError", "FACT_COUNT", "TOPICS", "load_content", "state_names"]

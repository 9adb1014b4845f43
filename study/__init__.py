"""Study content for Stepwise: loading and checking the facts, guide, glossary, comparison
table, example workflows and quizzes (see docs/data-format.md).  Pure Python; no Streamlit here."""

from .loader import FACTS_FILE, TOPICS, Content, ContentError, fact_ids, load_content, sources, state_names

__all__ = ["Content", "ContentError", "FACTS_FILE", "TOPICS", "fact_ids", "load_content", "sources",
           "state_names"]

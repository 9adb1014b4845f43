"""Streamlit user interface: pages, session-state keys, caching, shared widgets."""

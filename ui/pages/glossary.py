"""Glossary: search the terms, and review them as flashcards scheduled by fsrs."""

import streamlit as st

from study.progress import StoreError
from study.review import (
    RATINGS,
    card_from_json,
    card_to_json,
    describe_interval,
    due_cards,
    preview,
    rate,
    utcnow,
)
from ui import cache
from ui import state as S
from ui.common import active_store, content_problems

SEARCH_MAX = 80

c = cache.content()
terms = c.glossary or []
by_id = {t["id"]: t for t in terms}

st.title("Glossary")
content_problems(c.errors, files=["content/glossary.yaml"])
if not terms:
    st.info("No glossary terms are available right now.")
    st.stop()


# --- flashcard storage: the profile's saved cards, or this session only ------------------


def load_cards() -> dict[str, str]:
    store = active_store()
    if store is not None:
        try:
            return store.load_cards(S.profile())
        except StoreError as exc:
            st.warning(exc.message, icon=":material/warning:")
    return dict(S.get(S.FLASH_LOCAL_CARDS, {}))


def on_show(term_id: str) -> None:
    S.put(S.FLASH_SHOW_BACK, term_id)


def on_rate(term_id: str, rating: str, card_json: str | None) -> None:
    seen = ("card", term_id, card_json)
    if (S.get(S.SAVE_LAST) or (None,))[0] == seen:
        return  # a double click: this card, as it was shown, is rated already
    now = utcnow()

    def rated(old: str | None) -> str:  # applied to the stored card, even if it just changed
        return card_to_json(rate(card_from_json(old) if old else None, rating, now=now))

    store = active_store()
    if store is not None:
        try:
            text = store.update_card(S.profile(), term_id, rated)
        except StoreError as exc:
            S.put(S.FLASH_LAST, ("error", exc.message))
            return
    else:
        local = dict(S.get(S.FLASH_LOCAL_CARDS, {}))
        text = local[term_id] = rated(local.get(term_id, card_json))
        S.put(S.FLASH_LOCAL_CARDS, local)
    S.put(S.SAVE_LAST, (seen, None))
    card = card_from_json(text)
    S.pop(S.FLASH_SHOW_BACK)
    term = by_id.get(term_id, {}).get("term", term_id)
    S.put(S.FLASH_LAST, ("ok", f"“{term}” rated {rating}: next review in "
                               f"{describe_interval(card.due - now)}."))


tab_cards, tab_search = st.tabs(["Flashcards", "Search the glossary"])

with tab_cards:
    stored = load_cards()
    cards = {t: card_from_json(j) for t, j in stored.items() if t in by_id}
    now = utcnow()
    summary = due_cards([t["id"] for t in terms], cards, now)
    last = S.pop(S.FLASH_LAST)
    if last:
        if last[0] == "ok":
            st.success(last[1], icon=":material/check_circle:")
        else:
            st.warning(last[1], icon=":material/warning:")
    st.markdown(
        f"**{len(summary.due)}** due for review · **{len(summary.new)}** new · "
        f"**{len(terms) - len(summary.queue)}** scheduled later"
    )
    if not S.profile():
        st.caption("Ratings are kept for this session only: type your name in the sidebar to save them.")
    if not summary.queue:
        nxt = summary.next_due
        st.success("All caught up! " + (f"The next card is due in {describe_interval(nxt - now)}."
                                        if nxt else ""), icon=":material/check_circle:")
    else:
        term_id = summary.queue[0]
        term = by_id[term_id]
        with st.container(border=True):
            st.caption("New card" if term_id in summary.new else "Due for review")
            st.subheader(term["term"])
            if S.get(S.FLASH_SHOW_BACK) == term_id:
                st.markdown(term.get("definition", ""))
                if term.get("example"):
                    st.markdown(f"*Example.* {term['example']}")
                st.markdown("**How well did you remember it?**")
                intervals = preview(cards.get(term_id), now=now)
                cols = st.columns(len(RATINGS))
                for col, name in zip(cols, RATINGS):
                    col.button(
                        f"{name} · {describe_interval(intervals[name])}",
                        key=f"glossary_rate_{name}",
                        on_click=on_rate,
                        args=(term_id, name, stored.get(term_id)),
                        width="stretch",
                        help=f"{name}: see this card again in about "
                             f"{describe_interval(intervals[name])}.",
                    )
            else:
                st.caption("Say the definition to yourself, then check.")
                st.button("Show answer", key="glossary_show", on_click=on_show,
                          args=(term_id,), type="primary")

with tab_search:
    query = st.text_input("Search terms, definitions and examples", key=S.GLOSSARY_SEARCH,
                          max_chars=SEARCH_MAX, placeholder="e.g. retry, token, Map")
    q = " ".join(query.split()).lower()
    hits = [t for t in terms
            if not q or q in " ".join([t["term"], t.get("definition", ""),
                                        t.get("example", "")]).lower()]
    st.caption(f"{len(hits)} of {len(terms)} terms" + (f" match “{query.strip()}”" if q else ""))
    if q and not hits:
        st.info("No term matches. Try a shorter word, or check the spelling.")
    for t in hits:
        with st.expander(t["term"], expanded=bool(q) and len(hits) <= 3):
            st.markdown(t.get("definition", ""))
            if t.get("example"):
                st.markdown(f"*Example.* {t['example']}")
            related = [by_id[r]["term"] for r in t.get("related") or [] if r in by_id]
            if related:
                st.caption("Related: " + ", ".join(related))

"""Spaced-repetition scheduling for glossary flashcards (a thin layer over `fsrs`).

A card's state is kept as fsrs' own JSON (`Card.to_json()`), one per profile per term.
Every datetime here is timezone-aware UTC; a naive datetime is refused, because fsrs
compares against aware datetimes and a silent local-time guess would shift due dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

# The four buttons, in the order a learner sees them.
RATINGS: tuple[str, ...] = ("Again", "Hard", "Good", "Easy")

_RATING_BY_NAME = {name.lower(): Rating[name] for name in RATINGS}


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def _aware(when: datetime | None) -> datetime:
    if when is None:
        return utcnow()
    if when.tzinfo is None or when.tzinfo.utcoffset(when) is None:
        raise ValueError("datetimes must be timezone-aware (UTC); got a naive datetime")
    return when.astimezone(timezone.utc)


def make_scheduler(*, fuzzing: bool = True) -> Scheduler:
    """A scheduler with fsrs' default parameters; tests pass fuzzing=False."""
    return Scheduler(enable_fuzzing=fuzzing)


def parse_rating(rating: str | int | Rating) -> Rating:
    """'Good' / 'good' / 3 / Rating.Good → Rating.Good; anything else is a ValueError."""
    if isinstance(rating, Rating):
        return rating
    if isinstance(rating, int) and not isinstance(rating, bool):
        try:
            return Rating(rating)
        except ValueError:
            pass
    elif isinstance(rating, str) and rating.strip().lower() in _RATING_BY_NAME:
        return _RATING_BY_NAME[rating.strip().lower()]
    raise ValueError(f"unknown rating {rating!r}: use one of {', '.join(RATINGS)}")


def new_card(now: datetime | None = None) -> Card:
    """A card never reviewed: due immediately."""
    return Card(due=_aware(now))


def card_from_json(text: str | None) -> Card:
    """Stored JSON → Card; None or empty → a new card."""
    if not text:
        return new_card()
    return Card.from_json(text)


def card_to_json(card: Card) -> str:
    """Card → JSON text for the progress store."""
    return card.to_json()


def rate(
    card: Card | None,
    rating: str | int | Rating,
    *,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
) -> Card:
    """Review `card` with `rating` at `now`; returns the updated card (due date moved on)."""
    when = _aware(now)
    sched = scheduler or make_scheduler()
    current = card if card is not None else new_card(when)
    updated, _log = sched.review_card(current, parse_rating(rating), review_datetime=when)
    return updated


def is_due(card: Card | None, now: datetime | None = None) -> bool:
    """A card with no state yet, or whose due date has passed, is due."""
    if card is None:
        return True
    return card.due <= _aware(now)


@dataclass(frozen=True)
class DueSummary:
    """Which terms are due now, which are new, and when the next one comes up."""

    due: tuple[str, ...]  # reviewed before and due again, soonest first
    new: tuple[str, ...]  # never reviewed, in the given order
    next_due: datetime | None  # earliest due date among cards not due yet

    @property
    def queue(self) -> tuple[str, ...]:
        """What to show next: cards due for review first, then new ones."""
        return self.due + self.new


def due_cards(
    term_ids: Iterable[str], cards: Mapping[str, Card], now: datetime | None = None
) -> DueSummary:
    """Split `term_ids` into due and new cards given the stored `cards` by term id."""
    when = _aware(now)
    due: list[tuple[datetime, str]] = []
    new: list[str] = []
    later: list[datetime] = []
    for term_id in term_ids:
        card = cards.get(term_id)
        if card is None:
            new.append(term_id)
        elif card.due <= when:
            due.append((card.due, term_id))
        else:
            later.append(card.due)
    due.sort()
    return DueSummary(
        due=tuple(t for _, t in due), new=tuple(new), next_due=min(later, default=None)
    )


def preview(
    card: Card | None, *, now: datetime | None = None, scheduler: Scheduler | None = None
) -> dict[str, timedelta]:
    """For each rating name, how long until the card would be due again."""
    when = _aware(now)
    sched = scheduler or make_scheduler(fuzzing=False)
    current = card if card is not None else new_card(when)
    out = {}
    for name in RATINGS:
        after, _ = sched.review_card(current, Rating[name], review_datetime=when)
        out[name] = after.due - when
    return out


def describe_interval(delta: timedelta) -> str:
    """A short human phrase: '1 min', '10 min', '3 h', '2 days', '4 months'."""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    if days < 60:
        return f"{days} day" + ("s" if days != 1 else "")
    if days < 730:
        return f"{round(days / 30)} months"
    return f"{round(days / 365)} years"


def state_name(card: Card | None) -> str:
    """'New', 'Learning', 'Review' or 'Relearning'."""
    if card is None:
        return "New"
    return State(card.state).name


__all__ = [
    "RATINGS",
    "DueSummary",
    "card_from_json",
    "card_to_json",
    "describe_interval",
    "due_cards",
    "is_due",
    "make_scheduler",
    "new_card",
    "parse_rating",
    "preview",
    "rate",
    "state_name",
    "utcnow",
]

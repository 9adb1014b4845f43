"""Flashcard scheduling with fsrs: deterministic (no fuzzing), timezone-aware UTC."""

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from study.review import (
    card_from_json,
    card_to_json,
    describe_interval,
    due_cards,
    is_due,
    make_scheduler,
    parse_rating,
    preview,
    rate,
    state_name,
)

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


@pytest.fixture
def sched():
    return make_scheduler(fuzzing=False)


def test_good_then_good_moves_to_review(sched):
    card = rate(None, "Good", now=NOW, scheduler=sched)
    assert state_name(card) == "Learning"
    assert card.due == NOW + timedelta(minutes=10)
    card = rate(card, "good", now=card.due, scheduler=sched)
    assert state_name(card) == "Review"
    assert card.due - NOW > timedelta(days=1)


def test_again_is_sooner_than_easy(sched):
    again = rate(None, "Again", now=NOW, scheduler=sched)
    easy = rate(None, Rating.Easy, now=NOW, scheduler=sched)
    assert again.due < easy.due


def test_json_round_trip_keeps_due_date(sched):
    card = rate(None, 3, now=NOW, scheduler=sched)
    back = card_from_json(card_to_json(card))
    assert back.due == card.due and back.state == card.state
    assert state_name(card_from_json(None)) == "Learning"


def test_naive_datetimes_are_refused(sched):
    with pytest.raises(ValueError, match="timezone-aware"):
        rate(None, "Good", now=datetime(2026, 1, 1), scheduler=sched)


@pytest.mark.parametrize("bad", ["Meh", 0, 5, "", True])
def test_unknown_ratings_are_refused(bad):
    with pytest.raises(ValueError, match="Again, Hard, Good, Easy"):
        parse_rating(bad)


def test_due_cards_orders_due_then_new(sched):
    later = rate(None, "Easy", now=NOW, scheduler=sched)  # due in days
    soon = rate(None, "Again", now=NOW, scheduler=sched)  # due in a minute
    soonest = rate(None, "Again", now=NOW - timedelta(minutes=5), scheduler=sched)
    summary = due_cards(
        ["a", "b", "c", "d"],
        {"a": later, "b": soon, "c": soonest},
        now=NOW + timedelta(minutes=2),
    )
    assert summary.due == ("c", "b")
    assert summary.new == ("d",)
    assert summary.queue == ("c", "b", "d")
    assert summary.next_due == later.due
    assert is_due(None) and not is_due(later, NOW)


def test_preview_and_describe(sched):
    p = preview(None, now=NOW, scheduler=sched)
    assert list(p) == ["Again", "Hard", "Good", "Easy"]
    assert p["Again"] < p["Good"] <= p["Easy"]
    assert describe_interval(p["Good"]) == "10 min"
    assert describe_interval(timedelta(days=1)) == "1 day"
    assert describe_interval(timedelta(days=3)) == "3 days"
    assert describe_interval(timedelta(hours=5)) == "5 h"
    assert describe_interval(timedelta(days=120)) == "4 months"

"""Progress figures on a hand-built review log, checked by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.study.progress import DayCount, DayReviews, DeckMastery, MissedCard, compute_progress
from assistant.study.progress_html import plots, render_html
from assistant.study.records import CardState, Review
from ingest.cards import Card

NOW = datetime(2026, 4, 20, 15, 0, tzinfo=UTC)
D = timedelta(days=1)

CARDS = [
    Card("x1", "x.csv", "What is X1?", "A"),
    Card("x2", "x.csv", "What is X2?", "A"),
    Card("x3", "x.csv", "What is X3?", "A"),
    Card("y1", "y.csv", "What is Y1?", "A"),
    Card("p", "y.csv", "Practise", "", kind="practice"),
]

STATES = {
    "x1": CardState("x1", NOW - 3 * D, "review", 30.0, 4.0, reviews=4),  # overdue: counts today; mature
    "x2": CardState("x2", NOW + timedelta(hours=8), "review", 10.0, 6.0, reviews=3),  # later today
    "y1": CardState("y1", NOW + 2 * D, "relearning", 2.0, 8.0, reviews=5, lapses=1),
    "gone": CardState("gone", NOW - D, "review", 50.0, 3.0, reviews=2),  # card removed from its deck
}


def review(card_id: str, rating: str, at: datetime, before: str | None, overridden_from: str | None = None):
    return Review(
        "ann",
        card_id,
        1,
        "y.csv" if card_id[0] == "y" else "x.csv",
        "h",
        rating,
        at,
        before,
        overridden_from=overridden_from,
    )


LOG = [
    review("x1", "good", NOW - 10 * D, None),
    review("y1", "again", NOW - 10 * D, None),
    review("y1", "good", NOW - 9 * D, "learning"),
    review("x1", "good", NOW - 5 * D, "review"),
    review("y1", "again", NOW - 5 * D, "review"),
    review("gone", "again", NOW - 5 * D, "review"),
    review("x2", "hard", NOW - 2 * D, None, overridden_from="good"),
    review("x1", "again", NOW - timedelta(hours=1), "review"),
    review("y1", "good", NOW - timedelta(hours=1), "relearning", overridden_from="again"),
    review("x2", "good", NOW + D, "review"),  # after `now`: not counted
]


def progress(**kw):
    return compute_progress("ann", CARDS, STATES, LOG, NOW, 0.9, lambda s, at: s.stability / 100, **kw)


def test_due_forecast_and_new():
    p = progress(forecast_days=4)
    assert p.due_today == 2  # x1 (overdue) and x2 (later today); "gone" is not in the store
    assert p.forecast == (
        DayCount("2026-04-20", 2),
        DayCount("2026-04-21", 0),
        DayCount("2026-04-22", 1),
        DayCount("2026-04-23", 0),
    )
    assert p.new_available == 1  # x3; the practice prompt is not counted


def test_reviews_per_day_retention_overrides():
    p = progress(history_days=11)
    assert p.reviews_per_day[0] == DayReviews("2026-04-10", 2, 1)
    assert p.reviews_per_day[1] == DayReviews("2026-04-11", 1, 0)
    assert p.reviews_per_day[5] == DayReviews("2026-04-15", 3, 2)
    assert p.reviews_per_day[8] == DayReviews("2026-04-18", 1, 0)
    assert p.reviews_per_day[10] == DayReviews("2026-04-20", 2, 1)
    assert sum(d.reviews for d in p.reviews_per_day) == 9
    assert p.reviews_total == 9
    # reviews in the review state: x1 good, y1 again, gone again, x1 again -> 1 of 4 passed
    assert (p.retention, p.retention_n, p.desired_retention) == (0.25, 4, 0.9)
    assert (p.overrides, p.override_rate) == (2, 2 / 9)


def test_mastery_per_deck_and_most_missed():
    p = progress()
    assert p.mastery == (
        DeckMastery("x.csv", cards=3, seen=2, mature=1, mean_recall=round((0.30 + 0.10) / 3, 6)),
        DeckMastery("y.csv", cards=1, seen=1, mature=0, mean_recall=0.02),
    )
    assert p.most_missed == (
        MissedCard("y1", "y.csv", "What is Y1?", again=2, reviews=4),
        MissedCard("gone", "x.csv", None, again=1, reviews=1),  # history kept after removal
        MissedCard("x1", "x.csv", "What is X1?", again=1, reviews=3),
    )


def test_empty_log():
    p = compute_progress("bob", CARDS, {}, [], NOW, 0.85, lambda s, at: 1.0)
    assert (p.due_today, p.new_available, p.reviews_total, p.retention, p.override_rate) == (
        0,
        4,
        0,
        None,
        None,
    )
    assert [m.mean_recall for m in p.mastery] == [0.0, 0.0]
    assert p.most_missed == ()


def test_html_is_self_contained_with_four_png_plots():
    p = progress()
    images = plots(p)
    assert sorted(images) == ["forecast", "mastery", "retention", "reviews"]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in images.values())
    page = render_html(p)
    assert page.count('src="data:image/png;base64,') == 4
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "25.0% over 4 reviews" in page and "(removed) gone" in page
    assert p.to_dict()["mastery"][1] == {
        "deck": "y.csv",
        "cards": 1,
        "seen": 1,
        "mature": 0,
        "mean_recall": 0.02,
    }


def test_a_new_user_gets_the_no_reviews_message_instead_of_empty_plots():
    fresh = compute_progress("new", CARDS, {}, [], NOW, 0.9, lambda s, at: 0.0)
    assert (fresh.has_history, fresh.reviews_total) == (False, 0)
    assert plots(fresh) == {}
    page = render_html(fresh)
    assert '<p class="no-reviews"><b>No reviews yet — answer a card to start your history</b></p>' in page
    assert "<img" not in page
    assert progress().has_history is True  # with a review log, the four plots (test above)

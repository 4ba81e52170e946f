"""The Study tab: its handlers over the real store, and 10 concurrent study sessions through
``gradio_client`` against a launched server, each with its own login, queue and reviews."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ui import study

pytestmark = pytest.mark.slow

SESSIONS = 10


@pytest.fixture(scope="module")
def sa(copy_store):
    return copy_store()


def test_a_turn_through_the_handlers(sa):
    first, second = sa.due(2, user="handlers")
    view = study.start(sa, "handlers", study.ALL_DECKS, 2, False)
    assert view.card.startswith(f"Card 1 of 2 · `{first.card.source}` · new\n\n### ")
    assert (view.can_answer, view.can_rate, view.grade) == (True, False, "")
    early = study.rate(sa, view.state, "good")
    assert early.status == "Answer the card first." and sa.card_state(first.card_id, user="handlers") is None

    graded = study.answer(sa, view.state, "?")
    grade = graded.state.grade
    assert (grade.verdict, grade.rating, graded.proposed, graded.can_rate, graded.can_explain) == (
        "wrong",
        "again",
        "again",
        True,
        True,
    )
    assert graded.grade.count('<mark class="kp-missed">') == len(grade.missed) > 0
    assert graded.grade.count('<mark class="kp-covered">') == 0
    explained = study.explanation_markdown(sa, graded.state)
    assert explained.startswith(f"**The card** · `{first.card.source}`")
    assert f"1. {first.question}" in explained  # the missed card is cited first

    saved = study.rate(sa, graded.state, "hard")
    assert saved.status.startswith("Saved **hard** (you changed it from again); next review ")
    assert saved.card.startswith(f"Card 2 of 2 · `{second.card.source}`")
    log = sa.study.history(user="handlers")
    assert [(r.card_id, r.rating, r.overridden_from, r.verdict) for r in log] == [
        (first.card_id, "hard", "again", "wrong")
    ]
    answer = " ".join(second.card.answer.split())
    graded = study.answer(sa, saved.state, answer)
    assert graded.state.grade.verdict == "correct"
    assert graded.grade.count('<mark class="kp-covered">') == len(graded.state.grade.covered) > 0
    kept = study.rate(sa, graded.state, "")
    kept_rating = sa.study.history(user="handlers")[-1].rating  # good, or easy when answered fast
    # learn-ahead: the queue is used up, so the first card (hard: its 5.5-minute learning step)
    # comes back, earliest due first
    assert kept.card.startswith(f"Card 3 of 3 · `{first.card.source}` · learning\n\n### ")
    back = study.answer(sa, kept.state, "?")
    after = study.rate(sa, back.state, "easy")  # graduates: days away
    if kept_rating == "good":  # its 10-minute learning step: back too
        assert after.card.startswith(f"Card 4 of 4 · `{second.card.source}` · learning")
        after = study.rate(sa, study.answer(sa, after.state, "?").state, "easy")
    assert after.card.startswith("**Session over.**")
    turns = 4 if kept_rating == "good" else 3
    assert (
        f"Session over: {turns} card(s) reviewed and saved for handlers: 1 correct, 0 partial, "
        in after.status
    )
    assert len(sa.study.history(user="handlers")) == turns


def test_a_new_user_sees_the_no_reviews_message_then_plots(sa, tmp_path):
    assert study.progress_view(sa, "newcomer", tmp_path) == (
        [],
        "**No reviews yet — answer a card to start your history**",
    )
    assert study.progress_plots(sa, "newcomer", tmp_path) == []
    card = sa.due(1, user="newcomer")[0]
    sa.review(card.card_id, "good", user="newcomer")
    paths, note = study.progress_view(sa, "newcomer", tmp_path)
    assert note == "" and [p.rsplit("-", 1)[-1] for p in paths] == [
        "forecast.png",
        "reviews.png",
        "retention.png",
        "mastery.png",
    ]
    assert all(Path(p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)


def test_marked_answer_marks_each_span_and_escapes():
    from assistant.grading.record import KeyPoint

    text = "a <b> c. d & e."
    html = study.marked_answer(text, [KeyPoint("a <b> c.", 0, 8)], [KeyPoint("d & e.", 9, 15)])
    assert html == '<mark class="kp-covered">a &lt;b&gt; c.</mark> <mark class="kp-missed">d &amp; e.</mark>'


def test_ten_concurrent_sessions_keep_their_own_state(sa, launch_ui):
    """Ten logins study at once; each session's cards, ratings and saved reviews are its own."""
    from gradio_client import Client

    users = [(f"student{i}", f"pw{i}") for i in range(SESSIONS)]
    # Gradio takes a list of logins; UIOptions' type names one, and passes what it is given.
    server = launch_ui(sa, auth=users, concurrency_limit=4)
    decks = [d for d in study.deck_choices(sa)[1:] if len(sa.due(3, d, user="probe")) == 3]
    assert len(decks) == 3  # the bundled decks with 3 or more answerable cards
    plan = {}
    for i, (user, _) in enumerate(users):
        deck = decks[i % len(decks)]
        queue = sa.due(3, deck.rsplit(".", 1)[0], user=user)  # the extension is optional
        ratings = [("", "again", "hard", "good", "easy")[(i + k) % 5] for k in range(2)]
        plan[user] = (deck, queue, ratings)
    seen: dict[str, list] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(SESSIONS)

    def run(user: str, password: str) -> None:
        try:
            client = Client(server.url, auth=(user, password), verbose=False)
            deck, queue, ratings = plan[user]
            barrier.wait(timeout=120)
            out = client.predict(deck, 3, False, api_name="/study_start")
            cards = [out[0]]
            for k, rating in enumerate(ratings):
                text = "?" if k == 0 else " ".join(queue[k].card.answer.split())
                graded = client.predict(text, api_name="/study_answer")
                endpoint = f"/study_{rating}" if rating else "/study_keep"
                cards.append(client.predict(api_name=endpoint)[0])
                cards.append(graded[1])
            seen[user] = cards
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=u, name=u[0]) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert errors == []
    for user, (deck, queue, ratings) in plan.items():
        start_card, after_first, grade_first, after_second, grade_second = seen[user]
        assert start_card.startswith(f"Card 1 of 3 · `{deck}` · new\n\n### ")
        assert queue[0].question.split()[0] in start_card
        assert after_first.startswith(f"Card 2 of 3 · `{deck}`")
        assert after_second.startswith(f"Card 3 of 3 · `{deck}`")
        assert "Wrong" in grade_first and "Correct" in grade_second
        log = sa.study.history(user=user)
        expected = []
        for k, rating in enumerate(ratings):
            proposed = "again" if k == 0 else None
            verdict = "wrong" if k == 0 else "correct"
            expected.append((queue[k].card_id, rating or proposed, verdict))
        got = [(r.card_id, r.rating, r.verdict) for r in log]
        # a kept correct answer saves the grade's rating (good, or easy when answered fast)
        assert [g[:1] + g[2:] for g in got] == [e[:1] + e[2:] for e in expected], user
        for (card_id, rating, _verdict), r in zip(expected, log, strict=True):
            if rating is not None:
                assert r.rating == rating, (user, card_id)
            else:
                assert r.rating in ("good", "easy") and r.overridden_from is None

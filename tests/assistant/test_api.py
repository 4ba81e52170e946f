"""StudyAssistant end to end on the bundled decks (slow: real model, real Chroma)."""

from __future__ import annotations

import re

import pytest

from ingest.errors import RetrievalError

pytestmark = pytest.mark.slow


def test_ask_answers_with_citations_that_point_at_retrieved_cards(study):
    answer = study.ask("Why divide by sqrt(d_k)?")
    assert not answer.abstained
    assert answer.mode == "offline"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    assert answer.citations[0].n == 1
    cited = answer.citations[0]
    assert "scal" in cited.question.lower()
    assert cited.source.endswith(".txt") and 0.0 < cited.score <= 1.0
    # every sentence of the answer carries a marker
    for sentence in re.split(r"(?<=\])\s+", answer.text):
        assert re.search(r"\[\d+\]$", sentence.strip())


def test_out_of_scope_question_abstains_and_lists_nearest_cards(study):
    answer = study.ask("What is the capital of Australia?")
    assert answer.abstained
    assert answer.citations == ()
    assert len(answer.nearest) == 3
    assert "can't answer" in answer.text


def test_json_shape(study):
    data = study.ask("What is the key vector?").to_dict()
    assert list(data) == [
        "question",
        "answer",
        "abstained",
        "coverage",
        "missing",
        "mode",
        "citations",
        "tool_calls",
        "nearest",
        "warnings",
    ]
    assert list(data["citations"][0]) == ["n", "card_id", "source", "question", "answer", "score"]
    assert data["tool_calls"] == []


def test_blank_question_is_refused(study):
    with pytest.raises(RetrievalError):
        study.ask(" \n\t ")


def test_over_long_question_is_cut_with_a_warning(study):
    answer = study.ask("attention " * 500)
    assert len(answer.question) == study.settings.max_question_chars
    assert answer.warnings == ("question cut to its first 1000 characters (the limit)",)


def test_cards_lists_answered_cards_and_practice_on_request(study):
    cards = study.cards()
    assert len(cards) == 118
    assert {c.source for c in cards} == {
        "000_e99f669388c05c9c.txt",
        "001_43092e04bfd5a145.txt",
        "002_7cc387b997f9ce01.txt",
        "003_97bb6d8cf1568471.txt",
        "004_fcda2a779abf61b9.txt",
    }
    assert len(study.cards(include_practice=True)) == 124


def test_ingest_a_user_deck_then_answer_from_it(bundled_settings, tmp_path):
    # A store of its own, so that the session's shared store keeps exactly the bundled cards for
    # the other tests. Its first act is an ingest, so the decks of cards_dir stay out of it.
    from assistant.api import StudyAssistant

    start = tmp_path / "start"
    start.mkdir()
    (start / "003.txt").write_bytes((bundled_settings.cards_dir / "003_97bb6d8cf1568471.txt").read_bytes())
    study = StudyAssistant(
        bundled_settings.model_copy(update={"data_dir": tmp_path / "data", "cards_dir": start})
    )
    deck = tmp_path / "my_deck.csv"
    deck.write_text(
        "Question;Answer\nWhat is a zorblax gate?;A zorblax gate routes tokens to experts by hashing.\n",
        encoding="utf-8",
    )
    report = study.ingest([deck])
    assert report.counts() == {"added": 1, "updated": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    assert [c.source for c in study.cards(include_practice=True)] == ["my_deck.csv"]
    answer = study.ask("what does a zorblax gate do?")
    assert answer.citations[0].source == "my_deck.csv"
    assert "hashing" in answer.text
    again = study.ingest([deck])
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 1, "removed": 0, "skipped": 0}
    deck.write_text("Question;Answer\n", encoding="utf-8")  # header only: no cards
    broken = study.ingest([deck])
    assert broken.skipped == 1 and "no recognisable cards" in str(broken.problems[0])
    assert any(c.source == "my_deck.csv" for c in study.cards())  # nothing already ingested is lost

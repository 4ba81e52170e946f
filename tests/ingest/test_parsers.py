"""Every parser on its seed deck, on a user's own deck of the same format, and on broken input."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from ingest.cards import Card, ParseResult, Problem, stable_card_id
from ingest.errors import IngestError
from ingest.parsers import detect_format, parse_text
from ingest.reader import read_text
from tests.ingest.decks import SEED_FILES, SEEDS, USER_DECKS, seed_text

LIMIT = 5_000_000
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TRUNCATED_NOTE = "file ends in the middle of a character (truncated?); the partial character was dropped"


def parse_seed(key: str) -> ParseResult:
    path = SEED_FILES[key]
    text, notes = read_text(path, LIMIT)
    assert notes == []
    return parse_text(text, path.name)


def counts(result: ParseResult) -> tuple[str, int, int]:
    return result.format, len(result.answered), len(result.cards) - len(result.answered)


def card(result: ParseResult, card_id: str) -> Card:
    return next(c for c in result.cards if c.card_id == card_id)


# -- the seed decks ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_format_and_card_counts(key: str) -> None:
    expected = SEEDS[key]
    assert counts(parse_seed(key)) == (expected.format, expected.answered, expected.practice)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_detect_format_names_the_parser(key: str) -> None:
    assert SEEDS[key].format == detect_format(seed_text(key)).FORMAT


def test_004_header_miscount_is_a_warning_that_loses_nothing() -> None:
    result = parse_seed("004")
    assert result.problems == (
        Problem(
            "004_fcda2a779abf61b9.txt",
            1,
            "the header claims 47 cards, 48 question/answer pairs were found",
            skipped=False,
        ),
    )
    assert all(c.answer for c in result.cards)


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_other_seeds_have_no_problems(key: str) -> None:
    assert parse_seed(key).problems == ()


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_format_comes_from_content_not_file_name(tmp_path: Path, key: str) -> None:
    path = tmp_path / "whatever.dat"
    path.write_bytes(SEED_FILES[key].read_bytes())
    text, _ = read_text(path, LIMIT)
    result = parse_text(text, path.name)
    expected = SEEDS[key]
    assert counts(result) == (expected.format, expected.answered, expected.practice)
    assert {c.source for c in result.cards} == {"whatever.dat"}


def test_000_card_ids_are_the_uuid_column() -> None:
    lines = [line for line in seed_text("000").splitlines() if line.strip()]
    assert lines.count("Question;Answer;UUID") == 2  # two tables, each with its header
    uuids = [line.rsplit(";", 1)[1] for line in lines if line != "Question;Answer;UUID"]
    result = parse_seed("000")
    assert [c.card_id for c in result.cards] == uuids
    assert all(UUID.match(c.card_id) and c.metadata["uuid"] == c.card_id for c in result.cards)


@pytest.mark.parametrize(
    ("key", "first", "last"),
    [
        ("001", "001_43092e04bfd5a145-b7b5c94275fd", "001_43092e04bfd5a145-129aa846fd52"),
        ("002", "002_7cc387b997f9ce01-f85a65006562", "002_7cc387b997f9ce01-3c46f3f10167"),
        ("003", "003_97bb6d8cf1568471-f45ca42d6eb8", "003_97bb6d8cf1568471-b69750d9a9a2"),
        ("004", "004_fcda2a779abf61b9-5743f4ffbb5b", "004_fcda2a779abf61b9-2885291b5727"),
    ],
)
def test_hash_ids_are_the_same_in_every_run(key: str, first: str, last: str) -> None:
    # Literal ids: a hash that changed between processes (Python's hash(), say) would fail here.
    result = parse_seed(key)
    assert (result.cards[0].card_id, result.cards[-1].card_id) == (first, last)
    assert len({c.card_id for c in result.cards}) == len(result.cards)
    assert parse_seed(key).cards == result.cards


def test_hash_id_changes_with_the_question_only() -> None:
    edited = seed_text("001").replace("What distinguishes self-attention", "What separates self-attention")
    before, after = parse_seed("001"), parse_text(edited, "001_43092e04bfd5a145.txt")
    assert after.cards[0].card_id == "001_43092e04bfd5a145-992463f72f81"
    assert after.cards[0].card_id != before.cards[0].card_id
    assert after.cards[1] == before.cards[1]


def test_stable_card_id_ignores_case_and_spacing_of_the_question() -> None:
    assert stable_card_id("deck.txt", "What is  Attention?\n") == "deck-64ba9d0d9915"
    assert stable_card_id("deck.txt", "what is attention?") == "deck-64ba9d0d9915"
    assert stable_card_id("other.txt", "what is attention?") != "deck-64ba9d0d9915"


def test_000_mojibake_is_repaired_with_a_lint_note() -> None:
    c = card(parse_seed("000"), "72db265c-41e3-4ecf-be84-e6696a339ddc")
    assert "the dot product operation (Q⋅K) effectively measures" in c.answer
    assert "â" not in c.answer
    assert c.lint == (
        "answer: repaired mojibake: 'ion (Qâ‹…K) ' -> 'ion (Q⋅K) ef'",
        "answer: converted HTML markup to plain text",
    )


def test_000_br_tags_become_line_breaks() -> None:
    result = parse_seed("000")
    assert seed_text("000").count("<br>") == 10
    assert not any("<br" in c.answer or "<br" in c.question for c in result.cards)
    assert card(result, "ae4c7a16-d2e2-4f31-9acd-dbd039b64835").answer == (
        "- Attention: Refers to mechanisms where the model focuses on specific parts of the input"
        " sequence, often used in encoder-decoder models (e.g., for translation, where the decoder"
        " attends to the encoder's output).\n"
        "- Self-Attention: A specific type of attention where each token in the input sequence attends"
        " to all other tokens within the same sequence. It helps to capture dependencies and"
        " relationships within the sequence itself."
    )


def test_000_latex_is_kept_verbatim() -> None:
    c = card(parse_seed("000"), "d33e3f45-53d6-4d4d-860c-b337569cd772")
    assert c.answer == (
        r"The query vector (\(\mathbf{Q}\)) represents the current token's perspective or the"
        ' "question" it is asking about the sequence. It is derived from the input embeddings'
        " through a linear transformation."
    )
    assert c.lint == ()


def test_001_blog_cards_carry_code_and_title() -> None:
    result = parse_seed("001")
    assert [(c.question, dict(c.metadata)) for c in result.cards] == [
        (
            "What distinguishes self-attention from cross-attention in transformer models?",
            {"title": "Self-Attention vs Cross-Attention", "code": "DL0026"},
        ),
        (
            "Please explain the concept of “Attention Mechanism.”",
            {"title": "Attention Mechanism", "code": "DL0025"},
        ),
    ]
    assert result.cards[0].answer.endswith("attend to tokens from another, separate sequence (the encoder).")


def test_002_note_and_practice_prompts() -> None:
    result = parse_seed("002")
    assert [(c.kind, c.question[:45]) for c in result.cards] == [
        ("note", "Self-attention layers' first approach"),
        ("practice", "A research team is building a model to summar"),
        ("practice", "In a general attention mechanism, the output "),
        ("practice", "In a simple self-attention mechanism where si"),
        ("practice", "You are calculating the output vector y_ifor "),
    ]
    # The quiz stubs glued by extraction ("... vectory_i.You are ...") are split apart.
    assert result.cards[3].question.endswith("influence on the final output vectory_i.")
    assert result.cards[0].lint == (
        "answer: empty '()', ', ,' or ': .': a formula was probably dropped by extraction",
    )


def test_003_levels_kinds_and_hints() -> None:
    result = parse_seed("003")
    assert [(c.kind, dict(c.metadata)) for c in result.cards] == [
        ("flashcard", {"level": "beginner"}),
        ("flashcard", {"level": "intermediate"}),
        ("flashcard", {"level": "intermediate"}),
        ("flashcard", {"level": "advanced"}),
        ("flashcard", {"level": "beginner"}),
        ("multiple-choice", {}),
        ("multiple-choice", {}),
        ("multiple-choice", {}),
        ("multiple-choice", {}),
        ("multiple-choice", {}),
        ("practice", {"hint": "Think about how the model decides what parts of the input to focus on."}),
        ("practice", {"hint": "Consider how words in a sentence relate to each other."}),
    ]
    assert result.cards[5].question == "What does the Query vector represent in self-attention?"
    assert (
        result.cards[5].answer
        == "The Query vector represents what the model is trying to focus on in the input."
    )


def test_004_clipped_first_word_is_linted() -> None:
    result = parse_seed("004")
    clipped = [c for c in result.cards if c.answer.startswith("ltering Heads")]
    assert [(c.question, c.lint) for c in clipped] == [
        (
            "What architectural adjustments to Heads and Attention Dimensions were empirically"
            " discovered in the ablation studies?",
            ("answer: answer starts with lower-case word 'ltering': its first letter may be clipped",),
        )
    ]


BOILERPLATE = [
    "Login to view more content",
    "Tag: Transformer",
    "Click to reveal answer",
    "✗ Incorrect",
    "You got /4 concepts",
    "Recall & Review",
    "No analytics yet",
    "Mastery",
    "Looks like no tags are added yet",
    "Send a link to your students",
    "1/47",
    "Contributors are",
    "Who are from",
    "Learn Before",
    "Learn After",
    "Huggingface Model Summary",
    "A Survey of Transformers (Lin et. al, 2021)",
    "Transformer Variants (X-formers)",
    "Dimensional Analysis of the Attention Formula",
    "Foundations of Large Language Models Course",
]


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_boilerplate_never_reaches_a_card(phrase: str) -> None:
    assert any(phrase in seed_text(key) for key in SEEDS)  # it is there to be dropped
    for key in SEEDS:
        for c in parse_seed(key).cards:
            assert phrase not in c.question
            assert phrase not in c.answer
            assert not any(phrase in value for value in c.metadata.values())


# -- a user's own decks -----------------------------------------------------------------------


USER_PROBLEMS = {"blog": (Problem("mine.txt", 22, "item has no 'Answer' section"),)}


@pytest.mark.parametrize("name", sorted(USER_DECKS))
def test_users_own_deck(name: str) -> None:
    text, expected, questions = USER_DECKS[name]
    result = parse_text(text, "mine.txt")
    assert counts(result) == (expected.format, expected.answered, expected.practice)
    assert tuple(c.question for c in result.cards) == questions
    assert result.problems == USER_PROBLEMS.get(name, ())
    assert all(c.source == "mine.txt" for c in result.cards)


def test_users_recall_quiz_answers_and_kinds() -> None:
    result = parse_text(USER_DECKS["recall-quiz"][0], "mine.txt")
    assert [(c.kind, c.answer, dict(c.metadata)) for c in result.cards] == [
        ("flashcard", "It splits text into tokens and maps each one to an id.", {"level": "beginner"}),
        (
            "flashcard",
            "Rare words are built from known pieces instead of becoming unknown tokens.",
            {"level": "advanced"},
        ),
        ("multiple-choice", "BERT introduced masked language modelling as its pre-training objective.", {}),
        ("practice", "", {"hint": "Think about how many partial sequences are kept."}),
    ]


COMMA_CSV = """\
Question,Answer
"What is a token, exactly?","A piece of text, such as a word or part of one."
What is a vocabulary?,The set of tokens a model knows.
"""

TAB_CSV = """\
question\tanswer\tid
What is an embedding?\tA learned vector for each token.\t3e9f3d71-ad77-4f41-ad86-6c4c5ebfc034
What is a logit?\tAn unnormalised score before the softmax.\t
"""


def test_comma_delimited_csv() -> None:
    result = parse_text(COMMA_CSV, "mine.csv")
    assert (result.format, result.problems) == ("semicolon-csv", ())
    assert [(c.question, c.answer) for c in result.cards] == [
        ("What is a token, exactly?", "A piece of text, such as a word or part of one."),
        ("What is a vocabulary?", "The set of tokens a model knows."),
    ]


def test_tab_delimited_csv_with_id_column() -> None:
    result = parse_text(TAB_CSV, "mine.tsv")
    assert (result.format, result.problems) == ("semicolon-csv", ())
    assert [(c.card_id, c.question, c.answer) for c in result.cards] == [
        ("3e9f3d71-ad77-4f41-ad86-6c4c5ebfc034", "What is an embedding?", "A learned vector for each token."),
        (
            stable_card_id("mine.tsv", "What is a logit?"),
            "What is a logit?",
            "An unnormalised score before the softmax.",
        ),
    ]


def test_csv_with_two_tables_each_with_its_header() -> None:
    text = (
        "Question;Answer\nWhat is a query?;What a token looks for.\n\n"
        "Term;Definition;GUID\nKey;What a token offers.;1c7d1b5f-8b55-4d2f-8b64-4a2a3c9dae12\n"
    )
    result = parse_text(text, "two.csv")
    assert [(c.card_id, c.question, c.answer) for c in result.cards] == [
        (stable_card_id("two.csv", "What is a query?"), "What is a query?", "What a token looks for."),
        ("1c7d1b5f-8b55-4d2f-8b64-4a2a3c9dae12", "Key", "What a token offers."),
    ]


# -- broken input -----------------------------------------------------------------------------


BROKEN_CSV = """\
Question;Answer;UUID
What is a query?;What a token looks for.;0b6c0a4e-7a44-4c1e-9a53-3f1f2b8c9d01
Too few fields here
"Unclosed quote;an answer;1c7d1b5f-8b55-4d2f-8b64-4a2a3c9dae12
What is a key?;What a token offers.;not-a-uuid
What is a value?;;
;An answer with no question;
What is a head?;One attention pattern.;2d8e2c60-9c66-4e30-9c75-5b3b4daebf23
"""


def test_broken_csv_rows_are_problems_and_the_other_rows_become_cards() -> None:
    result = parse_text(BROKEN_CSV, "mine.csv")
    assert [(c.card_id, c.kind, c.question) for c in result.cards] == [
        ("0b6c0a4e-7a44-4c1e-9a53-3f1f2b8c9d01", "flashcard", "What is a query?"),
        (stable_card_id("mine.csv", "What is a key?"), "flashcard", "What is a key?"),
        (stable_card_id("mine.csv", "What is a value?"), "practice", "What is a value?"),
        ("2d8e2c60-9c66-4e30-9c75-5b3b4daebf23", "flashcard", "What is a head?"),
    ]
    assert [str(p) for p in result.problems] == [
        "mine.csv:3: broken CSV row: 1 field(s), the header has 3",
        "mine.csv:4: broken CSV row: unexpected end of data",
        "mine.csv:5: id 'not-a-uuid' is not a UUID; using a hash id",
        "mine.csv:7: row has an empty question",
    ]
    # the card with a bad id is kept under a hash id: a warning, not a skip
    assert [p.skipped for p in result.problems] == [True, True, False, True]


#: Cut at half of the characters: answered, practice, cards identical to the full parse, problems.
TRUNCATED = {
    "000": (29, 0, 29, ["000_e99f669388c05c9c.txt:31: broken CSV row: 2 field(s), the header has 3"]),
    "001": (2, 0, 1, []),
    "002": (1, 1, 1, []),
    "003": (4, 0, 4, ["003_97bb6d8cf1568471.txt:19: trailing text with no answer marker"]),
    "004": (
        23,
        0,
        22,
        ["004_fcda2a779abf61b9.txt:1: the header claims 47 cards, 23 question/answer pairs were found"],
    ),
}


def assert_is_a_prefix_of(part: ParseResult, full: ParseResult, identical: int) -> None:
    """The first ``identical`` cards are unchanged; any later one is a cut-short version."""
    assert part.cards[:identical] == full.cards[:identical]
    for cut, whole in zip(part.cards[identical:], full.cards[identical:], strict=False):
        assert whole.question.startswith(cut.question)
        assert whole.answer.startswith(cut.answer)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_truncated_seed_keeps_its_complete_cards(key: str) -> None:
    text = seed_text(key)
    result = parse_text(text[: len(text) // 2], SEED_FILES[key].name)
    answered, practice, identical, problems = TRUNCATED[key]
    assert counts(result) == (SEEDS[key].format, answered, practice)
    assert [str(p) for p in result.problems] == problems
    assert_is_a_prefix_of(result, parse_seed(key), identical)


#: Cut inside the first multi-byte character after the middle of the file.
CUT_INSIDE_A_CHARACTER = {
    "000": (43, 0, 43),
    "001": (2, 0, 1),
    "002": (1, 1, 2),
    "003": (5, 0, 5),
    "004": (27, 0, 26),
}


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_cut_inside_a_character_still_parses(tmp_path: Path, key: str) -> None:
    data = SEED_FILES[key].read_bytes()
    cut = next(i for i in range(len(data) // 2, len(data)) if data[i] & 0xC0 == 0x80)
    path = tmp_path / SEED_FILES[key].name
    path.write_bytes(data[:cut])
    text, notes = read_text(path, LIMIT)
    assert notes == [TRUNCATED_NOTE]
    result = parse_text(text, path.name)
    answered, practice, identical = CUT_INSIDE_A_CHARACTER[key]
    assert counts(result) == (SEEDS[key].format, answered, practice)
    assert_is_a_prefix_of(result, parse_seed(key), identical)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_windows_line_endings_change_nothing(key: str) -> None:
    crlf = seed_text(key).replace("\n", "\r\n")
    assert parse_text(crlf, SEED_FILES[key].name) == parse_seed(key)


@pytest.mark.parametrize("name", sorted(USER_DECKS))
def test_cp1252_deck_parses_like_its_utf8_original(tmp_path: Path, name: str) -> None:
    text = USER_DECKS[name][0]
    path = tmp_path / "mine.txt"
    path.write_bytes(text.encode("cp1252"))
    decoded, notes = read_text(path, LIMIT)
    assert notes == ["file is not valid UTF-8; decoded as cp1252"]
    assert parse_text(decoded, "mine.txt") == parse_text(text, "mine.txt")


def test_cp1252_seed_001_parses_like_its_utf8_original(tmp_path: Path) -> None:
    path = tmp_path / SEED_FILES["001"].name
    path.write_bytes(seed_text("001").encode("cp1252"))
    decoded, notes = read_text(path, LIMIT)
    assert notes == ["file is not valid UTF-8; decoded as cp1252"]
    assert parse_text(decoded, path.name) == parse_seed("001")


def test_cp1252_seed_000_turns_its_mojibake_back_into_utf8(tmp_path: Path) -> None:
    # The seed's only non-ASCII text is the mojibake "â‹…"; as cp1252 bytes that is UTF-8 for "⋅".
    path = tmp_path / SEED_FILES["000"].name
    path.write_bytes(seed_text("000").encode("cp1252"))
    decoded, notes = read_text(path, LIMIT)
    result = parse_text(decoded, path.name)
    assert (notes, counts(result)) == ([], ("semicolon-csv", 57, 0))
    c = card(result, "72db265c-41e3-4ecf-be84-e6696a339ddc")
    assert "(Q⋅K)" in c.answer
    assert c.lint == ("answer: converted HTML markup to plain text",)


def random_prose(seed: int) -> str:
    words = ["the", "of", "model", "token", "layer", "vector", "weight", "and", "a", "to", "is", "in"]
    rng = random.Random(seed)
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 14))) + "." for _ in range(30)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "text",
    [
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor incididunt.\n",
        "Is this a deck?",
        "just one line",
        random_prose(0),
        random_prose(1),
    ],
    ids=["lorem", "one-question", "one-line", "random-0", "random-1"],
)
def test_text_with_no_cards_is_refused(text: str) -> None:
    with pytest.raises(IngestError, match=r"^no recognisable cards \(not a known deck format\)$"):
        parse_text(text, "notes.txt")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Question;Answer;UUID\n", "no recognisable cards (semicolon-csv)"),
        ("Learn Before\nRelated\nTags\nData Science\n", "no recognisable cards (knowledge-page)"),
        (
            "Recall & Review\nClick to reveal answer\n",
            "no recognisable cards (recall-quiz: flashcard without both a question and an answer)",
        ),
        (
            "1/47\nNo analytics yet\n",
            "no recognisable cards (flashcard-export: the header claims 47 cards,"
            " 0 question/answer pairs were found)",
        ),
    ],
    ids=["semicolon-csv", "knowledge-page", "recall-quiz", "flashcard-export"],
)
def test_recognised_format_with_no_cards_is_refused(text: str, message: str) -> None:
    with pytest.raises(IngestError) as err:
        parse_text(text, "deck.txt")
    assert str(err.value) == message


def test_an_unquoted_semicolon_in_the_answer_is_joined_back_when_the_uuid_is_last() -> None:
    text = (
        "Question;Answer;UUID\n"
        "What is a mask?;It hides future tokens; it sets their scores to -inf.;"
        "4f1c2a77-1d3b-4c55-8e0f-2b7a9c1d3e45\n"
        "What is a head?;One; two;three\n"
    )
    result = parse_text(text, "semi.csv")
    assert [(c.card_id, c.answer) for c in result.cards] == [
        ("4f1c2a77-1d3b-4c55-8e0f-2b7a9c1d3e45", "It hides future tokens; it sets their scores to -inf."),
    ]
    assert [(str(p), p.skipped) for p in result.problems] == [
        ("semi.csv:2: the answer holds 1 unquoted ';'; the fields were joined back", False),
        ("semi.csv:3: broken CSV row: 4 fields, the header has 3 (an unquoted delimiter?)", True),
    ]

"""The bundled seed decks with what each must parse into, and small hand-written decks.

The hand-written decks stand in for a user's own exports: same formats, different content. They
only use characters that cp1252 can encode, so every one of them can also be written mis-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.settings import BUNDLED_CARDS_DIR


@dataclass(frozen=True)
class Expected:
    """What parsing one deck must give."""

    format: str
    answered: int
    practice: int


SEED_FILES = {
    "000": BUNDLED_CARDS_DIR / "000_e99f669388c05c9c.txt",
    "001": BUNDLED_CARDS_DIR / "001_43092e04bfd5a145.txt",
    "002": BUNDLED_CARDS_DIR / "002_7cc387b997f9ce01.txt",
    "003": BUNDLED_CARDS_DIR / "003_97bb6d8cf1568471.txt",
    "004": BUNDLED_CARDS_DIR / "004_fcda2a779abf61b9.txt",
}

SEEDS = {
    "000": Expected("semicolon-csv", 57, 0),
    "001": Expected("blog", 2, 0),
    "002": Expected("knowledge-page", 1, 4),
    "003": Expected("recall-quiz", 10, 2),
    "004": Expected("flashcard-export", 48, 0),
}

#: Answered cards plus practice prompts over all seeds: 118 + 6.
SEED_CARDS = 124


def seed_text(key: str) -> str:
    """The text of a seed deck."""
    return SEED_FILES[key].read_text(encoding="utf-8")


def copy_seeds(folder: Path) -> Path:
    """Copy every seed deck into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEED_FILES.values():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


USER_CSV = """\
Front;Back
What does layer normalisation normalise?;The features of one token’s vector, not the batch.
What is a residual connection?;A path that adds a block’s input to its output.
What is dropout?;
"""

USER_BLOG = """\
Tag: NLP

  • NLP0101 Tokenisation

    What is subword tokenisation?

    Answer

    Splitting words into frequent pieces – so that rare words like “naïve” are still represented.

    Login to view more content

  • NLP0102 Byte-Pair Encoding

    How does byte-pair encoding build its vocabulary?

    Answer

    It starts from characters and repeatedly merges the most frequent adjacent pair.
    Share this post

  • NLP0103 WordPiece

    Which models use WordPiece?
"""

USER_KNOWLEDGE_PAGE = "\n".join(
    [
        "Learn Before",
        "Layer normalisation",
        "Layer normalisation rescales the features of a single token’s vector to zero mean and unit"
        " variance, then applies a learned gain and offset, so that it behaves the same for every"
        " batch size.",
        "",
        "Contributors are:",
        "Tags",
        "Deep Learning",
        "Related",
        "Batch normalisation",
        "Learn After",
        "Which statistic does layer normalisation compute over the features of a single token,"
        " and why is it independent of the batch size?",
        "",
    ]
)

USER_RECALL_QUIZ = """\
Recall & Review
beginner
What does a tokenizer do?
It splits text into tokens and maps each one to an id.
Click to reveal answer
advanced
Why do subword vocabularies help with rare words like “café”?
Rare words are built from known pieces instead of becoming unknown tokens.
Click to reveal answer
Which model introduced masked language modelling?
Correct!
BERT introduced masked language modelling as its pre-training objective.
Explain how beam search differs from greedy decoding.
Think about how many partial sequences are kept.
You got /3 concepts.
"""

USER_FLASHCARD_EXPORT = """\
1/3
No analytics yet
What is teacher forcing?
Feeding the ground-truth previous token to the decoder during training – not its own guess.
Explain why causal masking is needed in a decoder.
Without it, a position could attend to the later tokens it must predict.
What is perplexity?
The exponential of the average negative log-likelihood per token.
"""

#: name → (text, expected parse, questions in order)
USER_DECKS: dict[str, tuple[str, Expected, tuple[str, ...]]] = {
    "csv": (
        USER_CSV,
        Expected("semicolon-csv", 2, 1),
        (
            "What does layer normalisation normalise?",
            "What is a residual connection?",
            "What is dropout?",
        ),
    ),
    "blog": (
        USER_BLOG,
        Expected("blog", 2, 0),
        ("What is subword tokenisation?", "How does byte-pair encoding build its vocabulary?"),
    ),
    "knowledge-page": (
        USER_KNOWLEDGE_PAGE,
        Expected("knowledge-page", 1, 1),
        (
            "Layer normalisation",
            "Which statistic does layer normalisation compute over the features of a single token,"
            " and why is it independent of the batch size?",
        ),
    ),
    "recall-quiz": (
        USER_RECALL_QUIZ,
        Expected("recall-quiz", 3, 1),
        (
            "What does a tokenizer do?",
            "Why do subword vocabularies help with rare words like “café”?",
            "Which model introduced masked language modelling?",
            "Explain how beam search differs from greedy decoding.",
        ),
    ),
    "flashcard-export": (
        USER_FLASHCARD_EXPORT,
        Expected("flashcard-export", 3, 0),
        (
            "What is teacher forcing?",
            "Explain why causal masking is needed in a decoder.",
            "What is perplexity?",
        ),
    ),
}

"""Whether the best card asks the same kind of question about something else.

Decks are often written from templates: "Why do we need the dot product to calculate
self-attention?" next to "What do we do after the dot product to calculate self-attention?", or
"What is the key vector?" next to "What is the value vector?". When a student asks one of these
and the deck lacks that card, its sibling is retrieved first (it shares nearly every word) and an
answer built from it answers a different question. Word signals do not see it (every word of the
question is in the deck) and neither does similarity (0.8 to 0.95).

Two questions have the same *form* when each shares at least ``share`` of its words (stemmed,
function words included) with the other. Such a card asks *another* question when the student's
question has a content word, or a question word ("why", "how", "after" ...), that is in neither
the card's question nor its answer: "why" against "what ... after", "key" against "value".

Example:
    >>> other_question("What is the key vector?", "What is the value vector?", "The value vector ...")
    ('key',)
    >>> other_question("What is the key vector?", "What is the Key vector?", "...")
    ()
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from assistant.deck_terms import FUNCTION_WORDS
from ingest.lexical import stemmer, stop_words

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Words that set what a question asks for; function words elsewhere, kept here.
INTENT_WORDS = frozenset({"why", "how", "what", "when", "where", "which", "who", "after", "before"})
#: Share of each question's words the other must hold for the two to have the same form.
SAME_FORM_SHARE = 0.7


@cache
def _skipped() -> frozenset[str]:
    """Words that are neither a topic nor a question word."""
    return (stop_words() | FUNCTION_WORDS) - INTENT_WORDS


def _words(text: str, stem: Callable[[str], str]) -> list[tuple[str, str]]:
    """``(word, stem)`` for each word of ``text``, lower-cased."""
    return [(w, stem(w)) for w in _WORD.findall(text.lower())]


def _shared(a: Sequence[str], b: Sequence[str]) -> float:
    """The smaller of the shares of ``a``'s stems in ``b`` and of ``b``'s in ``a`` (0 if either is empty)."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    return min(sum(s in set_b for s in a) / len(a), sum(s in set_a for s in b) / len(b))


def same_form(a: str, b: str, share: float = SAME_FORM_SHARE) -> bool:
    """Whether each of the questions ``a`` and ``b`` shares at least ``share`` of its words with the other."""
    stem = stemmer().stemWord
    return _shared([s for _, s in _words(a, stem)], [s for _, s in _words(b, stem)]) >= share


def other_question(
    question: str, card_question: str, card_answer: str, share: float = SAME_FORM_SHARE
) -> tuple[str, ...]:
    """The words of ``question`` (as written, each once) that make the card's question, of the same
    form, a different question; ``()`` when the forms differ or the card uses every such word."""
    stem = stemmer().stemWord
    asked, card_asks = _words(question, stem), [s for _, s in _words(card_question, stem)]
    if _shared([s for _, s in asked], card_asks) < share:
        return ()
    card = set(card_asks) | {s for _, s in _words(card_answer, stem)}
    skip = _skipped()
    return tuple(dict.fromkeys(w for w, s in asked if w not in skip and not w.isdigit() and s not in card))

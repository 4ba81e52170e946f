"""Chunking cards so that no text is lost to the model's input limit.

MiniLM reads at most 256 word pieces. A card gives three kinds of chunk, all of which carry the
card's question and point back to the card:

- chunk 0 is the question alone (students ask in question form);
- then the question followed by a part of the answer, packed sentence by sentence within the
  limit: together these hold every word of the answer;
- then, for an answer of several sentences, the question with each single sentence, so that a
  question about one detail of a long answer meets that detail undiluted;
- last, the answer alone, packed like the parts above but without the question (an answer of
  at least four words): a student who describes the idea instead of naming it meets the card's
  explanation without the card's own phrasing of the question in between.

Retrieval scores a card by its two best chunks (:mod:`assistant.retrieval`). The sentence
views, and later the answer-alone views, were chosen on the development questions
(``evals/data/calibration.jsonl``, ``evals/data/dev_paraphrases.jsonl`` and the leave-one-out
set), never on the evaluation paraphrases.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ingest.cards import Card, Chunk

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“$\\])")
#: Special tokens ([CLS], [SEP]) plus the separator between question and answer.
_RESERVED = 3
#: A question longer than this many word pieces is shortened in the answer chunks.
_MAX_QUESTION_PREFIX = 64
#: Sentences (and answers) shorter than this get no view of their own ("Formula:", "1.").
_MIN_VIEW_WORDS = 4


def split_sentences(text: str) -> list[str]:
    """Split on line breaks and sentence ends; keep list items and formulas whole."""
    parts: list[str] = []
    for line in text.split("\n"):
        parts += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return parts


def chunk_card(card: Card, count_tokens: Callable[[str], int], max_tokens: int) -> list[Chunk]:
    """The chunks of ``card``; their texts together hold every word of the question and answer.

    Args:
        card: The card to split.
        count_tokens: Word pieces in a text, without special tokens.
        max_tokens: The model's input limit, special tokens included.
    """
    count_tokens = functools.lru_cache(maxsize=None)(count_tokens)  # a sentence is counted once
    budget = max_tokens - _RESERVED
    texts = _pack(split_sentences(card.question), count_tokens, budget)
    if card.answer:
        # At most half the budget goes to the question, so that the answer always has room and
        # the prefix plus the answer part never exceed the limit (a 128-token model, say).
        prefix = _shorten(card.question, count_tokens, min(_MAX_QUESTION_PREFIX, budget // 2))
        room = max(budget - count_tokens(prefix), 1)
        sentences = split_sentences(card.answer)
        texts += [f"{prefix}\n{part}" for part in _pack(sentences, count_tokens, room)]
        if len(sentences) > 1:
            views = [s for s in sentences if len(s.split()) >= _MIN_VIEW_WORDS]
            texts += [f"{prefix}\n{part}" for s in views for part in _split_long(s, count_tokens, room)]
        if len(card.answer.split()) >= _MIN_VIEW_WORDS:
            texts += _pack(sentences, count_tokens, budget)
    n = len(texts)
    return [Chunk(f"{card.card_id}#{i}", card.card_id, i, n, text) for i, text in enumerate(texts)]


def _pack(sentences: list[str], count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """Greedily join sentences into pieces of at most ``budget`` word pieces."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for sentence in sentences:
        for part in _split_long(sentence, count_tokens, budget):
            size = count_tokens(part) + 1
            if current and used + size > budget:
                pieces.append(" ".join(current))
                current, used = [], 0
            current.append(part)
            used += size
    if current:
        pieces.append(" ".join(current))
    return pieces


def _split_long(sentence: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """A sentence over the budget is cut into windows of whole words.

    The cut is made by characters in proportion to the word pieces counted, then moved back to
    the last space; a single "word" longer than the window is cut where it must be.
    """
    if count_tokens(sentence) <= budget:
        return [sentence]
    parts: list[str] = []
    rest = sentence
    while rest:
        if count_tokens(rest) <= budget:
            parts.append(rest)
            break
        cut = max(1, len(rest) * budget // count_tokens(rest))
        while cut > 1 and count_tokens(rest[:cut]) > budget:
            cut = cut * 9 // 10
        space = rest.rfind(" ", 0, cut + 1)
        cut = space if space > 0 else cut
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    return [p for p in parts if p]


def _shorten(text: str, count_tokens: Callable[[str], int], limit: int) -> str:
    if count_tokens(text) <= limit:
        return text
    words = text.split()
    while words and count_tokens(" ".join(words)) > limit:
        words = words[: max(1, len(words) * 3 // 4)] if len(words) > 8 else words[:-1]
    return " ".join(words) + " …"

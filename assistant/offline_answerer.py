"""The default answerer: no language model, only the retrieved cards' own words.

The coverage judge (:mod:`assistant.coverage`) decides first. When the cards do not cover the
question (``"none"``) it says so and lists the nearest cards without citing them. Otherwise it
answers with
the best card's answer (its most relevant sentences when the answer is long) and adds the one
most relevant, non-redundant sentence from each close runner-up. Every sentence ends with the
``[n]`` of the card it was taken from. When the cards cover the question only in part, a last
line names what they lack: "Your cards cover “What is positional encoding?”, but nothing on
“rotary”."
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from assistant.answers import Answer, Citation, Hit
from assistant.coverage import Coverage, CoverageJudge
from ingest.chunking import split_sentences

#: Longest answer taken from the best card, in words, before it is trimmed to its best sentences.
MAX_WORDS = 140
#: A runner-up card contributes only when its similarity is this close to the best card's.
RUNNER_UP_MARGIN = 0.06
MAX_CARDS = 3
_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "by",
        "with",
        "as",
        "at",
        "it",
        "its",
        "this",
        "that",
        "what",
        "why",
        "how",
        "do",
        "does",
        "did",
        "we",
        "you",
        "i",
        "our",
        "their",
        "which",
        "when",
        "who",
        "whom",
        "from",
        "into",
        "than",
        "then",
        "there",
        "these",
        "those",
        "can",
        "could",
        "would",
        "should",
        "about",
        "vs",
        "versus",
    ]
)


def terms(text: str) -> set[str]:
    """Content words of ``text``, lower-cased, with a crude plural fold."""
    words = re.findall(r"[a-z0-9_]+", text.lower())
    return {w.rstrip("s") if len(w) > 3 else w for w in words if w not in _STOP}


def abstention(question: str, hits: Sequence[Hit], why: str = "") -> Answer:
    """The answer given when the cards do not cover the question: it says so and lists the nearest cards."""
    if why:
        lines = [f"I can't answer that from your cards: they do not cover it ({why})."]
    else:
        lines = ["I can't answer that from your cards: none of them is close enough to the question."]
    if hits:
        lines.append("The nearest cards are:")
        lines += [f"- {h.question} ({h.source}, similarity {h.similarity:.2f})" for h in hits[:3]]
    return Answer(question=question, text="\n".join(lines), abstained=True, nearest=tuple(hits[:3]))


class OfflineAnswerer:
    """Extractive, cited answers from retrieved cards.

    Args:
        threshold: Abstain when the best hit's cosine similarity is below this (used when no
            ``judges`` is given: the judge then reads the similarity alone).
        judges: Returns the coverage judge for the store as it is now (its threshold and
            vocabulary follow the deck); see :mod:`assistant.coverage`.

    Example:
        >>> OfflineAnswerer(threshold=0.45).answer("Why scale?", hits).text
        'Scaling prevents the dot product values from becoming too large ... [1]'
    """

    mode = "offline"

    def __init__(self, threshold: float, judges: Callable[[], CoverageJudge] | None = None) -> None:
        fixed = CoverageJudge(threshold)
        self._judges = judges or (lambda: fixed)

    @property
    def judge(self) -> CoverageJudge:
        """The coverage judge for the store as it is now."""
        return self._judges()

    @property
    def threshold(self) -> float:
        """The similarity under which it abstains, now."""
        return self.judge.threshold

    def answer(self, question: str, hits: Sequence[Hit], excluding: Collection[str] = ()) -> Answer:
        """Compose the answer to ``question`` from ``hits`` (best first).

        Args:
            excluding: Cards held out (leave-one-out evaluation): their words do not count as
                the deck's.
        """
        judge = self.judge
        coverage = judge.judge(question, hits, excluding)
        if coverage.level == "none":
            return abstention(question, hits, "" if coverage.signal == "similarity" else coverage.reason)
        best = hits[0]
        chosen = [best] + [
            h
            for h in hits[1:MAX_CARDS]
            if h.similarity >= max(judge.threshold, best.similarity - RUNNER_UP_MARGIN)
        ]
        q_terms = terms(question)
        paragraphs = [_main_sentences(best, q_terms)]
        used = list(paragraphs[0])
        for hit in chosen[1:]:
            extra = _best_new_sentence(hit, q_terms, used)
            paragraphs.append([extra] if extra else [])
            used += paragraphs[-1]
        citations: list[Citation] = []
        parts = []
        for hit, sentences in zip(chosen, paragraphs, strict=True):
            if not sentences:
                continue
            n = len(citations) + 1
            citations.append(Citation.from_hit(n, hit))
            parts.append(_cite(sentences, n))
        missing = _as_written(question, coverage)
        if missing:
            parts.append(f"Your cards cover “{best.question}”, but nothing on {_quoted(missing)}.")
        return Answer(
            question=question,
            text="\n\n".join(parts),
            abstained=False,
            citations=tuple(citations),
            coverage=coverage.level,
            missing=missing,
        )


def _as_written(question: str, coverage: Coverage) -> tuple[str, ...]:
    """The missing words as the question spells them ("FlashAttention", not "flashattention")."""
    out = []
    for word in coverage.missing:
        found = re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", question, re.IGNORECASE)
        out.append(found.group(0) if found else word)
    return tuple(out)


def _quoted(words: Sequence[str]) -> str:
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


Sentence = tuple[int, str]  # (line number within the answer, sentence)


def _sentences(answer: str) -> list[Sentence]:
    return [(i, s) for i, line in enumerate(answer.split("\n")) for s in split_sentences(line)]


def _main_sentences(hit: Hit, q_terms: set[str]) -> list[Sentence]:
    sentences = _sentences(hit.answer)
    if sum(len(s.split()) for _, s in sentences) <= MAX_WORDS:
        return sentences
    # Keep the first sentence (it usually states the answer), then the most relevant ones.
    ranked = sorted(range(1, len(sentences)), key=lambda i: (-len(terms(sentences[i][1]) & q_terms), i))
    keep, words = {0}, len(sentences[0][1].split())
    for i in ranked:
        size = len(sentences[i][1].split())
        if words + size <= MAX_WORDS:
            keep.add(i)
            words += size
    return [sentences[i] for i in sorted(keep)]


def _best_new_sentence(hit: Hit, q_terms: set[str], used: list[Sentence]) -> Sentence | None:
    used_terms = [terms(s) for _, s in used]
    best, best_overlap = None, 0
    for line, sentence in _sentences(hit.answer):
        st = terms(sentence)
        if not st or any(len(st & u) / len(st | u) > 0.5 for u in used_terms):
            continue
        overlap = len(st & q_terms)
        if overlap > best_overlap:
            best, best_overlap = (line, sentence), overlap
    return best


def _cite(sentences: list[Sentence], n: int) -> str:
    """Each sentence followed by its marker; the answer's own line breaks are kept."""
    out = ""
    for i, (line, sentence) in enumerate(sentences):
        if i:
            out += "\n" if line != sentences[i - 1][0] else " "
        out += f"{sentence} [{n}]"
    return out

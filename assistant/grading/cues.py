"""Cues read from the words alone: "I don't know", negation, and opposite words.

A contradiction is a flip of polarity between a key point of the card and the part of the
answer that matches it. Polarity counts negators ("not", "never", "without"), preventing verbs
("prevents", "keeps ... from") and words swapped for their opposite ("large" where the card
says "small"): an odd count differs.
So "keeps the values small" agrees with "prevents the values from becoming too large" (one
negator against one swapped word), and "makes the values large" contradicts it.

Example:
    >>> is_no_answer("I don't know"), is_no_answer("  "), is_no_answer("softmax")
    (True, True, False)
    >>> flips("Scaling prevents the values from becoming too large", "Scaling makes the values large")
    True
    >>> flips("Scaling prevents the values from becoming too large", "it keeps the values small")
    False
"""

from __future__ import annotations

import re

from assistant.grading.words import stem, words

_NO_ANSWER = re.compile(
    r"^\s*(?:(?:i\s*(?:do\s*n[o']?t|dont|really\s+don'?t)\s*(?:know|remember|recall)|idk|dunno|"
    r"no\s+idea|not\s+sure|no\s+clue|pass|skip|forgot|i\s+forgot|i\s+have\s+no\s+idea|"
    r"can'?t\s+remember|no\s+answer|n/?a)\b|[?.\-]+)"
    r"(?:[\s,;]*(?:sorry|lol|honestly|at all|anymore))*[\s.!?]*$",
    re.IGNORECASE,
)

#: Words that negate what follows them.
NEGATORS = frozenset(
    """not no never without cannot cant none nothing neither nor lack lacks lacking fail fails
    isnt arent doesnt dont didnt wont wasnt werent hasnt havent unable""".split()
)
#: Verbs that work against their object ("prevents X"): a negation in effect.
PREVENTERS = frozenset(
    """prevent prevents prevented preventing avoid avoids avoiding stop stops stopping mitigate
    mitigates mitigating counteract counteracts block blocks blocking hide hides hiding suppress
    suppresses eliminate eliminates dispense dispenses discard discards discarding ignore
    ignores ignoring""".split()
)
#: Verbs that bring their object about ("makes X large"): the opposite of a preventer.
CAUSERS = frozenset(
    """cause causes causing make makes making push pushes lead leads create creates produce
    produces let lets allow allows enable enables keep keeps retain retains preserve
    preserves""".split()
)
#: Phrases that look negative but are not ("no matter how far"), and "keeps X from" (= prevents).
_NOT_NEGATIONS = re.compile(r"\bno\s+matter\b|\bregardless\b|\bnot\s+only\b", re.IGNORECASE)
_KEEP_FROM = re.compile(r"\bkeep(?:s|ing)?\s+(?:\w+\s+){0,4}?from\b", re.IGNORECASE)

_PAIRS = """large small|larger smaller|big small|huge tiny|increase decrease|increases decreases|
grow shrink|high low|higher lower|more less|faster slower|fast slow|before after|same different|
static dynamic|fixed dynamic|fixed learned|stable unstable|vanishing exploding|encoder decoder|
input output|parallel sequential|parallel serial|local global|left right|past future|first last|
add multiply|addition multiplication|sum product|bidirectional unidirectional|all none|
independent dependent|minimize maximize|minimise maximise|shared separate|sparse dense|
linear nonlinear|row column|rows columns|long short|longer shorter|deep shallow|
constant linear|constant quadratic|linear quadratic|square rectangular|learned random|
before during|masked unmasked|positive negative|one zero|inside outside|early late|
query value|keys values|noisy stable""".replace("\n", " ")

#: Stem -> the stems of its opposites.
OPPOSITES: dict[str, frozenset[str]] = {}
for _pair in _PAIRS.split("|"):
    _a, _b = (stem(w) for w in _pair.split())
    OPPOSITES[_a] = OPPOSITES.get(_a, frozenset()) | {_b}
    OPPOSITES[_b] = OPPOSITES.get(_b, frozenset()) | {_a}


def is_no_answer(answer: str) -> bool:
    """True for an empty answer or a form of "I don't know"."""
    return not answer.strip() or bool(_NO_ANSWER.match(answer))


def _tokens(text: str) -> list[str]:
    return words(_KEEP_FROM.sub(" prevents ", _NOT_NEGATIONS.sub(" ", text)))


def negations(text: str) -> int:
    """How many negators ``text`` holds ("doesn't" counts: the apostrophe is dropped)."""
    return sum(t in NEGATORS for t in _tokens(text))


def preventers(text: str) -> int:
    """How many preventing verbs ("prevents", "keeps ... from", "avoids") ``text`` holds."""
    return sum(t in PREVENTERS for t in _tokens(text))


def swapped(point: str, answer_text: str, whole_card: str = "") -> int:
    """How many of the point's words the answer replaced by an opposite.

    A word counts when the answer lacks it and holds one of its opposites that neither the
    point nor the rest of the card (``whole_card``) uses ("decoder" is no swap for "encoder" on
    a card that speaks of both).
    """
    card = {stem(w) for w in words(point)}
    context = card | {stem(w) for w in words(whole_card)}
    answer = {stem(w) for w in words(answer_text)}
    count = 0
    for word in card - answer:
        if OPPOSITES.get(word, frozenset()) & (answer - context):
            count += 1
    return count


def flips(point: str, answer_text: str, whole_card: str = "") -> bool:
    """True when the answer's polarity differs from the point's (an odd number of flips).

    Negators and swapped words always count. Preventing verbs count only when the answer
    shows some polarity of its own (a negator, a preventing or causing verb, a swapped word):
    an answer that says "fights vanishing gradients" where the card says "mitigates" used a
    synonym the lists lack, not a reversal.
    """
    swaps = swapped(point, answer_text, whole_card)
    count = negations(point) + negations(answer_text) + swaps
    answer_tokens = set(_tokens(answer_text))
    if swaps or negations(answer_text) or preventers(answer_text) or answer_tokens & CAUSERS:
        count += preventers(point) + preventers(answer_text)
    return count % 2 == 1

"""Cues read from the words alone: "I don't know", negation, and opposite words.

A contradiction is a flip of polarity between a key point of the card and the part of the
answer that matches it. Polarity counts negators ("not", "never", "without", "prevents") and
words swapped for their opposite ("large" where the card says "small"): an odd count differs.
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
    r"^\s*(?:i\s*(?:do\s*n[o']?t|dont|don't|really\s+don'?t)\s*(?:know|remember|recall)|"
    r"idk|dunno|no\s+idea|not\s+sure|no\s+clue|pass|skip|forgot|i\s+forgot|"
    r"i\s+have\s+no\s+idea|can'?t\s+remember|no\s+answer|\?+|-+|\.+|n/?a)\b[\s.!?]*"
    r"(?:[\s,;]*(?:sorry|lol|honestly|at all|anymore))*[\s.!?]*$",
    re.IGNORECASE,
)

#: Words that negate what follows them.
NEGATORS = frozenset(
    """not no never without cannot cant none nothing neither nor prevent prevents prevented
    preventing avoid avoids avoiding stop stops stopping lack lacks fail fails isnt arent doesnt
    dont didnt wont wasnt werent hasnt havent instead""".split()
)

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


def negations(text: str) -> int:
    """How many negators ``text`` holds ("doesn't" counts: the apostrophe is dropped)."""
    return sum(t in NEGATORS for t in words(text))


def swapped(card_text: str, answer_text: str) -> int:
    """How many of the card's words the answer replaced by an opposite (without also using them)."""
    card = {stem(w) for w in words(card_text)}
    answer = {stem(w) for w in words(answer_text)}
    count = 0
    for word in card - answer:
        if OPPOSITES.get(word, frozenset()) & (answer - card):
            count += 1
    return count


def flips(card_text: str, answer_text: str) -> bool:
    """True when the answer's polarity differs from the card's (an odd number of flips)."""
    return (negations(card_text) + negations(answer_text) + swapped(card_text, answer_text)) % 2 == 1

"""Cues read from the words alone: "I don't know", and the word lists polarity is read with.

The lists are negators ("not", "never", "without"), preventing verbs ("prevents", "keeps ...
from"), causing verbs ("makes", "causes") and pairs of opposite words ("large" and "small");
:mod:`assistant.grading.polarity` reads what each of them governs.

Example:
    >>> is_no_answer("I don't know"), is_no_answer("  "), is_no_answer("softmax")
    (True, True, False)
"""

from __future__ import annotations

import re

from assistant.grading.words import stem

_NO_ANSWER = re.compile(
    r"^\s*(?:(?:i\s*(?:do\s*n[o']?t|dont|really\s+don'?t)\s*(?:know|remember|recall)|idk|dunno|"
    r"no\s+idea|not\s+sure|no\s+clue|pass|skip|forgot|i\s+forgot|i\s+have\s+no\s+idea|"
    r"can'?t\s+remember|no\s+answer|n/?a)\b|[?.\-]+)"
    r"(?:[\s,;]*(?:sorry|lol|honestly|at all|anymore))*[\s.!?]*$",
    re.IGNORECASE,
)

#: Words that negate what follows them.
NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "cannot",
        "cant",
        "none",
        "nothing",
        "neither",
        "nor",
        "lack",
        "lacks",
        "lacking",
        "fail",
        "fails",
        "isnt",
        "arent",
        "doesnt",
        "dont",
        "didnt",
        "wont",
        "wasnt",
        "werent",
        "hasnt",
        "havent",
        "unable",
    ]
)
#: Verbs that work against their object ("prevents X"): a negation in effect.
PREVENTERS = frozenset(
    [
        "prevent",
        "prevents",
        "prevented",
        "preventing",
        "avoid",
        "avoids",
        "avoiding",
        "stop",
        "stops",
        "stopping",
        "mitigate",
        "mitigates",
        "mitigating",
        "counteract",
        "counteracts",
        "block",
        "blocks",
        "blocking",
        "hide",
        "hides",
        "hiding",
        "suppress",
        "suppresses",
        "eliminate",
        "eliminates",
        "dispense",
        "dispenses",
        "discard",
        "discards",
        "discarding",
        "ignore",
        "ignores",
        "ignoring",
    ]
)
#: Verbs that bring their object about ("makes X large"): the opposite of a preventer.
CAUSERS = frozenset(
    [
        "cause",
        "causes",
        "causing",
        "make",
        "makes",
        "making",
        "push",
        "pushes",
        "lead",
        "leads",
        "create",
        "creates",
        "produce",
        "produces",
        "let",
        "lets",
        "allow",
        "allows",
        "enable",
        "enables",
        "retain",
        "retains",
        "preserve",
        "preserves",
    ]
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

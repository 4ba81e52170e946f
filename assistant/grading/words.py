"""Words for lexical matching: content-word stems, and typo-tolerant matching of them.

Stems come from the Snowball English stemmer (PyStemmer, as the BM25 index uses). Two stems
match when they are equal, or, for stems of at least :data:`FUZZY_MIN_LEN` characters, when
their rapidfuzz ratio is at least :data:`FUZZY_RATIO` ("normalisation" and "normalizaton").

Example:
    >>> content_stems("The softmax normalises the scores")
    ['softmax', 'normalis', 'score']
    >>> coverage(content_stems("softmax normalizes scores"), content_stems("sofmax normalses scores"))
    1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

#: Stems this long or longer may match with a typo.
FUZZY_MIN_LEN = 5
#: Lowest rapidfuzz ratio (0-100) for two long stems to match.
FUZZY_RATIO = 80.0

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_']*|\d+(?:\.\d+)?")

STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been being it its
    this that these those there their they them he she we you your our i me my which who whom whose
    what when where why how than then so such can could would should may might will shall do does
    did done has have had having into onto over under about also each every any some more most
    other others both either same own just only very too again further here while during through
    between up down out off if because until via per like e g eg ie etc one s t
    """.split()
)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """The lower-cased words and numbers of ``text``; ``d_k`` stays one word."""
    return [w.lower().replace("'", "") for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that are not stop words, in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def matches(needle: str, haystack: Sequence[str]) -> bool:
    """True when ``needle`` is in ``haystack``, allowing a typo in a long stem."""
    if needle in haystack:
        return True
    if len(needle) < FUZZY_MIN_LEN:
        return False
    found = process.extractOne(needle, haystack, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO)
    return found is not None


def coverage(needles: Sequence[str], haystack: Sequence[str]) -> float:
    """Share of the distinct ``needles`` found in ``haystack`` (1.0 when there are none)."""
    distinct = list(dict.fromkeys(needles))
    if not distinct:
        return 1.0
    return sum(matches(n, haystack) for n in distinct) / len(distinct)

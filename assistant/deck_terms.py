"""Which words of a question the deck never uses: the lexical half of the coverage judge.

A question's *content words* are its words less the stop words (the BM25 index's own list plus
question words such as "explain"). A content word is *known* when some card's chunk holds it as
the BM25 index stores it (lower-cased, Snowball-stemmed), allowing for what a student types that
the index would miss:

- a plural or singular the stemmer leaves apart ("rnn" for the deck's "RNNs");
- a compound the deck writes in two words ("feedforward", "layernorm", "d_model");
- one letter dropped, added or changed in a long word ("sofmax").

Every other content word is *unknown*: no card uses it. ``excluding`` leaves some cards' chunks
out of the lookup, so that leave-one-out evaluation does not find a held-out card's words.

Example:
    >>> terms = DeckTerms(index.snapshot.lexical)
    >>> terms.unknown_words("How does FlashAttention cut attention's memory traffic?")
    ('flashattention', 'traffic')
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cached_property

from ingest.lexical import LexicalIndex, stemmer, stop_words

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: English function words (pronouns, auxiliaries, determiners, prepositions, conjunctions) and
#: words of a question's form rather than its topic; dropped like stop words. (The index's own
#: stop-word list, ``bm25s``'s, has only 33 words.)
_FUNCTION_TEXT = """a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each else ever every few for from further get gets getting got had hadn has hasn have
    haven having he her here hers herself him himself his how however i if in into is isn it its
    itself just let ll me might more most much must mustn my myself need needs no nor not now of
    off often on once one only or other ought our ours ourselves out over own re s same shall
    shan she should shouldn so some such t than that the their theirs them themselves then there
    these they this those through thus to too under until up upon us ve very was wasn we were
    weren what whats when where whether which while who whom whose why will with won would
    wouldn yet you your yours yourself yourselves
    explain describe define difference differ mean means meaning exactly please tell show work
    works example examples use used using vs versus also really actually basically like"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
#: Shortest word checked for a typo, and for being two words written as one.
_MIN_FUZZY = 6
_MIN_PART = 2


class DeckTerms:
    """Word lookups in the deck's BM25 vocabulary (see the module docstring)."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self.lexical = lexical
        self._stem = stemmer().stemWord
        self._stop = stop_words() | FUNCTION_WORDS

    @property
    def revision(self) -> str:
        return self.lexical.revision

    def content_words(self, text: str) -> list[str]:
        """The words of ``text`` that are neither stop words nor numbers, lower-cased, each once, in order."""
        words = _WORD.findall(text.lower())
        return list(dict.fromkeys(w for w in words if w not in self._stop and not w.isdigit() and len(w) > 1))

    def unknown_words(self, text: str, excluding: Collection[str] = ()) -> tuple[str, ...]:
        """The content words of ``text`` that no card uses (cards in ``excluding`` ignored), each once."""
        out: dict[str, None] = {}
        for word in self.content_words(text):
            if word in out or self.is_known(word, excluding) or self.is_compound(word, excluding):
                continue
            out[word] = None
        return tuple(out)

    def is_known(self, word: str, excluding: Collection[str] = ()) -> bool:
        """Whether some card (not in ``excluding``) uses ``word`` or a spelling of it (see above)."""
        candidates = self._spellings(word)
        if not excluding:
            return any(self.lexical.has_term(t) for t in candidates)
        return any(self._used_outside(t, excluding) for t in candidates)

    def _used_outside(self, term: str, excluding: Collection[str]) -> bool:
        return any(cid.rsplit("#", 1)[0] not in excluding for cid in self.lexical.term_chunk_ids(term))

    def _spellings(self, word: str) -> list[str]:
        """The index terms ``word`` may stand for: its stem, its plural's or singular's, its typo fixes."""
        stems = [self._stem(word), self._stem(word + "s")]
        if word.endswith("s") and len(word) > 3:
            stems.append(self._stem(word[:-1]))
        if len(word) >= _MIN_FUZZY and not any(self.lexical.has_term(t) for t in stems):
            stems += self._typo_fixes(self._stem(word))
        return list(dict.fromkeys(stems))

    def _typo_fixes(self, term: str) -> list[str]:
        """Index terms one deletion, insertion or substitution away from ``term`` (long terms only)."""
        deletions = {term[:i] + term[i + 1 :] for i in range(len(term))}
        found = [d for d in deletions if self.lexical.has_term(d)]  # the student added a letter
        found += self._by_deletion.get(term, [])  # the student dropped one
        found += [t for d in deletions for t in self._by_deletion.get(d, [])]  # changed one
        return found

    @cached_property
    def _by_deletion(self) -> dict[str, list[str]]:
        """Each long index term under every one-letter deletion of it."""
        table: dict[str, list[str]] = {}
        for term in self._vocabulary:
            if len(term) >= _MIN_FUZZY:
                for i in range(len(term)):
                    table.setdefault(term[:i] + term[i + 1 :], []).append(term)
        return table

    @cached_property
    def _vocabulary(self) -> list[str]:
        return [t for t in self.lexical.vocabulary() if t]

    def is_compound(self, word: str, excluding: Collection[str] = ()) -> bool:
        """Whether ``word`` is two known words written as one ("feedforward", "layernorm")."""
        if len(word) < _MIN_FUZZY:
            return False
        for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, tail = word[:i], word[i:]
            if head in self._stop or tail in self._stop:
                continue
            if self.is_known(head, excluding) and self.is_known(tail, excluding):
                return True
        return False

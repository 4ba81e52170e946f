"""Citation checks made in code after (and while) the model writes.

Markers. A marker is ``[n]`` or a list ``[n, m]`` (or ``[n,m]``) of at most 8 numbers of 1-3
digits; the spaces or tabs before it belong to it. It is data, not a citation, when it is
inside another list (``[[1, 0], [0, 1]]``), follows ``=`` (``x = [1, 2]``), is in code (fenced
or in backticks), or repeats a list of two or more numbers written in the question, the cards
or the tool arguments ("softmax of [1, 2, 3]"). Data is never changed. In a citation, a number
is valid when a source with that number was sent (``1 <= n <= sources``). Invalid numbers are
removed from their marker; a marker left empty is removed with the spaces before it
(``"claim [9]."`` becomes ``"claim."``, ``"[1, 9]"`` becomes ``"[1]"``). Valid numbers are never
touched. Anything else in brackets (``[CLS]``, ``[1.5]``, ``[1000]``) is not a marker.

Streaming. :class:`MarkerFilter` applies the same rule to a stream of pieces: it holds back
only what could still become (or precede) a marker, i.e. trailing whitespace and an unclosed
``[`` followed by digits, commas and spaces, so the pieces it emits join to exactly
:func:`remove_invalid_markers` of the whole (stripped) text.

Uncited sentences (:func:`uncited_sentences`). The prose is split into lines, and lines into
sentences (after ``.``, ``!`` or ``?`` and any markers that follow, before an upper-case letter,
a digit or an opening bracket or quote). Fenced code, table rows (``|``) and headings (``#``)
are not prose. A sentence needs a marker unless it has fewer than 4 words, ends with ``:``
(it introduces a list or table), is the "I can't answer that from your cards" sentence, or
reports a worked-example result (it holds a number that matches one, see
:mod:`assistant.llm.number_check`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from assistant.llm.prompt import ABSTAIN_PREFIX

#: A marker: ``[3]``, ``[1, 3]`` or ``[1,3]``, with the horizontal spaces before it.
MARKER = re.compile(r"[ \t]*\[(\d{1,3}(?:,[ \t]?\d{1,3}){0,7})\]")
_SEPARATOR = re.compile(r",[ \t]?")
_LIST = re.compile(r"\[(\d{1,3}(?:,[ \t]?\d{1,3}){1,7})\]")
_LIST_BODY = re.compile(r"\[[\s\d.,\-−eE\[\]]*")
#: Longest text that can still turn into a marker: "[", then 8 numbers of 3 digits joined by ", ".
_MAX_OPEN = 1 + 3 + 7 * 5
_OPEN_MARKER = re.compile(r"\[[\d ,\t]*\Z")
_SENTENCE_END = re.compile(
    r"[.!?][\"')\]]*(?:[ \t]*\[\d{1,3}(?:,[ \t]?\d{1,3}){0,7}\])*(?=\s+[A-Z0-9\"'(*_$\\]|\s*$)"
)
#: Sentences shorter than this ("Yes.", "In short:") are not claims.
MIN_CLAIM_WORDS = 4
ABSTAIN_START = ABSTAIN_PREFIX.lower()

#: Integer lists that are data wherever they are repeated (see :func:`data_lists`).
DataLists = frozenset[tuple[int, ...]]


def data_lists(*texts: str) -> DataLists:
    """The bracketed lists of two or more integers written in ``texts``.

    Example:
        >>> sorted(data_lists("softmax of [1, 2, 3]", '{"x": [4,5]}', "card [1]"))
        [(1, 2, 3), (4, 5)]
    """
    return frozenset(_numbers(m) for text in texts for m in _LIST.finditer(text))


def _numbers(match: re.Match[str]) -> tuple[int, ...]:
    return tuple(int(n) for n in _SEPARATOR.split(match.group(1)))


def _inside_list(text: str) -> bool:
    """True when ``text`` ends inside an unclosed bracket that holds only a numeric list so far."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == "]":
            depth += 1
        elif text[i] == "[":
            if depth == 0:
                return _LIST_BODY.fullmatch(text, i) is not None
            depth -= 1
    return False


def is_data(match: re.Match[str], before: str, data: DataLists = frozenset()) -> bool:
    """Whether the marker-shaped ``match`` is data; ``before`` is all the text before its ``[``."""
    if _numbers(match) in data or before.count("```") % 2:  # a repeated list, or fenced code
        return True
    line = before[before.rfind("\n") + 1 :]
    in_code_span = line.replace("```", "").count("`") % 2 == 1
    return in_code_span or _inside_list(before) or line.rstrip().endswith("=")


def citations_in(text: str, data: DataLists = frozenset()) -> list[re.Match[str]]:
    """The markers of ``text`` that are citations (not data)."""
    return [m for m in MARKER.finditer(text) if not is_data(m, text[: m.start(1) - 1], data)]


def marker_numbers(text: str, data: DataLists = frozenset()) -> list[int]:
    """Every number cited in ``text``, in order (repeats kept)."""
    return [n for m in citations_in(text, data) for n in _numbers(m)]


def cited(text: str, sources: int, data: DataLists = frozenset()) -> list[int]:
    """The valid source numbers ``text`` cites, ascending, without repeats."""
    return sorted({n for n in marker_numbers(text, data) if 1 <= n <= sources})


def remove_invalid_markers(
    text: str, sources: int, data: DataLists = frozenset(), before: str = ""
) -> tuple[str, list[int]]:
    """``text`` without citation numbers that match no source, and the numbers removed.

    Args:
        text: The text to fix.
        sources: How many sources were sent.
        data: Lists that are data where they are repeated.
        before: The text that came before ``text`` (for a stream), unfixed.

    Example:
        >>> remove_invalid_markers("Scaling helps [1]. Softmax saturates [9]. Both [1, 7].", 5)
        ('Scaling helps [1]. Softmax saturates. Both [1].', [9, 7])
        >>> remove_invalid_markers("Q = [[1, 0], [0, 9]] and x = [7, 8].", 5)
        ('Q = [[1, 0], [0, 9]] and x = [7, 8].', [])
    """
    removed: list[int] = []

    def fix(match: re.Match[str]) -> str:
        if is_data(match, before + text[: match.start(1) - 1], data):
            return match.group(0)
        numbers = _numbers(match)
        good = [str(n) for n in numbers if 1 <= n <= sources]
        removed.extend(n for n in numbers if not 1 <= n <= sources)
        if len(good) == len(numbers):
            return match.group(0)
        if not good:
            return ""
        lead = match.group(0)[: match.start(1) - match.start(0) - 1]  # the spaces before "["
        return f"{lead}[{', '.join(good)}]"

    return MARKER.sub(fix, text), removed


class MarkerFilter:
    """Removes invalid markers from a stream of text pieces as they arrive.

    Leading whitespace of the whole text and trailing whitespace at :meth:`close` are dropped
    as well, so the emitted pieces join to :attr:`text`.

    Example:
        >>> f = MarkerFilter(sources=2)
        >>> [*f.feed("Scaling helps [1"), *f.feed("]. It is [9"), *f.feed("] known."), *f.close()]
        ['Scaling helps', ' [1]. It is', ' known.']
        >>> f.text, f.removed
        ('Scaling helps [1]. It is known.', [9])
    """

    def __init__(self, sources: int, data: DataLists = frozenset()) -> None:
        self.sources = sources
        self.data = data  #: may grow between the rounds of a conversation (tool arguments)
        self.removed: list[int] = []
        self._pending = ""
        self._raw = ""  # the text as written, before fixing: the context of each marker
        self._emitted: list[str] = []

    @property
    def text(self) -> str:
        """Everything emitted so far."""
        return "".join(self._emitted)

    def feed(self, piece: str) -> Iterator[str]:
        """Take ``piece``; yield what is now certain (possibly nothing)."""
        self._pending += piece
        if not self._emitted:
            self._pending = self._pending.lstrip()
        cut = _safe_prefix(self._pending)
        if cut:
            yield from self._emit(self._pending[:cut])
            self._pending = self._pending[cut:]

    def close(self) -> Iterator[str]:
        """The end of the stream: yield the rest, without trailing whitespace."""
        rest, self._pending = self._pending, ""
        yield from self._emit(rest.rstrip())

    def _emit(self, text: str) -> Iterator[str]:
        fixed, removed = remove_invalid_markers(text, self.sources, self.data, self._raw)
        self._raw += text
        self.removed += removed
        if fixed:
            self._emitted.append(fixed)
            yield fixed


def _safe_prefix(text: str) -> int:
    """Length of the prefix of ``text`` that no later text can change."""
    end = len(text)
    start = text.rfind("[")
    if start >= 0 and end - start <= _MAX_OPEN and _OPEN_MARKER.match(text, start):
        end = start  # "[1, " may still become a marker
    while end and text[end - 1].isspace():
        end -= 1  # spaces may go with a marker that follows; trailing whitespace is dropped at the end
    return end


def prose_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` that are prose: not fenced code, table rows, headings or rules."""
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            continue
        if fenced or not stripped or stripped[0] in "|#" or set(stripped) <= set("-*_= "):
            continue
        yield stripped


def sentences(line: str) -> list[str]:
    """``line`` split into sentences; markers after a full stop stay with their sentence."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        parts.append(line[start : match.end()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]


def uncited_sentences(
    text: str, backed: Callable[[str], bool] = lambda s: False, data: DataLists = frozenset()
) -> list[str]:
    """The sentences of ``text`` that state something and cite nothing.

    Args:
        text: The answer (after invalid markers were removed).
        backed: Tells whether a sentence reports a worked-example result (then it needs none).
        data: Lists that are data, not citations, where they are repeated.
    """
    found = []
    for line in prose_lines(text):
        for sentence in sentences(line.lstrip("-*+> ").strip()):
            words = MARKER.sub("", sentence).split()
            if citations_in(sentence, data) or len(words) < MIN_CLAIM_WORDS or sentence.endswith(":"):
                continue
            if sentence.lower().replace("’", "'").startswith(ABSTAIN_START) or backed(sentence):
                continue
            found.append(sentence)
    return found


def quote(sentence: str, limit: int = 80) -> str:
    """``sentence`` in quotes, cut to ``limit`` characters with an ellipsis."""
    return f'"{sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"}"'

"""The lexical index: BM25 (``bm25s``) over the same chunks as the dense index.

It is rebuilt from the store after an ingest that changed something and saved next to the
store's data, tagged with the store's revision. On start-up it is loaded from disk when the
revision still matches, so no query and no start pays for building it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.errors import StoreError

_TOKEN_PATTERN = r"(?u)\b\w+\b"


def _tokenizer():  # type: ignore[no-untyped-def]
    import bm25s
    import Stemmer

    return bm25s.tokenization.Tokenizer(
        splitter=_TOKEN_PATTERN, stopwords="en", stemmer=Stemmer.Stemmer("english")
    )


class LexicalIndex:
    """BM25 over chunk texts, answering with chunk ids.

    Example:
        >>> index = LexicalIndex.build([("a#0", "what is attention"), ("b#0", "layer norm")])
        >>> index.search("attention", 1)
        [('a#0', ...)]
    """

    def __init__(
        self, retriever: object, tokenizer: object, chunk_ids: list[str], revision: str, left_out: int = 0
    ) -> None:
        self._retriever = retriever
        self._tokenizer = tokenizer
        self.chunk_ids = chunk_ids
        self.revision = revision
        self.left_out = left_out
        self._ids: frozenset[str] | None = None
        self._by_card: dict[str, list[str]] | None = None

    @property
    def ids(self) -> frozenset[str]:
        """The indexed chunk ids, as a set (built on first use)."""
        if self._ids is None:
            self._ids = frozenset(self.chunk_ids)
        return self._ids

    def chunks_of(self, card_ids: Iterable[str]) -> list[str]:
        """The indexed chunk ids of these cards (an id ``card#i`` belongs to ``card``)."""
        if self._by_card is None:
            by_card: dict[str, list[str]] = {}
            for chunk_id in self.chunk_ids:
                by_card.setdefault(chunk_id.rsplit("#", 1)[0], []).append(chunk_id)
            self._by_card = by_card
        return [chunk_id for cid in card_ids for chunk_id in self._by_card.get(cid, ())]

    @classmethod
    def build(cls, chunks: Iterable[tuple[str, str]], revision: str = "", left_out: int = 0) -> LexicalIndex:
        """Index ``(chunk_id, text)`` pairs.

        Args:
            chunks: The chunks to index.
            revision: The store revision they were read at.
            left_out: How many of the store's chunks were not indexed (practice prompts): the
                dense search asks for that many more, to drop them without a filter.
        """
        import bm25s

        ids, texts = [], []
        for chunk_id, text in chunks:
            ids.append(chunk_id)
            texts.append(text)
        tokenizer = _tokenizer()
        retriever = bm25s.BM25()
        if texts:
            tokens = tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False)
            retriever.index((tokens, tokenizer.get_vocab_dict()), show_progress=False)
        return cls(retriever, tokenizer, ids, revision, left_out)

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """Up to ``n`` ``(chunk_id, bm25_score)`` pairs with a positive score, best first.

        Scores come from ``bm25s``; the top ``n`` are picked among the chunks that share a term
        with the query only. (Selecting among all chunks, most of them tied at zero, made
        ``numpy.argpartition`` the slowest step of a question on a large store.)
        """
        if not self.chunk_ids or n < 1:
            return []
        tokens = self._tokenizer.tokenize([query], update_vocab=False, return_as="ids", show_progress=False)  # type: ignore[attr-defined]
        if not tokens or not tokens[0]:
            return []
        scores = self._retriever.get_scores_from_ids(tokens[0])  # type: ignore[attr-defined]
        hits = np.flatnonzero(scores > 0)
        if len(hits) > n:
            hits = hits[np.argpartition(-scores[hits], n - 1)[:n]]
        hits = hits[np.lexsort((hits, -scores[hits]))]  # best first; ties in index order
        return [(self.chunk_ids[int(i)], float(scores[i])) for i in hits]

    def save(self, directory: Path) -> None:
        """Write the index atomically: a half-written index is never loaded."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.chunk_ids:
            self._retriever.save(str(tmp), show_progress=False)  # type: ignore[attr-defined]
            self._tokenizer.save_vocab(str(tmp))  # type: ignore[attr-defined]
        saved = {"revision": self.revision, "ids": self.chunk_ids, "left_out": self.left_out}
        (tmp / "chunks.json").write_text(json.dumps(saved))
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path, revision: str) -> LexicalIndex | None:
        """The saved index if it was built for ``revision``, else None."""
        import bm25s

        try:
            saved = json.loads((directory / "chunks.json").read_text())
            if saved["revision"] != revision or "left_out" not in saved:  # older saves lack it
                return None
            tokenizer = _tokenizer()
            if not saved["ids"]:
                return cls(bm25s.BM25(), tokenizer, [], revision, saved["left_out"])
            tokenizer.load_vocab(str(directory))
            retriever = bm25s.BM25.load(str(directory), mmap=True)
        except (OSError, ValueError, KeyError) as exc:
            if isinstance(exc, FileNotFoundError):
                return None
            raise StoreError(f"lexical index in {directory} is unreadable: {exc}") from None
        return cls(retriever, tokenizer, list(saved["ids"]), revision, int(saved["left_out"]))

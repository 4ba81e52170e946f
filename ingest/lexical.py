"""The lexical index: BM25 (``bm25s``) over the same chunks as the dense index.

It is rebuilt from the store after an ingest that changed something and saved next to the
store's data, tagged with the store's revision. On start-up it is loaded from disk when the
revision still matches, so no query and no start pays for building it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ingest.atomic_folder import move_into_place, read_saved, temporary_beside
from ingest.memory import release_freed_memory

_TOKEN_PATTERN = r"(?u)\b\w+\b"
#: The file in a saved index folder that holds its revision, chunk ids and practice count.
_INDEX_FILE = "chunks.json"
#: Chunks tokenised together while building.
_PAGE = 2000
#: Scores computed together when finishing the index.
_BLOCK = 1 << 20


def stop_words() -> frozenset[str]:
    """The English stop words the tokenizer drops (``bm25s``'s list)."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def stemmer():  # type: ignore[no-untyped-def]
    """The stemmer the index applies to every word (Snowball English, ``PyStemmer``)."""
    import Stemmer

    return Stemmer.Stemmer("english")


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

    @property
    def ids(self) -> frozenset[str]:
        """The indexed chunk ids, as a set (built on first use)."""
        if self._ids is None:
            self._ids = frozenset(self.chunk_ids)
        return self._ids

    @classmethod
    def build(cls, chunks: Iterable[tuple[str, str]], revision: str = "", left_out: int = 0) -> LexicalIndex:
        """Index ``(chunk_id, text)`` pairs.

        The chunks are read and tokenised a page at a time; only each chunk's distinct token ids
        and their counts are kept (int32 arrays, about the size of the finished index), never
        the texts or Python lists of tokens. The result is the index ``bm25s.BM25().index()``
        builds from the same tokens (its Lucene BM25, k1 = 1.5, b = 0.75), which took more than
        twice the memory of the index itself to build.

        Args:
            chunks: The chunks to index.
            revision: The store revision they were read at.
            left_out: How many of the store's chunks were not indexed (practice prompts): the
                dense search asks for that many more, to drop them without a filter.
        """
        import bm25s

        tokenizer = _tokenizer()
        ids: list[str] = []
        counts = _TermCounts()
        pairs = iter(chunks)
        while page := list(itertools.islice(pairs, _PAGE)):
            ids += [chunk_id for chunk_id, _ in page]
            texts = [text for _, text in page]
            counts.add(tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False))
        retriever = bm25s.BM25()
        if ids:
            vocab = tokenizer.get_vocab_dict()
            retriever.scores = counts.bm25_matrix(len(vocab), retriever.k1, retriever.b, retriever.dtype)
            retriever.nonoccurrence_array = None  # Lucene BM25 has none
            if "" not in vocab:  # as bm25s does: an empty token scores documents with no tokens
                vocab[""] = max(vocab.values()) + 1
            retriever.vocab_dict = vocab
            retriever.unique_token_ids_set = set(vocab.values())
        release_freed_memory()  # the pages' token lists, freed
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
        # A question with no known word comes back as the empty token, which bm25s gives to
        # chunks with no indexable word: it must not match them.
        empty = self._retriever.vocab_dict.get("")  # type: ignore[attr-defined]
        ids = [t for t in tokens[0] if t != empty] if tokens else []
        if not ids:
            return []
        scores = self._retriever.get_scores_from_ids(ids)  # type: ignore[attr-defined]
        hits = np.flatnonzero(scores > 0)
        if len(hits) > n:
            hits = hits[np.argpartition(-scores[hits], n - 1)[:n]]
        hits = hits[np.lexsort((hits, -scores[hits]))]  # best first; ties in index order
        return [(self.chunk_ids[int(i)], float(scores[i])) for i in hits]

    def has_term(self, term: str) -> bool:
        """Whether some indexed chunk holds ``term`` (a stemmed, lower-cased token)."""
        column = self._column(term)
        return column is not None and self._postings(column).size > 0

    def term_chunk_ids(self, term: str) -> list[str]:
        """The ids of the indexed chunks that hold ``term`` (a stemmed, lower-cased token)."""
        column = self._column(term)
        if column is None:
            return []
        return [self.chunk_ids[int(i)] for i in self._postings(column)]

    def vocabulary(self) -> list[str]:
        """Every indexed token (stemmed, lower-cased)."""
        if not self.chunk_ids:
            return []
        return list(self._retriever.vocab_dict)  # type: ignore[attr-defined]

    def _column(self, term: str) -> int | None:
        if not self.chunk_ids or not term:
            return None
        column = self._retriever.vocab_dict.get(term)  # type: ignore[attr-defined]
        return None if column is None else int(column)

    def _postings(self, column: int) -> np.ndarray:
        """Rows (chunks) of the score matrix's column ``column``: the chunks that hold that token."""
        scores = self._retriever.scores  # type: ignore[attr-defined]
        indptr = scores["indptr"]
        return np.asarray(scores["indices"][int(indptr[column]) : int(indptr[column + 1])])

    def save(self, directory: Path) -> None:
        """Write the index atomically: a half-written index is never loaded.

        Saves may race: see ``ingest.atomic_folder``. A save for an older revision that lands
        is simply rebuilt on next use.
        """
        tmp = temporary_beside(directory)
        if self.chunk_ids:
            self._retriever.save(str(tmp), show_progress=False)  # type: ignore[attr-defined]
            self._tokenizer.save_vocab(str(tmp))  # type: ignore[attr-defined]
        saved = {"revision": self.revision, "ids": self.chunk_ids, "left_out": self.left_out}
        (tmp / _INDEX_FILE).write_text(json.dumps(saved))
        move_into_place(tmp, directory)

    @classmethod
    def load(cls, directory: Path, revision: str) -> LexicalIndex | None:
        """The saved index if it was built for ``revision``, else None."""
        import bm25s

        def open_saved(saved: dict[str, Any]) -> LexicalIndex | None:
            if "left_out" not in saved:  # older saves lack it
                return None
            tokenizer = _tokenizer()
            if not saved["ids"]:
                return cls(bm25s.BM25(), tokenizer, [], revision, int(saved["left_out"]))
            tokenizer.load_vocab(str(directory))
            retriever = bm25s.BM25.load(str(directory), mmap=True)
            return cls(retriever, tokenizer, list(saved["ids"]), revision, int(saved["left_out"]))

        return read_saved(
            directory, _INDEX_FILE, revision, f"lexical index in {directory} is unreadable", open_saved
        )


class _TermCounts:
    """Per document, its distinct token ids and how often each occurs: what BM25 needs."""

    def __init__(self) -> None:
        self._docs: list[np.ndarray] = []
        self._tokens: list[np.ndarray] = []
        self._tfs: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self.n_docs = 0

    def add(self, token_ids: list[list[int]]) -> None:
        """Count the tokens of a page of documents, which follow the ones added before."""
        lengths = np.fromiter((len(doc) for doc in token_ids), dtype=np.int64, count=len(token_ids))
        tokens = np.fromiter((t for doc in token_ids for t in doc), dtype=np.int32, count=int(lengths.sum()))
        docs = np.repeat(np.arange(self.n_docs, self.n_docs + len(token_ids), dtype=np.int32), lengths)
        order = np.lexsort((tokens, docs))
        docs, tokens = docs[order], tokens[order]
        starts = np.flatnonzero(np.r_[True, (docs[1:] != docs[:-1]) | (tokens[1:] != tokens[:-1])])
        self._docs.append(docs[starts])
        self._tokens.append(tokens[starts])
        self._tfs.append(np.diff(np.r_[starts, len(docs)]).astype(np.int32))
        self._lengths.append(lengths)
        self.n_docs += len(token_ids)

    def bm25_matrix(self, n_vocab: int, k1: float, b: float, dtype: str) -> dict[str, object]:
        """The (document x token) BM25 score matrix in the CSC layout ``bm25s`` searches."""
        docs = np.concatenate(self._docs)
        tokens = np.concatenate(self._tokens)
        tfs = np.concatenate(self._tfs)
        lengths = np.concatenate(self._lengths)
        self._docs, self._tokens, self._tfs, self._lengths = [], [], [], []
        df = np.bincount(tokens, minlength=n_vocab)
        idf = np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)).astype(dtype)  # Lucene idf
        idf[df == 0] = 0
        mean = lengths.mean() if lengths.any() else 1.0  # every document empty: no scores at all
        norm = k1 * ((1 - b) + b * lengths / mean)  # per document
        order = np.argsort(tokens, kind="stable")  # by token, documents in order within each
        tokens, docs, tfs = tokens[order], docs[order], tfs[order]
        del order
        data = np.empty(len(tokens), dtype=dtype)
        for at in range(0, len(tokens), _BLOCK):  # float64 temporaries a block at a time
            block = slice(at, at + _BLOCK)
            tf = tfs[block].astype(np.float64)
            data[block] = idf[tokens[block]].astype(np.float64) * (tf / (norm[docs[block]] + tf))
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return {"data": data, "indices": docs, "indptr": indptr, "num_docs": self.n_docs}

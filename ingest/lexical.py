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

    def __init__(self, retriever: object, tokenizer: object, chunk_ids: list[str], revision: str) -> None:
        self._retriever = retriever
        self._tokenizer = tokenizer
        self.chunk_ids = chunk_ids
        self.revision = revision

    @classmethod
    def build(cls, chunks: Iterable[tuple[str, str]], revision: str = "") -> LexicalIndex:
        """Index ``(chunk_id, text)`` pairs."""
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
        return cls(retriever, tokenizer, ids, revision)

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """Up to ``n`` ``(chunk_id, bm25_score)`` pairs with a positive score, best first."""
        if not self.chunk_ids:
            return []
        tokens = self._tokenizer.tokenize([query], update_vocab=False, return_as="ids", show_progress=False)  # type: ignore[attr-defined]
        if not tokens or not tokens[0]:
            return []
        k = min(n, len(self.chunk_ids))
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)  # type: ignore[attr-defined]
        return [(self.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def save(self, directory: Path) -> None:
        """Write the index atomically: a half-written index is never loaded."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.chunk_ids:
            self._retriever.save(str(tmp), show_progress=False)  # type: ignore[attr-defined]
            self._tokenizer.save_vocab(str(tmp))  # type: ignore[attr-defined]
        (tmp / "chunks.json").write_text(json.dumps({"revision": self.revision, "ids": self.chunk_ids}))
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
            if saved["revision"] != revision:
                return None
            tokenizer = _tokenizer()
            if not saved["ids"]:
                return cls(bm25s.BM25(), tokenizer, [], revision)
            tokenizer.load_vocab(str(directory))
            retriever = bm25s.BM25.load(str(directory), mmap=True)
        except (OSError, ValueError, KeyError) as exc:
            if isinstance(exc, FileNotFoundError):
                return None
            raise StoreError(f"lexical index in {directory} is unreadable: {exc}") from None
        return cls(retriever, tokenizer, list(saved["ids"]), revision)

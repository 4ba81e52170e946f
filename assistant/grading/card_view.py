"""What the grader needs of one card, computed once: its key points, their vectors and stems.

Cached per card id and content hash, so a re-ingested card whose answer changed is split and
encoded again, and a warm grade encodes only the student's answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from assistant.grading.keypoints import key_points
from assistant.grading.record import KeyPoint
from assistant.grading.words import content_stems
from ingest.cards import Card
from ingest.embedder import Embedder


@dataclass(frozen=True)
class CardView:
    """One card prepared for grading.

    Attributes:
        card: The card.
        points: Its key points.
        point_vectors: One unit vector per key point, shape ``(len(points), dim)``.
        point_stems: Each key point's content-word stems.
        answer_vector: The whole answer's unit vector.
        question_vector: The question's unit vector (to tell duplicates across decks).
    """

    card: Card
    points: tuple[KeyPoint, ...]
    point_vectors: np.ndarray
    point_stems: tuple[tuple[str, ...], ...]
    answer_vector: np.ndarray
    question_vector: np.ndarray


class CardViews:
    """A cache of :class:`CardView` by card id and content hash (thread-safe)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._views: dict[tuple[str, str], CardView] = {}
        self._lock = threading.Lock()

    def get(self, card: Card) -> CardView:
        key = (card.card_id, card.content_hash)
        with self._lock:
            view = self._views.get(key)
        if view is None:
            points = key_points(card)
            vectors = self.embedder.encode([card.question, card.answer, *(p.text for p in points)])
            view = CardView(
                card=card,
                points=points,
                point_vectors=vectors[2:],
                point_stems=tuple(tuple(content_stems(p.text)) for p in points),
                answer_vector=vectors[1],
                question_vector=vectors[0],
            )
            with self._lock:
                self._views[key] = view
        return view

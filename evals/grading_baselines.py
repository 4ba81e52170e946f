"""The two baselines beside the grader: a cosine threshold and DeepTutor's keyword rule.

- **Cosine.** Pass when the MiniLM cosine between the typed answer and the card's answer is at
  least a threshold. The threshold is the one with the best binary accuracy on the
  *development* answers (``dev_grading.jsonl``; ties: the lowest), never on the evaluation set.
- **Keyword rule** (DeepTutor). Split the card's answer at commas into phrases; pass when at
  least 60 % of the phrases appear in the answer (case-insensitive, whitespace collapsed).

Both only pass or fail: a pass counts as ``correct`` and a fail as ``wrong``.

Example:
    >>> keyword_rule_passes("softmax, scaled dot product", "It uses a Softmax over the scaled dot product")
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: DeepTutor's pass mark: the share of the key's phrases the answer must contain.
KEYWORD_PASS_SHARE = 0.6


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def keyword_rule_passes(key: str, answer: str, share: float = KEYWORD_PASS_SHARE) -> bool:
    """True when at least ``share`` of ``key``'s comma-separated phrases appear in ``answer``."""
    phrases = [p for p in (_normal(part) for part in key.split(",")) if p]
    if not phrases:
        return False
    said = _normal(answer)
    return sum(p in said for p in phrases) / len(phrases) >= share


def best_threshold(cosines: Sequence[float], passes: Sequence[bool]) -> float:
    """The cosine threshold with the best accuracy at telling ``passes`` (ties: the lowest).

    Candidates are the observed cosines themselves (pass when cosine >= threshold), plus one
    above them all (nothing passes).
    """
    values = np.asarray(cosines, dtype=np.float64)
    truth = np.asarray(passes, dtype=bool)
    if values.size == 0:
        raise ValueError("no development answers to choose the threshold on")
    candidates = np.unique(np.append(values, values.max() + 1e-6))
    accuracy = [float(np.mean((values >= t) == truth)) for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])

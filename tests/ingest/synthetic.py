"""A deterministic synthetic corpus of realistic cards, for fault tests and scale benchmarks.

Cards share the vocabulary of the bundled decks, vary in length (one to twelve sentences, drawn
from the bundled decks' own mix: mostly one to three, a long tail; 2.6 on average, as there), and
about 5 % are near-duplicates of an earlier card (a few words swapped). They are written as
semicolon CSV decks with UUIDs, ``per_file`` cards to a file.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

TOPICS = [
    "scaled dot-product attention",
    "multi-head attention",
    "the query vector",
    "the key vector",
    "the value vector",
    "layer normalization",
    "batch normalization",
    "residual connections",
    "positional encoding",
    "the feed-forward network",
    "the encoder stack",
    "the decoder stack",
    "cross-attention",
    "causal masking",
    "the softmax function",
    "label smoothing",
    "the learning-rate warmup",
    "the output projection W_O",
    "attention heads",
    "the residual stream",
    "byte-pair encoding",
    "beam search",
    "dropout",
    "the language-model head",
    "sparse attention",
]
ASKS = [
    "What is {t}?",
    "Why do transformers use {t}?",
    "How does {t} work?",
    "What problem does {t} solve?",
    "How is {t} computed?",
    "When is {t} applied?",
    "What are the limits of {t}?",
    "Explain {t} briefly.",
]
VERBS = ["scales", "normalizes", "projects", "mixes", "weights", "stabilizes", "routes", "masks", "combines"]
OBJECTS = [
    "the scores of every token pair",
    "each token's embedding",
    "the gradients during training",
    "the values by their attention weights",
    "information across positions",
    "the hidden state",
    "the logits before the softmax",
    "the keys and queries",
    "the sequence in parallel",
]
#: How many answers have 1, 2, ... 12 sentences, per 118 cards: the bundled decks' counts
#: (46, 28, 22, 7, 5, 5, 2, 0, 1 for one to nine) with their two longer answers spread over 10-12.
SENTENCE_WEIGHTS = [46, 28, 22, 7, 5, 5, 2, 1, 1, 1, 0.5, 0.5]
REASONS = [
    "so that training stays stable",
    "which keeps the softmax away from tiny gradients",
    "so that deep stacks remain trainable",
    "which lets the model attend to distant tokens",
    "because recurrence cannot be parallelized",
    "so that each head can specialise",
]


def _sentence(rng: random.Random, topic: str) -> str:
    return f"{topic.capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(REASONS)}."


def synthetic_cards(n: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """``n`` cards as ``(question, answer, uuid)``; the same ``n`` and ``seed`` give the same cards."""
    rng = random.Random(seed)
    cards: list[tuple[str, str, str]] = []
    for i in range(n):
        if cards and rng.random() < 0.05:  # a near-duplicate of an earlier card
            q, a, _ = cards[rng.randrange(len(cards))]
            q = q.replace("What", "Which", 1) if "What" in q else q + " (again)"
            a = a.replace(".", ";", 1)
        else:
            topic = rng.choice(TOPICS)
            q = rng.choice(ASKS).format(t=topic) + f" (#{i})"
            n_sentences = rng.choices(range(1, 13), weights=SENTENCE_WEIGHTS)[0]
            a = " ".join(_sentence(rng, topic) for _ in range(n_sentences))
        cards.append((q, a, str(uuid.UUID(int=rng.getrandbits(128), version=4))))
    return cards


def write_corpus(directory: Path, n: int, per_file: int = 1000, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic cards as CSV decks in ``directory``; returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    cards = synthetic_cards(n, seed)
    files = []
    for start in range(0, n, per_file):
        path = directory / f"synthetic_{start // per_file:04d}.csv"
        rows = ["Question;Answer;UUID", *(f"{q};{a};{u}" for q, a, u in cards[start : start + per_file])]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files.append(path)
    return files

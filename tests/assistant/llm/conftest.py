"""Fixtures: a scripted OpenAI-compatible server on loopback, an endpoint and a client for it."""

from __future__ import annotations

import pytest

from assistant.answers import Hit
from assistant.llm.client import ChatClient
from assistant.llm.config import Endpoint, resolve_endpoint
from assistant.llm.tools import tools
from ingest.cards import Card
from tests.support.llm_fixtures import (  # noqa: F401 (fixtures for the tests here)
    no_llm_environment,
    scripted_settings,
    server,
)


def make_endpoint(base_url: str, **overrides: object) -> Endpoint:
    return resolve_endpoint(scripted_settings(base_url, **overrides))


@pytest.fixture
def endpoint(server) -> Endpoint:  # noqa: F811 (the fixture imported above)
    return make_endpoint(server.base_url, llm_timeout=5.0)


class Sleeps(list):
    """Records the waits between retries instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(endpoint, sleeps) -> ChatClient:
    return ChatClient(endpoint, tools=tools(), sleep=sleeps)


def card_hit(rank: int, question: str, answer: str, similarity: float = 0.8) -> Hit:
    card = Card(f"card-{rank}", "deck.txt", question, answer)
    return Hit(card, score=1.0 / rank, similarity=similarity, lexical=0.0, rank=rank)


@pytest.fixture
def hits() -> list[Hit]:
    return [
        card_hit(
            1,
            "Why divide by sqrt(d_k)?",
            "Scaling by 1/sqrt(d_k) keeps the dot products from growing with d_k.",
        ),
        card_hit(
            2,
            "What happens to softmax with large inputs?",
            "Large inputs push softmax into regions with tiny gradients.",
        ),
        card_hit(
            3, "What is a query vector?", "A query vector is what a token looks for in the other tokens."
        ),
    ]

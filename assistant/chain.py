"""The retrieval chain: question → retriever → answerer, as a LangChain runnable.

Any answerer with ``answer(question, hits) -> Answer`` plugs in. The offline answerer runs
through this chain; the LLM answerer (``assistant/llm``) reaches the same ``CardRetriever`` and
streams, so it drives the steps itself. The chain's input is ``{"question": str, "k": int}``.
"""

from __future__ import annotations

from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answers import Answer, Hit
from assistant.langchain_adapter import CardRetriever, hits_from_documents
from assistant.retrieval import HybridRetriever


class Answerer(Protocol):
    """Anything that turns a question and its hits into an :class:`Answer`."""

    mode: str

    def answer(self, question: str, hits: list[Hit]) -> Answer: ...


def build_chain(retriever: HybridRetriever, answerer: Answerer) -> Runnable[dict[str, Any], Answer]:
    """``{"question", "k"}`` → :class:`Answer`."""

    by_k: dict[int, CardRetriever] = {}  # one LangChain retriever per k, built once

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        k = inputs.get("k", 5)
        card_retriever = by_k.setdefault(k, CardRetriever(retriever=retriever, k=k))
        docs = card_retriever.invoke(inputs["question"])
        return {**inputs, "hits": hits_from_documents(docs)}

    def answer(inputs: dict[str, Any]) -> Answer:
        return answerer.answer(inputs["question"], inputs["hits"])

    return RunnableLambda(retrieve) | RunnableLambda(answer)

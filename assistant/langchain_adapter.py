"""LangChain behind one adapter: the hybrid retriever as a LangChain ``BaseRetriever``.

Documents carry the project's :class:`Hit` in their metadata, so the rest of the code keeps
speaking its own types.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.answers import Hit
from assistant.retrieval import HybridRetriever


class CardRetriever(BaseRetriever):
    """``HybridRetriever`` seen as a LangChain retriever.

    Example:
        >>> docs = CardRetriever(retriever=hybrid, k=5).invoke("why scale by sqrt(d_k)?")
        >>> docs[0].metadata["card_id"]
        '003_...'
    """

    retriever: Any
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hybrid: HybridRetriever = self.retriever
        return [to_document(hit) for hit in hybrid.search(query, self.k)]


def to_document(hit: Hit) -> Document:
    """A hit as a LangChain document (page content: question and answer)."""
    return Document(
        page_content=f"{hit.question}\n{hit.answer}",
        metadata={"card_id": hit.card_id, "source": hit.source, "score": hit.score, "hit": hit},
    )


def hits_from_documents(documents: list[Document]) -> list[Hit]:
    """The hits behind documents made by :func:`to_document`."""
    return [doc.metadata["hit"] for doc in documents]

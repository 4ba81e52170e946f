"""Worked-example answers: "work through ..." questions get numbers from the torch reference.

A question that :func:`~assistant.examples.routing.route` recognises as a request for numbers
is run through the catalog (:func:`~assistant.examples.catalog.run_request`); the cards that
explain the concept are found with the kind's concept query and cited as ``[n]``, so the
student sees both the numbers and where the idea is explained. Every other question returns
``None`` here and goes to the card chain.

The answer's text is an intro that cites the concept cards, a sentence on any defaults that
were used, and the Markdown walk-through (numbers rounded to 4 places). The full record, at
full precision, is the ``result`` of the answer's single ``worked_example`` tool call: the
dict form of :func:`~assistant.examples.render.to_json`, with ``card_ids`` filled.

A request outside the catalog's bounds (100 tokens, 3 heads for d_model 8 ...) or with a number
the reader cannot use (given twice with two values, an array of the wrong shape, sizes that do
not fit) is not an exception for the caller: the answer says which number and why, computes
nothing else instead, and the tool call's ``result`` is ``{"error": message}``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from assistant.answers import Answer, Citation, Hit, ToolCall
from assistant.examples.catalog import concept_query, run_request
from assistant.examples.record import WorkedExample
from assistant.examples.routing import RouteResult, route
from assistant.retrieval import HybridRetriever
from ingest.errors import ToolError

TOOL_NAME = "worked_example"
#: How many concept cards are searched for; those under the threshold are dropped (not the best).
CONCEPT_CARDS = 3
#: The catalog's own defaults note; the intro states the defaults in the question's terms instead.
_CATALOG_DEFAULTS_NOTE = "defaults used:"


class ExampleAnswerer:
    """Answers worked-example requests with the float64 reference and cites the concept cards.

    Args:
        retriever: Searches the cards for the concept a kind illustrates.
        threshold: The abstention threshold: concept cards below it are not cited, except the
            best one, so that every example points at some card when the store has any.
        concept_cards: How many concept cards to search for.

    Example:
        >>> answerer = ExampleAnswerer(retriever, threshold=0.37)
        >>> answer = answerer.try_answer("work through attention with 3 tokens and d_k = 4")
        >>> answer.tool_calls[0].arguments
        {'kind': 'attention', 'params': {'tokens': 3, 'd_k': 4}}
        >>> answerer.try_answer("why do we scale?") is None
        True
    """

    mode = "offline"

    def __init__(
        self, retriever: HybridRetriever, threshold: float, concept_cards: int = CONCEPT_CARDS
    ) -> None:
        self.retriever = retriever
        self.threshold = threshold
        self.concept_cards = concept_cards
        self._concepts: dict[str, list[Hit]] = {}

    def try_answer(self, question: str) -> Answer | None:
        """The worked-example answer to ``question``, or ``None`` when it does not ask for numbers."""
        request = route(question)
        return None if request is None else self.answer(question, request)

    def answer(self, question: str, request: RouteResult) -> Answer:
        """Run ``request`` and compose the cited answer (or the answer that explains a limit)."""
        # Imported here: the renderer loads matplotlib, which card answers never need.
        from assistant.examples.render import to_json

        arguments = {"kind": request.kind, "params": dict(request.params)}
        if request.problems:
            return _unusable(question, arguments, request.problems)
        try:
            example = run_request(request.kind, request.params)
        except ToolError as err:
            return _refusal(question, arguments, str(err))
        hits = self.concept_hits(request.kind)
        example = example.with_cards(h.card_id for h in hits)
        citations = tuple(Citation.from_hit(n, hit) for n, hit in enumerate(hits, 1))
        text = "\n\n".join([" ".join([_intro(citations), *_defaults(request.notes)]), _markdown(example)])
        call = ToolCall(name=TOOL_NAME, arguments=arguments, result=json.loads(to_json(example)))
        return Answer(
            question=question,
            text=text.strip(),
            abstained=False,
            citations=citations,
            mode=self.mode,
            tool_calls=(call,),
        )

    def example(self, kind: str, params: Mapping[str, Any]) -> WorkedExample:
        """Run one example directly, with ``card_ids`` set to the cards that explain it.

        Raises:
            ToolError: If the kind is unknown or the parameters are invalid or out of bounds.
        """
        example = run_request(kind, params)
        return example.with_cards(h.card_id for h in self.concept_hits(kind))

    def concept_hits(self, kind: str) -> list[Hit]:
        """The cards that explain ``kind``: the best one, and the others at or over the threshold.

        The result depends only on the kind and the store, so it is kept until
        :meth:`clear_cache` (called after every ingest).

        Raises:
            ToolError: If the kind is unknown.
        """
        if kind not in self._concepts:
            hits = self.retriever.search(concept_query(kind), k=self.concept_cards)
            self._concepts[kind] = hits[:1] + [h for h in hits[1:] if h.similarity >= self.threshold]
        return list(self._concepts[kind])

    def clear_cache(self) -> None:
        """Forget the concept cards (the store changed)."""
        self._concepts.clear()


def _intro(citations: tuple[Citation, ...]) -> str:
    lead = "These numbers come from the local PyTorch reference, step by step"
    if not citations:
        return f"{lead}; none of your cards explains the idea yet."
    markers = " ".join(f"[{c.n}]" for c in citations)
    cards = "card" if len(citations) == 1 else "cards"
    return f"{lead}; the idea is explained in your {cards} {markers}."


def _defaults(notes: tuple[str, ...]) -> list[str]:
    """The routing notes as sentences, saying plainly when defaults were picked."""
    sentences = []
    for note in notes:
        if note.startswith("no numbers given; using "):
            sentences.append(
                f"No numbers were given, so I used {note.removeprefix('no numbers given; using ')}."
            )
        elif note.startswith("using defaults: "):
            sentences.append(
                f"Defaults used for what the question did not give: {note.removeprefix('using defaults: ')}."
            )
        else:
            sentences.append(note[:1].upper() + note[1:] + ".")
    return sentences


def _markdown(example: WorkedExample) -> str:
    """The walk-through without what the answer already says (defaults) or cites (card ids)."""
    from assistant.examples.render import to_markdown

    notes = tuple(n for n in example.notes if not n.startswith(_CATALOG_DEFAULTS_NOTE))
    return to_markdown(dataclasses.replace(example, notes=notes, card_ids=()))


def _unusable(question: str, arguments: dict[str, Any], problems: tuple[str, ...]) -> Answer:
    """The answer when a number of the question cannot be used: say which and why, compute nothing."""
    message = "; ".join(problems)
    text = (
        "I can't work that example with the numbers as written, and I did not swap in other "
        f"numbers: {message}. Ask again with that fixed."
    )
    call = ToolCall(name=TOOL_NAME, arguments=arguments, result={"error": message})
    return Answer(question=question, text=text, abstained=False, tool_calls=(call,))


def _refusal(question: str, arguments: dict[str, Any], message: str) -> Answer:
    text = (
        "I can't work that example: the request is outside what the local reference computes, "
        "and I did not swap in other numbers. "
        f"{message[:1].upper() + message[1:]}. Ask again with numbers inside the limit."
    )
    call = ToolCall(name=TOOL_NAME, arguments=arguments, result={"error": message})
    return Answer(question=question, text=text, abstained=False, tool_calls=(call,))

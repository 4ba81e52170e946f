"""The LLM answerer: retrieved cards in, a fluent answer with checked citations out.

Flow of one answer:

1. Below the abstention threshold (and not a request for a worked example) the model is not
   called: the answer is the same abstention as offline, listing the nearest cards.
2. :func:`~assistant.llm.prompt.build_prompt` fits the cards into the context budget as
   numbered, delimited sources.
3. The model answers, with ``worked_example`` bound as a tool. Each tool call it makes is run
   locally (:mod:`assistant.llm.tools`) and the results go back to it; after
   :data:`MAX_TOOL_ROUNDS` rounds of calls it must answer without tools.
4. While the text streams, :class:`~assistant.llm.citations.MarkerFilter` removes markers
   that point at no source. Afterwards the answer is checked: sentences without a citation
   and numbers that match no worked-example result or source become warnings.

Example:
    >>> answerer = LLMAnswerer(ChatClient(endpoint, tools=tools()), threshold=0.37, context_tokens=4096)
    >>> answer = answerer.answer("Why divide by sqrt(d_k)?", hits)
    >>> answer.mode, answer.citations[0].n
    ('llm', 1)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

from assistant.answers import Answer, Citation, Hit
from assistant.coverage import Coverage, CoverageJudge
from assistant.examples.routing import RouteResult, route
from assistant.followup import History
from assistant.llm.citations import (
    ABSTAIN_START,
    MarkerFilter,
    cited,
    data_lists,
    quote,
    uncited_sentences,
)
from assistant.llm.client import ChatClient, ModelTurn
from assistant.llm.number_check import References, reports_result, unsupported_numbers
from assistant.llm.prompt import Prompt, budget_warning, build_prompt, messages_tokens
from assistant.llm.rewrite import rewrite
from assistant.llm.tools import ToolRun, run_call
from assistant.offline_answerer import abstention
from ingest.errors import LLMError

MAX_TOOL_ROUNDS = 3
MAX_CALLS_PER_ROUND = 4


class LLMAnswerer:
    """Answers from the cards with an OpenAI-compatible model; see the module docstring.

    Args:
        client: The model.
        threshold: The abstention threshold (the best card's cosine similarity), used when no
            ``judges`` is given.
        context_tokens: The model's context window.
        max_question_chars: Longest rewritten question accepted.
        judges: Returns the coverage judge for the store as it is now
            (:mod:`assistant.coverage`). A question it finds uncovered is declined without
            asking the model; one it finds covered in part is answered by the model, and the
            answer's ``coverage`` is ``"partial"`` with the missing words named. The model's own
            "I can't answer that from your cards" makes the coverage ``"none"``.
    """

    mode = "llm"

    def __init__(
        self,
        client: ChatClient,
        threshold: float,
        context_tokens: int,
        max_question_chars: int = 1000,
        judges: Callable[[], CoverageJudge] | None = None,
    ) -> None:
        self.client = client
        fixed = CoverageJudge(threshold)
        self._judges = judges or (lambda: fixed)
        self.context_tokens = context_tokens
        self.max_question_chars = max_question_chars

    @property
    def threshold(self) -> float:
        """The similarity under which it declines without asking the model, now."""
        return self._judges().threshold

    def rewrite(self, question: str, history: History | None) -> tuple[str, list[str]]:
        """``question`` made standalone from ``history`` (see :mod:`assistant.llm.rewrite`)."""
        return rewrite(self.client, question, history, self.max_question_chars)

    def answer(self, question: str, hits: Sequence[Hit]) -> Answer:
        """The whole answer, from one non-streamed call per round.

        Raises:
            LLMError: when the endpoint fails or answers nothing usable.
        """
        *_, answer = self._run(question, hits, streaming=False)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: str, hits: Sequence[Hit]) -> Iterator[str | Answer]:
        """The answer's text as the model writes it (invalid markers already removed), then the
        finished :class:`Answer`; the pieces join to ``Answer.text``.

        Raises:
            LLMError: when the endpoint fails or answers nothing usable.
        """
        return self._run(question, hits, streaming=True)

    def _run(self, question: str, hits: Sequence[Hit], streaming: bool) -> Iterator[str | Answer]:
        reading = route(question)
        coverage = Coverage("full")
        if reading is None:
            coverage = self._judges().judge(question, hits)
            if coverage.level == "none":
                answer = dataclasses.replace(
                    abstention(question, hits, "" if coverage.signal == "similarity" else coverage.reason),
                    mode=self.mode,
                )
                yield answer.text
                yield answer
                return
        prompt = build_prompt(question, hits, self.context_tokens, self.client.tool_tokens)
        visible = [question] + [f"{hit.question}\n{hit.answer}" for hit in prompt.sources]
        marker_filter = MarkerFilter(len(prompt.sources), data_lists(*visible))
        runs: list[ToolRun] = []
        turn = yield from self._converse(prompt, marker_filter, runs, streaming, reading)
        yield from marker_filter.close()
        if not marker_filter.text and not marker_filter.removed:
            raise LLMError("the model returned an empty answer")
        notes = []
        if turn.calls:
            notes.append(
                f"the model asked for more worked examples than the {MAX_TOOL_ROUNDS} rounds allowed"
            )
        if turn.finish_reason == "length":
            notes.append("the model stopped at its length limit: the answer may be cut short")
        answer = compose(question, marker_filter, prompt, runs, self.context_tokens, notes)
        if coverage.level == "partial" and not answer.abstained:
            missing = ", ".join(coverage.missing)
            answer = dataclasses.replace(
                answer,
                coverage="partial",
                missing=coverage.missing,
                warnings=(f"your cards cover this only in part: nothing on {missing}", *answer.warnings),
            )
        yield answer

    def _converse(
        self,
        prompt: Prompt,
        marker_filter: MarkerFilter,
        runs: list[ToolRun],
        streaming: bool,
        reading: RouteResult | None = None,
    ) -> Generator[str, None, ModelTurn]:
        """Rounds of model turns and local tool runs; yields the checked text, returns the last turn."""
        messages = list(prompt.messages)
        turn = ModelTurn("")
        for round_ in range(MAX_TOOL_ROUNDS + 1):
            separate = bool(marker_filter.text)  # a blank line between the texts of two rounds
            for item in self._turn(messages, round_ < MAX_TOOL_ROUNDS, streaming):
                if isinstance(item, ModelTurn):
                    turn = item
                    continue
                yield from marker_filter.feed(("\n\n" if separate else "") + item)
                separate = False
            if not turn.calls or round_ == MAX_TOOL_ROUNDS:
                break
            messages.append(turn.to_message())
            for i, call in enumerate(turn.calls):
                left = prompt.budget - messages_tokens(messages) - prompt.tool_tokens
                if i >= MAX_CALLS_PER_ROUND:
                    text = f"ToolError: at most {MAX_CALLS_PER_ROUND} calls per turn; this one was not run"
                    messages.append({"role": "tool", "tool_call_id": call.id, "content": text})
                    continue
                run = run_call(call, left, reading)
                runs.append(run)
                messages.append(run.message)
                marker_filter.data |= data_lists(json.dumps(run.call.arguments))
        return turn

    def _turn(
        self, messages: list[dict[str, Any]], tools: bool, streaming: bool
    ) -> Iterator[str | ModelTurn]:
        if streaming:
            yield from self.client.stream(messages, tools=tools)
            return
        turn = self.client.complete(messages, tools=tools)
        if turn.text:
            yield turn.text
        yield turn


def compose(
    question: str,
    marker_filter: MarkerFilter,
    prompt: Prompt,
    runs: Sequence[ToolRun],
    context_tokens: int,
    notes: Sequence[str] = (),
) -> Answer:
    """The :class:`Answer` for the checked text, with every warning the checks produced."""
    text, sources, data = marker_filter.text, prompt.sources, marker_filter.data
    citations = tuple(Citation.from_hit(n, sources[n - 1]) for n in cited(text, len(sources), data))
    abstained = text.lower().replace("’", "'").startswith(ABSTAIN_START)
    warnings = [w for w in [budget_warning(prompt, context_tokens)] if w]
    span = f"[1]-[{len(sources)}]" if len(sources) > 1 else "[1]"
    for n in dict.fromkeys(marker_filter.removed):
        warnings.append(f"removed citation [{n}]: no source has that number (the sources were {span})")
    warnings += [w for run in runs for w in run.warnings]
    refs = References.build(
        results=[run.call.result for run in runs] + [run.sent for run in runs if run.sent is not None],
        texts=[question] + [f"{hit.question}\n{hit.answer}" for hit in sources],
        arguments=[run.call.arguments for run in runs],
    )
    uncited = uncited_sentences(text, lambda sentence: reports_result(sentence, refs), data)
    warnings += [f"sentence without a citation: {quote(s)}" for s in uncited]
    warnings += unsupported_numbers(text, refs)
    warnings += notes
    return Answer(
        question=question,
        text=text,
        abstained=abstained,
        citations=citations,
        mode=LLMAnswerer.mode,
        tool_calls=tuple(run.call for run in runs),
        nearest=tuple(prompt.sources[:3]) if abstained else (),
        warnings=tuple(warnings),
    )

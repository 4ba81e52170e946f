"""The LLM mode: answers from any OpenAI-compatible model, checked in code.

One concept per module:

* :mod:`~assistant.llm.config`: which endpoint and model, and whether the mode is on;
* :mod:`~assistant.llm.client`: LangChain's ``ChatOpenAI`` behind a thin adapter (timeouts,
  retries with backoff, one-line errors); nothing else here touches LangChain or ``openai``;
* :mod:`~assistant.llm.prompt`: instructions, numbered delimited sources, the context budget;
* :mod:`~assistant.llm.tools`: the model's ``worked_example`` calls, run locally;
* :mod:`~assistant.llm.citations` and :mod:`~assistant.llm.number_check`: the checks made after
  (and while) the model writes;
* :mod:`~assistant.llm.rewrite`: follow-up questions made standalone by the model;
* :mod:`~assistant.llm.answerer`: the answerer that ties them together;
* :mod:`~assistant.llm.doctor`: ``study doctor``;
* :mod:`~assistant.llm.judge`: the faithfulness judge of ``study eval --judge`` (:func:`make_judge`).

Everything outside this package speaks ``Answer``, ``Hit``, ``Citation`` and ``ToolCall``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.llm.judge import LLMJudge
    from ingest.settings import Settings


def make_judge(settings: Settings) -> LLMJudge:
    """The faithfulness judge for ``study eval --judge`` (:mod:`assistant.llm.judge`).

    Imported on call, so that importing :mod:`assistant.llm` stays cheap.

    Raises:
        ConfigError: when no endpoint is configured, or no model is named for one.
    """
    from assistant.llm.judge import make_judge as build

    return build(settings)

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
* :mod:`~assistant.llm.doctor`: ``study doctor``.

Everything outside this package speaks ``Answer``, ``Hit``, ``Citation`` and ``ToolCall``.
"""

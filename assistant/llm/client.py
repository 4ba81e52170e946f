"""LangChain's ``ChatOpenAI`` behind one thin adapter that speaks the project's own records.

The rest of the LLM package passes OpenAI-format message dicts in and gets plain text pieces
and :class:`ModelTurn` records out; it never sees a LangChain message or an ``openai``
exception. Every failure becomes an :class:`~ingest.errors.LLMError` whose message is one
line saying what went wrong ("unreachable (connection refused)", "authentication failed
(HTTP 401): ...", "timed out after 30 s", "malformed response (...)").

Retries. A call that fails with a connection error, a timeout, HTTP 429 or a 5xx is retried
up to ``max_retries`` times, after ``backoff``, ``2 * backoff``, ``4 * backoff`` ... seconds (at most
8 s each). A streamed call is retried only while nothing has been yielded yet: text already
shown cannot be taken back. The ``openai`` client's own retries are turned off so that there is
one retry policy, this one.

Assistant messages that carry tool calls use this shape::

    {"role": "assistant", "content": str,
     "tool_calls": [{"id", "name", "arguments": dict | None, "raw_arguments": str, "error": str | None}]}
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.llm.config import Endpoint
from assistant.llm.prompt import tools_tokens
from ingest.errors import LLMError

if TYPE_CHECKING:
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.tools import BaseTool

#: Longest single wait between two attempts.
MAX_BACKOFF = 8.0
#: Connecting gives up after this many seconds (or the timeout, if shorter).
CONNECT_TIMEOUT = 5.0


@dataclass(frozen=True)
class RequestedCall:
    """A tool call the model asked for.

    Attributes:
        id: The call id the tool's reply must carry.
        name: The tool's name.
        arguments: The parsed arguments, or ``None`` when they were not a JSON object.
        raw_arguments: The arguments as the model wrote them.
        error: Why the arguments could not be parsed, if they could not.
    """

    id: str
    name: str
    arguments: dict[str, Any] | None
    raw_arguments: str
    error: str | None = None

    def to_message(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "arguments": self.arguments,
            "raw_arguments": self.raw_arguments,
            "error": self.error,
        }


@dataclass(frozen=True)
class ModelTurn:
    """One complete reply of the model: its text, the tool calls it asked for, and why it stopped."""

    text: str
    calls: tuple[RequestedCall, ...] = ()
    finish_reason: str | None = None

    def to_message(self) -> dict[str, Any]:
        """The assistant message to send back with the tool results."""
        message: dict[str, Any] = {"role": "assistant", "content": self.text}
        if self.calls:
            message["tool_calls"] = [call.to_message() for call in self.calls]
        return message


class ChatClient:
    """One OpenAI-compatible chat model.

    Args:
        endpoint: Where it is and how long to wait.
        tools: LangChain tools the model may call (bound to every request made with ``tools=True``).
        backoff: First wait before a retry, in seconds.
        sleep: Waits between retries (tests pass a recorder).
        temperature: Sampling temperature sent with every request; ``None`` leaves it to the
            server.

    Example:
        >>> client = ChatClient(resolve_endpoint(settings), tools=[worked_example_tool])
        >>> client.complete([{"role": "user", "content": "Say OK"}]).text
        'OK'
    """

    def __init__(
        self,
        endpoint: Endpoint,
        tools: Sequence[BaseTool] = (),
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        temperature: float | None = None,
    ) -> None:
        import openai
        from langchain_core.utils.function_calling import convert_to_openai_tool
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self.endpoint = endpoint
        self.backoff = backoff
        self.sleep = sleep
        self.model = ChatOpenAI(
            model=endpoint.model,
            base_url=endpoint.base_url,
            api_key=SecretStr(endpoint.api_key),
            timeout=openai.Timeout(endpoint.timeout, connect=min(CONNECT_TIMEOUT, endpoint.timeout)),
            max_retries=0,
            use_responses_api=False,  # the chat-completions protocol is what local servers speak
            stream_usage=False,  # not every server accepts stream_options
            temperature=temperature,  # None: the server's default
        )
        self.tool_schemas = [convert_to_openai_tool(tool) for tool in tools]
        self.tool_tokens = tools_tokens(self.tool_schemas)  # the same in every request: counted once
        self._with_tools = self.model.bind_tools(list(tools)) if tools else self.model

    def complete(self, messages: Sequence[dict[str, Any]], tools: bool = False) -> ModelTurn:
        """One non-streamed reply.

        Raises:
            LLMError: when the endpoint fails after the retries, or answers something unusable.
        """
        runnable = self._with_tools if tools else self.model
        lc_messages = to_langchain(messages)
        message = self._retrying(lambda: runnable.invoke(lc_messages))
        return to_turn(message)

    def stream(self, messages: Sequence[dict[str, Any]], tools: bool = False) -> Iterator[str | ModelTurn]:
        """The reply's text in pieces as they arrive, then the whole :class:`ModelTurn`.

        Raises:
            LLMError: when the endpoint fails (after the retries, if nothing was yielded yet).
        """
        runnable = self._with_tools if tools else self.model
        lc_messages = to_langchain(messages)
        for attempt in range(self.endpoint.max_retries + 1):
            started = False
            try:
                chunks: list[Any] = []
                for chunk in runnable.stream(lc_messages):
                    chunks.append(chunk)
                    piece = chunk.content if isinstance(chunk.content, str) else chunk.text
                    if piece:
                        started = True
                        yield piece
                if not chunks:
                    raise LLMError("malformed response (an empty stream)")
                yield to_turn(chunks[0] + chunks[1:])  # one merge at the end, not one per chunk
                return
            except Exception as exc:  # the library boundary: every failure is reported
                error = describe(exc, self.endpoint.timeout)
                if started or not is_transient(exc) or attempt == self.endpoint.max_retries:
                    raise error from None
                self.sleep(min(MAX_BACKOFF, self.backoff * 2**attempt))

    def list_models(self) -> list[dict[str, Any]]:
        """The models the endpoint lists (``GET /models``), as dicts with at least ``id``.

        Raises:
            LLMError: when the listing fails.
        """
        page = self._retrying(lambda: self.model.root_client.models.list())
        return [m.model_dump() if hasattr(m, "model_dump") else dict(m) for m in page]

    def _retrying(self, call: Callable[[], Any]) -> Any:
        for attempt in range(self.endpoint.max_retries + 1):
            try:
                return call()
            except Exception as exc:  # the library boundary: every failure is reported
                if not is_transient(exc) or attempt == self.endpoint.max_retries:
                    raise describe(exc, self.endpoint.timeout) from None
                self.sleep(min(MAX_BACKOFF, self.backoff * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: a connection failure, a timeout, HTTP 429 or a 5xx."""
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes timeouts
        return True
    return isinstance(exc, openai.APIStatusError) and (exc.status_code == 429 or exc.status_code >= 500)


def describe(exc: BaseException, timeout: float) -> LLMError:
    """``exc`` as an :class:`LLMError` with a one-line reason."""
    import openai

    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        reason = f"timed out after {timeout:g} s"
    elif isinstance(exc, openai.APIConnectionError):
        detail = str(_root_cause(exc)) or str(exc)
        if "refused" in detail.lower():
            detail = "connection refused"
        reason = f"unreachable ({detail})"
    elif isinstance(exc, openai.AuthenticationError):
        reason = f"authentication failed (HTTP 401): {_message(exc)}"
    elif isinstance(exc, openai.NotFoundError):
        reason = (
            f"not found (HTTP 404): {_message(exc)}; check the model name and that the base URL ends in /v1"
        )
    elif isinstance(exc, openai.APIStatusError):
        reason = f"HTTP {exc.status_code}: {_message(exc)}"
    elif isinstance(exc, openai.APIError):
        reason = f"API error: {_message(exc)}"
    else:
        reason = f"malformed response ({type(exc).__name__}: {exc})"
    return LLMError(_one_line(reason))


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception of a ``raise ... from`` chain (the socket error under the wrappers)."""
    seen = {id(exc)}
    while exc.__cause__ is not None and id(exc.__cause__) not in seen:
        exc = exc.__cause__
        seen.add(id(exc))
    return exc


def _message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if body.get("message"):
            return str(body["message"])
    return str(getattr(exc, "message", "") or exc)


def _one_line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_langchain(messages: Sequence[dict[str, Any]]) -> list[BaseMessage]:
    """OpenAI-format message dicts (with this module's tool-call shape) as LangChain messages."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

    out: list[BaseMessage] = []
    for m in messages:
        role, content = m["role"], m.get("content") or ""
        if role == "system":
            out.append(SystemMessage(content))
        elif role == "user":
            out.append(HumanMessage(content))
        elif role == "tool":
            out.append(ToolMessage(content, tool_call_id=m["tool_call_id"]))
        elif role == "assistant":
            calls = m.get("tool_calls") or []
            valid = [
                {"name": c["name"], "args": c["arguments"], "id": c["id"], "type": "tool_call"}
                for c in calls
                if c["arguments"] is not None
            ]
            invalid = [
                {"name": c["name"], "args": c["raw_arguments"], "id": c["id"], "error": c["error"]}
                for c in calls
                if c["arguments"] is None
            ]
            out.append(AIMessage(content, tool_calls=valid, invalid_tool_calls=invalid))
        else:
            raise ValueError(f"unknown message role {role!r}")
    return out


def to_turn(message: AIMessage) -> ModelTurn:
    """A LangChain AI message (whole, or summed from streamed chunks) as a :class:`ModelTurn`.

    Streamed arguments are parsed again from their raw text, strictly: LangChain's lenient
    partial-JSON parser would turn ``{not json`` into ``{}``.
    """
    text = message.content if isinstance(message.content, str) else message.text
    chunks = getattr(message, "tool_call_chunks", None)
    if chunks:
        calls = [_from_raw(i, c.get("id"), c.get("name"), c.get("args") or "") for i, c in enumerate(chunks)]
    else:
        calls = [
            RequestedCall(
                call.get("id") or f"call_{i}", call["name"], dict(call["args"]), json.dumps(call["args"])
            )
            for i, call in enumerate(message.tool_calls)
        ]
        for i, bad in enumerate(message.invalid_tool_calls, len(calls)):
            calls.append(_from_raw(i, bad.get("id"), bad.get("name"), str(bad.get("args") or "")))
    finish = message.response_metadata.get("finish_reason")
    return ModelTurn(text=text or "", calls=tuple(calls), finish_reason=finish)


def _from_raw(i: int, call_id: str | None, name: str | None, raw: str) -> RequestedCall:
    try:
        arguments = json.loads(raw) if raw.strip() else {}
    except ValueError as err:
        return RequestedCall(call_id or f"call_{i}", name or "", None, raw, f"not valid JSON: {err}")
    if not isinstance(arguments, dict):
        return RequestedCall(call_id or f"call_{i}", name or "", None, raw, "not a JSON object")
    return RequestedCall(call_id or f"call_{i}", name or "", arguments, raw)

"""A scripted OpenAI-compatible chat-completions server on loopback, for tests and the benchmark.

The real ``openai`` client and LangChain's ``ChatOpenAI`` talk to it over HTTP, exactly as they
would talk to OpenAI, vLLM, Ollama or llama.cpp. Each test scripts the replies in order; every
request is recorded (path, headers, JSON body) so that tests can assert what was sent.

It speaks ``POST /v1/chat/completions`` both non-streaming (one JSON body) and streaming
(``text/event-stream``: ``data: {chunk}`` lines, content in small deltas, tool-call arguments in
fragments, a final chunk with ``finish_reason``, then ``data: [DONE]``), and ``GET /v1/models``.
It binds 127.0.0.1 only, on a free port.

Example:
    >>> with ScriptedOpenAIServer() as server:
    ...     server.script(Reply(content="Scaling keeps the softmax soft [1]."))
    ...     # point the client at server.base_url
    ...     server.chat_requests[0]["messages"]
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "scripted-model"
#: Environment variables that would point a test at the developer's own endpoint.
LLM_ENV = (
    "STUDY_LLM_BASE_URL",
    "STUDY_LLM_MODEL",
    "STUDY_LLM_API_KEY",
    "STUDY_MODE",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


@dataclass
class Reply:
    """One scripted reply to one chat-completions request (headers are recorded lower-cased).

    Attributes:
        content: The assistant's text (``None`` for a pure tool-call turn).
        tool_calls: ``[{"name": ..., "arguments": dict or raw str, "id": optional}]``.
        finish_reason: Defaults to ``"tool_calls"`` when there are tool calls, else ``"stop"``.
        status: HTTP status; anything but 200 sends ``error`` as an OpenAI error body.
        error: The error message for a non-200 status.
        body: A raw body sent instead of a well-formed reply (malformed responses).
        delay: Seconds to wait before answering (timeouts).
        chunk_chars: Characters of content per streamed delta.
        chunk_delay: Seconds between two streamed chunks.
        break_stream_after: When streaming, send this many chunks, then a malformed line.
    """

    content: str | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    finish_reason: str | None = None
    status: int = 200
    error: str = "scripted error"
    body: str | None = None
    delay: float = 0.0
    chunk_chars: int = 4
    chunk_delay: float = 0.0
    break_stream_after: int | None = None


class ScriptedOpenAIServer:
    """The server; use as a context manager, or call :meth:`start` and :meth:`stop`.

    Args:
        models: Model ids listed by ``GET /v1/models``.
        default: The reply when no scripted one is left (else HTTP 500 "no scripted reply left").
        record: Keep every request (turn off for long benchmark runs).
    """

    def __init__(
        self, models: tuple[str, ...] = (MODEL,), default: Reply | None = None, record: bool = True
    ) -> None:
        self.models = list(models)
        self.default = default
        self.record = record
        #: Seconds spent answering chat requests (from reading the request to the last byte
        #: written): the "model's own latency" that a benchmark subtracts. Reset it at will.
        self.busy_seconds = 0.0
        self.requests: list[dict[str, Any]] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> ScriptedOpenAIServer:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start the server first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # -- scripting -------------------------------------------------------------------------------

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order, one per chat-completions request."""
        with self._lock:
            self._replies.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted replies not yet used."""
        with self._lock:
            return len(self._replies)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """The JSON bodies of the chat-completions requests received, in order."""
        with self._lock:
            return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def _next_reply(self) -> Reply | None:
        with self._lock:
            return self._replies.popleft() if self._replies else self.default

    def _add_busy(self, seconds: float) -> None:
        with self._lock:
            self.busy_seconds += seconds

    def _record(self, request: dict[str, Any]) -> None:
        if not self.record:
            return
        with self._lock:
            self.requests.append(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            return  # a client closed its keep-alive connection: normal
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as real servers do; else delayed ACKs add ~40 ms per reply
    server_state: ScriptedOpenAIServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return  # keep test output clean

    def do_GET(self) -> None:
        self.server_state._record(
            {"method": "GET", "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}
        )
        if self.path.rstrip("/").endswith("/models"):
            data = [{"id": m, "object": "model", "owned_by": "tests"} for m in self.server_state.models]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        start = time.perf_counter()
        try:
            self._post()
        finally:
            self.server_state._add_busy(time.perf_counter() - start)

    def _post(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        body = json.loads(raw) if raw else {}
        self.server_state._record(
            {
                "method": "POST",
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        )
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        reply = self.server_state._next_reply()
        if reply is None:
            self._send_json(500, {"error": {"message": "no scripted reply left", "type": "server_error"}})
            return
        if reply.delay and self.server_state._stopping.wait(reply.delay):
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
            self._answer(reply, body)

    def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
        if reply.status != 200:
            error = {"message": reply.error, "type": "invalid_request_error", "code": reply.status}
            self._send_json(reply.status, {"error": error})
        elif reply.body is not None:
            self._send_raw(200, reply.body.encode(), "application/json")
        elif body.get("stream"):
            self._stream(reply, body.get("model") or MODEL)
        else:
            self._send_json(200, completion(reply, body.get("model") or MODEL))

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json")

    def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i, chunk in enumerate(stream_chunks(reply, model)):
            if reply.break_stream_after is not None and i > reply.break_stream_after:
                self._write_chunk(b"data: {not json\n\n")
                break
            self._write_chunk(f"data: {json.dumps(chunk)}\n\n".encode())
            if reply.chunk_delay and self.server_state._stopping.wait(reply.chunk_delay):
                return
        else:
            self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    calls = []
    for i, call in enumerate(reply.tool_calls):
        args = call["arguments"]
        calls.append(
            {
                "id": call.get("id", f"call_{i + 1}"),
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": args if isinstance(args, str) else json.dumps(args),
                },
            }
        )
    return calls


def _finish_reason(reply: Reply) -> str:
    return reply.finish_reason or ("tool_calls" if reply.tool_calls else "stop")


def completion(reply: Reply, model: str) -> dict[str, Any]:
    """The non-streaming ``chat.completion`` body of ``reply``."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.tool_calls:
        message["tool_calls"] = _tool_calls(reply)
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": _finish_reason(reply), "logprobs": None}
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def stream_chunks(reply: Reply, model: str) -> list[dict[str, Any]]:
    """The ``chat.completion.chunk`` objects of ``reply``, as a server streams them."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-scripted",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }

    chunks = [chunk({"role": "assistant", "content": ""})]
    text = reply.content or ""
    step = max(1, reply.chunk_chars)
    chunks += [chunk({"content": text[i : i + step]}) for i in range(0, len(text), step)]
    for index, call in enumerate(_tool_calls(reply)):
        head = {"index": index, "id": call["id"], "type": "function"}
        chunks.append(
            chunk({"tool_calls": [{**head, "function": {"name": call["function"]["name"], "arguments": ""}}]})
        )
        args = call["function"]["arguments"]
        for i in range(0, len(args), 7):
            chunks.append(
                chunk({"tool_calls": [{"index": index, "function": {"arguments": args[i : i + 7]}}]})
            )
    chunks.append(chunk({}, _finish_reason(reply)))
    return chunks


def closed_port_url() -> str:
    """A base URL on loopback where nothing listens (the connection is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"

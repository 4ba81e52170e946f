"""How the UI server runs: address, login, queue limits. Read once at the entrypoint.

The study settings (data dir, ``top_k``, file size limit ...) stay in
:class:`ingest.settings.Settings`; these are only the web server's own options.

Example:
    >>> opts = UIOptions(auth=parse_auth("ada:secret"))
    >>> opts.host, opts.port, opts.share, opts.is_loopback
    ('127.0.0.1', 7860, False, True)
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ingest.errors import ConfigError

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 7860


def parse_auth(text: str) -> tuple[str, str]:
    """``"USER:PASS"`` as ``(user, password)``; the password may itself contain colons.

    Raises:
        ConfigError: when either part is empty or the colon is missing.
    """
    user, sep, password = text.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth must be USER:PASS, both non-empty (e.g. --auth ada:secret)")
    return user, password


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class UIOptions:
    """Options of the Gradio server.

    Attributes:
        host: Address to bind; loopback unless the user asks for more.
        port: TCP port.
        auth: ``(user, password)`` for a login page, or ``None``.
        share: Open a public gradio.live tunnel. Never on unless asked for.
        concurrency_limit: Events of one kind (chats, ingests ...) that run at the same time;
            the rest wait in the queue.
        max_queue: Events the queue holds before it turns new ones away.
        allow_folders: Whether the Decks tab may ingest a folder on the server's disk. Off
            by default when the UI listens beyond loopback: a remote visitor must not read
            arbitrary server files through the card list.
    """

    host: str = LOOPBACK
    port: int = DEFAULT_PORT
    auth: tuple[str, str] | None = None
    share: bool = False
    concurrency_limit: int = 4
    max_queue: int = 64
    allow_folders: bool | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port must be between 0 and 65535, got {self.port}")
        if self.concurrency_limit < 1 or self.max_queue < 1:
            raise ConfigError("concurrency_limit and max_queue must be at least 1")

    @property
    def is_loopback(self) -> bool:
        """True when only this machine can reach the server."""
        return is_loopback(self.host)

    @property
    def folders_allowed(self) -> bool:
        """:attr:`allow_folders`, defaulting to "only on loopback"."""
        return self.is_loopback if self.allow_folders is None else self.allow_folders

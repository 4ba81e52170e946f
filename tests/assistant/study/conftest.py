"""Fixtures of the study tests, among them a real PostgreSQL server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.cards import Card
from tests.assistant.study.support import bundled_cards
from tests.support.system import postgres_bin_dir, skip_unless


@pytest.fixture(scope="session")
def cards() -> list[Card]:
    return bundled_cards()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL binary as the ``postgres`` OS user when we are root (it refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run(prefix + args, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
    return done


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on 127.0.0.1, started for the session and stopped after it.

    Debian's ``postgresql`` package (``.ci/run`` installs it): initdb into a temporary folder,
    pg_ctl start on a free port with the socket in that folder, one database for the tests.
    """
    skip_unless("postgresql")
    bin_dir = postgres_bin_dir()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="study-pg-"))  # under /tmp: pytest's own tmp is root-only
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        root.chmod(0o700)
    _as_postgres(
        [str(bin_dir / "initdb"), "-D", str(data), "-U", "study", "--auth=trust", "-E", "UTF8", "--no-sync"]
    )
    port = _free_port()
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_postgres(
        [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
    )
    try:
        _as_postgres([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "study", "study"])
        yield f"postgresql+psycopg://study@127.0.0.1:{port}/study"
    finally:
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)

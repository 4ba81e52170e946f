"""``study ui``: options, lazy import, and the real command serving on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.cli import build_parser, main
from ingest.errors import ConfigError
from tests.ui.conftest import free_port
from ui.options import UIOptions, is_loopback, parse_auth

STUDY = Path(sys.executable).with_name("study")


def test_parse_auth():
    assert parse_auth("ada:se:cret") == ("ada", "se:cret")
    for bad in ["ada", ":pw", "ada:", ""]:
        with pytest.raises(ConfigError, match="USER:PASS"):
            parse_auth(bad)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False)],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_folders_only_on_loopback_unless_said():
    assert UIOptions().folders_allowed is True
    assert UIOptions(host="0.0.0.0").folders_allowed is False
    assert UIOptions(host="0.0.0.0", allow_folders=True).folders_allowed is True


def test_ui_subcommand_defaults_to_loopback_and_no_share():
    args = build_parser().parse_args(["ui"])
    assert (args.host, args.port, args.auth, args.share) == ("127.0.0.1", 7860, None, False)


def test_bad_auth_is_a_one_line_error(capsys):
    assert main(["ui", "--auth", "nopassword"]) == 1
    err = capsys.readouterr().err
    assert err == "study: --auth must be USER:PASS, both non-empty (e.g. --auth ada:secret)\n"


def test_help_does_not_import_gradio():
    code = "import sys, assistant.cli; assistant.cli.build_parser(); print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_study_ui_serves_the_page_on_loopback(copy_store):
    sa = copy_store()
    port = free_port()
    env = {**os.environ, "STUDY_DATA_DIR": str(sa.settings.data_dir), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [str(STUDY), "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "study ui did not come up in 120 s"
                time.sleep(0.5)
        assert page.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/config", timeout=5).json()["title"] == "Study Assistant"
        # Bound to loopback only: no other address of this machine answers.
        others = [a for a in socket.gethostbyname_ex(socket.gethostname())[2] if not a.startswith("127.")]
        for address in others:
            with socket.socket() as s:
                s.settimeout(1)
                assert s.connect_ex((address, port)) != 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

"""``study ask|chat|doctor`` with an LLM endpoint, run as a user runs them, against the scripted server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.openai_server import LLM_ENV, MODEL, Reply, closed_port_url

STUDY = Path(sys.executable).with_name("study")
QUESTION = "Why divide by sqrt(d_k)?"


def run(
    args: list[str], data_dir: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    full = {
        **base,
        "STUDY_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "STUDY_LLM_MAX_RETRIES": "0",
        **env,
    }
    return subprocess.run(
        [str(STUDY), *args], capture_output=True, text=True, env=full, input=stdin, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def data_dir(bundled_settings, study):
    """The session's data dir, already ingested by the ``study`` fixture."""
    return bundled_settings.data_dir


@pytest.mark.slow
def test_ask_streams_the_model_answer_then_the_sources(data_dir, server):
    server.script(Reply(content="Scaling keeps the dot products small [1]. Not [8]."))
    out = run(
        ["ask", QUESTION, "-k", "3"], data_dir, STUDY_LLM_BASE_URL=server.base_url, STUDY_LLM_MODEL=MODEL
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Scaling keeps the dot products small [1]. Not."
    assert lines[1] == "" and lines[2].startswith("[1] ")
    assert "warning: removed citation [8]: no source has that number" in out.stderr
    assert server.chat_requests[0]["stream"] is True


@pytest.mark.slow
def test_ask_json_in_llm_mode(data_dir, server):
    server.script(Reply(content="Scaling keeps the dot products small [1]. It also helps training."))
    out = run(
        ["ask", QUESTION, "--json", "--mode", "llm"],
        data_dir,
        STUDY_LLM_BASE_URL=server.base_url,
        STUDY_LLM_MODEL=MODEL,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == [
        "question",
        "answer",
        "abstained",
        "coverage",
        "missing",
        "mode",
        "citations",
        "tool_calls",
        "nearest",
        "warnings",
    ]
    assert data["mode"] == "llm" and data["citations"][0]["n"] == 1
    assert data["warnings"] == ['sentence without a citation: "It also helps training."']


@pytest.mark.slow
def test_an_unreachable_endpoint_answers_offline_with_one_line(data_dir):
    url = closed_port_url()
    out = run(["ask", QUESTION], data_dir, STUDY_LLM_BASE_URL=url, STUDY_LLM_MODEL=MODEL)
    assert out.returncode == 0, out.stderr
    assert "[1]" in out.stdout
    assert out.stderr.strip() == (
        f"warning: LLM endpoint {url} failed (unreachable (connection refused)); answered offline"
    )


@pytest.mark.slow
def test_mode_offline_makes_no_call(data_dir, server):
    out = run(
        ["ask", QUESTION, "--mode", "offline", "--json"],
        data_dir,
        STUDY_LLM_BASE_URL=server.base_url,
        STUDY_LLM_MODEL=MODEL,
    )
    assert out.returncode == 0 and json.loads(out.stdout)["mode"] == "offline"
    assert server.requests == []


@pytest.mark.slow
def test_chat_rewrites_the_follow_up_with_the_history(data_dir, server):
    server.script(
        Reply(content="Scaling keeps the dot products small [1]."),
        Reply(content="Why does scaling by 1/sqrt(d_k) keep the dot products small?"),
        Reply(content="Because their variance grows with d_k [1]."),
    )
    out = run(
        ["chat"],
        data_dir,
        stdin=f"{QUESTION}\nwhy?\nquit\n",
        STUDY_LLM_BASE_URL=server.base_url,
        STUDY_LLM_MODEL=MODEL,
    )
    assert out.returncode == 0, out.stderr
    assert "Because their variance grows with d_k [1]." in out.stdout
    rewrite = server.chat_requests[1]["messages"][1]["content"]
    assert f"user: {QUESTION}\nassistant: Scaling keeps the dot products small [1]." in rewrite
    assert server.chat_requests[2]["messages"][1]["content"].endswith(
        "Question: Why does scaling by 1/sqrt(d_k) keep the dot products small?"
    )


@pytest.mark.slow  # the tool schema imports the torch reference: seconds per run
def test_doctor_reports_the_endpoint_and_model(tmp_path, server):
    server.script(
        Reply(content="OK"), Reply(tool_calls=[{"name": "worked_example", "arguments": {"kind": "softmax"}}])
    )
    out = run(["doctor"], tmp_path, STUDY_LLM_BASE_URL=server.base_url, STUDY_LLM_MODEL=MODEL)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "mode      -     llm (an endpoint is configured)"
    assert lines[1] == "embedder  -     all-MiniLM-L6-v2 (not tuned), collection cards"
    assert lines[2] == f"endpoint  -     {server.base_url} (from STUDY_LLM_BASE_URL)"
    assert lines[3] == f"model     -     {MODEL} (from STUDY_LLM_MODEL)"
    assert lines[-3].startswith("models    ok    'scripted-model' is listed")
    assert lines[-2].startswith("chat      ok    answered in ")
    assert lines[-1] == "tools     ok    the model called worked_example"


@pytest.mark.slow
def test_doctor_fails_with_a_down_endpoint(tmp_path):
    out = run(["doctor", "--json"], tmp_path, STUDY_LLM_BASE_URL=closed_port_url(), STUDY_LLM_MODEL=MODEL)
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["ok"] is False and report["checks"][-1] == {
        "name": "chat",
        "ok": False,
        "detail": "unreachable (connection refused)",
    }
    assert "Traceback" not in out.stderr


def test_doctor_without_an_endpoint(tmp_path):
    out = run(["doctor"], tmp_path)
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "mode      -     offline (no endpoint configured)"

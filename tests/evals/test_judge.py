"""The faithfulness judge in the eval: loading it, surviving its failures, and reporting it.

The judge is loaded from the real LLM layer against the scripted OpenAI-protocol server; the
run-level tests use the runner's deterministic fake assistant, and the report test the
hand-built run, so that every figure is known in advance.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import assistant.llm
import evals.runner
from evals.judge import FaithfulnessJudge, JudgeFailure, judged_note, load_judge
from evals.records import Outcome
from evals.report_blocks import Bullets, Heading, Paragraph, Table
from evals.report_md import to_markdown
from evals.report_model import build_report, judge_section
from evals.runner import EvalConfig, run_eval
from evals.scoring import score_run
from ingest.errors import ConfigError, LLMError
from ingest.settings import Settings
from tests.evals.conftest import make_run, outcomes
from tests.evals.test_runner import CARDS, FakeStudy
from tests.support.llm_fixtures import scripted_settings
from tests.support.openai_server import MODEL, Reply

REPO = Path(__file__).resolve().parents[2]
SUPPORTED = json.dumps({"claims": [{"claim": "add & norm follows", "supported": True}]})


# -- loading ---------------------------------------------------------------------------------------


def test_llm_mode_loads_the_configured_model_as_judge(server) -> None:
    judge, note = load_judge(scripted_settings(server.base_url))
    assert isinstance(judge, FaithfulnessJudge)
    assert (judge.model, note) == (MODEL, f"judged by {MODEL}")
    server.script(Reply(content=SUPPORTED))
    assert judge.judge("What follows?", "An add & norm [1].", ["Q: What follows?\nA: An add & norm."]) == 1.0
    assert server.chat_requests[0]["model"] == MODEL


@pytest.mark.parametrize("mode", [None, "offline"], ids=["no-endpoint", "offline-by-setting"])
def test_the_judge_is_skipped_offline(server, mode: str | None) -> None:
    settings = Settings(data_dir="/nonexistent", mode=mode)
    if mode == "offline":  # an endpoint is there, but the mode says offline
        settings = scripted_settings(server.base_url, mode=mode)
    assert load_judge(settings) == (None, "skipped: the assistant runs offline (no LLM endpoint configured)")
    assert server.chat_requests == []


def test_llm_mode_without_a_model_name_is_a_config_error(server) -> None:
    with pytest.raises(ConfigError, match=r"^STUDY_LLM_MODEL is not set"):
        load_judge(scripted_settings(server.base_url, llm_model=None))


def test_an_llm_layer_without_a_judge_is_skipped_with_a_note(server, monkeypatch) -> None:
    monkeypatch.delattr(assistant.llm, "make_judge")
    assert load_judge(scripted_settings(server.base_url)) == (
        None,
        "skipped: LLM mode is on, but the LLM layer offers no judge yet (assistant.llm.make_judge)",
    )


# -- a failing judgement does not sink the run ----------------------------------------------------


class FlakyJudge:
    """Grades 0.75, except the question in ``fails_on``, where it raises ``error``."""

    model = "flaky-judge"

    def __init__(self, fails_on: str, error: Exception) -> None:
        self.fails_on, self.error = fails_on, error
        self.calls = 0

    def judge(self, question: str, answer: str, sources: list[str]) -> float:
        self.calls += 1
        if question == self.fails_on:
            raise self.error
        return 0.75


def test_a_judge_failure_leaves_the_question_unjudged_and_is_counted() -> None:
    judge = FlakyJudge(CARDS[1].question, LLMError("timed out after 120 s"))
    run = run_eval(FakeStudy(), EvalConfig(sets=("verbatim",), baselines=False), judge=judge)  # type: ignore[arg-type]
    assert [(o.query.qid, o.faithfulness) for o in run.outcomes] == [
        (CARDS[0].card_id, 0.75),
        (CARDS[1].card_id, None),
        (CARDS[2].card_id, 0.75),
    ]
    assert judge.calls == 3
    assert run.judge_failures == [JudgeFailure("verbatim", CARDS[1].card_id, "timed out after 120 s")]
    assert run.judge == "judged by flaky-judge; 1 judgement(s) failed and were left out"
    scored = score_run(run)
    assert scored["sets"]["verbatim"]["faithfulness"] == {
        "mean": 0.75,
        "low": 0.75,
        "high": 0.75,
        "n": 2,
    }
    assert scored["judge_failures"] == [
        {"set": "verbatim", "qid": CARDS[1].card_id, "reason": "timed out after 120 s"}
    ]


class ScriptedJudge:
    """Fails or scores each question in turn, as scripted."""

    model = "scripted-judge"

    def __init__(self, *script: float | None) -> None:
        self.script = list(script)
        self.calls = 0

    def judge(self, question: str, answer: str, sources: list[str]) -> float:
        self.calls += 1
        score = self.script.pop(0)
        if score is None:
            raise LLMError("unreachable (connection refused)")
        return score


def test_the_judge_is_given_up_after_failures_in_a_row(monkeypatch) -> None:
    monkeypatch.setattr(evals.runner, "JUDGE_GIVES_UP", 2)
    judge = ScriptedJudge(None, None, 1.0)
    run = run_eval(FakeStudy(), EvalConfig(sets=("verbatim",), baselines=False), judge=judge)  # type: ignore[arg-type]
    assert judge.calls == 2  # the third question is answered but not judged
    assert [o.faithfulness for o in run.outcomes] == [None, None, None]
    assert len(run.judge_failures) == 2
    assert run.judge == (
        "judged by scripted-judge; 2 judgement(s) failed and were left out; "
        "after 2 failures in a row the judge was not asked again"
    )


def test_a_success_between_failures_keeps_the_judge() -> None:
    judge = ScriptedJudge(None, None, 0.5)
    run = run_eval(FakeStudy(), EvalConfig(sets=("verbatim",), baselines=False), judge=judge)  # type: ignore[arg-type]
    assert judge.calls == 3
    assert [o.faithfulness for o in run.outcomes] == [None, None, 0.5]
    assert run.judge == "judged by scripted-judge; 2 judgement(s) failed and were left out"


def test_an_error_that_is_not_the_models_still_stops_the_run() -> None:
    judge = FlakyJudge(CARDS[1].question, ValueError("a bug in the judge"))
    with pytest.raises(ValueError, match="a bug in the judge"):
        run_eval(FakeStudy(), EvalConfig(sets=("verbatim",), baselines=False), judge=judge)  # type: ignore[arg-type]


def test_a_malformed_reply_from_the_real_judge_is_recorded(server) -> None:
    judge, _ = load_judge(scripted_settings(server.base_url))
    assert judge is not None
    server.script(
        Reply(content=SUPPORTED), Reply(content="Everything is supported."), Reply(content=SUPPORTED)
    )
    run = run_eval(FakeStudy(), EvalConfig(sets=("verbatim",), baselines=False), judge=judge)  # type: ignore[arg-type]
    assert [o.faithfulness for o in run.outcomes] == [1.0, None, 1.0]
    reason = "malformed judge reply (no JSON object): 'Everything is supported.'"
    assert run.judge_failures == [JudgeFailure("verbatim", CARDS[1].card_id, reason)]
    assert len(server.chat_requests) == 3


# -- the report -------------------------------------------------------------------------------------


def judged_run(failures: list[JudgeFailure]):
    """The hand-built run with p1 and p2 judged (1.0 and 0.5) and o2's judgement failed."""
    scores = {"p1": 1.0, "p2": 0.5}
    outs: list[Outcome] = [dataclasses.replace(o, faithfulness=scores.get(o.query.qid)) for o in outcomes()]
    return dataclasses.replace(
        make_run(outs), judge=judged_note("judge-7b", failures), judge_failures=failures
    )


def test_the_report_names_the_judge_and_shows_faithfulness_and_failures() -> None:
    run = judged_run([JudgeFailure("out-of-scope", "o2", "timed out after 120 s")])
    results = score_run(run)
    assert results["judge"] == "judged by judge-7b; 1 judgement(s) failed and were left out"
    heading, paragraph, table, failures = judge_section(results, run)
    assert heading == Heading("Faithfulness judge")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text.startswith("Judged by judge-7b; 1 judgement(s) failed and were left out. ")
    assert paragraph.text.endswith(
        "It is a model's opinion, recorded beside the figures and never a CI gate."
    )
    assert table == Table(
        ("set", "faithfulness [95 % CI]", "n judged", "judge failures"),
        (("paraphrase", "0.750 [0.500, 1.000]", "2", "0"), ("out-of-scope", "–", "0", "1")),
        "per query set",
    )
    assert failures == Bullets(("out-of-scope o2: timed out after 120 s",))
    markdown = to_markdown(build_report(results, run))
    assert markdown.count("## Faithfulness judge") == 1
    assert "| judge: faithfulness | 0.750 [0.500, 1.000] | 2 |" in markdown  # the set's own table


def test_only_the_first_failures_are_listed() -> None:
    run = judged_run([JudgeFailure("out-of-scope", f"o{i}", "HTTP 500: boom") for i in range(3)])
    *_, failures = judge_section(score_run(run), run, shown=1)
    assert failures == Bullets(("out-of-scope o0: HTTP 500: boom", "… and 2 more"))


def test_no_judge_section_when_the_judge_was_skipped(run) -> None:
    results = score_run(run)
    assert judge_section(results, run) == []
    assert "Faithfulness judge" not in to_markdown(build_report(results, run))


def test_faithfulness_is_never_a_ci_floor() -> None:
    floors = json.loads((REPO / "evals" / "floors.json").read_text(encoding="utf-8"))
    tuned = floors["tuned"]
    paths = [*floors["floors"], *floors["ceilings"], *tuned["floors"], *tuned["ceilings"]]
    assert not [path for path in paths if "faithfulness" in path]
    assert "faithfulness" not in json.dumps(score_run(judged_run([]))["headline"])

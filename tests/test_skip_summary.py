"""The end of a test run names each group of skipped tests; with skips forbidden (CI) it fails."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, skipped_groups

SAMPLE = """
import pytest
from tests.support.system import REQUIREMENTS

@pytest.mark.skipif(True, reason=REQUIREMENTS["browser"].reason)
def test_a():
    pass

def test_b():
    pytest.skip(REQUIREMENTS["postgresql"].reason)

def test_c():
    pass
"""


def test_skipped_groups_counts_each_group_once() -> None:
    reasons = ["[browser] chromium is not installed (make system-deps)"] * 2 + ["no reason given"]
    assert skipped_groups(reasons) == (
        "SKIPPED 3 tests: 2 browser (chromium is not installed (make system-deps)); 1 other (no reason given)"
    )


def _run(forbid: bool) -> subprocess.CompletedProcess[str]:
    test = REPO / "tests" / f"test_sample_skips_{os.getpid()}_{int(forbid)}.py"
    test.write_text(SAMPLE)
    env = {k: v for k, v in os.environ.items() if k != "STUDY_TESTS_FORBID_SKIPS"}
    if forbid:
        env["STUDY_TESTS_FORBID_SKIPS"] = "1"
    try:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        test.unlink()


EXPECTED = (
    "SKIPPED 2 tests: 1 browser (chromium is not installed (make system-deps)); "
    "1 postgresql (postgresql is not installed (make system-deps))"
)


def test_the_last_line_names_the_skipped_groups() -> None:
    run = _run(forbid=False)
    assert run.returncode == 0
    assert run.stdout.strip().splitlines()[-1] == EXPECTED


def test_skips_fail_the_run_where_they_are_forbidden() -> None:
    run = _run(forbid=True)
    assert run.returncode == 1
    assert run.stdout.strip().splitlines()[-1] == "FAILED: skips are not allowed here. " + EXPECTED

"""Malformed settings are refused with a message that names the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import ConfigError
from ingest.settings import load_settings


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"top_k": 0}, "STUDY_TOP_K: Input should be greater than or equal to 1"),
        ({"top_k": "many"}, "STUDY_TOP_K: Input should be a valid integer"),
        ({"abstain_threshold": 2}, "STUDY_ABSTAIN_THRESHOLD: Input should be less than or equal to 1"),
        ({"chroma_port": 70000}, "STUDY_CHROMA_PORT: Input should be less than or equal to 65535"),
        ({"no_such_setting": 1}, "STUDY_NO_SUCH_SETTING: Extra inputs are not permitted"),
        ({"allocator": "tcmalloc"}, "STUDY_ALLOCATOR: Input should be 'jemalloc' or 'system'"),
    ],
)
def test_each_bad_setting_is_named(overrides, fragment):
    with pytest.raises(ConfigError) as err:
        load_settings(**overrides)
    assert fragment in str(err.value)
    assert str(err.value).startswith("invalid settings: ")


def test_a_bad_environment_variable_is_a_one_line_cli_error(tmp_path: Path):
    env = {**os.environ, "STUDY_TOP_K": "lots", "STUDY_DATA_DIR": str(tmp_path)}
    study = Path(sys.executable).with_name("study")
    out = subprocess.run(
        [str(study), "cards"], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 1
    assert out.stderr.startswith("study: invalid settings: STUDY_TOP_K: Input should be a valid integer")
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr

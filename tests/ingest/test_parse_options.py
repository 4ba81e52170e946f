"""Parse options: the settings give the defaults, CLI flags override them."""

from __future__ import annotations

from ingest.parse_options import ParseOptions
from ingest.settings import load_settings


def test_options_come_from_the_settings_and_flags_override_them(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STUDY_ANKI_QUESTION_FIELDS", '["Word"]')
    monkeypatch.setenv("STUDY_MAX_PACKAGE_BYTES", "1000")
    settings = load_settings(data_dir=tmp_path)
    assert ParseOptions.from_settings(settings) == ParseOptions(
        question_fields=("Word",), max_package_bytes=1000
    )
    flagged = ParseOptions.from_settings(settings, headings=True, question_fields=("Term",), answer_fields=())
    assert flagged == ParseOptions(headings=True, question_fields=("Term",), max_package_bytes=1000)

"""The README stays a newcomer's page, and the docs it points at exist and name every setting."""

from __future__ import annotations

import re

from ingest.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_under_ten_thousand_characters() -> None:
    assert len(README) < 10_000


def test_every_relative_link_of_the_readme_exists() -> None:
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README)
    assert "docs/settings.md" in links
    assert [link for link in links if not (REPO / link).exists()] == []


def test_the_settings_page_names_every_setting() -> None:
    page = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    names = []
    for name, field in Settings.model_fields.items():
        names.append(name.upper() if field.validation_alias is not None else f"STUDY_{name.upper()}")
    assert [n for n in names if f"| `{n}` |" not in page] == []

"""SQLAlchemy, fsrs and the Anki format each stay behind one adapter.

Every import in the four packages is read with :mod:`ast`; a library imported outside its
adapter fails here.
"""

from __future__ import annotations

import pytest

from tests.test_layers import LAYERS, ROOT, imported_modules

#: Library -> the one place (a module, or a package folder ending in "/") allowed to import it.
ADAPTERS = {
    "sqlalchemy": "assistant/study/database/",
    "fsrs": "assistant/study/fsrs_adapter.py",
    "sqlite3": "ingest/anki_package/",
    "zipfile": "ingest/anki_package/",
    "zstandard": "ingest/anki_package/",
}


def importers(library: str) -> list[str]:
    found = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if any(m.split(".")[0] == library for m in imported_modules(path)):
                found.append(path.relative_to(ROOT).as_posix())
    return found


@pytest.mark.parametrize("library", sorted(ADAPTERS))
def test_a_library_is_imported_by_its_adapter_only(library: str) -> None:
    place = ADAPTERS[library]
    found = importers(library)
    assert found, f"{library} is imported nowhere: the table above is out of date"
    assert [p for p in found if not (p.startswith(place) if place.endswith("/") else p == place)] == []

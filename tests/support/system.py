"""System packages that some tests need, and the one way those tests skip without them.

Each group names what is missing and the command that installs it. A test that needs one
uses :func:`needs` (a ``skipif`` mark) or :func:`skip_unless` (inside a fixture); the skip
reason starts with ``[group]`` so that the end of the run can list the skipped groups in one
line (``tests/conftest.py``), and ``.ci/run`` fails the run if anything was skipped at all.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

#: How every group is enabled: installs Chromium, libjemalloc2 and PostgreSQL (as root, or
#: through sudo).
INSTALL = "make system-deps"


@dataclass(frozen=True)
class Requirement:
    """A system package some tests need.

    Attributes:
        group: Short name of the tests that need it (``browser``, ``jemalloc``, ``postgresql``).
        package: What is missing, as the user would install it.
        present: Whether it is installed.
    """

    group: str
    package: str
    present: Callable[[], bool]

    @property
    def reason(self) -> str:
        return f"[{self.group}] {self.package} is not installed ({INSTALL})"


def _has_jemalloc() -> bool:
    from assistant.allocator import find_jemalloc

    return find_jemalloc() is not None


def postgres_bin_dir() -> Path | None:
    """Debian's PostgreSQL server binaries (``initdb``, ``pg_ctl``), newest version first."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")]
    versions = [p for p in found if p.parent.name.isdigit()]
    return max(versions, key=lambda p: int(p.parent.name)) if versions else None


REQUIREMENTS = {
    r.group: r
    for r in [
        Requirement("browser", "chromium", lambda: Path("/usr/bin/chromium").exists()),
        Requirement("jemalloc", "libjemalloc2", _has_jemalloc),
        Requirement("postgresql", "postgresql", lambda: postgres_bin_dir() is not None),
    ]
}


def needs(group: str) -> pytest.MarkDecorator:
    """A mark that skips the test, with the group's reason, when its package is missing."""
    req = REQUIREMENTS[group]
    return pytest.mark.skipif(not req.present(), reason=req.reason)


def skip_unless(group: str) -> None:
    """Skip the calling test or fixture, with the group's reason, when the package is missing."""
    req = REQUIREMENTS[group]
    if not req.present():
        pytest.skip(req.reason)

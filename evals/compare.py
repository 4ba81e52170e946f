"""``--compare``: the difference between this run and an earlier ``results.json``.

Every figure is flattened to a path such as ``paraphrase / retrieval / assistant / hit@1`` (each
risk-coverage area too, as ``... / risk_coverage / aurc``, which has no interval). A
row gives the old and new mean, the change, and whether the old mean lies outside the new 95 %
interval (a change worth a look, not a test). Differences in corpus, query sets, model,
settings or libraries are listed first: figures over different cards or questions do not
compare like with like.

Example:
    >>> comparison = compare(old_results, new_results)
    >>> [r.path for r in comparison.rows if r.outside_ci]
    ['paraphrase / retrieval / assistant / hit@1']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import ConfigError

SEP = " / "


@dataclass(frozen=True)
class Row:
    """One figure in both runs (``old`` or ``new`` is ``None`` when a run lacks it)."""

    path: str
    old: float | None
    new: float | None
    low: float | None = None
    high: float | None = None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def outside_ci(self) -> bool:
        """The old mean falls outside the new run's interval."""
        if self.old is None or self.low is None or self.high is None:
            return False
        return not self.low - 1e-12 <= self.old <= self.high + 1e-12


@dataclass(frozen=True)
class Comparison:
    """Rows for every figure in either run, and warnings about what differs between the runs."""

    old_date: str | None
    rows: tuple[Row, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> tuple[Row, ...]:
        """Rows whose value changed, appeared or disappeared."""
        return tuple(
            r
            for r in self.rows
            if (r.old is None) != (r.new is None) or (r.delta is not None and abs(r.delta) > 1e-12)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (changed rows only)."""
        return {
            "old_date": self.old_date,
            "warnings": list(self.warnings),
            "figures_compared": len(self.rows),
            "changed": [
                {
                    "figure": r.path,
                    "old": r.old,
                    "new": r.new,
                    "delta": r.delta,
                    "old_outside_new_ci": r.outside_ci,
                }
                for r in self.changed
            ],
        }


def flatten(results: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every figure (a mapping with a ``mean`` and an ``n``) under ``sets`` and ``numeric_requests``,
    and each AURC, by path."""
    found: dict[str, Mapping[str, Any]] = {}

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, Mapping):
            if "mean" in node and "n" in node:
                found[SEP.join(path)] = node
                return
            if "aurc" in node and "n" in node:
                found[SEP.join((*path, "aurc"))] = {"mean": node["aurc"], "n": node["n"]}
                return
            for key, value in node.items():
                walk(value, (*path, str(key)))

    walk(results.get("sets", {}), ())
    walk(results.get("mixtures", {}), ("mixtures",))
    walk(results.get("numeric_requests", {}), ("numeric_requests",))
    return found


def _provenance_warnings(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    po, pn = old.get("provenance", {}), new.get("provenance", {})
    warnings = []
    if po.get("corpus", {}).get("hash") != pn.get("corpus", {}).get("hash"):
        warnings.append("the cards differ (corpus hash changed): figures are over different cards")
    old_sets, new_sets = po.get("query_sets", {}), pn.get("query_sets", {})
    for name in sorted(set(old_sets) | set(new_sets)):
        if old_sets.get(name, {}).get("hash") != new_sets.get(name, {}).get("hash"):
            warnings.append(f"query set {name!r} differs between the runs")
    if po.get("model") != pn.get("model"):
        warnings.append(f"embedding model changed: {po.get('model')} -> {pn.get('model')}")
    so, sn = po.get("settings", {}), pn.get("settings", {})
    for key in sorted(set(so) | set(sn)):
        if key != "data_dir" and so.get(key) != sn.get(key):
            warnings.append(f"setting {key} changed: {so.get(key)!r} -> {sn.get(key)!r}")
    lo, ln = po.get("libraries", {}), pn.get("libraries", {})
    for key in sorted(set(lo) | set(ln)):
        if lo.get(key) != ln.get(key):
            warnings.append(f"{key} {lo.get(key)} -> {ln.get(key)}")
    return warnings


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """Compare two results (the parsed ``results.json`` of each run)."""
    fo, fn = flatten(old), flatten(new)
    rows = []
    for path in [*fn, *(p for p in fo if p not in fn)]:
        o, n = fo.get(path, {}), fn.get(path, {})
        rows.append(Row(path, o.get("mean"), n.get("mean"), n.get("low"), n.get("high")))
    return Comparison(
        old.get("provenance", {}).get("date"), tuple(rows), tuple(_provenance_warnings(old, new))
    )


def load_results(path: Path) -> dict[str, Any]:
    """Read an earlier ``results.json``.

    Raises:
        ConfigError: If the file is missing, not JSON, or not an eval's results.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--compare: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--compare: cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"--compare: {path} is not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or "sets" not in data:
        raise ConfigError(f"--compare: {path} is not the results.json of a study eval run")
    return data

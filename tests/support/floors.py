"""The committed eval floors and ceilings (``evals/floors.json``), checked against a run."""

from __future__ import annotations

from typing import Any

from evals.compare import flatten


def outside_limits(results: dict[str, Any], limits: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures of ``results`` below their floor and those above their ceiling, each as
    path -> (measured, limit); ``limits`` holds ``"floors"`` and ``"ceilings"``."""
    figures = flatten(results)
    below = {
        path: (figures[path]["mean"], spec["floor"])
        for path, spec in limits["floors"].items()
        if figures[path]["mean"] < spec["floor"]
    }
    above = {
        path: (figures[path]["mean"], spec["ceiling"])
        for path, spec in limits["ceilings"].items()
        if figures[path]["mean"] > spec["ceiling"]
    }
    return below, above

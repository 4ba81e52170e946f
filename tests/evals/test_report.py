"""The written outputs of the hand-built run: JSON, CSV, Markdown and self-contained HTML."""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

from evals.compare import compare
from evals.output import CSV_COLUMNS, write_outputs
from evals.report_blocks import Bullets, Heading, Image, Paragraph, Table, fmt_figure, pct_ci
from evals.report_html import to_html
from evals.report_md import to_markdown
from evals.scoring import score_run
from evals.summary import plain_summary

PNG = b"\x89PNG\r\n\x1a\n"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?!data:|#)""", re.IGNORECASE)


def scored(run) -> dict:
    results = score_run(run)
    results["provenance"] = {"date": "2026-01-01T00:00:00+00:00", "corpus": {"hash": "h", "cards": 4}}
    return results


def test_formatting() -> None:
    assert fmt_figure({"mean": 0.8276, "low": 0.7471, "high": 0.8966, "n": 87}) == "0.828 [0.747, 0.897]"
    assert fmt_figure({"mean": 1.0, "low": None, "high": None, "n": 0}) == "1.000"
    assert fmt_figure(None) == "–"
    assert pct_ci({"mean": 0.8276, "low": 0.7471, "high": 0.8966, "n": 87}) == "83 % (95 % CI 75–90 %)"


def test_renderers_draw_every_block_kind() -> None:
    table = Table(("h1", "h2"), (("1", "a|b"),), "cap")
    blocks = [Heading("T", 1), Paragraph("a | b"), Bullets(("x", "y")), table, Image("p.png", "a plot", PNG)]
    assert to_markdown(blocks) == (
        "# T\n\na | b\n\n- x\n- y\n\n*cap*\n\n| h1 | h2 |\n| --- | --- |\n| 1 | a\\|b |\n\n"
        "![a plot](plots/p.png)\n"
    )
    page = to_html([*blocks, Paragraph("<script>")], title="T")
    assert "<h1>T</h1>" in page and "<li>x</li>" in page and "&lt;script&gt;" in page
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in page


def test_plain_summary_reads_the_figures(run) -> None:
    sentences = plain_summary(scored(run))
    assert sentences[0].startswith("Asked in your own words (2 questions), the card the assistant puts first")
    assert "50 %" in sentences[0]
    assert sentences[1] == (
        "Of 2 off-topic questions it declined 1: 50 % (95 % CI 0–100 %). "
        "It answered the other 1 from the nearest card anyway."
    )
    assert sentences[2].startswith(
        "On the same paraphrase questions the assistant's mean reciprocal rank is 0.75"
    )


def test_write_outputs(run, tmp_path: Path) -> None:
    results = scored(run)
    paths = write_outputs(tmp_path / "report", results, run, compare(results, results))
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["sets"].keys() == {
        "paraphrase",
        "out-of-scope",
    }
    rows = list(csv.DictReader(paths["csv"].open(encoding="utf-8")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["qid"], r["gold_rank"], r["failure"]) for r in rows] == [
        ("p1", "1", ""), ("p2", "2", "wrong_top1"), ("o1", "", ""), ("o2", "", "missed_abstention"),
    ]  # fmt: skip
    assert rows[1]["top5_ids"] == "c4;c3;c2" and rows[1]["top5_scores"] == "0.5000;0.4500;0.4000"
    assert rows[2]["abstained"] == "true" and rows[3]["cited_ids"] == "c1"
    assert [r["coverage"] for r in rows] == ["full", "full", "none", "full"]
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert markdown.startswith("# How well the assistant knows your cards\n")
    for heading in ("## In plain words", "## Compared with the earlier run", "## What went wrong", "## Plots",
                    "## How to read this report", "## Provenance"):  # fmt: skip
        assert heading in markdown
    for name in ("recall_at_k", "gold_rank", "top1_scores", "risk_coverage"):
        assert f"](plots/{name}.png)" in markdown
        assert (tmp_path / "report" / "plots" / f"{name}.png").read_bytes().startswith(PNG)


def test_html_is_self_contained(run, tmp_path: Path) -> None:
    page = write_outputs(tmp_path, scored(run), run)["html"].read_text(encoding="utf-8")
    assert not EXTERNAL.search(page)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 4 and all(base64.b64decode(i).startswith(PNG) for i in images)
    assert "<link" not in page and "@import" not in page and "url(" not in page

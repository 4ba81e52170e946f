"""``study progress --html FILE``: one self-contained HTML page with the progress plots.

The plots are drawn with matplotlib (Agg, no display needed) and embedded as base64 PNGs, so the
page needs no other file and no network.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from typing import Any

from assistant.study.progress import NO_REVIEWS_MESSAGE, Progress


def plots(progress: Progress) -> dict[str, bytes]:
    """The progress plots as PNG bytes: ``forecast``, ``reviews``, ``retention``, ``mastery``;
    none while the user has no review (the views show :data:`NO_REVIEWS_MESSAGE` instead)."""
    if not progress.has_history:
        return {}
    import matplotlib

    matplotlib.use("Agg")
    drawers: dict[str, Callable[[Any, Progress], None]] = {
        "forecast": _forecast,
        "reviews": _reviews,
        "retention": _retention,
        "mastery": _mastery,
    }
    return {name: _png(draw, progress) for name, draw in drawers.items()}


def _png(draw: Callable[[Any, Progress], None], progress: Progress) -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.2), dpi=100)
    try:
        draw(ax, progress)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _forecast(ax: Any, p: Progress) -> None:
    ax.bar([d.day[5:] for d in p.forecast], [d.count for d in p.forecast], color="#4c72b0")
    ax.set_title("Cards due (today includes overdue)")
    _whole_numbers(ax)
    ax.tick_params(axis="x", labelrotation=60, labelsize=7)


def _reviews(ax: Any, p: Progress) -> None:
    days = [d.day[5:] for d in p.reviews_per_day]
    ax.bar(days, [d.reviews - d.again for d in p.reviews_per_day], color="#55a868", label="recalled")
    ax.bar(
        days,
        [d.again for d in p.reviews_per_day],
        bottom=[d.reviews - d.again for d in p.reviews_per_day],
        color="#c44e52",
        label="again",
    )
    ax.set_title("Reviews per day")
    _whole_numbers(ax)
    ax.legend(fontsize=7)
    ax.tick_params(axis="x", labelrotation=60, labelsize=6)


def _whole_numbers(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _retention(ax: Any, p: Progress) -> None:
    true = p.retention if p.retention is not None else 0.0
    ax.barh(
        ["desired", f"true (n={p.retention_n})"], [p.desired_retention, true], color=["#8172b2", "#4c72b0"]
    )
    ax.set_xlim(0, 1)
    ax.set_title("Retention" + ("" if p.retention is not None else " (no reviews in the review state yet)"))


def _mastery(ax: Any, p: Progress) -> None:
    decks = [m.deck for m in p.mastery]
    ax.barh(decks, [m.mean_recall for m in p.mastery], color="#dd8452")
    ax.set_xlim(0, 1)
    ax.set_title("Mastery per deck (mean predicted recall)")
    ax.tick_params(axis="y", labelsize=7)


def _b64(png: bytes) -> str:
    return base64.b64encode(png).decode()


def render_html(progress: Progress) -> str:
    """The whole page."""
    images = plots(progress)
    e = html.escape
    p = progress
    retention = (
        f"{p.retention:.1%} over {p.retention_n} reviews" if p.retention is not None else "no data yet"
    )
    rows = "".join(
        f"<tr><td>{e(m.deck)}</td><td>{m.cards}</td><td>{m.seen}</td><td>{m.mature}</td>"
        f"<td>{m.mean_recall:.2f}</td></tr>"
        for m in p.mastery
    )
    missed = (
        "".join(
            f"<tr><td>{e(c.question or '(removed) ' + c.card_id)}</td><td>{e(c.source)}</td>"
            f"<td>{c.again}</td><td>{c.reviews}</td></tr>"
            for c in p.most_missed
        )
        or "<tr><td colspan=4>none yet</td></tr>"
    )
    figures = (
        "".join(
            f'<figure><img alt="{name}" src="data:image/png;base64,{_b64(png)}"></figure>'
            for name, png in images.items()
        )
        or f'<p class="no-reviews"><b>{e(NO_REVIEWS_MESSAGE)}</b></p>'
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Study progress: {e(p.user)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.2em .5em}}img{{max-width:100%}}</style></head><body>
<h1>Study progress: {e(p.user)}</h1>
<p>As of {e(p.as_of)}. Due today: <b>{p.due_today}</b>; new cards available: {p.new_available};
reviews in all: {p.reviews_total}; true retention: {retention} (desired {p.desired_retention:.0%});
rating overrides: {p.overrides}.</p>
{figures}
<h2>Mastery per deck</h2>
<table><tr><th>deck</th><th>cards</th><th>seen</th><th>mature</th><th>mean recall</th></tr>{rows}</table>
<h2>Most missed</h2>
<table><tr><th>card</th><th>deck</th><th>again</th><th>reviews</th></tr>{missed}</table>
</body></html>
"""

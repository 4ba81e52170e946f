"""Draw the report's blocks as one self-contained HTML page.

Styles are inline and every plot is embedded as a base64 PNG ``data:`` URI: the page loads
nothing from anywhere, so it can be mailed or opened offline.

Example:
    >>> "<h1>Title</h1>" in to_html([Heading("Title", 1)], title="Title")
    True
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from evals.report_blocks import Block, Bullets, Heading, Image, Paragraph, Table

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #1b1b1b; line-height: 1.45; }
h1 { border-bottom: 2px solid #2e86c1; padding-bottom: .2em; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #eef4fa; }
caption { caption-side: top; text-align: left; font-style: italic; color: #555; padding-bottom: .2em; }
img { max-width: 100%; border: 1px solid #eee; margin: .5em 0 1em; }
li { margin: .25em 0; }
"""


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Image)
    data = base64.b64encode(block.png).decode("ascii")
    return f'<img alt="{escape(block.alt)}" src="data:image/png;base64,{data}">'


def to_html(blocks: Sequence[Block], title: str) -> str:
    """The report as a self-contained HTML document."""
    body = "\n".join(_block(b) for b in blocks)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )

"""Draw the report's blocks as Markdown; plots are PNG files beside ``report.md``.

Example:
    >>> to_markdown([Heading("Title", 1), Paragraph("Hello.")])
    '# Title\\n\\nHello.\\n'
"""

from __future__ import annotations

from collections.abc import Sequence

from evals.report_blocks import Block, Bullets, Heading, Image, Paragraph, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> str:
    lines = []
    if table.caption:
        lines += [f"*{table.caption}*", ""]
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.header) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def to_markdown(blocks: Sequence[Block], image_dir: str = "plots") -> str:
    """The report as Markdown; images are linked as ``{image_dir}/{name}``."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Image):
            parts.append(f"![{block.alt}]({image_dir}/{block.name})")
    return "\n\n".join(p for p in parts if p) + "\n"

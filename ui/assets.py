"""The page's CSS and its one script, as strings handed to ``Blocks.launch``.

Kept in Python so that an installed package carries them without package-data entries.
Colours come from Gradio's theme variables, so light and dark mode both work.
"""

CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto; }
#title h1 { margin-bottom: 0.1em; }
#title p { color: var(--body-text-color-subdued); margin-top: 0; }

/* [n] markers: a small pill that reads as a link */
a.cite {
  display: inline-block; padding: 0 0.35em; margin: 0 0.05em; border-radius: 0.6em;
  font-size: 0.78em; font-weight: 600; line-height: 1.5; vertical-align: 0.12em;
  text-decoration: none !important; color: var(--color-accent) !important;
  background: var(--color-accent-soft); border: 1px solid var(--color-accent);
}
a.cite:hover { background: var(--color-accent); color: white !important; }

/* source panels under an answer */
.sources-head {
  margin: 0.2em 0 0.4em !important; font-size: 0.8em; font-weight: 600; letter-spacing: 0.04em;
  text-transform: uppercase; color: var(--body-text-color-subdued);
}
details.source, details.nearest {
  border: 1px solid var(--border-color-primary); border-radius: 8px; margin: 0.35em 0;
  padding: 0.3em 0.7em; background: var(--background-fill-secondary);
  transition: box-shadow 0.3s ease;
}
details.source > summary, details.nearest > summary { cursor: pointer; line-height: 1.45; }
details.source[open], details.nearest[open] { padding-bottom: 0.5em; }
details.source[open] > summary, details.nearest[open] > summary {
  margin-bottom: 0.4em; padding-bottom: 0.35em; border-bottom: 1px solid var(--border-color-primary);
}
.src-n { font-weight: 700; color: var(--color-accent); margin-right: 0.2em; }
.src-q { font-weight: 600; }
.src-meta {
  font-size: 0.82em; color: var(--body-text-color-subdued); white-space: nowrap; margin-left: 0.4em;
}
.src-id { font-size: 0.75em; color: var(--body-text-color-subdued); margin: 0.4em 0 0 !important; }
details.flash { box-shadow: 0 0 0 3px var(--color-accent); }

/* abstention and errors look different from answers */
.abstain {
  border-left: 4px solid #d97706; background: rgba(217, 119, 6, 0.10);
  border-radius: 6px; padding: 0.5em 0.9em; margin-bottom: 0.6em;
}
.abstain-title { font-weight: 700; color: #b45309; margin: 0 0 0.2em !important; }
.dark .abstain-title { color: #f59e0b; }
.abstain-hint { font-size: 0.85em; color: var(--body-text-color-subdued); margin: 0.3em 0 0 !important; }
/* the Study tab: key points marked on the card's answer */
mark.kp-covered { background: #bbf7d0; color: inherit; padding: 0 0.1em; }
mark.kp-missed { background: #fecaca; color: inherit; padding: 0 0.1em; }
.study-grade { border: 1px solid #cbd5e1; border-radius: 8px; padding: 0.6em 0.9em; }
.study-grade.verdict-correct { border-left: 6px solid #16a34a; }
.study-grade.verdict-partial { border-left: 6px solid #d97706; }
.study-grade.verdict-wrong { border-left: 6px solid #dc2626; }
.study-cite { font-size: 0.9em; color: #475569; margin-bottom: 0.2em !important; }
.error {
  border-left: 4px solid #dc2626; background: rgba(220, 38, 38, 0.08);
  border-radius: 6px; padding: 0.5em 0.9em;
}
.error-title { font-weight: 700; color: #b91c1c; margin: 0 0 0.2em !important; }
.note { font-size: 0.85em; color: var(--body-text-color-subdued); font-style: italic; }
/* which mode wrote the answer: a quiet line, not an alert */
.answered-by {
  font-size: 0.78em; color: var(--body-text-color-subdued); letter-spacing: 0.02em;
  margin: 0.6em 0 0.2em !important;
}

/* the card table in the text font, not the code font (parameters stay in the code font) */
#cards table, #cards .virtual-row, #eval-headline table, #eval-headline .virtual-row {
  font-family: var(--font) !important;
}

/* worked-example tables: compact, numbers aligned */
.message table, #example-output table { font-size: 0.86em; font-variant-numeric: tabular-nums; }
.message td, .message th { padding: 0.15em 0.6em !important; }
.message img { max-width: 100%; }
#report table { width: auto; }
"""

#: Opens (and briefly highlights) the source panel a ``[n]`` link points at. Gradio's chat
#: keeps the ``href`` and the panel's ``id`` but the browser does not open a closed
#: ``<details>`` on its own, so one delegated listener does it.
HEAD = """
<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.cite") : null;
  if (!link) return;
  var id = (link.getAttribute("href") || "").slice(1);
  var panel = id ? document.getElementById(id) : null;
  if (!panel) return;
  event.preventDefault();
  panel.open = true;
  panel.scrollIntoView({ behavior: "smooth", block: "nearest" });
  panel.classList.add("flash");
  setTimeout(function () { panel.classList.remove("flash"); }, 1600);
});
</script>
"""

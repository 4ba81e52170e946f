"""The Gradio Blocks of the study UI, built from the settings; a thin shell over the handlers.

Tabs: **Chat** (streamed, cited answers with source panels, worked examples with heatmaps),
**Worked examples** (a "try it" form), **Decks** (upload or point at a folder, ingest with a
progress bar, diff report, searchable card list with lint notes), **Evaluate** (``study
eval`` with a progress bar, headline table, plots, report files) and **Settings** (mode, k,
scores, status, the LLM endpoint's check). The layouts live in :mod:`ui.tabs`; :class:`App`
adapts each event's values to a plain handler (:mod:`ui.handlers`, :mod:`ui.evaluation`). Every
event runs on Gradio's queue with a concurrency limit; ingests and evaluations run one at a time.

The mode (offline or LLM) is each session's own: the Settings tab's choice is an input of every
chat event, and the assistant that all sessions share is never switched (:mod:`ui.modes`).

API endpoints (for ``gradio_client``): ``/chat`` (what the chat box does; its last input is the
mode), ``/ask`` (the ``--json`` answer), ``/example``, ``/ingest`` and ``/evaluate``.

Example:
    >>> settings, options = load_settings(), UIOptions()
    >>> url = launch(build_app(settings, options), settings, options, block=False)
"""

from __future__ import annotations

import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import StudyAssistant
from assistant.settings import Settings
from ui import handlers, modes, tabs
from ui.assets import CSS, HEAD
from ui.evaluation import run_evaluation
from ui.options import UIOptions
from ui.store_lock import StoreLock

TITLE = "Study Assistant"
INTRO = (
    f"# {TITLE}\n"
    "Ask about transformers and attention in your own words. Every answer comes from your flashcards "
    "and cites them as **[n]**: click one to open the card it came from."
)

#: Gradio injects a tracker into a parameter whose default is a Progress; this one also shows
#: the tqdm bars of an ingest (embedding) and of an evaluation (questions).
_TRACK_TQDM = gr.Progress(track_tqdm=True)

#: Gradio's default theme with its bundled font at weights 400 and 700 only: the semibold file
#: this Gradio ships is a 5 kB stub, so text at weight 600 (headings, buttons) fell back to
#: another font or vanished; declared without it, 600 is drawn with the bold face. No font is
#: fetched from the web.
THEME = gr.themes.Default(
    primary_hue="indigo",
    neutral_hue="slate",
    font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "sans-serif"],
)


class App:
    """What every session of one server shares: the assistant, the lock over its store, the
    media folder, the mode choice its settings allow and the last endpoint check.

    Each method adapts one event's Gradio values to a plain handler call. Questions hold the
    store lock together, ingests and evaluations alone (:mod:`ui.store_lock`).

    Args:
        sa: The assistant; its settings decide the mode choice and the endpoint check.
        options: Server options.
        media_dir: Where heatmaps and evaluation reports are written (Gradio serves them).
    """

    def __init__(self, sa: StudyAssistant, options: UIOptions, media_dir: Path | None = None) -> None:
        self.sa = sa
        self.options = options
        self.lock = StoreLock()
        self.media_dir = media_dir or Path(tempfile.mkdtemp(prefix="study-ui-"))
        self.modes = modes.mode_choice(sa.settings)
        self._endpoint_lock = threading.Lock()
        self._endpoint_report: str | None = None

    def respond(
        self, message: str, history: list[dict[str, Any]], k: float, show_scores: bool, mode: str
    ) -> Any:
        steps = handlers.chat(
            self.sa,
            message,
            history,
            int(k),
            bool(show_scores),
            mode=mode,
            lock=self.lock,
            media_dir=self.media_dir,
        )
        # The chat holds the store across its yields: when Gradio closes this generator (the
        # visitor left), close the chat at once so that a waiting ingest can go.
        with closing(steps):
            for messages in steps:
                yield "", messages

    def ask(self, question: str, k: int = 5, mode: str | None = None) -> dict[str, Any]:
        """Answer one question; the answer as JSON (``study ask --json``'s shape).

        ``mode`` is ``"offline"`` or ``"llm"``; default: the server's settings.
        """
        return handlers.ask(self.sa, question, k, mode, lock=self.lock)

    def run_example(self, kind: str, rows: list[list[Any]]) -> tuple[str, Any]:
        text, heatmap = handlers.run_example(
            self.sa, kind, rows or [], lock=self.lock, media_dir=self.media_dir
        )
        return text, gr.Image(value=heatmap, visible=heatmap is not None)

    def ingest(self, files: list[str] | None, folder: str, progress: Any = _TRACK_TQDM) -> Any:
        report = handlers.ingest(
            self.sa,
            files,
            folder,
            allow_folders=self.options.folders_allowed,
            lock=self.lock,
            progress=lambda fraction, desc: progress(fraction, desc=desc),
        )
        return report, None

    def cards(self, query: str, lint_only: bool, practice: bool) -> tuple[list[list[str]], str]:
        return handlers.cards_table(self.sa, query or "", bool(lint_only), bool(practice), lock=self.lock)

    def status(self, mode: str | None) -> str:
        return handlers.status_markdown(self.sa, mode, lock=self.lock)

    def endpoint_status(self) -> str:
        """The last endpoint check, made now if there is none: a page load does not call the
        endpoint again for every visitor."""
        with self._endpoint_lock:
            if self._endpoint_report is None:
                self._endpoint_report = modes.endpoint_markdown(self.sa.settings)
            return self._endpoint_report

    def check_endpoint(self) -> str:
        """Check the endpoint again (the **Check endpoint** button)."""
        with self._endpoint_lock:
            self._endpoint_report = modes.endpoint_markdown(self.sa.settings)
            return self._endpoint_report

    def evaluate(self, sets: list[str], baselines: bool, progress: Any = _TRACK_TQDM) -> Any:
        progress(0.0, desc="loading the question sets")
        out_dir = self.media_dir / time.strftime("eval-report-%Y%m%d-%H%M%S")
        view = run_evaluation(self.sa, sets or [], bool(baselines), out_dir, lock=self.lock, progress=True)
        return view.summary, view.headline, [str(p) for p in view.plots], [str(p) for p in view.files]


def build_app(
    settings: Settings,
    options: UIOptions | None = None,
    *,
    assistant: StudyAssistant | None = None,
    media_dir: Path | None = None,
) -> gr.Blocks:
    """The study UI's Blocks.

    The assistant is built from the settings as given: with an endpoint configured, sessions
    start in LLM mode unless the settings say offline, and each session can switch in Settings.

    Args:
        settings: The one settings object; the assistant is built from it unless given.
        options: Server options (whether folders may be ingested ...).
        assistant: An assistant to use instead of building one (tests share one).
        media_dir: Where heatmaps and reports go (a new temp folder by default).

    Returns:
        The Blocks, ready for :func:`launch`.
    """
    options = options or UIOptions()
    sa = assistant or StudyAssistant(settings, progress=True)
    app = App(sa, options, media_dir)
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(INTRO, elem_id="title")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chatbot, box, send = tabs.chat_tab(app)
            with gr.Tab("Worked examples", id="examples"):
                tabs.examples_tab(app)
            with gr.Tab("Decks", id="decks"):
                table, count, filters, ingested = tabs.decks_tab(app)
            with gr.Tab("Evaluate", id="evaluate"):
                tabs.evaluate_tab(app)
            with gr.Tab("Settings", id="settings"):
                mode, k, show_scores, status, endpoint = tabs.settings_tab(app)
        ingested.then(app.status, mode, status, api_visibility="private")
        gr.on(
            [box.submit, send.click],
            app.respond,
            [box, chatbot, k, show_scores, mode],
            [box, chatbot],
            api_name="chat",
            show_progress="minimal",
        )
        gr.api(app.ask, api_name="ask")
        demo.load(app.cards, filters, [table, count], api_visibility="private")
        demo.load(app.status, mode, status, api_visibility="private")
        demo.load(app.endpoint_status, None, endpoint, api_visibility="private")
    return demo


def launch(
    demo: gr.Blocks, settings: Settings, options: UIOptions, *, block: bool = True, quiet: bool = False
) -> str:
    """Start the server on the queue; returns the local URL.

    Never opens a public share link unless ``options.share``; uploads over the
    ``max_file_bytes`` setting are refused at the door.

    Args:
        demo: From :func:`build_app`.
        settings: For the upload size limit.
        options: Address, login and queue limits.
        block: Serve until interrupted; otherwise return once the server is up.
        quiet: Print nothing.
    """
    demo.queue(default_concurrency_limit=options.concurrency_limit, max_size=options.max_queue)
    _, url, _ = demo.launch(
        server_name=options.host,
        server_port=options.port,
        auth=options.auth,
        share=options.share,
        prevent_thread_lock=not block,
        quiet=quiet,
        max_file_size=settings.max_file_bytes,
        footer_links=["api"],
        run_history=False,
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        show_error=False,
        theme=THEME,
        css=CSS,
        head=HEAD,
    )
    return str(url)

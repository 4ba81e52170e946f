"""The Gradio Blocks of the study UI, built from the settings; a thin shell over the handlers.

Tabs: **Chat** (streamed, cited answers with source panels, worked examples with heatmaps),
**Study** (quiz on the due cards: graded answers marked on the card, ratings, progress plots),
**Worked examples** (a "try it" form), **Decks** (upload or point at a folder, ingest with a
progress bar, diff report, the decks with a remove button, searchable card list with lint
notes), **Evaluate** (``study
eval`` with a progress bar, headline table, plots, report files) and **Settings** (mode, k,
scores, status, the LLM endpoint's check). The layouts live in :mod:`ui.tabs`; :class:`ui.events.App`
adapts each event's values to a plain handler (:mod:`ui.handlers`, :mod:`ui.evaluation`). Every
event runs on Gradio's queue with a concurrency limit; ingests and evaluations run one at a time.

The mode (offline or LLM) is each session's own: the Settings tab's choice is an input of every
chat event, and the assistant that all sessions share is never switched (:mod:`ui.modes`).

API endpoints (for ``gradio_client``): ``/chat`` (what the chat box does; its last input is the
mode), ``/ask`` (the ``--json`` answer), ``/example``, ``/ingest``, ``/remove`` (a deck, by
name) and ``/evaluate``; the Study tab's ``/study_start``, ``/study_answer``, ``/study_keep``
and ``/study_again`` ... ``/study_easy``.

Example:
    >>> settings, options = load_settings(), UIOptions()
    >>> url = launch(build_app(settings, options), settings, options, block=False)
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.api import StudyAssistant
from ingest.settings import Settings
from ui import tabs
from ui.assets import CSS, HEAD
from ui.events import App
from ui.options import UIOptions

TITLE = "Study Assistant"
INTRO = (
    f"# {TITLE}\n"
    "Ask about transformers and attention in your own words. Every answer comes from your flashcards "
    "and cites them as **[n]**: click one to open the card it came from."
)
#: Gradio's default theme with its bundled font at weights 400 and 700 only: the semibold file
#: this Gradio ships is a 5 kB stub, so text at weight 600 (headings, buttons) fell back to
#: another font or vanished; declared without it, 600 is drawn with the bold face. No font is
#: fetched from the web.
THEME = gr.themes.Default(
    primary_hue="indigo",
    neutral_hue="slate",
    font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "sans-serif"],
)


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
    sa.load_bundled_if_fresh()  # `make run` on a fresh store shows the bundled decks
    if assistant is None:
        # First run: the deck is tuned in a child process; answers meanwhile use the base model.
        sa.start_background_tune()
    app = App(sa, options, media_dir)
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(INTRO, elem_id="title")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chatbot, box, send = tabs.chat_tab(app)
            with gr.Tab("Study", id="study"):
                tabs.study_tab(app)
            with gr.Tab("Worked examples", id="examples"):
                tabs.examples_tab(app)
            with gr.Tab("Decks", id="decks"):
                table, count, filters, ingested, removed, deck_list = tabs.decks_tab(app)
            with gr.Tab("Evaluate", id="evaluate"):
                tabs.evaluate_tab(app)
            with gr.Tab("Settings", id="settings"):
                mode, k, show_scores, status, endpoint = tabs.settings_tab(app)
        ingested.then(app.status, mode, status, api_visibility="private")
        removed.then(app.status, mode, status, api_visibility="private")
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
        demo.load(app.decks, None, list(deck_list), api_visibility="private")
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

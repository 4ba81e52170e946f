"""The event adapters of the study UI: :class:`App` holds what every session of one server
shares and turns each event's Gradio values into a plain handler call.

:mod:`ui.tabs` lays the tabs out and wires their events to an ``App``; :mod:`ui.app` builds the
Blocks from both. Neither imports the other.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import StudyAssistant
from ui import decks, handlers, modes, study
from ui.evaluation import run_evaluation
from ui.options import UIOptions
from ui.store_lock import StoreLock

#: Gradio injects a tracker into a parameter whose default is a Progress; this one also shows
#: the tqdm bars of an ingest (embedding) and of an evaluation (questions).
_TRACK_TQDM = gr.Progress(track_tqdm=True)


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

    def decks(self) -> tuple[list[list[str]], str, Any]:
        """The deck table, its count line and the choice of deck to remove (nothing chosen)."""
        rows, names, count = decks.deck_table(self.sa, lock=self.lock)
        return rows, count, gr.Dropdown(choices=names, value=None)

    def ask_remove(self, name: str | None) -> tuple[Any, str, str]:
        """**Remove deck**: show the confirmation, or say what to do first."""
        question = decks.removal_question(self.sa, name, lock=self.lock)
        if question is None:
            message = decks.CHOOSE if not name else decks.remove_deck(self.sa, name, lock=self.lock)
            return gr.Row(visible=False), "", message
        return gr.Row(visible=True), question, ""

    def cancel_remove(self) -> tuple[Any, str]:
        return gr.Row(visible=False), "Nothing was removed.\n"

    def remove_deck(self, name: str | None) -> tuple[Any, str]:
        """**Remove** in the confirmation: remove the deck and hide the confirmation."""
        return gr.Row(visible=False), decks.remove_deck(self.sa, name, lock=self.lock)

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

    # -- the Study tab (the handlers are ui.study's) -----------------------------------------

    def study_user(self, request: gr.Request | None) -> str:
        """The student: the login name when the UI runs with ``--auth``, else the default user."""
        from assistant.study.records import DEFAULT_USER

        name = getattr(request, "username", None) if self.options.auth else None
        return str(name) if name else DEFAULT_USER

    def study_start(self, deck: str, n: float, practice: bool, request: gr.Request) -> tuple[Any, ...]:
        user = self.study_user(request)
        return _study_outputs(study.start(self.sa, user, deck, int(n), bool(practice), lock=self.lock))

    def study_answer(self, state: Any, text: str) -> tuple[Any, ...]:
        return _study_outputs(study.answer(self.sa, state, text or "", lock=self.lock))

    def study_dont_know(self, state: Any) -> tuple[Any, ...]:
        return _study_outputs(study.answer(self.sa, state, "?", lock=self.lock))

    def study_rater(self, choice: str) -> Callable[[Any], tuple[Any, ...]]:
        """The handler of one rating button (``""``: keep the grade's rating)."""

        def rate(state: Any) -> tuple[Any, ...]:
            return _study_outputs(study.rate(self.sa, state, choice, lock=self.lock))

        rate.__name__ = f"study_{choice or 'keep'}"
        return rate

    def study_explain(self, state: Any) -> str:
        return study.explanation_markdown(self.sa, state, lock=self.lock)

    def study_plots(self, request: gr.Request) -> tuple[Any, str]:
        """The progress plots, or (no review yet) the note in their place."""
        paths, note = study.progress_view(self.sa, self.study_user(request), self.media_dir)
        return gr.Gallery(value=paths, visible=bool(paths)), note


def _study_outputs(view: study.StudyView) -> tuple[Any, ...]:
    """A :class:`ui.study.StudyView` as the Study tab's outputs (see :func:`ui.tabs.study_tab`)."""
    keep = f"Keep: {view.proposed}" if view.proposed else "Keep the rating"
    return (
        view.state,
        view.card,
        view.grade,
        view.status,
        gr.Textbox(value="", interactive=True) if view.can_answer else gr.Textbox(interactive=False),
        gr.Button(interactive=view.can_answer),
        gr.Button(interactive=view.can_answer),
        gr.Button(keep, interactive=view.can_rate and view.proposed is not None),
        *(gr.Button(interactive=view.can_rate) for _ in range(4)),
        gr.Button(interactive=view.can_explain),
        "",
    )

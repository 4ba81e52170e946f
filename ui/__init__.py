"""The Gradio study UI: a chat that cites its cards, worked examples, decks, evaluation, settings.

* :mod:`ui.app` builds the Blocks from the settings and launches them on Gradio's queue;
* :mod:`ui.tabs` lays out each tab;
* :mod:`ui.handlers` and :mod:`ui.evaluation` are the plain functions over
  :class:`~assistant.api.StudyAssistant` that the events call (tests call them directly);
* :mod:`ui.study` is the Study tab's handlers (a quiz session per visitor, graded answers,
  ratings saved before the next card, progress plots);
* :mod:`ui.modes` is the Settings tab's mode choice (offline, or LLM when an endpoint is
  configured; each session's own) and the endpoint check shared with ``study doctor``;
* :mod:`ui.render` and :mod:`ui.report` turn answers and ingest reports into chat messages,
  Markdown and table rows; :mod:`ui.assets` holds the page's CSS and script;
* :mod:`ui.uploads` checks uploaded decks and keeps them under one folder;
* :mod:`ui.store_lock` lets the sessions' questions read the store together and an ingest
  or evaluation have it alone;
* :mod:`ui.options` and :mod:`ui.cli` are the server's options and ``study ui``.

Gradio is imported by :mod:`ui.app` and :mod:`ui.tabs` only, so the rest imports quickly.
"""

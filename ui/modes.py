"""The answer modes the Settings tab offers, and the LLM endpoint's status.

The mode is chosen per browser session: the Settings tab's choice goes with every chat message
(``mode=`` of :meth:`~assistant.api.StudyAssistant.stream`), and the assistant that every
session shares is never switched. "LLM" is offered only when the settings name an endpoint that
the LLM mode can use (the rules of :func:`~assistant.llm.config.resolve_endpoint`); the choice
starts at the settings' own mode (:func:`~assistant.llm.config.resolve_mode`). The endpoint's
status comes from the same check as ``study doctor`` (:func:`~assistant.llm.doctor.diagnose`).

No Gradio here: plain values in, labels and Markdown out.

Example:
    >>> choice = mode_choice(Settings(llm_base_url="http://localhost:11434/v1", llm_model="qwen2.5:7b"))
    >>> choice.default, choice.llm_available
    ('llm', True)
    >>> no_model = mode_choice(Settings(llm_base_url="http://localhost:8000/v1"))
    >>> no_model.llm_available, no_model.reason[:48]
    (False, 'STUDY_LLM_MODEL is not set: name the model the s')
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from assistant.llm.config import Endpoint, resolve_endpoint, resolve_mode
from ingest.errors import ConfigError, StudyAssistantError
from ingest.settings import Settings
from ui.report import md_text

Mode = Literal["offline", "llm"]

OFFLINE_LABEL = "Offline: answers built from your cards' own sentences"
#: Under the mode choice when LLM can be chosen.
LLM_INFO = (
    "For this browser tab only. If the endpoint fails, the answer is the offline one, "
    "with a note that says why."
)


@dataclass(frozen=True)
class ModeChoice:
    """What the Settings tab's mode choice offers.

    Attributes:
        default: The mode a new session starts in.
        endpoint: The endpoint the LLM mode would use, or ``None`` when it cannot be used.
        reason: Why LLM cannot be chosen ("" when it can).
    """

    default: Mode
    endpoint: Endpoint | None
    reason: str = ""

    @property
    def llm_available(self) -> bool:
        return self.endpoint is not None


def mode_choice(settings: Settings) -> ModeChoice:
    """The mode choice the settings allow; contacts nothing."""
    try:
        endpoint = resolve_endpoint(settings)
    except ConfigError as err:
        return ModeChoice("offline", None, f"{err}; then restart `study ui`")
    return ModeChoice("llm" if resolve_mode(settings) == "llm" else "offline", endpoint)


def radio_choices(choice: ModeChoice) -> list[tuple[str, str]]:
    """``(label, value)`` of the two modes."""
    if choice.endpoint is None:
        llm = "LLM: needs an endpoint"
    else:
        llm = f"LLM: {choice.endpoint.model} writes the answers from your cards"
    return [(OFFLINE_LABEL, "offline"), (llm, "llm")]


def radio_info(choice: ModeChoice) -> str:
    """The line under the mode choice."""
    return LLM_INFO if choice.llm_available else choice.reason


def parse_mode(value: object) -> Mode | None:
    """``"offline"``, ``"llm"``, or ``None`` (the assistant's default) for an empty value.

    Raises:
        ConfigError: for any other value.
    """
    if value is None or value == "":
        return None
    if value == "offline":
        return "offline"
    if value == "llm":
        return "llm"
    raise ConfigError(f"mode must be 'offline' or 'llm', got {value!r}")


def mode_summary(mode: str, choice: ModeChoice) -> str:
    """The Settings tab's mode line for the selected ``mode``."""
    if mode != "llm":
        return "offline: answers are built from your cards' own sentences"
    if choice.endpoint is None:
        return f"llm, not available: {choice.reason}"
    return (
        f"llm: {choice.endpoint.model} at {choice.endpoint.base_url} writes the answers from your cards; "
        "offline, with a note, when it fails"
    )


def endpoint_rows(settings: Settings) -> list[tuple[str, str]]:
    """The endpoint's checks, from the same check as ``study doctor``; contacts the endpoint
    when one is configured (each call once, without retries)."""
    from assistant.llm.doctor import diagnose

    try:
        checks = diagnose(settings).checks
    except StudyAssistantError as exc:
        return [("endpoint", f"check failed: {exc}")]
    marks = {True: "ok: ", False: "FAILED: ", None: ""}
    return [("default mode" if c.name == "mode" else c.name, marks[c.ok] + c.detail) for c in checks]


def endpoint_markdown(settings: Settings) -> str:
    """:func:`endpoint_rows` as a table, with the time of the check."""
    rows = "\n".join(f"| {name} | {md_text(value)} |" for name, value in endpoint_rows(settings))
    when = time.strftime("%H:%M:%S")
    return f"| check | result |\n|---|---|\n{rows}\n\nChecked at {when}, as `study doctor` does.\n"

"""Follow-up questions made standalone before retrieval (the offline, rule-based version).

"why?" or "show me that with 4 tokens" mean nothing to a retriever on their own. When a
question is short and leans on what came before (it starts with a follow-up cue or is only a
few words long), the previous user question is put in front of it. The LLM mode rewrites with
the model instead; this is the version that needs none.

Chat history uses the messages format: ``[{"role": "user", "content": "..."}, ...]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

History = Sequence[Mapping[str, str]]

_CUE = re.compile(
    r"^(why|how so|and|but|so|what about|how about|then|also|and why|really|"
    r"show me (that|this|it)|do (that|this|it)|(can|could) you (show|do) (that|this|it)|"
    r"same|again|(that|this|it)\b)",
    re.IGNORECASE,
)
_MAX_FOLLOWUP_WORDS = 6


def last_user_question(history: History | None) -> str | None:
    """The most recent user message in ``history``, if any."""
    for message in reversed(history or []):
        if message.get("role") == "user" and str(message.get("content", "")).strip():
            return str(message["content"]).strip()
    return None


def is_followup(question: str) -> bool:
    """True for a question that cannot stand alone ("why?", "what about with 4 tokens?")."""
    words = question.split()
    return bool(_CUE.match(question.strip())) or len(words) <= 2 and len(words) < _MAX_FOLLOWUP_WORDS


def standalone_question(question: str, history: History | None) -> str:
    """``question`` made standalone with the previous user question when it is a follow-up.

    The new question comes first, so that its numbers win when both name one ("show me that
    with 4 tokens" after "... with 3 tokens").

    Example:
        >>> standalone_question("why?", [{"role": "user", "content": "Do we scale QK^T?"}])
        'why? (follow-up to: Do we scale QK^T?)'
        >>> standalone_question("What is layer norm?", [{"role": "user", "content": "x"}])
        'What is layer norm?'
    """
    previous = last_user_question(history)
    if previous is None or not is_followup(question):
        return question
    return f"{question} (follow-up to: {previous})"

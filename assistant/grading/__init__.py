"""Grading typed answers against the student's own card (see ``docs/grading.md``).

``StudyAssistant.grade`` is the entry point; :class:`~assistant.grading.record.Grade` is what
it returns. Offline: :mod:`~assistant.grading.evidence` observes, :mod:`~assistant.grading.decision`
decides. With an LLM endpoint: :mod:`~assistant.grading.rubric`, falling back to offline.
"""

from assistant.grading.record import Grade, KeyPoint

__all__ = ["Grade", "KeyPoint"]

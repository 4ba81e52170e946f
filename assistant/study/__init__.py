"""Study mode's core: FSRS scheduling, the study database, the queue and progress.

:class:`Study` is what :class:`assistant.api.StudyAssistant` delegates ``due``, ``review``,
``card_state`` and ``progress`` to. SQLAlchemy stays in :mod:`assistant.study.database` and
``fsrs`` in :mod:`assistant.study.fsrs_adapter`.
"""

from assistant.study.records import DEFAULT_USER, RATINGS, CardState, DueCard, Review
from assistant.study.service import OptimizeResult, Study

__all__ = ["DEFAULT_USER", "RATINGS", "CardState", "DueCard", "OptimizeResult", "Review", "Study"]

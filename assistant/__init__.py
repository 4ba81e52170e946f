"""Study Assistant: cited answers from your own flashcards.

``StudyAssistant`` is imported lazily so that ``import ingest.errors`` stays light and
``ingest`` can use the shared errors without importing the whole assistant.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.api import StudyAssistant

__all__ = ["StudyAssistant"]


def __getattr__(name: str) -> Any:
    if name == "StudyAssistant":
        from assistant.api import StudyAssistant

        return StudyAssistant
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")

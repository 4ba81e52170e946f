"""One error hierarchy for the whole project.

The CLI and the UI turn these into one-line messages and exit codes at the boundary;
everything below them raises one of these with a message that names the input and the reason.
"""


class StudyAssistantError(Exception):
    """Base class of every error the project raises on purpose."""


class ConfigError(StudyAssistantError):
    """A setting is missing, malformed or points at something unusable."""


class IngestError(StudyAssistantError):
    """A source file cannot be read or holds no recognisable cards."""


class StoreError(StudyAssistantError):
    """The vector store or the lexical index cannot be reached or is inconsistent."""


class RetrievalError(StudyAssistantError):
    """A question cannot be searched (empty, or the index is unusable)."""


class ToolError(StudyAssistantError):
    """A worked-example request is malformed or out of bounds."""


class LLMError(StudyAssistantError):
    """The configured language model endpoint failed or answered something unusable."""


class StudyError(StudyAssistantError):
    """A review, a card's schedule or the study database cannot be used as asked."""


class GradingError(StudyAssistantError):
    """An answer cannot be graded: the card is unknown, or a practice prompt with no answer."""

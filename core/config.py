"""The one settings object.

Filled from the environment and `.env` (pydantic-settings). Streamlit secrets are
mapped onto the environment at the edge (`ui/settings.py`); `core` never reads
`st.secrets`. Every setting is documented in `.env.example` and the README table.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "runtime"
SAMPLES_DIR = PROJECT_ROOT / "data" / "samples"

# A cookie key anyone can read in this repository. Allowed only in demo mode.
DEMO_COOKIE_KEY = "ares-demo-cookie-key-this-is-not-a-secret"
_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "some_key", "secret", DEMO_COOKIE_KEY}


class Settings(BaseSettings):
    """All configuration of the app, the CLI and the benchmarks."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- general -------------------------------------------------------------
    ares_data_dir: Path = Field(default=DEFAULT_DATA_DIR, alias="ARES_DATA_DIR")
    demo_mode: bool = Field(default=True, alias="ARES_DEMO_MODE")
    default_language: Literal["en", "ko"] = Field(default="en", alias="ARES_LANGUAGE")
    log_level: str = Field(default="WARNING", alias="ARES_LOG_LEVEL")  # INFO/DEBUG for diagnosis
    # Load the speech and vision models in the background from the first request on (off in
    # the page tests, which never answer by voice and should not spend two cores on models).
    warm_up_models: bool = Field(default=True, alias="ARES_WARM_UP")

    # --- database ------------------------------------------------------------
    database_url: str | None = Field(default=None, alias="DATABASE_URL")

    # --- accounts ------------------------------------------------------------
    cookie_key: SecretStr = Field(default=SecretStr(DEMO_COOKIE_KEY), alias="ARES_COOKIE_KEY")
    cookie_name: str = Field(default="ares_auth", alias="ARES_COOKIE_NAME")
    cookie_expiry_days: float = Field(default=1.0, alias="ARES_COOKIE_EXPIRY_DAYS")
    max_login_attempts: int = Field(default=5, alias="ARES_MAX_LOGIN_ATTEMPTS")
    lockout_minutes: int = Field(default=15, alias="ARES_LOCKOUT_MINUTES")
    # A browser session idle for longer is logged out (the cookie is dropped too).
    session_idle_minutes: int = Field(default=120, alias="ARES_SESSION_IDLE_MINUTES")

    # --- LLM -----------------------------------------------------------------
    llm_provider: Literal["auto", "offline", "openai", "azure", "compatible"] = Field(
        default="auto", alias="LLM_PROVIDER"
    )
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    llm_model: str = Field(default="gpt-4o-mini", alias="LLM_MODEL")
    llm_timeout_s: float = Field(default=30.0, alias="LLM_TIMEOUT_S")
    azure_openai_endpoint: str | None = Field(default=None, alias="AZURE_OPENAI_ENDPOINT")
    azure_openai_api_key: SecretStr | None = Field(default=None, alias="AZURE_OPENAI_API_KEY")
    azure_openai_api_version: str = Field(default="2024-10-21", alias="AZURE_OPENAI_API_VERSION")
    azure_openai_deployment: str | None = Field(default=None, alias="AZURE_OPENAI_DEPLOYMENT")

    # --- embeddings and company library ----------------------------------------
    embedding_provider: Literal["offline", "openai"] = Field(default="offline", alias="EMBEDDING_PROVIDER")
    embedding_model: str = Field(default="text-embedding-3-small", alias="EMBEDDING_MODEL")
    chroma_host: str | None = Field(default=None, alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, alias="CHROMA_PORT")

    # --- speech --------------------------------------------------------------
    stt_model: str = Field(default="auto", alias="STT_MODEL")
    stt_language: Literal["auto", "en", "ko"] = Field(default="auto", alias="STT_LANGUAGE")
    stt_compute_type: str = Field(default="int8", alias="STT_COMPUTE_TYPE")
    stt_threads: int = Field(default=2, alias="STT_THREADS")

    # --- vision --------------------------------------------------------------
    face_model_path: Path | None = Field(default=None, alias="FACE_MODEL_PATH")
    pose_model_path: Path | None = Field(default=None, alias="POSE_MODEL_PATH")

    # --- live capture (WebRTC) -------------------------------------------------
    # JSON list of RTCIceServer dicts; empty list = host candidates only (tests, LAN).
    # Unset = let streamlit-webrtc pick TURN from its own env vars (Twilio, Cloudflare, HF).
    ice_servers_json: str | None = Field(default=None, alias="ARES_ICE_SERVERS")

    # --- storage, limits and privacy ------------------------------------------
    # Recordings live here; unset = ARES_DATA_DIR/media. Point every instance at one shared
    # mount (NFS, EFS, a Docker volume) when several app processes serve the same users.
    media_dir_override: Path | None = Field(default=None, alias="ARES_MEDIA_DIR")
    media_retention_days: int = Field(default=0, alias="ARES_MEDIA_RETENTION_DAYS")  # 0 = keep
    max_upload_mb: int = Field(default=50, alias="ARES_MAX_UPLOAD_MB")

    @field_validator("ares_data_dir", mode="before")
    @classmethod
    def _expand_data_dir(cls, value: object) -> object:
        return Path(os.path.expanduser(str(value))) if value else DEFAULT_DATA_DIR

    @field_validator("media_dir_override", mode="before")
    @classmethod
    def _expand_media_dir(cls, value: object) -> object:
        return Path(os.path.expanduser(str(value))) if value else None

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        key = self.cookie_key.get_secret_value().strip()
        if not self.demo_mode and (key in _PLACEHOLDER_SECRETS or len(key) < 32):
            raise ValueError(
                "ARES_COOKIE_KEY must be a random secret of at least 32 characters "
                "outside demo mode (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    # --- derived paths ---------------------------------------------------------
    @property
    def sqlalchemy_url(self) -> str:
        """The database URL in the form SQLAlchemy wants (psycopg 3 for PostgreSQL)."""
        url = self.database_url or f"sqlite:///{self.ares_data_dir / 'ares.db'}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url

    @property
    def chroma_dir(self) -> Path:
        return self.ares_data_dir / "chroma"

    @property
    def media_dir(self) -> Path:
        return self.media_dir_override or self.ares_data_dir / "media"

    @property
    def model_cache_dir(self) -> Path:
        return self.ares_data_dir / "models"

    @property
    def resolved_llm_provider(self) -> str:
        """`auto` means: an LLM when a key or endpoint is configured, else the offline interviewer."""
        if self.llm_provider != "auto":
            return self.llm_provider
        if self.azure_openai_endpoint and self.azure_openai_api_key:
            return "azure"
        if self.openai_base_url:
            return "compatible"
        if self.openai_api_key:
            return "openai"
        return "offline"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()` after changing env)."""
    return Settings()


def describe_settings(settings: Settings) -> dict[str, str]:
    """What the Settings page shows: where things run, never a secret or a password."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.sqlalchemy_url)
    database = (f"PostgreSQL {url.host}:{url.port or 5432}/{url.database}" if url.drivername.startswith("postgresql")
                else f"SQLite {url.database}")
    llm = settings.resolved_llm_provider
    if llm != "offline":
        llm += f" · {settings.azure_openai_deployment or settings.llm_model}"
        if settings.openai_base_url:
            # a base URL may carry credentials (user:key@host): show only the host part
            llm += " · " + settings.openai_base_url.split("@")[-1]
    return {
        "settings.llm": llm,
        "settings.stt": f"{settings.stt_model} ({settings.stt_language}, {settings.stt_compute_type})",
        "settings.embeddings": settings.embedding_provider
        + ("" if settings.embedding_provider == "offline" else f" · {settings.embedding_model}"),
        "settings.database": database,
        "settings.vector_store": (f"Chroma server {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host
                                  else f"Chroma {settings.chroma_dir}"),
    }

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

# Values that are not secrets (templates, library defaults): refused as ARES_COOKIE_KEY.
_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "some_key", "secret",
                        "ares-demo-cookie-key-this-is-not-a-secret"}


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
    # Numba's compiled-kernel cache (librosa), one subdirectory per version (core/numba_cache.py).
    # Unset = ARES_DATA_DIR/cache.
    numba_cache_dir: Path | None = Field(default=None, alias="ARES_NUMBA_CACHE_DIR")

    # --- database ------------------------------------------------------------
    database_url: str | None = Field(default=None, alias="DATABASE_URL")

    # --- accounts ------------------------------------------------------------
    # Signs login sessions (core/sessions.py). Unset = a random key generated on first start
    # and kept in the database, shared by every instance on the same DATABASE_URL.
    cookie_key: SecretStr | None = Field(default=None, alias="ARES_COOKIE_KEY")
    cookie_name: str = Field(default="ares_auth", alias="ARES_COOKIE_NAME")
    # Absolute lifetime of a login (the session row and its cookie), whatever the activity.
    cookie_expiry_days: float = Field(default=1.0, alias="ARES_COOKIE_EXPIRY_DAYS")
    max_login_attempts: int = Field(default=5, alias="ARES_MAX_LOGIN_ATTEMPTS")
    lockout_minutes: int = Field(default=15, alias="ARES_LOCKOUT_MINUTES")
    # A login unused for longer is revoked on the server (every tab and cookie of it).
    session_idle_minutes: int = Field(default=120, alias="ARES_SESSION_IDLE_MINUTES")
    # Who may create an account on the login page. Unset = open in demo mode, closed
    # otherwise (accounts then come from `python -m core user add`).
    open_registration: bool | None = Field(default=None, alias="ARES_OPEN_REGISTRATION")
    # Usernames (comma-separated) who see operator details on the Settings page.
    admin_users: str = Field(default="", alias="ARES_ADMIN_USERS")
    # Each demo visitor gets a throw-away account, deleted with its data after this long.
    demo_guest_hours: float = Field(default=24.0, alias="ARES_DEMO_GUEST_HOURS")
    # How many such accounts one client (network address) may start per window, and all
    # clients together (0 = no limit): each is a database user with the demo documents.
    demo_guest_limit: int = Field(default=10, ge=0, alias="ARES_DEMO_GUEST_LIMIT")
    demo_guest_limit_total: int = Field(default=300, ge=0, alias="ARES_DEMO_GUEST_LIMIT_TOTAL")
    demo_guest_window_minutes: float = Field(default=60.0, gt=0, alias="ARES_DEMO_GUEST_WINDOW_MINUTES")

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
    # "s3" keeps recordings in a bucket of any S3-compatible service (AWS, R2, MinIO, Supabase)
    # so they survive a host whose disk is wiped on restart; media_dir is then only the working
    # area for answers in progress (core/storage/s3.py).
    media_backend: Literal["local", "s3"] = Field(default="local", alias="ARES_MEDIA_BACKEND")
    s3_endpoint_url: str | None = Field(default=None, alias="ARES_S3_ENDPOINT_URL")
    s3_bucket: str | None = Field(default=None, alias="ARES_S3_BUCKET")
    s3_access_key_id: SecretStr | None = Field(default=None, alias="ARES_S3_ACCESS_KEY_ID")
    s3_secret_access_key: SecretStr | None = Field(default=None, alias="ARES_S3_SECRET_ACCESS_KEY")
    s3_region: str | None = Field(default=None, alias="ARES_S3_REGION")
    s3_prefix: str = Field(default="", alias="ARES_S3_PREFIX")
    max_upload_mb: int = Field(default=50, alias="ARES_MAX_UPLOAD_MB")
    # Uploads are parsed in a child process within these budgets (core/documents/sandbox.py):
    # a small file can still be a lot of work.
    parse_timeout_s: float = Field(default=30.0, gt=0, alias="ARES_PARSE_TIMEOUT_S")
    parse_memory_mb: int = Field(default=1024, ge=128, alias="ARES_PARSE_MEMORY_MB")

    @field_validator("ares_data_dir", mode="before")
    @classmethod
    def _expand_data_dir(cls, value: object) -> object:
        return Path(os.path.expanduser(str(value))) if value else DEFAULT_DATA_DIR

    @field_validator("cookie_key", mode="before")
    @classmethod
    def _empty_key_is_unset(cls, value: object) -> object:
        # compose passes `${ARES_COOKIE_KEY:-}`: an empty value means "generate one"
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("media_dir_override", mode="before")
    @classmethod
    def _expand_media_dir(cls, value: object) -> object:
        return Path(os.path.expanduser(str(value))) if value else None

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.cookie_key is None:
            return self  # a random key is generated and kept in the database
        key = self.cookie_key.get_secret_value().strip()
        if key.lower() in _PLACEHOLDER_SECRETS or len(key) < 32:
            raise ValueError(
                "ARES_COOKIE_KEY must be a random secret of at least 32 characters, or unset "
                "(then one is generated) (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @model_validator(mode="after")
    def _require_s3_settings(self) -> Settings:
        if self.media_backend == "s3":
            missing = [name for name, value in (
                ("ARES_S3_ENDPOINT_URL", self.s3_endpoint_url), ("ARES_S3_BUCKET", self.s3_bucket),
                ("ARES_S3_ACCESS_KEY_ID", self.s3_access_key_id),
                ("ARES_S3_SECRET_ACCESS_KEY", self.s3_secret_access_key)) if not value]
            if missing:
                raise ValueError("ARES_MEDIA_BACKEND=s3 needs " + ", ".join(missing))
        return self

    @property
    def registration_open(self) -> bool:
        """ARES_OPEN_REGISTRATION, defaulting to open in demo mode only."""
        return self.demo_mode if self.open_registration is None else self.open_registration

    def is_admin(self, username: str) -> bool:
        """Admins are named in ARES_ADMIN_USERS; nobody is one by default."""
        return username in {name.strip() for name in self.admin_users.split(",") if name.strip()}

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
    def numba_cache_root(self) -> Path:
        return self.numba_cache_dir or self.ares_data_dir / "cache"

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


def public_url(url: str) -> str:
    """`url` without what may carry a credential: user info, query string and fragment
    (a key is often passed as ?api-key=...). Only scheme, host, port and path remain."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "[unparseable URL]"
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


# Setting values that are our own words, not product names: shown in the user's language.
_OWN_VALUE_WORDS = ("offline", "auto")


def setting_word(value: str, lang: str = "en") -> str:
    """`value` in `lang` when it is one of our own words ("offline", "auto" -> "오프라인",
    "자동"); anything else (a product or model name: SQLite, Chroma, gpt-4o-mini) unchanged."""
    from core.i18n import t

    return t(f"s22.settings.value.{value}", lang) if value in _OWN_VALUE_WORDS else value


def describe_settings(settings: Settings, *, operator: bool = False, lang: str = "en") -> dict[str, str]:
    """What the Settings page shows: which engines run, never a secret.

    Values are product names (SQLite, Chroma, S3, a model name) and, in `lang`, the few
    plain words beside them ("Local directory", "Chroma server", "custom").

    Everyone sees only the kind of each part (offline / OpenAI, SQLite / PostgreSQL...).
    With `operator=True` (an admin, ARES_ADMIN_USERS) also hosts, ports, file paths and the
    LLM base URL, always stripped of user info and query strings by `public_url`.
    """
    from sqlalchemy.engine import make_url

    from core.i18n import t

    url = make_url(settings.sqlalchemy_url)
    postgres = url.drivername.startswith("postgresql")
    database = "PostgreSQL" if postgres else "SQLite"
    if operator:
        database += (f" {url.host}:{url.port or 5432}/{url.database}" if postgres else f" {url.database}")
    llm = settings.resolved_llm_provider
    if llm != "offline":
        llm += f" · {settings.azure_openai_deployment or settings.llm_model}"
        if operator and settings.openai_base_url:
            llm += " · " + public_url(settings.openai_base_url)
        if operator and llm.startswith("azure") and settings.azure_openai_endpoint:
            llm += " · " + public_url(settings.azure_openai_endpoint)
    if settings.chroma_host:
        vector_store = t("settings.value.chroma_server", lang) \
            + (f" {settings.chroma_host}:{settings.chroma_port}" if operator else "")
    else:
        vector_store = "Chroma" + (f" {settings.chroma_dir}" if operator else "")
    if settings.media_backend == "s3":
        media = "S3" + (f" {public_url(settings.s3_endpoint_url or '')} · {settings.s3_bucket}" if operator else "")
    else:
        media = t("settings.value.local_dir", lang) + (f" {settings.media_dir}" if operator else "")
    custom = t("settings.value.custom_model", lang)
    stt_model = setting_word(settings.stt_model, lang) if operator or "/" not in settings.stt_model else custom
    return {
        "settings.llm": setting_word(llm, lang),
        "settings.stt": f"{stt_model} ({setting_word(settings.stt_language, lang)}, {settings.stt_compute_type})",
        "settings.embeddings": setting_word(settings.embedding_provider, lang)
        + ("" if settings.embedding_provider == "offline" else f" · {settings.embedding_model}"),
        "settings.database": database,
        "settings.media": media,
        "settings.vector_store": vector_store,
    }

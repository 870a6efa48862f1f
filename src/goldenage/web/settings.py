"""Settings of the web app, read from the environment (prefix ``GOLDENAGE_``).

``GOLDENAGE_API_TOKEN`` enables writes (without it every write is refused);
``GOLDENAGE_SECRET_KEY`` signs the CSRF tokens (default: a random key per process, so tokens
do not survive a restart; ``goldenage serve --workers N`` gives its processes one key);
``GOLDENAGE_DB_URL`` is passed to the commitments tracker.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1 << 20


class WebSettings(BaseSettings):
    """Configuration of :func:`goldenage.web.create_app` (see ``docs/web.md``)."""

    model_config = SettingsConfigDict(env_prefix="GOLDENAGE_", extra="ignore")

    api_token: SecretStr | None = Field(
        default=None, description="Bearer token every write must present; unset: writes are refused."
    )
    secret_key: SecretStr = Field(
        default_factory=lambda: SecretStr(secrets.token_urlsafe(32)),
        description="Key signing the CSRF tokens (default: random per process).",
    )
    host: str = Field(default="127.0.0.1", description="Address `goldenage serve` binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `goldenage serve` binds.")
    max_upload_bytes: int = Field(default=20 * MIB, gt=0, description="Largest upload accepted, in bytes.")
    max_upload_rows: int = Field(
        default=1_000_000,
        gt=0,
        description="Most entry lines accepted in one upload (Parquet is compressed).",
    )
    max_simulation_paths: int = Field(
        default=200_000, gt=0, description="Most Monte Carlo paths x projects per request."
    )
    max_simulation_cells: int = Field(
        default=10_000_000,
        gt=0,
        description="Most Monte Carlo paths x project-years per request (the work of a simulation).",
    )
    max_result_bytes: int = Field(
        default=256 * MIB, gt=0, description="Largest results file of one upload (estimated in memory)."
    )
    max_results_bytes: int = Field(
        default=2048 * MIB, gt=0, description="Most bytes of result files kept at once (oldest deleted)."
    )
    job_workers: int = Field(default=2, ge=1, le=64, description="Worker processes for heavy work.")
    job_queue: int = Field(
        default=8, ge=0, description="Heavy requests waiting beyond the workers (then 503)."
    )
    job_timeout_seconds: float = Field(
        default=120.0, gt=0, description="Longest run of one heavy request; its worker is then killed."
    )
    header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Time a client has to send a request's headers."
    )
    body_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Longest wait for the next piece of a request's body."
    )
    db_url: str | None = Field(default=None, description="Commitments database (GOLDENAGE_DB_URL).")
    warm_etr: bool = Field(default=True, description="Compute the overview's ETR series at startup.")
    preload: bool = Field(default=True, description="Load the law at startup and freeze it out of the GC.")
    duty_cache_size: int = Field(default=8192, ge=0, description="Duty results kept in memory (0: none).")
    cookie_secure: bool = Field(default=False, description="Mark cookies Secure (behind HTTPS).")
    results_ttl_seconds: int = Field(default=3600, gt=0, description="How long result files are kept.")
    results_dir: Path | None = Field(
        default=None,
        description=(
            "Folder of the result files, one for all the server's processes "
            "(default: goldenage-web-results-UID in the temp folder)."
        ),
    )

    @field_validator("results_dir", mode="before")
    @classmethod
    def _absolute_results_dir(cls, value: object) -> object:
        """Refuse a relative results folder (GOLDENAGE_RESULTS_DIR).

        A relative one would put the uploads' files under whatever folder the server was started
        in; so would ``str(None)``, the folder ``None`` (result files once landed in a checkout so).
        An empty value means the default.
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str | Path) or not Path(value).is_absolute():
            msg = f"GOLDENAGE_RESULTS_DIR must be an absolute folder path, not {str(value)[:80]!r}"
            raise ValueError(msg)
        return value

    @property
    def writes_enabled(self) -> bool:
        """Return whether a token is configured (writes are refused otherwise)."""
        return self.api_token is not None and bool(self.api_token.get_secret_value())


@cache
def default_settings() -> WebSettings:
    """Return the settings from the environment (read once per process)."""
    return WebSettings()

"""All settings in one place.

Values come from (highest first) environment variables with the ``POLYCOPY_`` prefix, a
TOML config file named by ``POLYCOPY_CONFIG_FILE``, and the defaults below. Invalid values
are refused at start-up with an error that names the setting.
"""

from __future__ import annotations

import enum
import os
from functools import cached_property
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from polycopy.kit.errors import ConfigError

PLACEHOLDER_SECRET = "change-me"  # noqa: S105 (the value refused outside sim)
_SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class Mode(enum.StrEnum):
    """Where market data comes from and where orders go (see docs/modes.md)."""

    LIVE = "live"
    PAPER = "paper"
    SIM = "sim"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLYCOPY_", extra="forbid")

    mode: Mode = Mode.SIM
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("polycopy")))
    database_url: str | None = None
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    log_level: str = "INFO"
    log_json: bool = True

    # Polymarket endpoints; in sim mode the embedded emulator overrides them.
    clob_url: str = "https://clob.polymarket.com"
    data_api_url: str = "https://data-api.polymarket.com"
    gamma_url: str = "https://gamma-api.polymarket.com"
    chain_id: int = 137

    # Detection: how often the Data API poller asks for each leader's new activity.
    poll_interval_seconds: float = Field(default=1.0, gt=0, le=300)
    # Execution: how long an HTTP call to a venue may take before its outcome is unknown.
    venue_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # How long a worker owns a claimed order; a dead worker's orders return after this.
    order_lease_seconds: float = Field(default=60.0, gt=0, le=3600)

    # REST API (docs/api.md). A sign-up with admin_email gets the admin role.
    admin_email: str | None = None
    allow_signup: bool = True
    session_days: int = Field(default=30, gt=0, le=365)
    # Secure cookies (HTTPS only; browsers also accept them on http://localhost).
    # Unset: secure everywhere except sim mode.
    cookie_secure: bool | None = None
    max_request_bytes: int = Field(default=1_048_576, ge=1024, le=100_000_000)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        if url.get_backend_name() not in _SUPPORTED_BACKENDS:
            raise ValueError(
                f"unsupported database {url.get_backend_name()!r}; use sqlite or postgresql"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.mode is not Mode.SIM and self.secret_key.get_secret_value() in (
            PLACEHOLDER_SECRET,
            "",
        ):
            raise ValueError(
                "POLYCOPY_SECRET_KEY: the placeholder secret is only allowed in sim mode; "
                "set POLYCOPY_SECRET_KEY to a long random value"
            )
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("POLYCOPY_CONFIG_FILE")
        if config_file:
            path = Path(config_file)
            if not path.is_file():
                raise ConfigError(f"config_file: no such file: {path}")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @cached_property
    def database(self) -> URL:
        """The SQLAlchemy URL for the async engine (driver filled in)."""
        if self.database_url is None:
            return URL.create("sqlite+aiosqlite", database=str(self.data_dir / "polycopy.sqlite"))
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite":
            return url.set(drivername="sqlite+aiosqlite")
        return url.set(drivername="postgresql+psycopg")


def load_settings(**overrides: Any) -> Settings:
    """Build the settings or raise ``ConfigError`` with one line naming the bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a model-level check names its setting itself
            raise ConfigError(message) from None
        name = "POLYCOPY_" + "_".join(str(p) for p in first["loc"]).upper()
        raise ConfigError(f"{name}: {message}") from None

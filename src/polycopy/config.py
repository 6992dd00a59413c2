"""All settings in one place.

Values come from (highest first) environment variables with the ``POLYCOPY_`` prefix, a
TOML config file named by ``POLYCOPY_CONFIG_FILE``, and the defaults below. Invalid values
are refused at start-up with an error that names the setting.
"""

from __future__ import annotations

import enum
import ipaddress
import json
import os
import re
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

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

from polycopy.kit.errors import ConfigError, VenueNotConfiguredError
from polycopy.kit.outbound import OutboundPolicy

PLACEHOLDER_SECRET = "change-me"  # noqa: S105 (the value refused outside sim)

#: Polymarket's own endpoints: the venue URLs outside sim mode unless configured.
POLYMARKET_URLS = {
    "clob_url": "https://clob.polymarket.com",
    "data_api_url": "https://data-api.polymarket.com",
    "gamma_url": "https://gamma-api.polymarket.com",
    "relayer_url": "https://relayer-v2.polymarket.com",
    "geoblock_url": "https://polymarket.com",
    "rtds_url": "wss://ws-live-data.polymarket.com",
    "clob_ws_user_url": "wss://ws-subscriptions-clob.polymarket.com/ws/user",
}
#: Every setting that names a venue endpoint; in sim mode each must be on loopback.
VENUE_URL_SETTINGS = (
    *POLYMARKET_URLS,
    "polygon_rpc_url",
    "polygon_ws_url",
    "clock_url",
)
#: An emulator's `--urls-file` service names -> the settings they set.
URLS_FILE_SETTINGS = {
    "clob": "clob_url",
    "data": "data_api_url",
    "gamma": "gamma_url",
    "relayer": "relayer_url",
    "geoblock": "geoblock_url",
    "rtds": "rtds_url",
    "clob_ws_user": "clob_ws_user_url",
    "rpc_http": "polygon_rpc_url",
    "rpc_ws": "polygon_ws_url",
    "clock": "clock_url",
}
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
    # Former secret keys, still accepted to open stored secrets until `polycopy rotate-keys`
    # has moved them all to secret_key (a JSON list in the environment).
    previous_secret_keys: list[SecretStr] = Field(default_factory=list)
    log_level: str = "INFO"
    log_json: bool = True

    # Venue endpoints (VENUE_URL_SETTINGS). Outside sim, unset ones are Polymarket's own
    # (POLYMARKET_URLS). In sim they come from the emulator (`--urls-file`, or the emulator
    # `polycopy up` and `polycopy demo` start) and must be on loopback: sim never leaves the
    # machine, and an unset one is a venue sim mode does not have.
    clob_url: str | None = None
    data_api_url: str | None = None
    gamma_url: str | None = None
    relayer_url: str | None = None
    geoblock_url: str | None = None
    # sim only: the emulator's clock (`GET …/admin/clock`), which every sim process reads.
    clock_url: str | None = None
    chain_id: int = 137

    # Detection: how often the Data API poller asks for each leader's new activity.
    poll_interval_seconds: float = Field(default=1.0, gt=0, le=300)
    # A quiet leader is polled less often, down to once per this many seconds.
    poll_max_interval_seconds: float = Field(default=15.0, gt=0, le=600)
    # Detection sources of this deployment (docs/detection.md); each one is optional.
    detect_data_api: bool = True
    detect_rtds: bool = False
    detect_chain: bool = False
    rtds_url: str | None = None
    polygon_rpc_url: str | None = None
    polygon_ws_url: str | None = None
    # After a reconnect the chain source re-reads this many blocks before where it stopped,
    # to flag fills whose logs a reorganisation removed while it was away.
    chain_reorg_depth_blocks: int = Field(default=64, ge=0, le=10_000)
    # A source silent this long is reconnected (and back-filled).
    source_stale_after_seconds: float = Field(default=30.0, gt=0, le=600)
    # Followed wallets are re-read this often: following a leader needs no restart.
    follow_refresh_seconds: float = Field(default=2.0, gt=0, le=300)
    # Replay policy: a leader's buy older than this is recorded but not copied (`stale`).
    stale_buy_after_seconds: float = Field(default=300.0, gt=0, le=86_400)
    # Execution: how long an HTTP call to a venue may take before its outcome is unknown.
    venue_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # How long a worker owns a claimed order; a dead worker's orders return after this.
    order_lease_seconds: float = Field(default=60.0, gt=0, le=3600)
    # How often a worker publishes its breakers and rate limits for `GET /admin/runtime`.
    runtime_report_seconds: float = Field(default=10.0, gt=0, le=3600)
    # Reconciliation (docs/execution.md): fills from the CLOB user channel (a channel silent
    # this long is stalled: polled instead, then resubscribed), a /data/trades sweep of every
    # active account, and positions compared with the Data API (0: never).
    clob_ws_user_url: str | None = None
    reconcile_user_channel: bool = True
    user_channel_stall_seconds: float = Field(default=30.0, gt=0, le=600)
    reconcile_sweep_seconds: float = Field(default=30.0, gt=0, le=3600)
    reconcile_positions_seconds: float = Field(default=60.0, ge=0, le=86_400)
    reconcile_position_grace_seconds: float = Field(default=60.0, ge=0, le=3600)
    # Leader drift (docs/leader-statistics.md, "Drift"): a followed leader's last
    # drift_window_days against its earlier history, checked by the workers this often.
    drift_check_seconds: float = Field(default=300.0, gt=0, le=86_400)
    # Alerts (docs/alerts.md): how often a worker checks every user's alert conditions.
    alert_check_seconds: float = Field(default=60.0, gt=0, le=86_400)
    drift_window_days: int = Field(default=7, ge=1, le=90)
    drift_size_factor: Decimal = Field(default=Decimal(3), gt=1, le=1000)
    drift_frequency_factor: Decimal = Field(default=Decimal(3), gt=1, le=1000)
    drift_new_category_share: Decimal = Field(default=Decimal("0.5"), gt=0, le=1)
    drift_min_trades: int = Field(default=10, ge=1, le=100_000)
    drift_min_positions: int = Field(default=5, ge=1, le=100_000)
    # Billing (docs/billing.md): the free plan's limits (unset: unlimited) apply to a user
    # without a subscription; an unpaid invoice keeps its plan for billing_grace_days.
    billing_free_accounts: int | None = Field(default=None, ge=0, le=100_000)
    billing_free_rules: int | None = Field(default=None, ge=0, le=100_000)
    billing_free_leaders: int | None = Field(default=None, ge=0, le=100_000)
    billing_free_api_tokens: int | None = Field(default=None, ge=0, le=100_000)
    billing_free_live_mode: bool = True
    billing_grace_days: int = Field(default=7, ge=0, le=365)
    billing_sweep_seconds: float = Field(default=300.0, gt=0, le=86_400)

    # REST API (docs/api.md). A sign-up with admin_email gets the admin role.
    admin_email: str | None = None
    allow_signup: bool = True
    session_days: int = Field(default=30, gt=0, le=365)
    # Secure cookies (HTTPS only; browsers also accept them on http://localhost).
    # Unset: secure everywhere except sim mode.
    cookie_secure: bool | None = None
    # Reverse proxies whose X-Forwarded-For / -Proto are believed (addresses or networks);
    # none by default, so no client can claim another address (docs/deploy.md).
    trusted_proxies: list[str] = Field(default_factory=list)
    max_request_bytes: int = Field(default=1_048_576, ge=1024, le=100_000_000)
    # How long a response stored for an Idempotency-Key is replayed; older records are purged.
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    # API request limits (429 with Retry-After) and the sign-in lockout per (e-mail, client
    # address): after the failures, a delay from sign_in_delay_seconds, doubling per attempt,
    # up to sign_in_lockout_seconds.
    rate_limit_ip_per_minute: int = Field(default=600, gt=0)
    rate_limit_user_per_minute: int = Field(default=1200, gt=0)
    sign_in_max_failures: int = Field(default=5, gt=0)
    sign_in_delay_seconds: int = Field(default=30, gt=0, le=86_400)
    sign_in_lockout_seconds: int = Field(default=900, gt=0, le=86_400)
    # Argon2id cost of password hashes (lower only on machines short of memory, or in tests).
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=65_536, ge=1024, le=4_194_304)
    # How often `polycopy serve` sends notifications and webhook deliveries (0: never).
    notify_interval_seconds: float = Field(default=5.0, ge=0, le=3600)
    # Internal hosts webhooks and notification channels may reach anyway (host names, IP
    # addresses or networks); none by default: only public addresses (docs/api.md).
    outbound_allow_hosts: list[str] = Field(default_factory=list)
    # Signed ingestion (`POST /api/v1/ingest/fills`): provider name -> HMAC secret (>= 32
    # characters); empty: the endpoint refuses everything.
    ingest_secrets: dict[str, SecretStr] = Field(default_factory=dict)
    # A signed request older (or newer) than this is refused as a possible replay.
    ingest_max_skew_seconds: int = Field(default=300, gt=0, le=3600)
    # OpenTelemetry traces of the copy pipeline: none, console, or otlp (which needs the
    # opentelemetry-exporter-otlp-proto-http package; configured by the OTEL_* variables).
    trace_exporter: Literal["none", "console", "otlp"] = "none"

    @field_validator("ingest_secrets")
    @classmethod
    def _check_ingest_secrets(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for provider, secret in value.items():
            if not re.fullmatch(r"[a-z0-9_-]{1,40}", provider):
                raise ValueError(f"provider names are 1-40 of a-z 0-9 _ -: {provider!r}")
            if len(secret.get_secret_value()) < 32:
                raise ValueError(f"the secret of provider {provider!r} is shorter than 32")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_trusted_proxies(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"not an IP address or network: {entry!r}") from None
        return value

    @field_validator("outbound_allow_hosts")
    @classmethod
    def _check_outbound_allow_hosts(cls, value: list[str]) -> list[str]:
        OutboundPolicy.parse(value)
        return value

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
    def _place_venues(self) -> Settings:
        if self.mode is not Mode.SIM:
            for name, default in POLYMARKET_URLS.items():
                if getattr(self, name) in (None, ""):
                    setattr(self, name, default)
            return self
        for name in VENUE_URL_SETTINGS:
            url = getattr(self, name)
            if url in (None, ""):
                setattr(self, name, None)
            elif not is_loopback_url(url):
                raise ValueError(
                    f"POLYCOPY_{name.upper()}: sim mode talks only to the emulator on loopback, "
                    f"not {url!r} (use --urls-file, or another mode)"
                )
        return self

    def venue(self, name: str) -> str:
        """The URL of venue setting ``name``; in sim without an emulator, a clear error."""
        url: str | None = getattr(self, name)
        if url is None:
            raise VenueNotConfiguredError(
                f"{name}: sim mode has no emulator for this; start one with `polycopy sim "
                "--urls-file F` and pass `--urls-file F`, or run `polycopy up`"
            )
        return url

    def with_urls_file(self, urls_file: Path | None) -> Settings:
        """These settings with the venue URLs of an emulator's ``--urls-file``."""
        if urls_file is None:
            return self
        return self.with_emulator(read_urls_file(urls_file, "clob", "data", "gamma"))

    def with_emulator(self, urls: dict[str, str]) -> Settings:
        """These settings with an emulator's service URLs (``--urls-file`` names -> settings)."""
        update = {URLS_FILE_SETTINGS[k]: v for k, v in urls.items() if k in URLS_FILE_SETTINGS}
        return load_settings(**(self.model_dump(exclude_unset=True) | update))

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


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` names this machine by a loopback address or ``localhost``."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_urls_file(urls_file: Path, *required: str) -> dict[str, str]:
    """Service name -> base URL from an emulator's ``--urls-file``; ``required`` must be there."""
    try:
        urls = json.loads(urls_file.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"urls_file: cannot read service URLs from {urls_file}: {exc}") from None
    if not isinstance(urls, dict) or not all(isinstance(url, str) for url in urls.values()):
        raise ConfigError(f"urls_file: {urls_file} is not a JSON object of service URLs")
    missing = [name for name in required if name not in urls]
    if missing:
        raise ConfigError(f"urls_file: {urls_file} has no URL for {', '.join(missing)}")
    return urls

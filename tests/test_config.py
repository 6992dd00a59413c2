from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from polycopy.config import Mode, Settings, load_settings
from polycopy.kit.errors import ConfigError


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("MODE", "DATABASE_URL", "SECRET_KEY", "CONFIG_FILE", "LOG_LEVEL"):
        monkeypatch.delenv(f"POLYCOPY_{name}", raising=False)
    monkeypatch.setenv("POLYCOPY_DATA_DIR", str(tmp_path / "data"))


def test_defaults_are_sim_on_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.mode is Mode.SIM
    assert settings.database.drivername == "sqlite+aiosqlite"
    assert settings.database.database == str(tmp_path / "data" / "polycopy.sqlite")


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYCOPY_DATABASE_URL", "postgresql://u:p@db.internal:5432/polycopy")
    url = load_settings().database
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.database) == ("db.internal", "polycopy")


@pytest.mark.parametrize(
    ("env", "value", "named"),
    [
        ("POLYCOPY_DATABASE_URL", "not a url", "POLYCOPY_DATABASE_URL"),
        ("POLYCOPY_DATABASE_URL", "mysql://root@localhost/x", "POLYCOPY_DATABASE_URL"),
        ("POLYCOPY_MODE", "yolo", "POLYCOPY_MODE"),
        ("POLYCOPY_LOG_LEVEL", "LOUD", "POLYCOPY_LOG_LEVEL"),
        ("POLYCOPY_POLL_INTERVAL_SECONDS", "0", "POLYCOPY_POLL_INTERVAL_SECONDS"),
    ],
)
def test_invalid_settings_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, named: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as excinfo:
        load_settings()
    message = str(excinfo.value)
    assert message.startswith(f"{named}:")
    assert "\n" not in message


@pytest.mark.parametrize("mode", ["live", "paper"])
def test_placeholder_secret_is_refused_outside_sim(
    monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("POLYCOPY_MODE", mode)
    with pytest.raises(ConfigError, match=r"^POLYCOPY_SECRET_KEY:"):
        load_settings()
    monkeypatch.setenv("POLYCOPY_SECRET_KEY", "a-long-random-production-secret-value")
    assert load_settings().mode.value == mode


def test_config_file_is_read_and_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "polycopy.toml"
    config.write_text(
        'mode = "paper"\nsecret_key = "from-file-secret"\npoll_interval_seconds = 3\n'
    )
    monkeypatch.setenv("POLYCOPY_CONFIG_FILE", str(config))
    settings = load_settings()
    assert (settings.mode, settings.poll_interval_seconds) == (Mode.PAPER, 3)
    monkeypatch.setenv("POLYCOPY_POLL_INTERVAL_SECONDS", "2")
    assert load_settings().poll_interval_seconds == 2


def test_missing_config_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLYCOPY_CONFIG_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="no such file"):
        load_settings()


def test_secret_is_not_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYCOPY_SECRET_KEY", "super-secret-value-123")
    assert "super-secret-value-123" not in repr(load_settings())


@pytest.mark.parametrize(
    ("env", "value", "named"),
    [
        ("POLYCOPY_DATABASE_URL", "::bad::", "POLYCOPY_DATABASE_URL"),
        ("POLYCOPY_MODE", "nope", "POLYCOPY_MODE"),
        ("POLYCOPY_MODE", "live", "POLYCOPY_SECRET_KEY"),
    ],
)
def test_cli_reports_invalid_settings_in_one_line(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, named: str
) -> None:
    monkeypatch.setenv(env, value)
    result = subprocess.run(
        [sys.executable, "-m", "polycopy", "migrate"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]


def test_every_setting_is_documented_with_its_default() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "configuration.md").read_text()
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z_0-9]+)` \| ([^|]+) \|", doc, re.MULTILINE)
    }
    assert set(rows) == set(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        if isinstance(field.default, bool | int | float | str) and name != "secret_key":
            shown = str(field.default).lower() if isinstance(field.default, bool) else field.default
            assert f"`{shown}`" in rows[name], name

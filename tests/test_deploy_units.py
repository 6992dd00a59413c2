"""The systemd units and the environment file under deploy/ say only what polycopy accepts:
each ExecStart is a real subcommand with options the command line parses, and each
POLYCOPY_* variable is a real setting (docs/deploy.md)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from polycopy.cli import app
from polycopy.config import Mode, Settings, load_settings
from polycopy.kit.errors import ConfigError

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))
ENV_EXAMPLE = DEPLOY / "polycopy.env.example"
#: What systemd puts in for the specifiers the units use (instance name, host name).
SPECIFIERS = {"%i": "2", "%H": "host-a"}
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "RestrictSUIDSGID": "yes",
    "CapabilityBoundingSet": "",
}


def _unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """Section -> key -> values (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: {line!r} outside a section"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not key=value: {line!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def _env_file(path: Path) -> dict[str, str]:
    values = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _command(name: str) -> Any:
    """The subcommand as the command line parses it (typer's own click)."""
    command = typer.main.get_command(app).commands.get(name)  # type: ignore[attr-defined]
    assert command is not None, f"polycopy has no subcommand {name!r}"
    return command


def test_the_units_are_the_api_a_worker_template_and_ingest() -> None:
    assert {u.name for u in UNITS} == {
        "polycopy-api.service",
        "polycopy-worker@.service",
        "polycopy-ingest.service",
    }


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_exec_start_is_a_polycopy_command_line_the_cli_accepts(unit: Path) -> None:
    service = _unit(unit)["Service"]
    (exec_start,) = service["ExecStart"]
    for specifier, value in SPECIFIERS.items():
        exec_start = exec_start.replace(specifier, value)
    program, name, *args = shlex.split(exec_start)
    assert Path(program).name == "polycopy"
    command = _command(name)
    # Parsing refuses unknown options, missing values and values of the wrong type.
    with command.make_context(f"polycopy {name}", list(args)) as context:
        if name == "worker":
            # One lease owner per instance: the worker id carries the instance name.
            assert context.params["worker_id"] == "host-a-2"
        if name == "serve":
            assert context.params["host"] == "127.0.0.1"  # only the proxy reaches it
            assert context.params["migrate_first"] is False  # migrations are an upgrade step


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_unit_restarts_on_failure_reads_the_env_file_and_is_hardened(unit: Path) -> None:
    service = _unit(unit)["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["User"] == ["polycopy"]
    assert service["EnvironmentFile"] == ["/etc/polycopy/polycopy.env"]
    for key, value in HARDENING.items():
        assert service.get(key) == [value], key


def test_the_worker_template_is_a_template() -> None:
    (template,) = [u for u in UNITS if u.name.endswith("@.service")]
    assert "%i" in _unit(template)["Service"]["ExecStart"][0]


def test_every_variable_in_the_env_example_is_a_setting() -> None:
    named = set(re.findall(r"\bPOLYCOPY_[A-Z0-9_]+", ENV_EXAMPLE.read_text()))
    assert named, "the example names no setting"
    fields = {f"POLYCOPY_{name.upper()}" for name in Settings.model_fields}
    assert named <= fields, f"not settings: {sorted(named - fields)}"


def test_the_env_example_is_refused_until_a_secret_key_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An example copied unchanged must not start: its secret key is empty."""
    monkeypatch.delenv("POLYCOPY_CONFIG_FILE", raising=False)
    for name in Settings.model_fields:
        monkeypatch.delenv(f"POLYCOPY_{name.upper()}", raising=False)
    values = _env_file(ENV_EXAMPLE)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match="POLYCOPY_SECRET_KEY"):
        load_settings()

    monkeypatch.setenv("POLYCOPY_SECRET_KEY", "a-long-random-value-from-openssl-rand")
    settings = load_settings()
    assert settings.mode is not Mode.SIM
    assert settings.allow_signup is False
    assert settings.database.get_backend_name() == "postgresql"

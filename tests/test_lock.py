"""The lock files are installed with `--no-deps`: they must hold every dependency themselves.

`make` installs each lock exactly as written, without a resolver, so that a release published
upstream after the lock was made cannot change the install. The price is that nothing else
notices a missing dependency: this test walks each lock's requirement closure from the
project's own requirements, using the installed packages' metadata (the dev lock is what this
environment was installed from), and fails naming the package that is missing or off-range.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)", re.MULTILINE)


def locked_versions(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text())}


def project_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in extras:
        declared += project["optional-dependencies"][extra]
    return [Requirement(text) for text in declared]


def unmet_requirements(lock: dict[str, str], roots: list[Requirement]) -> list[str]:
    """Walk the closure from `roots`; report each requirement the lock does not satisfy."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    pending: list[tuple[Requirement, str]] = [(req, "pyproject.toml") for req in roots]
    while pending:
        requirement, wanted_by = pending.pop()
        name = canonicalize_name(requirement.name)
        version = lock.get(name)
        if version is None:
            problems.append(f"{requirement} (needed by {wanted_by}) is not in the lock")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} (needed by {wanted_by}) is locked at {version}")
            continue
        for extra in ("", *sorted(requirement.extras)):
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            for text in metadata.requires(name) or []:
                child = Requirement(text)
                if child.marker is None or child.marker.evaluate({"extra": extra}):
                    pending.append((child, f"{name}=={version}"))
    return problems


@pytest.mark.parametrize(
    ("lock_file", "extras"),
    [("requirements.lock", ("build",)), ("requirements-dev.lock", ("build", "dev"))],
)
def test_lock_holds_every_dependency_of_every_locked_package(
    lock_file: str, extras: tuple[str, ...]
) -> None:
    lock = locked_versions(ROOT / lock_file)
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    off = {n: v for n, v in lock.items() if n in installed and installed[n] != v}
    assert not off, f"this environment was not installed from {lock_file}: {off}"
    assert unmet_requirements(lock, project_requirements(extras)) == []


def test_the_walk_names_a_dependency_the_lock_misses() -> None:
    lock = locked_versions(ROOT / "requirements-dev.lock")
    del lock["h2"]  # needed by httpx[http2], which the official client asks for
    problems = unmet_requirements(lock, project_requirements(("dev",)))
    assert any(p.startswith("h2") and "is not in the lock" in p for p in problems), problems

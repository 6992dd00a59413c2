"""``polycopy up``: the whole platform from one command, each part in its own process.

In sim it starts the emulator first (on a fixed loopback port, so a restarted emulator keeps
its URLs), then the API with the web app, then the workers, all reading the emulator's URLs
and clock from one urls file. A part that dies is restarted with backoff; Ctrl-C (or SIGTERM)
stops the workers first, then the API, then the emulator, and exits 0. Each child asks the
kernel to end it if ``up`` itself dies, so not even a killed ``up`` leaves processes behind.
Children log to files in the run directory; the terminal gets ``up``'s own lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import secrets
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from polycopy.accounts.service import get_or_create_user
from polycopy.accounts.types import Role
from polycopy.api.serving import SIGN_IN_PATH
from polycopy.config import Mode, Settings
from polycopy.emulator.scenario import ScenarioError, build_scenario
from polycopy.kit import migrate
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError

PLATFORM_SCENARIO = Path(__file__).parent / "emulator" / "scenarios" / "platform.toml"
DEFAULT_ADMIN_EMAIL = "admin@polycopy.local"
START_DEADLINE_SECONDS = 120.0  # a cold start on a busy machine: migrations, imports
STOP_GRACE_SECONDS = 20.0  # a worker finishes its round on SIGTERM
MAX_BACKOFF_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0  # a part that ran this long starts its backoff afresh
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class PlatformOptions:
    mode: Mode
    host: str
    port: int
    workers: int
    scenario: Path | None


def _end_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM when ``up`` dies, however."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Part:
    """One supervised process: how to start it, and its restarts so far."""

    name: str
    argv: list[str]
    log: Path
    before_start: Callable[[], None] = lambda: None
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    failures: int = 0
    _log_file: IO[bytes] | None = field(default=None, repr=False)

    async def start(self, env: dict[str, str]) -> None:
        self.before_start()
        if self._log_file is None:
            self._log_file = self.log.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=self._log_file,
            start_new_session=True,  # Ctrl-C reaches `up` alone; it stops the parts in order
            preexec_fn=_end_with_parent,  # before exec; no threads hold locks here
        )
        self.started_at = time.monotonic()

    async def stop(self) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()

    def close(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def backoff(self) -> float:
        """Seconds before the next start: 1, 2, 4, ... 30; afresh after a stable run."""
        if time.monotonic() - self.started_at > STABLE_AFTER_SECONDS:
            self.failures = 0
        self.failures += 1
        return min(MAX_BACKOFF_SECONDS, float(2 ** (self.failures - 1)))


def free_port(host: str) -> int:
    with socket.create_server((host, 0)) as sock:
        port: int = sock.getsockname()[1]
        return port


def _polycopy(*args: str) -> list[str]:
    return [sys.executable, "-m", "polycopy", *args]


async def _ensure_admin(settings: Settings, email: str) -> None:
    db = Database(settings.database)
    try:
        async with db.transaction() as session:
            user = await get_or_create_user(session, email, role=Role.ADMIN, actor="polycopy up")
            if user.role is not Role.ADMIN:
                raise ConfigError(f"admin_email: {email} exists and is not an admin")
    finally:
        await db.dispose()


async def _wait_until(
    ready: Callable[[], bool | None], part: Part, what: str, deadline: float
) -> None:
    """Poll ``ready`` until it holds; fail at once if ``part`` exits meanwhile."""
    while not ready():
        process = part.process
        if process is not None and process.returncode is not None:
            raise ConfigError(
                f"{part.name}: exited with {process.returncode} before {what}; see {part.log}"
            )
        if time.monotonic() > deadline:
            raise ConfigError(
                f"{part.name}: not {what} within {START_DEADLINE_SECONDS:.0f} s; see {part.log}"
            )
        await asyncio.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Platform:
    """The parts of one ``polycopy up`` run and the loop that keeps them running."""

    def __init__(
        self, settings: Settings, options: PlatformOptions, announce: Callable[[str], None]
    ) -> None:
        self.settings = settings
        self.options = options
        self.announce = announce
        self.run_dir = settings.data_dir / "up"
        self.urls_file = self.run_dir / "urls.json"
        self.token_file = self.run_dir / "sign-in-token"
        self.admin_email = settings.admin_email or DEFAULT_ADMIN_EMAIL
        self.parts: list[Part] = []
        self.stopping = asyncio.Event()
        self.env = {
            **os.environ,
            "POLYCOPY_MODE": options.mode.value,
            "POLYCOPY_ADMIN_EMAIL": self.admin_email,
        }
        self.port = options.port or free_port(options.host)
        self.token = ""

    def _part(self, name: str, argv: list[str], before: Callable[[], None] | None = None) -> Part:
        part = Part(name, argv, self.run_dir / f"{name}.log")
        if before is not None:
            part.before_start = before
        self.parts.append(part)
        return part

    def _arm_sign_in(self) -> None:
        """A fresh one-time token for each start of the API (the link is printed again)."""
        self.token = secrets.token_urlsafe(24)
        self.token_file.touch(mode=0o600)
        self.token_file.write_text(self.token)

    @property
    def base_url(self) -> str:
        return f"http://{self.options.host}:{self.port}"

    def sign_in_link(self) -> str:
        return f"{self.base_url}{SIGN_IN_PATH}?token={self.token}"

    async def run(self) -> None:
        leaders = self._check_scenario()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(migrate.upgrade, self.settings.database)
        await _ensure_admin(self.settings, self.admin_email)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stopping.set)
        try:
            await self._start_all(leaders)
            await self._supervise()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            await self._stop_all()

    def _check_scenario(self) -> list[str]:
        """Validate the scenario here, before any process starts; its leaders' wallets."""
        if self.options.mode is not Mode.SIM:
            return []
        path = self.options.scenario or PLATFORM_SCENARIO
        try:
            return build_scenario(path).state.addresses("leader")
        except ScenarioError as exc:
            raise ConfigError(f"scenario: {exc}") from None

    async def _start_all(self, leaders: list[str]) -> None:
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        urls: list[str] = []
        if self.options.mode is Mode.SIM:
            self.urls_file.unlink(missing_ok=True)
            scenario = str(self.options.scenario or PLATFORM_SCENARIO)
            emulator = self._part(
                "emulator",
                _polycopy(
                    "sim",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(free_port("127.0.0.1")),
                    "--scenario",
                    scenario,
                    "--urls-file",
                    str(self.urls_file),
                ),
            )
            await emulator.start(self.env)
            await _wait_until(self.urls_file.exists, emulator, "ready", deadline)
            urls = ["--urls-file", str(self.urls_file)]
        api = self._part(
            "api",
            _polycopy(
                "serve",
                "--host",
                self.options.host,
                "--port",
                str(self.port),
                "--no-migrate",
                "--sign-in-token-file",
                str(self.token_file),
                *urls,
            ),
            before=self._arm_sign_in,
        )
        await api.start(self.env)
        healthz = f"{self.base_url}/healthz"
        await _wait_until(lambda: _answers(healthz), api, "answering", deadline)
        for number in range(1, self.options.workers + 1):
            worker = self._part(
                f"worker-{number}", _polycopy("worker", "--worker-id", f"up-worker-{number}", *urls)
            )
            await worker.start(self.env)
        self.announce(f"polycopy up ({self.options.mode} mode): {self.base_url}/")
        self.announce(f"  sign in as {self.admin_email}: {self.sign_in_link()}")
        for wallet in leaders:
            self.announce(f"  leader {wallet}")
        self.announce(f"  logs in {self.run_dir}; press Ctrl-C to stop")

    async def _supervise(self) -> None:
        while not self.stopping.is_set():
            waits = {
                asyncio.ensure_future(part.process.wait()): part
                for part in self.parts
                if part.process is not None
            }
            stop = asyncio.ensure_future(self.stopping.wait())
            done, _ = await asyncio.wait([stop, *waits], return_when=asyncio.FIRST_COMPLETED)
            for future in [stop, *waits]:
                if future not in done:
                    future.cancel()
            for future in done:
                part = waits.get(future)
                if part is not None and not self.stopping.is_set():
                    await self._restart(part)

    async def _restart(self, part: Part) -> None:
        assert part.process is not None
        delay = part.backoff()
        self.announce(
            f"polycopy up: {part.name} exited with {part.process.returncode}; "
            f"restarting in {delay:.0f} s (see {part.log})"
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), delay)
        if self.stopping.is_set():
            return
        await part.start(self.env)
        if part.name == "api":
            self.announce(f"  new sign-in link: {self.sign_in_link()}")

    async def _stop_all(self) -> None:
        """Workers first (together; each finishes its round), then the API, then the emulator."""
        workers = [part for part in self.parts if part.name.startswith("worker-")]
        await asyncio.gather(*(part.stop() for part in workers))
        for part in reversed(self.parts):
            await part.stop()
            part.close()
        self.token_file.unlink(missing_ok=True)


async def run_platform(
    settings: Settings, options: PlatformOptions, announce: Callable[[str], None]
) -> None:
    await Platform(settings, options, announce).run()

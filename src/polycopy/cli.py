"""The ``polycopy`` command line.

Exit codes: 0 success, 1 the job failed, 2 invalid settings or arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from polycopy import __version__
from polycopy.config import Mode, Settings, load_settings
from polycopy.kit.errors import ConfigError, PolycopyError
from polycopy.kit.logging import configure_logging

if TYPE_CHECKING:
    from polycopy.accounts.doctor import DoctorReport
    from polycopy.emulator.state import EmulatorState

app = typer.Typer(
    name="polycopy",
    help="Copy trading for Polymarket: follow leader wallets, mirror their fills.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
UrlsFileOption = Annotated[
    Path | None,
    typer.Option(
        help="Take the venue URLs (and in sim the clock) from this file, as written "
        "by `polycopy sim --urls-file`."
    ),
]


def _settings(urls_file: Path | None = None, **overrides: Any) -> Settings:
    settings = load_settings(**overrides).with_urls_file(urls_file)
    # JSON lines for machines; a person at a terminal gets readable lines.
    configure_logging(settings.log_level, json=settings.log_json and not sys.stderr.isatty())
    if settings.trace_exporter != "none":
        from polycopy.kit import tracing  # the SDK only loads when traces are wanted

        tracing.configure(settings.trace_exporter)
    return settings


def _emit(payload: dict[str, Any], *, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(payload, indent=2, sort_keys=True) if as_json else text)


@app.command()
def version(as_json: JsonOption = False) -> None:
    """Show the polycopy version."""
    _emit({"version": __version__}, as_json=as_json, text=f"polycopy {__version__}")


@app.command()
def migrate(as_json: JsonOption = False) -> None:
    """Bring the database schema up to date (safe to run any number of times)."""
    from polycopy.kit import migrate as migrations

    settings = _settings()
    migrations.upgrade(settings.database)
    revision = migrations.current_revision(settings.database)
    where = settings.database.render_as_string(hide_password=True)
    _emit(
        {"database": where, "revision": revision},
        as_json=as_json,
        text=f"database {where} is at revision {revision}",
    )


@app.command()
def sim(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 0,
    seed: Annotated[
        int | None,
        typer.Option(help="Scenario seed (same seed, same world); default 1, or the file's."),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(help="Scenario file (docs/emulator-scenarios.md); default: the demo world."),
    ] = None,
    urls_file: Annotated[
        Path | None, typer.Option(help="Also write the service URLs here as JSON once ready.")
    ] = None,
) -> None:
    """Run the Polymarket emulator until interrupted."""
    from polycopy.emulator.scenario import ScenarioError, load_scenario
    from polycopy.emulator.server import default_state

    _settings()
    try:
        state = load_scenario(scenario, seed=seed) if scenario else default_state(seed or 1)
    except ScenarioError as exc:
        raise ConfigError(f"scenario: {exc}") from None
    try:
        asyncio.run(_serve_emulator(state, host=host, port=port, urls_file=urls_file))
    except KeyboardInterrupt:
        typer.echo("polycopy: emulator stopped", err=True)


async def _serve_emulator(
    state: EmulatorState, *, host: str, port: int, urls_file: Path | None
) -> None:
    from polycopy.emulator.server import EmulatorServer

    async with EmulatorServer(state, host=host, port=port) as server:
        urls = dict(server.base_urls)
        for name, url in sorted(urls.items()):
            typer.echo(f"{name:15} {url}")
        if urls_file is not None:
            text = json.dumps(urls, indent=2, sort_keys=True) + "\n"
            await asyncio.to_thread(urls_file.write_text, text)
        await asyncio.Event().wait()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    migrate_first: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Bring the schema up to date first.")
    ] = True,
    urls_file: UrlsFileOption = None,
    sign_in_token_file: Annotated[
        Path | None,
        typer.Option(
            help="Read a one-time admin sign-in token from this file (then delete it); "
            "`polycopy up` uses it to print a sign-in link.",
            hidden=True,
        ),
    ] = None,
) -> None:
    """Run the REST API and the web app (docs/api.md) until interrupted."""
    from polycopy.api.serving import serve_api

    settings = _settings(urls_file)
    serve_api(
        settings,
        host=host,
        port=port,
        migrate_first=migrate_first,
        sign_in_token_file=sign_in_token_file,
        announce=lambda line: typer.echo(line, err=True),
    )


@app.command()
def worker(
    urls_file: UrlsFileOption = None,
    worker_id: Annotated[str | None, typer.Option(help="Name in leases and logs.")] = None,
) -> None:
    """Run the copy engine: detect leader fills, decide, place orders, until stopped."""
    import os
    import socket

    from polycopy.signals.detector import detection_urls
    from polycopy.worker import run_worker, venue_urls

    settings = _settings(urls_file)
    name = worker_id or f"{socket.gethostname()}-{os.getpid()}"
    detection = detection_urls(settings)
    asyncio.run(run_worker(settings, venue_urls(settings), worker_id=name, detection=detection))


@app.command()
def ingest(
    urls_file: UrlsFileOption = None,
) -> None:
    """Run leader detection only (the sources the settings enable), until stopped."""
    from polycopy.signals.detector import detection_urls, run_ingest

    settings = _settings(urls_file)
    asyncio.run(run_ingest(settings, detection_urls(settings)))


@app.command()
def up(
    mode: Annotated[Mode, typer.Option(help="sim (the emulator), paper or live.")] = Mode.SIM,
    host: Annotated[str, typer.Option(help="Interface the web app listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Web app port (0: any free one).")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    scenario: Annotated[
        Path | None,
        typer.Option(help="sim: the emulator's scenario (default: the platform world)."),
    ] = None,
) -> None:
    """The whole platform: API and web app, workers and, in sim, the emulator, until Ctrl-C."""
    from polycopy.supervisor import PlatformOptions, run_platform

    settings = _settings(mode=mode)
    options = PlatformOptions(mode=mode, host=host, port=port, workers=workers, scenario=scenario)
    asyncio.run(run_platform(settings, options, announce=typer.echo))


@app.command()
def demo(
    headless: Annotated[bool, typer.Option(help="Run without the web app.")] = False,
    duration: Annotated[
        float | None,
        typer.Option(
            min=1,
            help="Seconds to run before printing the summary "
            "(default: 60 headless, until Ctrl-C with the web app).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Scenario seed.")] = 1,
    host: Annotated[str, typer.Option(help="Web app interface.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Web app port (0: any free one).")] = 8000,
    as_json: JsonOption = False,
) -> None:
    """Emulator, copy engine and web app in one process, on a fresh demo database."""
    from polycopy.demo import WebOptions, render_summary, run_demo

    settings = _settings()
    web = None if headless else WebOptions(host=host, port=port)
    if headless and duration is None:
        duration = 60
    summary = asyncio.run(
        run_demo(
            settings,
            duration=duration,
            seed=seed,
            web=web,
            announce=lambda line: typer.echo(line, err=as_json),  # stdout stays JSON
        )
    )
    _emit(summary, as_json=as_json, text=render_summary(summary))


@app.command()
def doctor(
    account: Annotated[int, typer.Option(help="Follower account id.")],
    urls_file: UrlsFileOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check that an account can trade and explain what blocks it (exit 1 if something does)."""
    report = asyncio.run(_doctor(_settings(urls_file), account))
    _emit(report.to_dict(), as_json=as_json, text=report.render())
    if not report.can_trade:
        raise typer.Exit(1)


async def _doctor(settings: Settings, account_id: int) -> DoctorReport:
    import httpx

    from polycopy.accounts.doctor import Endpoints, diagnose, load_account
    from polycopy.admin.keys import box_from_settings
    from polycopy.kit.db import Database

    db = Database(settings.database)
    try:
        setup = await load_account(db, box_from_settings(settings), account_id)
    finally:
        await db.dispose()
    async with httpx.AsyncClient(timeout=settings.venue_timeout_seconds) as http:
        return await diagnose(setup, http=http, endpoints=Endpoints.of(settings))


@app.command()
def signer(
    socket_path: Annotated[Path, typer.Option("--socket", help="Unix socket to listen on.")],
    key_file: Annotated[Path, typer.Option(help="Hex private key, mode 0600.")],
    token_file: Annotated[Path, typer.Option(help="Client token, mode 0600 (created if missing).")],
    deposit_wallet: Annotated[
        str | None, typer.Option(help="Sign as this deposit wallet's session key.")
    ] = None,
    valid_until: Annotated[
        int | None, typer.Option(help="Session key expiry, unix seconds.")
    ] = None,
) -> None:
    """Hold a signing key in this process and sign for polycopy over a local socket."""
    from polycopy.venues.polymarket.remote_signer import load_key_file, serve_signer
    from polycopy.venues.polymarket.signers import SessionKeySigner
    from polycopy.venues.polymarket.signing import LocalOrderSigner, OrderSigner

    settings = _settings()
    key = load_key_file(key_file)
    if (deposit_wallet is None) != (valid_until is None):
        raise ConfigError("--deposit-wallet and --valid-until go together")
    order_signer: OrderSigner = (
        SessionKeySigner(
            key, deposit_wallet=deposit_wallet, valid_until=valid_until, chain_id=settings.chain_id
        )
        if deposit_wallet is not None and valid_until is not None
        else LocalOrderSigner(key, settings.chain_id)
    )
    typer.echo(f"polycopy signer: {order_signer.address} on {socket_path}", err=True)
    try:
        asyncio.run(
            serve_signer(
                order_signer, socket_path, token_file=token_file, chain_id=settings.chain_id
            )
        )
    except KeyboardInterrupt:
        typer.echo("polycopy: signer stopped", err=True)


@app.command("rotate-keys")
def rotate_keys(as_json: JsonOption = False) -> None:
    """Reseal every stored secret under POLYCOPY_SECRET_KEY (old keys in
    POLYCOPY_PREVIOUS_SECRET_KEYS); the API and workers may run, started with both settings."""
    from polycopy.admin.keys import box_from_settings
    from polycopy.admin.keys import rotate_keys as rotate

    settings = _settings()
    counts = asyncio.run(_rotate(settings, rotate, box_from_settings(settings)))
    lines = [f"{name}: {count} resealed" for name, count in counts.items()]
    _emit({"resealed": counts}, as_json=as_json, text="\n".join(lines))


async def _rotate(settings: Settings, rotate: Any, box: Any) -> dict[str, int]:
    from polycopy.kit.db import Database

    db = Database(settings.database)
    try:
        counts: dict[str, int] = await rotate(db, box)
        return counts
    finally:
        await db.dispose()


@app.command()
def backtest(
    wallet: Annotated[str | None, typer.Option(help="The leader's wallet address.")] = None,
    portfolio: Annotated[
        Path | None,
        typer.Option(help="Portfolio TOML: several leaders replayed together on one clock."),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(help="Data API activity export (v1 array, v2 envelope) or trades CSV."),
    ] = None,
    rule: Annotated[
        Path | None,
        typer.Option(help="Rule TOML: rule settings, account limits in an account table."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="First moment replayed (ISO date, UTC).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Replay up to this moment (ISO date, UTC).")
    ] = None,
    delay_seconds: Annotated[
        int, typer.Option(min=0, help="Detection delay: seconds from a fill to its decision.")
    ] = 0,
    fee_rate_bps: Annotated[
        int, typer.Option(min=0, max=10_000, help="Taker fee rate r of the markets (bps).")
    ] = 0,
    books: Annotated[
        list[Path] | None,
        typer.Option("--books", help="Recorded CLOB /book bodies to price against (repeatable)."),
    ] = None,
    leader_value: Annotated[
        str | None,
        typer.Option(
            help="The leader's portfolio value in pUSD (positions + cash), for "
            "proportional rules: an export does not carry it."
        ),
    ] = None,
    urls_file: UrlsFileOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replay a leader's history through your rule (docs/backtest.md); stores nothing.

    Without --history the wallet's history is read from the Data API (in sim, the
    emulator's: --urls-file)."""
    import datetime as dt

    from polycopy.backtest.run import (
        DEFAULT_RULE,
        HistoryError,
        NoHistory,
        RuleFileError,
        Spool,
        load_books,
        load_rule,
        replay_spool,
    )
    from polycopy.kit.money import to_micros

    settings = _settings(urls_file)
    if portfolio is not None:
        if wallet or history or rule or books or leader_value:
            raise ConfigError(
                "--portfolio: the file names the leaders, histories and rule; "
                "leave out --wallet, --history, --rule, --books and --leader-value"
            )
        _portfolio_backtest(portfolio, since, until, delay_seconds, fee_rate_bps, settings, as_json)
        return
    if wallet is None:
        raise ConfigError("--wallet: required (or --portfolio)")
    data_api_url = settings.venue("data_api_url") if history is None else ""
    wallet = _wallet_option(wallet)

    def moment(name: str, text: str | None) -> dt.datetime | None:
        if text is None:
            return None
        try:
            at = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"{name}: not an ISO date or time: {text!r}") from None
        return at if at.tzinfo else at.replace(tzinfo=dt.UTC)

    value = None
    if leader_value is not None:
        try:
            value = to_micros(leader_value)
        except ValueError:
            raise ConfigError(f"--leader-value: not an amount of pUSD: {leader_value!r}") from None
        if value <= 0:
            raise ConfigError("--leader-value: must be more than 0")
    settings_rule, limits = DEFAULT_RULE, None
    try:
        if rule is not None:
            settings_rule, limits = load_rule(rule)
        recorded = load_books(books) if books else None
        start, end = moment("--from", since), moment("--to", until)
        window = " in that window" if since or until else ""
        with _progress_bar() as progress, Spool() as spool:
            if history is not None:
                spool.load(
                    history,
                    wallet,
                    since=int(start.timestamp()) if start else None,
                    until=int(end.timestamp()) if end else None,
                    progress=lambda n: progress("read", n, None),
                )
                missing = f"{history}: no rows of wallet {wallet}{window}"
            else:
                asyncio.run(
                    _fetch_history(settings, data_api_url, spool, wallet, start, end, progress)
                )
                missing = (
                    f"no history for this wallet: the Data API has no activity of {wallet}{window}"
                )
            report, _ = replay_spool(
                spool,
                settings_rule,
                limits,
                missing=missing,
                delay_seconds=delay_seconds,
                stale_after=dt.timedelta(seconds=settings.stale_buy_after_seconds),
                fee_rate_bps=fee_rate_bps,
                books=recorded,
                progress=progress,
                leader_value_micros=value,
            )
    except (HistoryError, NoHistory, RuleFileError) as exc:
        raise ConfigError(str(exc)) from None
    payload = report.as_json()
    _emit(payload, as_json=as_json, text=_backtest_text(payload))


@app.command()
def export(
    account: Annotated[int, typer.Option(help="Follower account id.")],
    what: Annotated[str, typer.Option(help="fills, lots (a tax-lot report), decisions or orders.")],
    since: Annotated[
        str | None, typer.Option("--from", help="From this moment on (ISO date or time, UTC).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Before this moment (ISO date or time, UTC).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    output: Annotated[
        Path | None, typer.Option(help="Write to this file (default: standard output).")
    ] = None,
) -> None:
    """Export an account's fills, lots, decisions or orders over a period (docs/exports.md)."""
    from polycopy.exports.types import (
        ExportRequest,
        Period,
        parse_format,
        parse_kind,
        parse_moment,
    )
    from polycopy.kit.errors import InvalidInputError

    settings = _settings()
    try:
        request = ExportRequest(
            account,
            parse_kind(what),
            Period.of(parse_moment("from", since), parse_moment("to", until)),
            parse_format(fmt),
        )
    except InvalidInputError as exc:
        raise ConfigError(f"--{exc}") from None
    with _progress_bar() as progress:
        rows = asyncio.run(_export(settings, request, output, progress))
    where = output if output is not None else "standard output"
    typer.echo(f"polycopy: exported {rows} {request.kind.value} to {where}", err=True)


async def _export(settings: Settings, request: Any, output: Path | None, progress: Any) -> int:
    """Write the export as it is read; the number of rows written."""
    from polycopy.exports.repository import ExportRepository
    from polycopy.exports.service import stream_export
    from polycopy.kit.db import Database

    db = Database(settings.database)
    counted = {"rows": 0}

    def count(phase: str, done: int, total: int | None) -> None:
        counted["rows"] = done
        progress(phase, done, total)

    try:
        async with db.transaction() as session:
            if not await ExportRepository(session).account_exists(request.account_id):
                raise ConfigError(f"--account: no follower account {request.account_id}")
        # A file appears whole or not at all: written beside it, renamed when complete.
        partial = None if output is None else output.with_name(output.name + ".partial")
        with (
            open(partial, "w", encoding="utf-8", newline="")  # noqa: ASYNC230 (local file)
            if partial is not None
            else contextlib.nullcontext(sys.stdout)
        ) as out:
            async for piece in stream_export(db, request, progress=count):
                out.write(piece)
        if partial is not None and output is not None:
            partial.replace(output)
    finally:
        await db.dispose()
    return counted["rows"]


def _wallet_option(wallet: str) -> str:
    from polycopy.leaders.service import normalise_wallet

    try:
        return normalise_wallet(wallet)
    except PolycopyError as exc:
        raise ConfigError(f"--wallet: {exc}") from None


async def _fetch_history(
    settings: Settings,
    url: str,
    spool: Any,
    wallet: str,
    since: Any,
    until: Any,
    progress: Any,
) -> None:
    """The wallet's Data API history into the spool; the venue failing is a one-line error."""
    from polycopy.backtest.fetch import fetch_history
    from polycopy.kit.http import http_client
    from polycopy.venues.polymarket.data_api import DataApiClient

    async with http_client(settings.venue_timeout_seconds) as http:
        client = DataApiClient(http, url)
        await fetch_history(spool, client, wallet, since=since, until=until, progress=progress)


@app.command()
def backfill(
    wallet: Annotated[str, typer.Option(help="The leader's wallet address.")],
    urls_file: UrlsFileOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a wallet's whole history from the Data API into the database (as the worker
    does for every leader), resuming where the last read stopped; exit 1 if the venue fails."""
    from polycopy.kit import migrate as migrations

    settings = _settings(urls_file)
    url = settings.venue("data_api_url")
    address = _wallet_option(wallet)
    migrations.upgrade(settings.database)
    with _progress_bar() as progress:
        result = asyncio.run(_backfill(settings, url, address, progress))
    _emit(result, as_json=as_json, text=_backfill_text(result))
    if result["status"] != "done":
        raise typer.Exit(1)


async def _backfill(settings: Settings, url: str, wallet: str, progress: Any) -> dict[str, Any]:
    from polycopy.kit.clock import follow_clock
    from polycopy.kit.db import Database
    from polycopy.kit.http import http_client
    from polycopy.leaders.service import follow_wallet
    from polycopy.models import LeaderBackfill
    from polycopy.signals.backfill import Backfiller, backfill_of
    from polycopy.venues.polymarket.data_api import DataApiClient

    now = await follow_clock(settings.clock_url, timeout_seconds=settings.venue_timeout_seconds)
    db = Database(settings.database)
    try:
        async with db.transaction() as session:
            leader = await follow_wallet(session, wallet, actor="cli")
            before = await backfill_of(session, leader.id)
            known = (before.rows, before.fills_created) if before else (0, 0)

        def shown(job: LeaderBackfill) -> None:
            progress("read", job.rows - known[0], None)

        async with http_client(settings.venue_timeout_seconds) as http:
            worker = Backfiller(db, DataApiClient(http, url), now=now, progress=shown)
            ran = await worker.run_for(leader.id)
        async with db.transaction() as session:
            job = await backfill_of(session, leader.id)
        assert job is not None
        return {
            "wallet": wallet,
            "leader_id": leader.id,
            "status": job.status if ran else "running elsewhere",
            "rows": job.rows - known[0],
            "new_fills": job.fills_created - known[1],
            "last_timestamp": job.last_timestamp,
            "error": job.error,
        }
    finally:
        await db.dispose()


def _backfill_text(r: dict[str, Any]) -> str:
    if r["status"] == "running elsewhere":
        return f"{r['wallet']}: a worker is reading this history now; nothing done here"
    line = f"{r['wallet']}: read {r['rows']:,} rows, {r['new_fills']:,} new fills ({r['status']})"
    if r["status"] != "done":
        line += f"; the Data API failed: {r['error']} (a worker tries again later)"
    return line


def _progress_bar() -> Any:
    """A rich progress bar on stderr (shown only at a terminal) as a ``Progress`` callback."""
    import contextlib

    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)

    @contextlib.contextmanager
    def bar() -> Any:
        with Progress(console=console, transient=True, disable=not console.is_terminal) as p:
            tasks: dict[str, Any] = {}

            def update(phase: str, done: int, total: int | None) -> None:
                if phase not in tasks:
                    tasks[phase] = p.add_task(f"{phase} rows", total=total)
                p.update(tasks[phase], completed=done, total=total)

            yield update

    return bar()


def _iso_option(name: str, text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return None
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{name}: not an ISO date or time: {text!r}") from None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _portfolio_backtest(
    path: Path,
    since: str | None,
    until: str | None,
    delay_seconds: int,
    fee_rate_bps: int,
    settings: Any,
    as_json: bool,
) -> None:
    """``backtest --portfolio``: docs/backtest.md, "A portfolio of leaders"."""
    import datetime as dt

    from polycopy.backtest.history import HistoryError
    from polycopy.backtest.portfolio import load_portfolio, run_portfolio
    from polycopy.backtest.run import NoHistory, RuleFileError
    from polycopy.kit.money import from_micros

    try:
        report = run_portfolio(
            load_portfolio(path),
            since=_iso_option("--from", since),
            until=_iso_option("--to", until),
            delay_seconds=delay_seconds,
            fee_rate_bps=fee_rate_bps,
            stale_after=dt.timedelta(seconds=settings.stale_buy_after_seconds),
        )
    except (HistoryError, NoHistory, RuleFileError) as exc:
        raise ConfigError(str(exc)) from None
    payload = report.as_json()
    lines = [
        f"{r['wallet']}  weight {r['weight']}  budget {from_micros(r['budget_micros']):,.2f}  "
        f"copies {r['copies']}  skips {r['skips']}  PnL {from_micros(r['pnl_micros']):,.2f}"
        for r in payload["leaders"]
    ]
    lines.append(
        f"portfolio: copies {payload['copies']}  skips {payload['skips']}  "
        f"PnL {from_micros(payload['pnl_micros']):,.2f}  "
        f"max drawdown {from_micros(payload['max_drawdown_micros']):,.2f}"
    )
    _emit(payload, as_json=as_json, text="\n".join(lines))


def _backtest_text(r: dict[str, Any]) -> str:
    from polycopy.kit.money import from_micros

    def usd(micros: int | None) -> str:
        return "n/a" if micros is None else f"{from_micros(micros):,.2f}"

    reasons = ", ".join(f"{k} {v}" for k, v in r["skips_by_reason"].items()) or "none"
    share = r["proportional"]
    ratio = (
        [
            f"proportional: budget {usd(share['budget_micros'])} ÷ leader value "
            f"{usd(share['leader_value_micros'])} = ×{share['ratio']} of each leader trade"
        ]
        if share
        else []
    )
    return "\n".join(
        (
            *ratio,
            f"fills {r['fills']}: copied {r['copies']}, skipped {r['skips']} ({reasons})",
            f"capital needed {usd(r['capital_needed_micros'])} pUSD; "
            f"fees {usd(r['fees_micros'])}; slippage cost {usd(r['slippage_cost_micros'])}",
            f"follower PnL {usd(r['pnl_micros'])} (realised {usd(r['realized_pnl_micros'])}, "
            f"unrealised {usd(r['unrealized_pnl_micros'])}); "
            f"leader PnL {usd(r['leader_pnl_micros'])}",
        )
    )


def main() -> None:
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"polycopy: invalid settings: {exc}", err=True)
        sys.exit(2)
    except PolycopyError as exc:
        typer.echo(f"polycopy: {exc}", err=True)
        sys.exit(1)

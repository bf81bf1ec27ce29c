"""``archive serve``, ``archive user …`` and ``archive token …`` (registered by cli.py)."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import threading
from pathlib import Path

import click

from archive_service.catalog import Catalog
from archive_service.config import Config
from archive_service.errors import InputRejectedError
from archive_service.storage import write_atomic
from archive_service.supervisor import WorkerSupervisor, start_worker
from archive_service.users import CLEARANCE_LABELS, ROLES, Users

log = logging.getLogger("archive.serve")


def _catalog(ctx: click.Context) -> Catalog:
    root = ctx.find_root()
    if "catalog" not in root.meta:
        root.meta["catalog"] = Catalog(root.obj)
    return root.meta["catalog"]


def register(main: click.Group) -> None:
    """Add the web-related commands to the ``archive`` group."""
    main.add_command(serve)
    main.add_command(web)
    main.add_command(user)
    main.add_command(token)


# --- users and tokens ---------------------------------------------------------------------------

@click.group()
def user() -> None:
    """User accounts (roles: admin, archivist, staff)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--clearance", type=click.IntRange(0, 3), default=0, show_default=True,
              help="Highest confidentiality the user may see: 0 none, 1 Mật, 2 Tối mật, 3 Tuyệt mật.")
@click.option("--password", help="Default: asked for (hidden).")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, clearance: int, password: str | None) -> None:
    """Create user NAME."""
    password = password or click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    acc = Users(_catalog(ctx)).add(name, role, password=password, clearance=clearance, by="cli")
    click.echo(f"Đã tạo người dùng {acc.name} ({acc.role}, được xem: "
               f"{CLEARANCE_LABELS[acc.clearance]}).")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """All users."""
    for acc in Users(_catalog(ctx)).list():
        state = "" if acc.active else " (khóa)"
        click.echo(f"{acc.name:24} {acc.role:10} {CLEARANCE_LABELS[acc.clearance]}{state}")


@click.group()
def token() -> None:
    """API tokens (Authorization: Bearer …)."""


@token.command("create")
@click.argument("name")
@click.pass_context
def token_create(ctx: click.Context, name: str) -> None:
    """Create an API token for user NAME and print it (it is shown only once)."""
    click.echo(Users(_catalog(ctx)).create_token(name, by="cli"))


# --- serve --------------------------------------------------------------------------------------

def first_admin(catalog: Catalog, config: Config) -> str:
    """Make sure someone can log in; return how (printed at start). Several web nodes
    starting at once on an empty catalog make one admin: the others find it."""
    from sqlalchemy.exc import IntegrityError

    try:
        return _first_admin(catalog, config)
    except (IntegrityError, InputRejectedError):
        if not Users(catalog).any_admin():
            raise
        # another node created it between our look and our insert (as a row the database
        # refused, or as the name found taken)
        return "Đăng nhập bằng một tài khoản đã có."


def _first_admin(catalog: Catalog, config: Config) -> str:
    users = Users(catalog)
    password = config.get("admin_password")
    if password:
        if users.ensure_admin(password):
            return "Đã tạo tài khoản quản trị: admin (mật khẩu là ARCHIVE_ADMIN_PASSWORD)."
        return "Đăng nhập bằng một tài khoản đã có."
    if users.any_admin():
        return "Đăng nhập bằng một tài khoản đã có (tạo thêm: archive user add TÊN --role …)."
    if users.list():
        return ("Chưa có quản trị viên: chạy `archive user add TÊN --role admin` "
                "hoặc đặt ARCHIVE_ADMIN_PASSWORD rồi khởi động lại.")
    # An empty archive started without a password: make one, as a first-run convenience, and
    # keep it in a file only the owner can read.
    password = secrets.token_urlsafe(12)
    users.add("admin", "admin", password=password, clearance=3)
    path = config.data_dir / "initial_admin_password"
    write_atomic(path, (password + "\n").encode())
    os.chmod(path, 0o600)
    return (f"Đã tạo tài khoản quản trị đầu tiên: admin / {password}\n"
            f"  (mật khẩu cũng lưu trong {path}; hãy đổi nó ở trang Quản trị).")


def _check_index(catalog: Catalog) -> None:
    """Check the index against the catalog (state, count, ids); repair it in the background
    when it is lost, outdated, corrupt or incomplete."""
    from archive_service import indexing

    health = indexing.inspect_index(catalog)
    if not health.healthy:
        log.warning("search index does not match the catalog (%s): repairing it in the "
                    "background", health.describe())
        indexing.heal_in_background(catalog, health)


def server_limits(config: Config) -> dict[str, int]:
    """Waitress's limits: many connections (a stalled client holds one, but no thread), a
    silent one closed after ARCHIVE_CHANNEL_TIMEOUT, bounded headers and bodies. In
    production a reverse proxy in front (deploy/nginx/archive.conf) times out slow clients."""
    timeout = max(1, config.get("channel_timeout"))
    limit = max(1, config.get("connection_limit"))
    _raise_open_files(limit + 200)  # SQLite, the index, logs and the worker's pipes beside them
    return {
        "connection_limit": limit,
        "channel_timeout": timeout,
        "cleanup_interval": max(1, min(30, timeout // 2)),
        "max_request_header_size": 64 * 1024,
        # twice the upload limit: the app answers a clear message up to there
        "max_request_body_size": 2 * config.max_upload_bytes + 16 * 1024 * 1024,
    }


def _raise_open_files(wanted: int) -> None:
    """Raise this process's open-file limit towards ``wanted`` (up to the hard limit)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        if new < wanted:
            log.warning("open files limited to %d: lower ARCHIVE_CONNECTION_LIMIT", new)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--threads", type=int, default=8, show_default=True, help="Web server threads.")
@click.pass_context
def web(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Run the web app alone (a web node): no worker, no intake folder. It reads the search
    index and never writes it when ARCHIVE_INDEXER=1. Needs the settings of the other hosts
    (ARCHIVE_DATA_DIR, ARCHIVE_DATABASE_URL, ARCHIVE_REDIS_URL, ARCHIVE_INDEXER, the index
    folder, mounted read-only if you like) and ARCHIVE_SECRET_KEY, the same on every web node."""
    ctx.invoke(serve, host=host, port=port, threads=threads, workers=0, no_worker=True,
               intake=False)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--threads", type=int, default=8, show_default=True, help="Web server threads.")
@click.option("--workers", type=int, default=0, help="Worker processes (default: ARCHIVE_WORKERS or cores).")
@click.option("--no-worker", is_flag=True, help="Serve only; run `archive worker` elsewhere.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, workers: int, no_worker: bool,
          intake: bool = True) -> None:
    """Run the web app (waitress), the worker and the nightly job, until stopped."""
    from waitress import create_server

    from archive_service.web import create_app

    config: Config = ctx.find_root().obj
    catalog = _catalog(ctx)
    how = first_admin(catalog, config)
    _check_index(catalog)
    app = create_app({"ARCHIVE_CONFIG": config})
    server = create_server(app, host=host, port=port, threads=threads, ident="archive",
                           **server_limits(config))
    stop = threading.Event()
    supervisor = None if no_worker else WorkerSupervisor(lambda: start_worker(workers or None))
    if supervisor is not None:
        supervisor.start()
        app.extensions["archive_worker"] = supervisor
    intake_dir = config.get("intake_dir") if intake else ""
    if intake_dir:
        from archive_service.watch import IntakeFolder

        folder = Path(intake_dir)
        folder.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=IntakeFolder(catalog, folder).run, args=(stop,), name="intake",
                         daemon=True).start()

    def shutdown(signum, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shutdown)
    url = f"http://{host}:{server.effective_port}/"
    click.echo(f"Kho lưu trữ đang chạy tại {url}\n{how}", err=True)
    if config.separate_indexer:
        click.echo("ARCHIVE_INDEXER=1: chỉ mục tìm kiếm chỉ do `archive indexer` ghi "
                   "(hãy chạy đúng một tiến trình như vậy).", err=True)
    if intake_dir:
        click.echo(f"Thư mục nhận tệp: {intake_dir}", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        click.echo("Đang dừng…", err=True)
        stop.set()
        server.close()
        if supervisor is not None:
            supervisor.stop()

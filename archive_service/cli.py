"""The ``archive`` command. The only module that may import every package."""

from __future__ import annotations

import gettext
import importlib
import json
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from tqdm import tqdm

from archive_service.config import Config
from archive_service.errors import ArchiveError, DiskFullError, is_disk_full
from archive_service.storage import sha256_file

if TYPE_CHECKING:
    from archive_service.catalog import Catalog

log = logging.getLogger("archive")
CLI_TRANSLATIONS = Path(__file__).with_name("cli_translations")


def _use_cli_language(language: str) -> None:
    """Click's own messages (usage errors, help headings) in Vietnamese unless asked for
    English: Click translates them with the process-wide gettext domain ``messages``."""
    if language == "vi":
        gettext.bindtextdomain("messages", str(CLI_TRANSLATIONS))
        os.environ["LANGUAGE"] = "vi"


_use_cli_language(Config().get("cli_language"))


def _setup_logging(config: Config) -> None:
    level = config.get("log_level").upper()
    logging.basicConfig(level=level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if level != "DEBUG":  # the catalog's migrations, pikepdf's start: news only when debugging
        for name in ("alembic", "pikepdf"):
            logging.getLogger(name).setLevel(logging.WARNING)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


@contextmanager
def _progress(total: int, desc: str) -> Iterator[tqdm]:
    bar = tqdm(total=total, desc=desc, unit="doc", disable=not sys.stderr.isatty() or total < 2)
    try:
        yield bar
    finally:
        bar.close()


# Modules that add commands of their own (``register(main)``), imported only when one of their
# commands is asked for or listed: `archive extract` starts without the catalog, SQLAlchemy,
# Flask and Whoosh (1.1 s of imports).
COMMAND_MODULES = ("archive_service.web.commands", "archive_service.cli_records")


class ArchiveGroup(click.Group):
    """Turns ArchiveError into a clear message and its exit code, never a traceback; loads the
    commands of ``COMMAND_MODULES`` when first needed."""

    _registered = False

    def _register_all(self) -> None:
        if not self._registered:
            self._registered = True
            for name in COMMAND_MODULES:
                importlib.import_module(name).register(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and not self._registered:
            self._register_all()
            found = super().get_command(ctx, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register_all()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            click.echo(f"Lỗi: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (OSError, _database_error()) as exc:
            if not is_disk_full(exc):
                _unexpected(ctx, exc)
            click.echo(f"Lỗi: {DiskFullError.MESSAGE}", err=True)
            ctx.exit(DiskFullError.exit_code)
        except Exception as exc:  # noqa: BLE001 — the last word of a command line tool
            _unexpected(ctx, exc)


def _database_error() -> type[Exception]:
    from sqlalchemy.exc import SQLAlchemyError  # imported once an error is being matched

    return SQLAlchemyError


def _unexpected(ctx: click.Context, exc: BaseException) -> None:
    """An error no one foresaw: one line for the person, the traceback in the log (DEBUG)."""
    log.debug("unexpected error", exc_info=exc)
    click.echo(f"Lỗi không lường trước ({type(exc).__name__}): {exc}. Lệnh đã dừng; chạy "
               "lại với ARCHIVE_LOG_LEVEL=DEBUG để xem chi "
               "tiết kỹ thuật.", err=True)
    ctx.exit(1)


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="archive-service", prog_name="archive",
                      message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Kho lưu trữ văn bản hành chính — records archive for Vietnamese state agencies."""
    config = Config()
    _setup_logging(config)
    ctx.obj = config


def _catalog(ctx: click.Context) -> Catalog:
    from archive_service.catalog import Catalog

    if "catalog" not in ctx.meta:
        ctx.meta["catalog"] = Catalog(ctx.obj)
    return ctx.meta["catalog"]


# --- ingest ------------------------------------------------------------------------------------

@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def extract(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Run the whole pipeline on FILE and print the result; nothing is stored."""
    from ingest.pipeline import extract_fields, preload, read_document

    config: Config = ctx.obj
    preload(config)  # once, before read_document forks a process per page
    result = read_document(file, config, workers=config.workers)
    fields = extract_fields(result, file.name, config)
    data = {
        "sha256": sha256_file(file),
        "kind": result.kind,
        "pages": [{"number": p.number, "source": p.source, "text": p.text,
                   "confidence": p.mean_conf, "rotation": p.rotation, "skew": p.skew,
                   "seconds": p.seconds, "error": p.error or None} for p in result.pages],
        "text": "\n\n".join(p.text for p in result.pages),
        "metadata": {k: v.value for k, v in fields.items()},
        "metadata_confidence": {k: round(v.confidence, 3) for k, v in fields.items()},
        "metadata_review": sorted(k for k, v in fields.items() if v.review),
    }
    if as_json:
        _echo_json(data)
        return
    for name, value in data["metadata"].items():
        click.echo(f"{name:18} {value}")
    for page in result.pages:
        if page.error:
            click.echo(f"Trang {page.number}: {page.error}", err=True)
    click.echo()
    click.echo(data["text"])


def _iter_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file())
        else:
            yield path


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--wait", is_flag=True, help="Process the queue in this process before returning.")
@click.option("--batch", "as_batch", is_flag=True,
              help="Record the files as one upload batch (shown at /uploads/<batch>).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], wait: bool, as_batch: bool) -> None:
    """Add files (or folders, recursively) to the archive: one JSON line per file."""
    from archive_service.batches import Batches

    config: Config = ctx.obj
    catalog = _catalog(ctx)
    lines: list[dict[str, Any]] = []
    rejected = 0
    batches = Batches(catalog)
    batch = batches.create(by="cli", source="cli") if as_batch else None
    for path in _iter_files(paths):
        try:
            r = (batches.add_file(batch, path, user="cli") if batch
                 else catalog.add_file(path, user="cli"))
            line = {"path": str(path), "id": r.id, "status": r.status, "duplicate": r.duplicate}
        except ArchiveError as exc:
            rejected += 1
            line = {"path": str(path), "id": None, "status": "rejected", "duplicate": False,
                    "error": exc.message}
        if batch:
            line["batch"] = batch
        if wait:
            lines.append(line)
        else:
            _echo_json(line)
    if wait:
        from ingest.worker import process_pending

        ids = len(catalog.queued_ids())
        with _progress(ids, "OCR") as bar:
            process_pending(config, workers=config.workers, progress=bar.update)
        for line in lines:
            if line["id"] is not None:
                line["status"] = catalog.get(line["id"]).state
            _echo_json(line)
    if rejected:
        ctx.exit(3)


@main.command()
@click.option("--workers", type=int, default=0, help="Processes (default: ARCHIVE_WORKERS or cores).")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also schedule the minute's recovery run and the nightly job (with Redis: on "
                   "one worker host only).")
@click.pass_context
def worker(ctx: click.Context, workers: int, periodic: bool) -> None:
    """Process the queue until stopped (Ctrl-C). Needs ARCHIVE_DATA_DIR (shared by all hosts),
    and on several hosts ARCHIVE_DATABASE_URL, ARCHIVE_REDIS_URL, ARCHIVE_WORKER_NAME."""
    from ingest.worker import run_worker

    config: Config = ctx.obj
    _catalog(ctx)  # runs migrations once, before the processes start
    run_worker(config, workers=workers or config.workers, periodic=periodic)


@main.command()
@click.pass_context
def indexer(ctx: click.Context) -> None:
    """Write the search index from the catalog's outbox until stopped: the only writer of the
    index when ARCHIVE_INDEXER=1 (run exactly one, on the host that holds ARCHIVE_INDEX_DIR)."""
    import signal

    from archive_service import indexer as index_writer

    config: Config = ctx.obj
    if not config.separate_indexer:
        click.echo("Lỗi: đặt ARCHIVE_INDEXER=1 cho mọi tiến trình của dịch vụ trước khi chạy "
                   "`archive indexer` (nếu không, mỗi tiến trình tự ghi chỉ mục).", err=True)
        ctx.exit(2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        index_writer.run(_catalog(ctx), stop)
    except KeyboardInterrupt:
        stop.set()


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="Scan once (after the settle time) and exit.")
@click.option("--settle", type=float, default=2.0, show_default=True,
              help="Seconds a file must stop growing before it is taken.")
@click.pass_context
def watch(ctx: click.Context, folder: Path, once: bool, settle: float) -> None:
    """Watch an intake FOLDER: stable files are ingested, then moved to done/ or rejected/."""
    from archive_service.watch import IntakeFolder

    folder.mkdir(parents=True, exist_ok=True)
    intake = IntakeFolder(_catalog(ctx), folder, settle=settle)
    if once:
        intake.scan_once()
        threading.Event().wait(settle + 0.1)
        for path, outcome in intake.scan_once():
            _echo_json({"path": str(path), "status": outcome})
        return
    stop = threading.Event()
    try:
        intake.run(stop)
    except KeyboardInterrupt:
        stop.set()


# --- records -----------------------------------------------------------------------------------

@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Counts by state, and failures with their reasons."""
    catalog = _catalog(ctx)
    counts = catalog.status_counts()
    failures = [{"id": d.id, "name": d.original_name, "error": d.error} for d in catalog.failures()]
    outbox = catalog.pending_index_requests()  # what `archive indexer` has still to write
    if as_json:
        _echo_json({"counts": counts, "failures": failures, "index_outbox": outbox})
        return
    labels = {"queued": "chờ xử lý", "processing": "đang xử lý", "done": "xong", "failed": "lỗi"}
    for state, n in counts.items():
        click.echo(f"{state:11} ({labels[state]}): {n}")
    if outbox:
        click.echo(f"chờ lập chỉ mục (archive indexer): {outbox}")
    for f in failures:
        click.echo(f"  #{f['id']} {f['name']}: {f['error']}")


@main.command()
@click.argument("doc_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, doc_id: int, as_json: bool) -> None:
    """One document: state, metadata (corrections on top), pages, related documents, archival
    copy."""
    from archive_service import archival
    from archive_service.catalog import document_json
    from archive_service.references import reference_json, related_documents

    catalog = _catalog(ctx)
    data = document_json(catalog.get(doc_id))
    cites, cited_by = related_documents(catalog, doc_id)
    data["references"] = {"cites": [reference_json(r) for r in cites],
                          "cited_by": [reference_json(r) for r in cited_by]}
    data["archival_copy"] = archival.copy_json(archival.get_copy(catalog, doc_id))
    if as_json:
        _echo_json(data)
        return
    click.echo(f"#{data['id']} {data['original_name']} [{data['status']}] "
               f"{data['page_count']} trang")
    if data["error"]:
        click.echo(f"Lỗi: {data['error']}")
    from archive_service.web.fields import LABELS, display  # labels as the web shows them

    for name, value in data["metadata"].items():
        flag = "  (cần kiểm tra)" if name in data["metadata_review"] else ""
        lines = display(name, value).splitlines() or ["—"]
        click.echo(f"  {str(LABELS.get(name, name)):20} {lines[0]}{flag}")
        for line in lines[1:]:
            click.echo(f"  {'':20} {line}")
    copy = data["archival_copy"]
    if copy is None:
        click.echo("Bản lưu trữ PDF/A: chưa có")
    elif copy["state"] == "ok":
        low = f", trang dưới 200 dpi: {copy['low_dpi_pages']}" if copy["low_dpi_pages"] else ""
        click.echo(f"Bản lưu trữ PDF/A-{copy['pdfa']}: {copy['sha256']} (đã kiểm tra){low}")
    else:
        click.echo(f"Bản lưu trữ PDF/A: lỗi — {copy['reason']}")
    _echo_references(data["references"])


def _echo_references(refs: dict[str, list[dict]]) -> None:
    """Related documents, both directions, one line each (văn bản liên quan)."""
    from archive_service.references import RELATION_LABELS

    for outgoing, items in ((True, refs["cites"]), (False, refs["cited_by"])):
        for r in items:
            doc = r["document"]
            label = RELATION_LABELS[r["relation"]][0 if outgoing else 1]
            if outgoing:
                what = " ".join(x for x in (r["doc_type"], r["number"] or r["name"]) if x)
                where = f"#{doc['id']}" if doc else "chưa có trong kho"
            else:
                what = " ".join(x for x in (doc["doc_type"], doc["number"]) if x)
                where = f"#{doc['id']}"
            click.echo(f"  {label}: {what or r['text']} ({where})")


@main.command()
@click.option("--relink", is_flag=True,
              help="Read the references again from the stored page text (no OCR), then link.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def references(ctx: click.Context, relink: bool, as_json: bool) -> None:
    """Related documents: read them from the stored text of every processed document (with
    --relink) and link them to the archived documents they name."""
    from archive_service import references as refs
    from archive_service.catalog import effective_metadata
    from archive_service.records import Page
    from ingest.metadata.references import extract_references

    catalog = _catalog(ctx)
    ids = [d.id for d in catalog.list_documents(state="done", limit=10**9)] if relink else []
    with _progress(len(ids), "references") as bar:
        for doc_id in ids:
            doc = catalog.get(doc_id)
            pages = [Page.from_dict(p.data) for p in doc.pages]
            found = extract_references(pages, own_number=effective_metadata(doc)["number"])
            refs.store_references(catalog, doc_id, [r.to_dict() for r in found], link=False)
            bar.update(1)
    with _progress(refs.count(catalog), "links") as bar:
        total, linked = refs.relink_all(catalog, progress=bar.update)
    if as_json:
        _echo_json({"documents": len(ids), "references": total, "linked": linked})
    else:
        click.echo(f"{len(ids)} văn bản được đọc lại; {total} trích dẫn, "
                   f"{linked} đã liên kết với văn bản trong kho.")


@main.command("list")
@click.option("--state", type=click.Choice(["queued", "processing", "done", "failed"]))
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_(ctx: click.Context, state: str | None, limit: int, as_json: bool) -> None:
    """The newest documents."""
    for doc in _catalog(ctx).list_documents(state=state, limit=limit):
        row = {"id": doc.id, "status": doc.state, "pages": doc.page_count,
               "name": doc.original_name}
        if as_json:
            _echo_json(row)
        else:
            click.echo(f"{doc.id:6} {doc.state:10} {doc.page_count:3} trang  {doc.original_name}")


@main.command()
@click.argument("doc_id", type=int)
@click.pass_context
def retry(ctx: click.Context, doc_id: int) -> None:
    """Queue a failed document again."""
    ok = _catalog(ctx).retry(doc_id, user="cli")
    click.echo("Đã đưa vào hàng đợi." if ok else "Văn bản không ở trạng thái lỗi.")


@main.command()
@click.argument("doc_ids", metavar="[DOC_ID]...", type=int, nargs=-1)
@click.option("--same-as", "same_as", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Also delete the documents whose original has the bytes of these files "
                   "(folders: every file inside), e.g. --same-as sample_docs.")
@click.option("--user", default="cli", show_default=True, help="Who deletes it (audit log).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete(ctx: click.Context, doc_ids: tuple[int, ...], same_as: tuple[Path, ...], user: str,
           yes: bool) -> None:
    """Delete records (catalog and index); the originals stay in the store, audited."""
    from archive_service import indexing

    catalog = _catalog(ctx)
    docs = [catalog.get(doc_id) for doc_id in doc_ids]
    docs += [doc for doc in (catalog.document_with_sha256(sha256_file(path))
                             for path in _iter_files(same_as)) if doc is not None]
    docs = list({doc.id: doc for doc in docs}.values())
    if not docs:
        raise click.UsageError("Không có văn bản nào để xóa: hãy cho số văn bản hoặc --same-as.")
    names = ", ".join(f"#{doc.id} ({doc.original_name})" for doc in docs)
    if not yes:
        click.confirm(f"Xóa {len(docs)} văn bản: {names}?", abort=True)
    for doc in docs:
        sha = indexing.delete_document(catalog, doc.id, user=user)
        click.echo(f"Đã xóa văn bản #{doc.id}; bản gốc vẫn lưu theo SHA-256 {sha}.")


@main.group()
def metadata() -> None:
    """Corrections and the review queue."""


@metadata.command("set")
@click.argument("doc_id", type=int)
@click.argument("field")
@click.argument("value")
@click.option("--user", default="cli", show_default=True, help="Who made the correction.")
@click.pass_context
def metadata_set(ctx: click.Context, doc_id: int, field: str, value: str, user: str) -> None:
    """Record a correction of FIELD (kept apart from the extracted value)."""
    from archive_service import indexing
    from archive_service.web.fields import parse_page_count, parse_recipients

    catalog = _catalog(ctx.find_root())
    parsed: Any = value
    if field == "recipients":  # bounded as in the web app
        parsed = parse_recipients(value)
    elif field == "page_count":
        parsed = parse_page_count(value)
    elif value.lower() in ("null", "none", ""):
        parsed = None
    catalog.set_correction(doc_id, field, parsed, user=user)
    indexing.index_documents(catalog, [doc_id])
    click.echo(f"#{doc_id} {field} = {parsed!r}")


@metadata.command("review")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def metadata_review(ctx: click.Context, as_json: bool) -> None:
    """Documents with fields marked for review."""
    for doc, names in _catalog(ctx.find_root()).review_queue(limit=1000):
        if as_json:
            _echo_json({"id": doc.id, "name": doc.original_name, "fields": names})
        else:
            click.echo(f"#{doc.id} {doc.original_name}: {', '.join(names)}")


# --- search and index --------------------------------------------------------------------------

@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance",
              show_default=True)
@click.option("--clearance", type=click.IntRange(0, 3), default=3, show_default=True,
              help="Highest confidentiality shown: 0 none, 1 Mật, 2 Tối mật, 3 Tuyệt mật.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], limit: int, page: int, sort: str,
           clearance: int, as_json: bool) -> None:
    """Search the archive: free text, "phrases", so: loai: coquan: nguoiky: nam: ngay:[a to b]."""
    from archive_service import indexing
    from index import QueryError, SearchRequest

    catalog = _catalog(ctx)
    request = SearchRequest(q=" ".join(query), page=page, per_page=limit, sort=sort,
                            clearance=clearance)
    try:
        with _index_errors():
            _repair_index(catalog)
            results = indexing.open_index(catalog).search(request)
    except QueryError as exc:
        click.echo(f"Lỗi cú pháp tìm kiếm: {exc}", err=True)
        ctx.exit(2)
    data = results.to_dict()
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{data['total']} kết quả" + (f" — có phải bạn muốn tìm: {data['suggestion']}"
                                              if data["suggestion"] else ""))
    for h in data["hits"]:
        click.echo(f"#{h['id']:>5} {h['number'] or '-':20} {h['issued_date'] or '-':10} "
                   f"{h['doc_type'] or '-':12} {(h['subject'] or '')[:60]}")


@main.command()
@click.option("--full", is_flag=True, help="Build a new index and swap it in atomically.")
@click.pass_context
def reindex(ctx: click.Context, full: bool) -> None:
    """Bring the search index up to date with the catalog."""
    from archive_service import indexing

    catalog = _catalog(ctx)
    if not indexing.writes_index(catalog):  # ARCHIVE_INDEXER: the index writer does it
        catalog.request_index([None], "rebuild" if full else "repair")
        catalog.request_index(catalog.stale_for_index())
        click.echo("Đã gửi yêu cầu cho tiến trình lập chỉ mục (archive indexer).")
        return
    if full:
        total = catalog.status_counts()["done"]
        with _progress(total, "index") as bar, _index_errors():
            n = indexing.rebuild(catalog, progress=bar.update)
        click.echo(f"Đã xây dựng lại chỉ mục: {n} văn bản.")
    else:
        with _index_errors():
            health = _index_health(catalog)
            total = len(catalog.stale_for_index())
            with _progress(total, "index") as bar:
                n = indexing.catch_up(catalog, progress=bar.update, health=health)
        click.echo(f"Đã cập nhật chỉ mục: {n} văn bản.")


@contextmanager
def _index_errors() -> Iterator[None]:
    """An index that cannot be read, repaired or rebuilt now: a message and exit code 7."""
    from index import QueryError, RebuildInProgressError, SearchIndexError

    try:
        yield
    except QueryError:
        raise
    except RebuildInProgressError:
        click.echo("Lỗi: một tiến trình khác đang xây dựng lại chỉ mục tìm kiếm; hãy thử lại "
                   "sau ít phút.", err=True)
        click.get_current_context().exit(7)
    except (SearchIndexError, OSError) as exc:
        click.echo(f"Lỗi: không dùng hoặc sửa được chỉ mục tìm kiếm ({exc}); hãy thử lại sau "
                   "hoặc chạy `archive reindex --full`.", err=True)
        click.get_current_context().exit(7)


def _index_health(catalog: Catalog) -> Any:
    """The index against the catalog; a mismatch is reported on stderr."""
    from archive_service import indexing

    health = indexing.inspect_index(catalog)
    if not health.healthy:
        click.echo(f"Cảnh báo: chỉ mục tìm kiếm không khớp với danh mục ({health.describe()}); "
                   "đang sửa lại từ danh mục…", err=True)
    return health


def _repair_index(catalog: Catalog) -> bool:
    """Report and repair a lost, damaged or incomplete index; True when it needed repair."""
    from archive_service import indexing

    health = _index_health(catalog)
    n = indexing.ensure_index(catalog, health)
    if not health.healthy:
        click.echo(f"Đã sửa chỉ mục tìm kiếm: {n} văn bản được lập chỉ mục lại.", err=True)
    return not health.healthy


@main.command()
@click.pass_context
def nightly(ctx: click.Context) -> None:
    """The nightly job (re-index, optimize, fixity check); for cron if not using `serve`."""
    from archive_service import indexing

    catalog = _catalog(ctx)
    with _index_errors():
        _index_health(catalog)
        result = indexing.nightly(catalog)
    _report_fixity(result)


def _report_fixity(result: Any) -> None:
    """The problems a fixity check found, one line each on stderr, by document."""
    if result.damaged:
        click.echo(f"{len(result.damaged)} tệp trong kho bị mất hoặc bị thay đổi (văn bản: "
                   f"{result.bad_documents}):", err=True)
    if result.unexpected:
        click.echo(f"Cảnh báo: {len(result.unexpected)} tệp trong kho không thuộc văn bản nào "
                   "(thường do một lần tải lên hay nhập gói bị ngắt giữa chừng):", err=True)
    for line in result.describe():
        click.echo(f"  {line}", err=True)


@main.command()
@click.option("--user", default="cli", show_default=True, help="Who runs it (recorded).")
@click.pass_context
def check(ctx: click.Context, user: str) -> None:
    """Fixity check of every stored file (missing, altered, unexpected; recorded), and the
    index against the catalog (a mismatch is reported and repaired)."""
    from archive_service import fixity

    catalog = _catalog(ctx)
    with _index_errors():
        repaired = _repair_index(catalog)
    if not repaired:
        click.echo("Chỉ mục tìm kiếm khớp với danh mục.")
    result = fixity.run_check(catalog, by=user)
    _report_fixity(result)
    if not result.ok:
        ctx.exit(6)
    click.echo("Tất cả tệp trong kho (bản gốc, bản lưu trữ PDF/A) còn nguyên vẹn "
               f"({result.checked} tệp của {result.documents} văn bản).")


# --- packages (BagIt) --------------------------------------------------------------------------

def _requester(catalog: Catalog, name: str | None) -> Any:
    """The active user called ``name`` (None when no name is given); exit code 4 otherwise."""
    from archive_service.errors import NotFoundError
    from archive_service.users import Users

    if not name:
        return None
    acc = Users(catalog).by_name(name)
    if acc is None or not acc.active:
        raise NotFoundError(f"Không có người dùng {name}.")
    return acc


@main.command("export")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--phong", "fonds", metavar="CODE", help="Only the documents of this phông.")
@click.option("--hoso", "file_code", metavar="CODE", help="Only the documents of this hồ sơ.")
@click.option("--query", metavar="Q", help="Only the documents this search finds.")
@click.option("--copies-only", is_flag=True,
              help="A dissemination package (DIP): no originals; clearance of --as respected.")
@click.option("--as", "as_user", metavar="USER",
              help="Who the package is for: documents they may not see are left out.")
@click.pass_context
def export(ctx: click.Context, dest: Path, fonds: str | None, file_code: str | None,
           query: str | None, copies_only: bool, as_user: str | None) -> None:
    """Write documents, metadata and mục lục as a BagIt bag at DEST (which must not exist)."""
    from archive_service.bags import Selection, export_bag

    catalog = _catalog(ctx)
    requester = _requester(catalog, as_user)
    result = export_bag(catalog, dest, selection=Selection(query, fonds, file_code),
                        copies_only=copies_only, requester=requester,
                        user=as_user or "cli")
    kind = "chỉ bản sao (DIP)" if result.package == "DIP" else "có bản gốc (AIP)"
    click.echo(f"Đã xuất {len(result.ids)} văn bản vào {result.dest} — gói {kind}.")
    if result.withheld:
        click.echo(f"{result.withheld} văn bản không được đưa vào vì người yêu cầu không được "
                   "xem.")
    for leftover in result.leftovers:
        click.echo(f"Thư mục {leftover.name} còn lại từ một lần xuất bị ngắt, không phải gói "
                   "hợp lệ: có thể xóa.", err=True)


@main.command("muc-luc")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--phong", "fonds", metavar="CODE", help="The file list (mục lục hồ sơ) of this phông.")
@click.option("--hoso", "file_code", metavar="CODE",
              help="The document list (mục lục văn bản) of this hồ sơ.")
@click.option("--query", metavar="Q", help="The document list of what this search finds.")
@click.option("--as", "as_user", metavar="USER",
              help="Leave out the documents this user may not see.")
@click.pass_context
def finding_aid(ctx: click.Context, out: Path, fonds: str | None, file_code: str | None,
                query: str | None, as_user: str | None) -> None:
    """Write a mục lục to OUT (.xlsx, .pdf or .csv): the file list of a phông (--phong), the
    document list of a hồ sơ (--hoso), else the document list of every document (or of a
    search)."""
    from archive_service.errors import InputRejectedError, NotFoundError
    from archive_service.filing import SYSTEM
    from archive_service.finding_aids import render
    from archive_service.record_aids import build_selected_aid

    if out.exists():
        raise InputRejectedError(f"Tệp {out.name} đã có: hãy chọn một tên chưa dùng.")
    if not out.parent.is_dir():
        raise NotFoundError(f"Không có thư mục {out.parent} để ghi mục lục vào.")
    catalog = _catalog(ctx)
    viewer = _requester(catalog, as_user) or SYSTEM
    aid = build_selected_aid(catalog, query=query, fonds=fonds, file=file_code, acc=viewer)
    render(aid, out)
    what = "hồ sơ" if fonds else "văn bản"
    click.echo(f"Đã ghi mục lục {len(aid.rows)} {what} vào {out}.")


@main.command("import")
@click.argument("bag", type=click.Path(path_type=Path))
@click.option("--user", default="cli", show_default=True, help="Who imports (audit log).")
@click.pass_context
def import_(ctx: click.Context, bag: Path, user: str) -> None:
    """Check a bag (folder or .zip) whole, then restore it whole; a bad bag changes nothing."""
    from archive_service.bags import import_bag

    result = import_bag(_catalog(ctx), bag, user=user)
    click.echo(f"Đã nhập {len(result.added)} văn bản mới; {len(result.existing)} văn bản đã có "
               f"(nhận ra theo SHA-256), thêm {result.corrections} chỉnh sửa.")
    if any(result.records.values()) or result.filed:
        click.echo(f"Thêm {result.records.get('fonds', 0)} phông, {result.records.get('files', 0)}"
                   f" hồ sơ mới; {result.filed} văn bản được lập vào hồ sơ theo gói.")
    if result.skipped:
        click.echo(f"{result.skipped} chỉnh sửa hạ độ mật không được áp dụng (cần yêu cầu giải "
                   "mật và người duyệt).")
    if result.repaired:
        click.echo(f"{result.repaired} bản gốc bị hỏng trong kho đã được khôi phục từ gói.")


@main.command("archival-copies")
@click.argument("doc_ids", nargs=-1, type=int)
@click.option("--missing", is_flag=True, help="Every done document without a checked copy "
              "(never written, or failed).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.pass_context
def archival_copies(ctx: click.Context, doc_ids: tuple[int, ...], missing: bool,
                    as_json: bool) -> None:
    """Write (again) the archival PDF/A-2b copy of documents, from the stored original and
    pages (no OCR), check it and record it."""
    from archive_service import archival
    from ingest.archival_copy import write_archival_copy

    catalog = _catalog(ctx)
    ids = list(doc_ids) + (archival.missing_copies(catalog) if missing else [])
    if not ids:
        click.echo("Không có văn bản nào cần ghi bản lưu trữ." if missing else
                   "Hãy cho số văn bản, hoặc --missing.")
        return
    failed = 0
    for doc_id in dict.fromkeys(ids):
        catalog.get(doc_id)  # NotFoundError for an unknown id
        outcome = write_archival_copy(catalog, doc_id, user="cli")
        failed += outcome.state != "ok"
        row = {"id": doc_id, "state": outcome.state, "sha256": outcome.sha256,
               "reason": outcome.reason, "low_dpi_pages": outcome.low_dpi_pages,
               "seconds": outcome.seconds}
        if as_json:
            _echo_json(row)
        else:
            click.echo(f"{doc_id:6} {outcome.state:6} {outcome.sha256 or outcome.reason}")
    if failed:
        ctx.exit(9)


if __name__ == "__main__":
    main()

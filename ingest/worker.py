"""Takes queued documents, runs the pipeline, writes the catalog, then the index.

A document that fails is marked failed with its reason and never blocks the others; a
worker killed mid-document loses nothing: the document is queued again on restart, and a
document it left processed but not indexed (killed inside the index commit) is indexed by the
recovery run (at start and every minute). A full disk is no fault of the document: it goes back
to the queue, untouched, once the catalog can be written again.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from PIL import Image

from archive_service import indexing, queue
from archive_service.catalog import Catalog, LeaseLostError, effective_metadata
from archive_service.config import Config
from archive_service.errors import ArchiveError, is_disk_full
from archive_service.records import Page
from archive_service.storage import PageImageStore
from ingest import pdf as pdfs
from ingest.pipeline import DocumentText, extract_fields, preload, read_document

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 1240  # 150 dpi across an A4 page
MAX_ATTEMPTS = 3
DISK_RETRY = 5.0  # seconds between two tries to put a document back while the disk is full

_catalog: Catalog | None = None


def get_catalog(config: Config) -> Catalog:
    """One catalog per process (worker processes are forked: each opens its own)."""
    global _catalog
    if _catalog is None or _catalog.config is not config:
        _catalog = Catalog(config, migrate=False)
    return _catalog


def process_document(config: Config, doc_id: int, *, page_workers: int = 1) -> str:
    """Claim and process one document; returns its final state (or 'skipped')."""
    catalog = get_catalog(config)
    me = catalog.worker_id()
    if not catalog.claim(doc_id, me):
        return "skipped"
    doc = catalog.get(doc_id)
    if doc.attempts > MAX_ATTEMPTS:
        catalog.fail(doc_id, f"Xử lý bị gián đoạn {MAX_ATTEMPTS} lần trên văn bản này; "
                             "hãy kiểm tra tệp rồi bấm thử lại.")
        return "failed"
    started = time.perf_counter()
    try:
        with holding_lease(catalog, doc_id, me):
            _note_progress(catalog, doc_id, "start")
            path = catalog.store.path_for(doc.sha256)
            result = read_document(path, config, workers=page_workers,
                                   progress=_reporter(catalog, doc_id))
            _note_progress(catalog, doc_id, "metadata")
            fields = extract_fields(result, doc.original_name, config,
                                    partial(catalog.known_signers, exclude=doc_id))
            images = save_page_images(config, doc_id, path, result)
            catalog.save_result(doc_id, result.pages, fields, images=images,
                                signed_at=result.signed_at, worker=me,
                                seconds=round(time.perf_counter() - started, 2))
        log.info("document %d done by %s (%d page(s), %.1f s)", doc_id, me, len(result.pages),
                 time.perf_counter() - started)
        store_references(catalog, doc_id, result.pages,
                         effective_metadata(catalog.get(doc_id))["number"])
        record_duplicates(catalog, doc_id)
    except LeaseLostError:
        log.warning("document %d: lease lost (another worker took it over); result dropped",
                    doc_id)
        return "lost"
    except ArchiveError as exc:
        log.warning("document %d failed: %s", doc_id, exc.message)
        return _fail(config, catalog, doc_id, exc.message, me)
    except Exception as exc:  # a bug or a broken file we did not foresee: record it, go on
        if is_disk_full(exc):
            return _put_back(config, catalog, doc_id, me)
        log.exception("document %d failed unexpectedly", doc_id)
        return _fail(config, catalog, doc_id,
                     f"Lỗi không mong đợi khi xử lý ({type(exc).__name__}: {exc}).", me)
    indexing.index_documents(catalog, [doc_id])
    _write_archival_copy(catalog, doc_id)
    return "done"


def _note_progress(catalog: Catalog, doc_id: int, stage: str, page: int | None = None,
                   pages: int | None = None) -> None:
    """Record in the catalog how far the document is (``trang k/n`` on the status and batch
    pages); a failure to record it never fails the document (a full disk still stops it)."""
    try:
        catalog.set_progress(doc_id, stage, page, pages)
    except Exception as exc:
        if is_disk_full(exc):
            raise
        log.warning("document %d: recording progress failed (%s)", doc_id, exc)


def _reporter(catalog: Catalog, doc_id: int):
    """``read_document``'s progress callback: each page read, recorded."""
    def report(page: int, pages: int) -> None:
        _note_progress(catalog, doc_id, "pages", page, pages)

    return report


def record_duplicates(catalog: Catalog, doc_id: int) -> list[int]:
    """Look for earlier records with the same number, issuer and date (a re-scan: "có thể trùng
    với #15"), recorded for an archivist to merge or keep both. A failure here is logged, never
    the document's."""
    from archive_service.duplicates import record_probable

    try:
        return record_probable(catalog, doc_id)
    except Exception as exc:
        if is_disk_full(exc):
            raise
        log.exception("document %d: looking for duplicates failed", doc_id)
        return []


@contextlib.contextmanager
def holding_lease(catalog: Catalog, doc_id: int, worker: str) -> Iterator[None]:
    """Renew ``worker``'s lease on the document every third of ARCHIVE_JOB_LEASE while the
    block runs, so a living worker never loses a long document; a dead one stops renewing
    and another worker takes the document over once the lease has run out."""
    stop = threading.Event()
    every = max(0.5, catalog.config.get("job_lease") / 3)

    def renew() -> None:
        while not stop.wait(every):
            try:
                if not catalog.renew(doc_id, worker):
                    return  # taken over: save_result will say so
            except Exception:  # a busy catalog: try again at the next beat
                log.warning("renewing the lease on document %d failed", doc_id, exc_info=True)

    beat = threading.Thread(target=renew, name=f"lease-{doc_id}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()


def _write_archival_copy(catalog: Catalog, doc_id: int) -> None:
    """The archival PDF/A copy, once the document is done and searchable: a failure is
    recorded on the copy (``archive archival-copies --missing`` retries), never on the document."""
    from ingest.archival_copy import write_archival_copy

    try:
        write_archival_copy(catalog, doc_id)
    except Exception:  # write_archival_copy records its own failures; this is a last guard
        log.exception("archival copy of document %d: not recorded", doc_id)


def _fail(config: Config, catalog: Catalog, doc_id: int, reason: str, worker: str | None = None
          ) -> str:
    """Mark the document failed; put it back in the queue when the disk is too full for that."""
    try:
        catalog.fail(doc_id, reason, worker)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        return _put_back(config, catalog, doc_id, worker)
    return "failed"


def _put_back(config: Config, catalog: Catalog, doc_id: int, worker: str | None = None) -> str:
    """The disk is full: wait until the catalog can be written, then queue the document again
    (if the queue itself cannot be written yet, the recovery run queues it)."""
    log.error("document %d: the disk is full; it goes back to the queue once space returns",
              doc_id)
    while True:
        try:
            if not catalog.release(doc_id, worker) and worker is not None:
                return "lost"  # another worker took it over meanwhile: it is not ours to queue
            break
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            time.sleep(DISK_RETRY)
    try:
        queue.enqueue_document(config, doc_id)
    except Exception:
        log.exception("queueing document %d again failed; the recovery run will", doc_id)
    return "queued"


def store_references(catalog: Catalog, doc_id: int, pages: list[Page],
                     own_number: str | None) -> int:
    """Read the documents the body cites (văn bản liên quan), store them and link them (the
    catalog also links earlier references that name this document). A failure here is logged,
    never the document's: ``archive references --relink`` reads them again. Returns the count."""
    from archive_service.references import store_references as store
    from ingest.metadata.references import extract_references

    try:
        refs = extract_references(pages, own_number=own_number)
        store(catalog, doc_id, [r.to_dict() for r in refs])
    except Exception as exc:
        if is_disk_full(exc):
            raise
        log.exception("document %d: reading its references failed", doc_id)
        return 0
    return len(refs)


def save_page_images(config: Config, doc_id: int, path: Path, result: DocumentText
                     ) -> dict[int, str]:
    """A JPEG of each upright page for the web viewer; returns page number → relative path."""
    out: dict[int, str] = {}
    for page in result.pages:
        image = result.previews.get(page.number) or _render_text_page(path, page, config)
        if image is None:
            continue
        out[page.number] = PageImageStore(config.pages_dir).put(doc_id, page.number, _jpeg(image))
    return out


def _render_text_page(path: Path, page: Page, config: Config) -> Image.Image | None:
    if page.source != "text":
        return None
    dpi = PREVIEW_WIDTH / (page.width / 72) if page.width else 150
    return pdfs.render_page(path, page.number - 1, dpi=round(dpi), max_pixels=config.get("max_pixels"))


def _jpeg(image: Image.Image) -> bytes:
    if image.width > PREVIEW_WIDTH:
        height = round(image.height * PREVIEW_WIDTH / image.width)
        image = image.resize((PREVIEW_WIDTH, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG", quality=80, optimize=True)
    return buf.getvalue()


# --- running the queue ----------------------------------------------------------------------

def process_pending(config: Config, *, workers: int, progress=None) -> dict[int, str]:
    """Process every queued document in this process's pool (``archive ingest --wait``)."""
    catalog = get_catalog(config)
    catalog.requeue_stale()
    ids = catalog.queued_ids()
    states: dict[int, str] = {}
    if not ids:
        return states
    if workers <= 1 or len(ids) == 1:
        for doc_id in ids:
            states[doc_id] = process_document(config, doc_id, page_workers=workers)
            if progress:
                progress(1)
        return states
    preload(config)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for doc_id, state in zip(ids, pool.map(_process_in_child, [config] * len(ids), ids),
                                 strict=True):
            states[doc_id] = state
            if progress:
                progress(1)
    return states


def _process_in_child(config: Config, doc_id: int) -> str:
    return process_document(config, doc_id)


def install_handlers(config: Config) -> None:
    """Register what the queue's tasks do in this process (worker side)."""
    queue.register_handler("process_document", lambda doc_id: process_document(config, doc_id))
    queue.register_periodic("recover", lambda: recover(config))
    queue.register_periodic("nightly", lambda: nightly(config))


def nightly(config: Config) -> None:
    """The nightly job (``indexing.nightly``), then the archival copies still missing (a
    worker killed before writing one, or one that failed) written again."""
    from ingest.archival_copy import write_missing_copies

    indexing.nightly(get_catalog(config))
    write_missing_copies(get_catalog(config))


def recover(config: Config) -> list[int]:
    """The recovery run: documents a dead worker left processing (or queued without a task)
    are queued again, and processed documents missing from the index (a worker killed between
    the catalog and the index commit, a full disk) are indexed; returns the ids queued again."""
    catalog = get_catalog(config)
    queued = catalog.requeue_stale()
    if not indexing.writes_index(catalog):
        return queued  # `archive indexer` catches the index up itself
    try:
        stale = catalog.stale_for_index()
        if stale:
            log.warning("indexing %d processed document(s) missing from the index", len(stale))
            indexing.index_documents(catalog, stale)
    except Exception:
        log.exception("catching the index up failed; the next recovery run tries again")
    return queued


def watch_leases(config: Config, stop: threading.Event) -> None:
    """Queue again, every third of ARCHIVE_JOB_LEASE (at most every minute), the documents
    whose worker died (its lease ran out, or its process is gone on this host): on several
    hosts this is how a document a dead host held is taken over. Runs in each worker process
    (every host's recovery may run at once: a document is taken back once)."""
    every = min(60.0, max(1.0, config.get("job_lease") / 3))
    while not stop.wait(every):
        try:
            for doc_id in get_catalog(config).requeue_stale():
                log.info("document %d queued again (its worker's lease ran out)", doc_id)
        except Exception:
            log.warning("looking for expired leases failed", exc_info=True)


def run_worker(config: Config, *, workers: int, periodic: bool = True) -> None:
    """Run the queue consumer with ``workers`` processes until interrupted.

    ``periodic``: also schedule the recovery run and the nightly job (on Redis, schedule them
    on one worker host only: every scheduler adds its own tasks to the shared queue)."""
    install_handlers(config)
    catalog = get_catalog(config)
    for doc_id in recover(config):
        log.info("document %d queued again after a crash", doc_id)
    if not config.get("redis_url"):  # the embedded queue may have lost tasks: refill it
        for doc_id in catalog.queued_ids():  # the catalog is the source of truth
            queue.enqueue_document(config, doc_id)
    catalog.db.dispose()  # connections must not cross the fork into worker processes
    preload(config)
    huey = queue.huey_for(config)

    @huey.on_startup(name="watch_leases")
    def start_watching() -> None:  # in each worker process, after the fork
        threading.Thread(target=watch_leases, args=(config, threading.Event()),
                         name="leases", daemon=True).start()

    consumer = huey.create_consumer(workers=workers, worker_type="process", periodic=periodic,
                                    check_worker_health=True, health_check_interval=5)
    consumer.run()

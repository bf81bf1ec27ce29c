"""The work queue (Huey): embedded SQLite by default, Redis when ARCHIVE_REDIS_URL is set.

The catalog stays the source of truth for each document's state; the queue only carries
"look at document N". Task bodies are registered by the process that runs them
(``ingest.worker`` for OCR), so the web app can enqueue without loading the OCR code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from huey import Huey, RedisHuey, SqliteHuey, crontab

from archive_service.config import Config

log = logging.getLogger(__name__)

_handlers: dict[str, Callable[[int], None]] = {}
_periodic: dict[str, Callable[[], None]] = {}


@cache
def get_huey(queue_path: str, redis_url: str) -> Huey:
    if redis_url:
        return RedisHuey("archive", url=redis_url, results=False)
    return SqliteHuey("archive", filename=queue_path, results=False, timeout=60)


def huey_for(config: Config) -> Huey:
    """The queue for this configuration, with its tasks declared."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    huey = get_huey(str(config.queue_path), config.get("redis_url"))
    _declare_tasks(huey, config)
    return huey


_declared: dict[int, dict[str, object]] = {}


def _declare_tasks(huey: Huey, config: Config) -> None:
    if id(huey) in _declared:
        return

    @huey.task(name="process_document")
    def process_document(doc_id: int) -> None:
        handler = _handlers.get("process_document")
        if handler is None:
            raise RuntimeError("no handler registered for process_document")
        handler(doc_id)

    hour, minute = (int(x) for x in config.get("nightly_at").split(":"))

    @huey.periodic_task(crontab(minute="*"), name="recover")
    def recover() -> None:
        _run_periodic("recover")

    @huey.periodic_task(crontab(hour=str(hour), minute=str(minute)), name="nightly")
    def nightly() -> None:
        _run_periodic("nightly")

    _declared[id(huey)] = {"process_document": process_document}


def _run_periodic(name: str) -> None:
    job = _periodic.get(name)
    if job is not None:
        job()


def register_handler(name: str, handler: Callable[[int], None]) -> None:
    """Set the function that runs a queued task (in the worker process)."""
    _handlers[name] = handler


def register_periodic(name: str, job: Callable[[], None]) -> None:
    """Set the function run by a periodic task: ``recover`` (every minute) or ``nightly``."""
    _periodic[name] = job


def enqueue_document(config: Config, doc_id: int) -> None:
    """Ask a worker to process document ``doc_id``."""
    huey = huey_for(config)
    task = _declared[id(huey)]["process_document"]
    task(doc_id)  # type: ignore[operator]


def pending_document_ids(config: Config) -> set[int]:
    """Documents that have a ``process_document`` task waiting in the queue."""
    huey = huey_for(config)
    return {task.args[0] for task in huey.pending()
            if task.name == "process_document" and task.args}

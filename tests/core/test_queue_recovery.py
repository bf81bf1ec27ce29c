"""The periodic recovery queues again a document left 'queued' without a queue task (issue
12.5: accepted while the disk was full), not only a restart of the worker."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import update

from archive_service import queue
from archive_service.catalog import Catalog, now
from archive_service.models import Document


def add(catalog: Catalog, tmp: Path, n: int, *, enqueue: bool) -> int:
    source = tmp / f"scan{n}.png"
    Image.new("L", (300 + n, 200), 255).save(source, format="PNG")
    return catalog.add_file(source, enqueue=enqueue).id


def age(catalog: Catalog, seconds: int) -> None:
    """Every document has been waiting ``seconds``."""
    with catalog.db.session() as s:
        s.execute(update(Document).values(updated_at=now() - timedelta(seconds=seconds)))


def tasks_for(catalog: Catalog) -> list[int]:
    huey = queue.huey_for(catalog.config)
    return sorted(t.args[0] for t in huey.pending() if t.name == "process_document")


def test_periodic_recovery_requeues_a_document_without_a_task(catalog, tmp_path,
                                                               monkeypatch) -> None:
    from ingest.worker import install_handlers

    monkeypatch.setattr(queue, "_periodic", {})
    monkeypatch.setattr(queue, "_handlers", {})
    orphan = add(catalog, tmp_path, 1, enqueue=False)  # its task was never written
    queued = add(catalog, tmp_path, 2, enqueue=True)
    assert tasks_for(catalog) == [queued]
    install_handlers(catalog.config)
    queue._run_periodic("recover")  # what the worker runs every minute
    assert tasks_for(catalog) == [queued]  # too recent: its task may be being written
    age(catalog, 3600)  # an hour later: still no task
    queue._run_periodic("recover")
    assert tasks_for(catalog) == sorted([orphan, queued])  # one task each, none duplicated
    queue._run_periodic("recover")
    assert tasks_for(catalog) == sorted([orphan, queued])

"""The worker: a failure is recorded and never blocks the others; a killed worker loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive_service.catalog import Catalog
from archive_service.errors import OcrError
from ingest import _tesseract
from ingest.worker import process_pending
from tests.conftest import make_config, pick_sample


def test_a_failed_document_is_marked_with_its_reason_and_others_go_on(catalog, monkeypatch):
    first = catalog.add_file(pick_sample(kind="png")["path"], enqueue=False)
    second = catalog.add_file(pick_sample(kind="jpeg")["path"], enqueue=False)
    real = _tesseract.ocr_image
    calls = []

    def crash_once(*args, **kwargs):  # fault injection at the one wrapper module
        calls.append(1)
        if len(calls) == 1:
            raise OcrError("Tesseract báo lỗi (mã 134): Segmentation fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(_tesseract, "ocr_image", crash_once)
    states = process_pending(catalog.config, workers=1)
    assert states == {first.id: "failed", second.id: "done"}
    failed = catalog.get(first.id)
    assert failed.state == "failed" and "Tesseract báo lỗi" in failed.error
    assert [d.id for d in catalog.failures()] == [first.id]

    assert catalog.retry(first.id)
    assert process_pending(catalog.config, workers=1) == {first.id: "done"}
    done = catalog.get(first.id)
    assert done.error is None and done.page_count == 1 and done.pages[0].data["text"]


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "archive_service.cli", "worker", "--workers", "1"],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _wait_for(catalog: Catalog, doc_id: int, state: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if catalog.get(doc_id).state == state:
            return
        time.sleep(0.2)
    raise AssertionError(f"document {doc_id} never reached {state!r} "
                         f"(now {catalog.get(doc_id).state!r})")


def test_worker_killed_mid_document_loses_nothing(tmp_path: Path):
    sample = pick_sample(min_pages=2)
    data_dir = tmp_path / "data"
    catalog = Catalog(make_config(data_dir))
    added = catalog.add_file(sample["path"])  # queued in the embedded Huey queue
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data_dir), ARCHIVE_LOG_LEVEL="WARNING")

    worker = _start_worker(env)
    try:
        _wait_for(catalog, added.id, "processing", timeout=60)
        os.killpg(worker.pid, signal.SIGKILL)  # kill -9, consumer and its worker process
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert catalog.get(added.id).state == "processing"

    worker = _start_worker(env)
    try:
        _wait_for(catalog, added.id, "done", timeout=240)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    doc = catalog.get(added.id)
    assert doc.attempts == 2
    assert doc.page_count == len(sample["pages"])
    assert all(p.data["text"].strip() for p in doc.pages)
    assert catalog.store.verify(doc.sha256)


@pytest.mark.parametrize("workers", [2])
def test_ingest_wait_processes_in_parallel(catalog, workers):
    ids = [catalog.add_file(pick_sample(kind=k)["path"], enqueue=False).id for k in ("png", "webp")]
    states = process_pending(catalog.config, workers=workers)
    assert states == dict.fromkeys(ids, "done")
    for doc_id in ids:
        doc = catalog.get(doc_id)
        assert doc.indexed_at is not None
        assert (catalog.config.pages_dir / doc.pages[0].image).is_file()


@pytest.mark.parametrize("known_by", ["person", "two_readings"])
def test_the_worker_completes_a_doubtful_signer_from_a_known_name(catalog, tmp_path, known_by):
    """The sample's signer reads ``Phạm Thị Kim Chỉ`` (a speck over the i), flagged; a reviewer
    confirmed ``Phạm Thị Kim Chi`` on another document of the same committee, or the extractor
    read that name without a flag on two others."""
    from PIL import Image

    from archive_service.records import FieldValue, Page

    root = Path(__file__).resolve().parents[2] / "sample_docs"
    for size in ((300, 200), (310, 200))[: 1 if known_by == "person" else 2]:
        other = tmp_path / f"other{size[0]}.png"
        Image.new("L", size, 255).save(other)
        earlier = catalog.add_file(other, enqueue=False).id
        assert catalog.claim(earlier)
        catalog.save_result(earlier, [Page(number=1, text="")],
                            {"issuer": FieldValue("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", 0.9),
                             "signer": FieldValue("Phạm Thị Kim Chi", 0.9,
                                                  review=known_by == "person")})
        if known_by == "person":
            catalog.set_correction(earlier, "signer", "Phạm Thị Kim Chi", user="vanthu",
                                   kind="confirmation")
    doc = catalog.add_file(root / "cv_ubnd_dong_thap_khan_2023", enqueue=False)
    assert process_pending(catalog.config, workers=1) == {doc.id: "done"}
    signer = next(f for f in catalog.get(doc.id).fields if f.name == "signer")
    assert signer.value == "Phạm Thị Kim Chi" and signer.review

"""`archive check` and the nightly job check every stored file and record each run (issue 13).

Real SQLite catalog, real files in the content-addressed store, documents processed from
typed pages (no OCR) and, for the archival PDF/A copies, a real sample ingested by the worker
(`archive ingest --wait`); the command run in-process.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import select

from archive_service import archival, fixity
from archive_service.catalog import Catalog
from archive_service.cli import main
from archive_service.models import CheckRun
from archive_service.records import FieldValue, Page
from tests.conftest import catalog_env, load_samples

COPY_SAMPLE = "bc_so_tai_chinh_an_giang_2023"  # a born-digital PDF: quick to process


def process(catalog: Catalog, tmp: Path, n: int) -> int:
    source = tmp / f"doc{n}.png"
    Image.new("L", (300 + n, 200), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, enqueue=False).id
    assert catalog.claim(doc_id)
    catalog.save_result(doc_id, [Page(number=1, text=f"Thông báo số {n}", mean_conf=95.0)],
                        {"subject": FieldValue(f"Thông báo số {n}", 0.9)})
    return doc_id


@pytest.fixture
def archive(catalog: Catalog, tmp_path: Path) -> tuple[Catalog, list[int]]:
    return catalog, [process(catalog, tmp_path, n) for n in range(3)]


def cli(catalog: Catalog, *args: str):
    return CliRunner(env=catalog_env(catalog.config)).invoke(main, list(args))


def runs(catalog: Catalog) -> list[CheckRun]:
    with catalog.db.session() as s:
        return list(s.scalars(select(CheckRun).order_by(CheckRun.id)))


def original(catalog: Catalog, doc_id: int) -> Path:
    return catalog.store.path_for(catalog.get(doc_id).sha256)


def flip_byte(path: Path) -> None:
    os.chmod(path, 0o644)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def test_a_clean_check_is_recorded(archive):
    catalog, ids = archive
    result = cli(catalog, "check")
    assert result.exit_code == 0, result.output
    assert "còn nguyên vẹn (3 tệp của 3 văn bản)" in result.stdout
    [run] = runs(catalog)
    assert (run.checked, run.documents, run.failed_count, run.failures, run.by) == (3, 3, 0, [], "cli")
    assert run.finished_at >= run.started_at


def test_a_flipped_byte_in_an_original_is_reported_and_recorded(archive):
    catalog, ids = archive
    flip_byte(original(catalog, ids[1]))
    result = cli(catalog, "check")
    assert result.exit_code == 6, result.output
    assert f"#{ids[1]} bản gốc bị thay đổi" in result.stderr
    [run] = runs(catalog)
    assert run.failed_count == 1 and run.checked == 3
    [failure] = run.failures
    assert failure["document_id"] == ids[1] and failure["problem"] == "altered"
    assert failure["role"] == "original" and failure["path"].startswith("originals/")
    assert fixity.last_run(catalog).id == run.id


def test_missing_and_unexpected_files_are_reported_by_document(archive):
    catalog, ids = archive
    original(catalog, ids[0]).unlink()
    stray = catalog.store.root / "ab" / "cd" / ("ab" + "cd" + "0" * 60)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"not from any document")
    (catalog.store.root / ".incoming-x").write_bytes(b"a write in progress is not a file yet")
    deleted = ids[2]
    catalog.delete_document(deleted, user="lan")  # its original stays in the store, on purpose
    result = cli(catalog, "check")
    assert result.exit_code == 6
    problems = {(f["document_id"], f["problem"]) for f in runs(catalog)[-1].failures}
    assert problems == {(ids[0], "missing"), (None, "unexpected")}
    assert f"#{ids[0]} bản gốc bị mất" in result.stderr
    assert "không thuộc văn bản nào" in result.stderr and ".incoming" not in result.stderr


def test_the_nightly_job_records_its_run(archive):
    catalog, ids = archive
    flip_byte(original(catalog, ids[0]))
    result = cli(catalog, "nightly")
    assert result.exit_code == 0, result.output
    assert f"#{ids[0]} bản gốc bị thay đổi" in result.stderr
    [run] = runs(catalog)
    assert run.by == "nightly" and run.failed_count == 1


def test_a_file_of_no_document_is_a_recorded_warning_not_damage(archive):
    catalog, ids = archive
    stray = catalog.store.root / "ff" / "ee" / ("ffee" + "1" * 60)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"an upload cut short before its commit")
    result = cli(catalog, "check", "--user", "lan")
    assert result.exit_code == 0, result.output
    assert "Cảnh báo: 1 tệp trong kho không thuộc văn bản nào" in result.stderr
    [run] = runs(catalog)
    assert run.by == "lan" and run.failures[0]["problem"] == "unexpected"


def test_a_flipped_byte_in_an_archival_copy_is_reported_and_recorded(catalog):
    [sample] = [s for s in load_samples() if s["name"] == COPY_SAMPLE]
    ingested = cli(catalog, "ingest", "--wait", str(sample["path"]))
    assert ingested.exit_code == 0, ingested.output
    doc_id = json.loads(ingested.stdout.splitlines()[0])["id"]
    copy = archival.get_copy(catalog, doc_id)
    assert copy is not None and copy.state == "ok", copy and copy.reason
    clean = cli(catalog, "check")
    assert clean.exit_code == 0, clean.output
    assert "(2 tệp của 1 văn bản)" in clean.stdout  # the original and its archival copy
    path = archival.store_for(catalog).path_for(copy.sha256)
    flip_byte(path)
    result = cli(catalog, "check")
    assert result.exit_code == 6, result.output
    assert f"#{doc_id} bản lưu trữ PDF/A bị thay đổi" in result.stderr
    run = runs(catalog)[-1]
    assert (run.checked, run.documents, run.failed_count) == (2, 1, 1)
    [failure] = run.failures
    assert failure["document_id"] == doc_id and failure["problem"] == "altered"
    assert failure["role"] == "archival_copy" and failure["path"].startswith("archival/")
    assert failure["sha256"] == copy.sha256
    # Lost, and a file of no document beside it (a copy being built is not a file yet).
    path.unlink()
    stray = catalog.config.archival_dir / "ab" / "cd" / ("abcd" + "2" * 60)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.7 of no document")
    building = catalog.config.archival_dir / ".build-x" / "copy.pdf"
    building.parent.mkdir()
    building.write_bytes(b"%PDF-1.7 half written")
    result = cli(catalog, "check")
    assert result.exit_code == 6
    problems = {(f["document_id"], f["role"], f["problem"]) for f in runs(catalog)[-1].failures}
    assert problems == {(doc_id, "archival_copy", "missing"), (None, "archival_copy", "unexpected")}
    assert f"#{doc_id} bản lưu trữ PDF/A bị mất" in result.stderr and ".build" not in result.stderr

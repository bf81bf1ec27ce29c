"""The `archive` command on real files: extract, ingest --wait, show, metadata, search."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive_service.catalog import Catalog
from archive_service.cli import main
from tests.conftest import make_config, pick_sample, words_of


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A data dir holding one processed sample, and a runner bound to it."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    sample = pick_sample(kind="png", degradation="seal")
    env = {"ARCHIVE_DATA_DIR": str(data_dir), "ARCHIVE_WORKERS": "2"}
    runner = CliRunner(env=env)
    result = runner.invoke(main, ["ingest", "--wait", str(sample["path"])])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert line["status"] == "done" and line["duplicate"] is False
    return runner, line["id"], sample, Catalog(make_config(data_dir))


def run(runner, *args) -> dict:
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_extract_prints_the_contract_and_stores_nothing(tmp_path):
    sample = pick_sample(kind="webp")
    runner = CliRunner(env={"ARCHIVE_DATA_DIR": str(tmp_path / "data")})
    data = run(runner, "extract", str(sample["path"]))
    assert {"sha256", "pages", "text", "metadata", "metadata_confidence"} <= set(data)
    page = data["pages"][0]
    assert {"number", "source", "text", "confidence", "rotation", "skew", "seconds"} <= set(page)
    assert page["source"] == "ocr" and page["number"] == 1
    truth_words = set(words_of(sample["pages"][0]))
    assert len(truth_words & set(words_of(data["text"]))) / len(truth_words) > 0.95
    assert set(data["metadata"]) >= {"number", "issued_date", "issuer", "doc_type", "subject"}
    assert all(0 <= c <= 1 for c in data["metadata_confidence"].values())
    assert not (tmp_path / "data" / "originals").exists()


def test_show_status_and_list(archive):
    runner, doc_id, sample, _ = archive
    shown = run(runner, "show", str(doc_id))
    assert shown["status"] == "done" and shown["page_count"] == len(sample["pages"])
    assert set(shown["metadata"]) >= {"number", "issued_date", "signer", "recipients"}
    assert shown["pages"][0]["engine"].startswith("tesseract")
    status = run(runner, "status")
    assert status["counts"]["done"] == 1 and status["failures"] == []
    listed = runner.invoke(main, ["list", "--json"])
    assert json.loads(listed.stdout.splitlines()[0])["id"] == doc_id
    # as people read it: Vietnamese labels, dd/mm/yyyy, one recipient a line, no Python reprs
    text = runner.invoke(main, ["show", str(doc_id)]).output
    assert "Số và ký hiệu" in text and "Nơi nhận" in text and "issued_date" not in text
    assert "None" not in text and "['" not in text
    day = shown["metadata"]["issued_date"]
    if day:
        assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in text
    for recipient in shown["metadata"]["recipients"] or []:
        assert any(line.strip() == recipient for line in text.splitlines()
                   if line.strip()) or recipient in text


def test_correction_is_kept_apart_shown_and_searchable(archive):
    runner, doc_id, _, catalog = archive
    result = runner.invoke(main, ["metadata", "set", str(doc_id), "subject",
                                  "Về việc chỉnh lý tài liệu phông lưu trữ", "--user", "lan"])
    assert result.exit_code == 0, result.output
    shown = run(runner, "show", str(doc_id))
    assert shown["metadata"]["subject"] == "Về việc chỉnh lý tài liệu phông lưu trữ"
    assert shown["corrections"][-1]["user"] == "lan"
    assert shown["extracted"]["subject"] != shown["metadata"]["subject"]
    found = run(runner, "search", "chinh ly tai lieu phong luu tru")
    assert [h["id"] for h in found["hits"]][:1] == [doc_id]

    # Re-extraction (the document processed again) never overwrites the correction.
    from ingest.worker import process_document

    with catalog.db.session() as s:
        from archive_service.models import Document

        s.get(Document, doc_id).state = "queued"
    assert process_document(catalog.config, doc_id) == "done"
    again = run(runner, "show", str(doc_id))
    assert again["metadata"]["subject"] == "Về việc chỉnh lý tài liệu phông lưu trữ"


def test_bad_field_name_is_refused(archive):
    runner, doc_id, _, _ = archive
    result = runner.invoke(main, ["metadata", "set", str(doc_id), "colour", "red"])
    assert result.exit_code == 3 and "Trường không hợp lệ" in result.output


def test_review_queue_lists_flagged_fields(archive):
    runner, doc_id, _, catalog = archive
    flagged = [f.name for f in catalog.get(doc_id).fields if f.review]
    result = runner.invoke(main, ["metadata", "review", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    if flagged:
        assert rows and rows[0]["id"] == doc_id and set(rows[0]["fields"]) <= set(flagged)
    else:
        assert rows == []


def test_unknown_document_is_a_clear_error(archive):
    runner, *_ = archive
    result = runner.invoke(main, ["show", "999999"])
    assert result.exit_code == 4 and "Không có văn bản số 999999" in result.output


def test_full_reindex_rebuilds_from_the_catalog(archive):
    runner, doc_id, _, catalog = archive
    result = runner.invoke(main, ["reindex", "--full"])
    assert result.exit_code == 0 and "1 văn bản" in result.output, result.output
    found = run(runner, "search", "chinh ly tai lieu phong luu tru")
    assert [h["id"] for h in found["hits"]] == [doc_id]
    assert set(found) >= {"total", "hits", "facets", "suggestion"}
    doc = catalog.get(doc_id)
    assert doc.indexed_at is not None and doc.indexed_at >= doc.updated_at


def test_delete_removes_the_record_from_catalog_and_search_and_audits_it(archive, tmp_path):
    runner, doc_id, sample, catalog = archive
    assert run(runner, "search", "chinh ly tai lieu phong luu tru")["total"] == 1
    sha = catalog.get(doc_id).sha256
    nothing = runner.invoke(main, ["delete", "--yes"])
    assert nothing.exit_code == 2 and "Không có văn bản nào để xóa" in nothing.output
    # the documents ingested from a folder (the samples) are found again by their bytes
    folder = tmp_path / "samples"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "copy.bin").write_bytes(sample["path"].read_bytes())
    (folder / "never-ingested.txt").write_text("không phải văn bản trong kho")
    result = runner.invoke(main, ["delete", "--same-as", str(folder), "--yes", "--user", "lan"])
    assert result.exit_code == 0, result.output
    assert f"Đã xóa văn bản #{doc_id};" in result.output and result.output.count("Đã xóa") == 1
    assert run(runner, "search", "chinh ly tai lieu phong luu tru")["total"] == 0
    assert runner.invoke(main, ["show", str(doc_id)]).exit_code == 4
    assert catalog.store.verify(sha)  # the original itself is kept
    assert not (catalog.config.pages_dir / str(doc_id)).exists()
    from archive_service.models import AuditEntry

    with catalog.db.session() as s:
        entry = s.query(AuditEntry).filter_by(action="delete", document_id=doc_id).one()
    assert entry.user == "lan" and sha in entry.detail


def test_version_short_help_and_a_quiet_first_start(tmp_path):
    import subprocess
    import sys

    runner = CliRunner(env={"ARCHIVE_DATA_DIR": str(tmp_path / "data")})
    version = runner.invoke(main, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("archive ")
    for args in (["-h"], ["show", "-h"]):
        helped = runner.invoke(main, args, prog_name="archive")
        assert helped.exit_code == 0 and helped.output.startswith("Cách dùng: archive")
    # usage errors a Vietnamese archivist understands (English on request)
    wrong = runner.invoke(main, ["list", "--state", "x"], prog_name="archive")
    assert wrong.exit_code == 2 and "Giá trị không hợp lệ cho '--state'" in wrong.output
    missing = runner.invoke(main, ["show"], prog_name="archive")
    assert missing.exit_code == 2 and "Thiếu tham số 'DOC_ID'" in missing.output
    # a new data dir: the catalog is created by its migrations, which say nothing
    started = subprocess.run([sys.executable, "-c", "from archive_service.cli import main; main()",
                              "status"], capture_output=True, text=True, timeout=120,
                             env={**__import__("os").environ, "ARCHIVE_DATA_DIR": str(tmp_path / "d2")})
    assert started.returncode == 0, started.stderr
    assert "alembic" not in started.stderr and "chờ xử lý" in started.stdout
    english = subprocess.run([sys.executable, "-c", "from archive_service.cli import main; main()",
                              "show"], capture_output=True, text=True, timeout=120,
                             env={**__import__("os").environ, "ARCHIVE_DATA_DIR": str(tmp_path / "d2"),
                                  "ARCHIVE_CLI_LANGUAGE": "en"})
    assert english.returncode == 2 and "Missing argument 'DOC_ID'" in english.stderr


def test_an_unforeseen_error_is_one_line_without_a_traceback(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data"
    data.mkdir()
    (data / "catalog.sqlite3").write_bytes(b"this is no database " * 100)
    env = {"ARCHIVE_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "archive_service.cli", "status"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Lỗi không lường trước (DatabaseError)" in done.stderr
    assert (data / "catalog.sqlite3").read_bytes().startswith(b"this is no database")

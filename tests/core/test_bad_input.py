"""Every bad input gets a clear message and leaves the archive exactly as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive_service.cli import main
from archive_service.errors import InputRejectedError, TooLargeError
from tests.core import badfiles


def snapshot(catalog) -> tuple:
    files = sorted(p.relative_to(catalog.config.data_dir).as_posix()
                   for p in catalog.config.originals_dir.rglob("*") if p.is_file())
    return catalog.status_counts(), files


CASES = {
    "zero-byte": (lambda p: (p.write_bytes(b""), p)[1], "rỗng"),
    "truncated-png": (badfiles.truncated_png, "cắt cụt"),
    "truncated-jpeg": (badfiles.truncated_jpeg, "cắt cụt"),
    "corrupt-pdf": (badfiles.corrupt_pdf, "PDF hỏng"),
    "truncated-pdf": (badfiles.truncated_pdf, "PDF hỏng"),
    "encrypted-pdf": (badfiles.encrypted_pdf, "mật khẩu"),
    "bomb-60000px": (badfiles.png_bomb, "quá lớn"),
    "unsupported-zip": (badfiles.zip_file, "không được hỗ trợ"),
    "text-file": (lambda p: (p.write_text("xin chào", encoding="utf-8"), p)[1], "không được hỗ trợ"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_refused_and_nothing_changes(case, catalog, tmp_path):
    good = catalog.add_file(badfiles.good_png(tmp_path / "good.png"), enqueue=False)
    before = snapshot(catalog)
    build, message = CASES[case]
    bad = build(tmp_path / f"{case}.bin")
    with pytest.raises(InputRejectedError) as err:
        catalog.add_file(bad, enqueue=False)
    assert message in err.value.message
    assert snapshot(catalog) == before
    assert catalog.store.verify(catalog.get(good.id).sha256)


def test_page_limit_is_configurable(tmp_path):
    from archive_service.catalog import Catalog
    from tests.conftest import make_config

    pdf = badfiles.blank_pdf(tmp_path / "long.pdf", pages=5000)
    catalog = Catalog(make_config(tmp_path / "data", max_pages=2000))
    with pytest.raises(TooLargeError, match="5000 trang"):
        catalog.add_file(pdf, enqueue=False)
    assert catalog.status_counts()["queued"] == 0
    roomy = Catalog(make_config(tmp_path / "data2", max_pages=6000))
    assert roomy.add_file(pdf, enqueue=False).status == "queued"


def test_upload_size_limit(tmp_path):
    from archive_service.catalog import Catalog
    from tests.conftest import make_config

    catalog = Catalog(make_config(tmp_path / "data", max_upload_mb=1))
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2 * 1024 * 1024))
    with pytest.raises(TooLargeError, match="giới hạn 1 MB"):
        catalog.add_file(big, enqueue=False)


@pytest.mark.parametrize("name", ["../../etc/passwd", "a\nb.png", "..\\..\\win.ini",
                                  "Quyết định số 15.png", "\x00evil.png", "."])
def test_hostile_names_are_kept_as_plain_names(name, catalog, tmp_path):
    path = badfiles.good_png(tmp_path / "x.png")
    result = catalog.add_file(path, original_name=name, enqueue=False)
    stored = catalog.get(result.id).original_name
    assert "/" not in stored and "\\" not in stored and "\n" not in stored and "\x00" not in stored
    assert stored
    outside = [p for p in catalog.config.data_dir.parent.rglob("*")
               if p.is_file() and "passwd" in p.name]
    assert outside == []


def test_duplicate_upload_gives_the_same_document(catalog, tmp_path):
    first = catalog.add_file(badfiles.good_png(tmp_path / "a.png"), enqueue=False)
    copy = tmp_path / "renamed-copy.jpg"
    copy.write_bytes((tmp_path / "a.png").read_bytes())
    second = catalog.add_file(copy, enqueue=False)
    assert second.duplicate and second.id == first.id
    assert not first.duplicate
    assert catalog.status_counts()["queued"] == 1


def test_cli_ingest_reports_each_file_and_exits_nonzero_on_rejects(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(tmp_path / "data"))
    good = badfiles.good_png(tmp_path / "good.png")
    bad = badfiles.encrypted_pdf(tmp_path / "secret.pdf")
    result = CliRunner().invoke(main, ["ingest", str(good), str(bad)])
    assert result.exit_code == 3, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(x["path"]).name, x["status"], x["duplicate"]) for x in lines] == [
        ("good.png", "queued", False), ("secret.pdf", "rejected", False)]
    assert "mật khẩu" in lines[1]["error"]
    again = CliRunner().invoke(main, ["ingest", str(good)])
    assert json.loads(again.stdout)["duplicate"] is True

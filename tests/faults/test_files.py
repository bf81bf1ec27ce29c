"""Odd and broken files through ``archive extract`` and the upload API: each processed or
refused with a clear message; no traceback, hang or memory blow-up (issue 12, fault trials;
every shared file: bench/faults.py files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.files import CRAFTED, HOSTILE, RSS_LIMIT_MB, run_files

pytestmark = pytest.mark.faults


def test_crafted_and_hostile_files_are_processed_or_refused(tmp_path: Path) -> None:
    if not HOSTILE.is_dir():
        pytest.skip(f"{HOSTILE} absent (the shared hostile files; CI has them as ../shared)")
    report = run_files(tmp_path, every=30)  # every crafted file, 3 PDFs and 5 images
    assert report.problems() == []
    extract = {o.name: o for o in report.extract}
    assert len(extract) >= len(CRAFTED) + 8
    for name in ("content_bomb.pdf", "png_bomb.png", "tiff_claiming_100000.tif",
                 "jpeg_claiming_60000.jpg", "many_pages.pdf", "forged_eof.pdf"):
        assert extract[name].result == "refused", extract[name]
    assert max(o.rss_mb for o in report.extract) < RSS_LIMIT_MB
    before, after = report.web_rss_mb
    assert after < before + 300, report.web_rss_mb  # the web process decodes no pixels


def test_pages_pdfplumber_misses_are_read_with_pdfium() -> None:
    """pdf.js's prefilled_f1040.pdf: pdfminer walks its page tree to 0 pages of 2, and the
    document ended 'done' with no page; every page is now read (with PDFium)."""
    from archive_service.config import Config
    from archive_service.intake import Limits, check_input
    from ingest.pipeline import _page_jobs

    path = HOSTILE / "pdfs" / "prefilled_f1040.pdf"
    if not path.exists():
        pytest.skip(f"{path} absent (the shared hostile files; CI has them as ../shared)")
    info = check_input(path, Limits.from_config(Config(env={})))
    assert [job.number for job in _page_jobs(path, info)] == [1, 2]

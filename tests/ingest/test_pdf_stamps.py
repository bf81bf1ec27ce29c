"""Born-digital PDFs e-signed with the number and the day stamped into the printed blanks.

The sample ``tb_ubnd_gia_lai_ky_so_2024.pdf`` (sample_docs/README.md, *E-signed*) has a text layer
``Số:      /TB-UBND`` / ``Gia Lai, ngày      tháng 10 năm 2024``; ``417`` and ``08`` exist only as
the appearances of small signature widgets. Larger signature widgets (the seal + signature over
the signature block, the "Ký bởi" box at the top) are not stamps and must not add words.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from archive_service.config import Config
from ingest import pdf as pdfs
from ingest.metadata import extract_metadata
from ingest.pipeline import read_document

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
ESIGNED = SAMPLES / "tb_ubnd_gia_lai_ky_so_2024.pdf"
PLAIN = SAMPLES / "kh_so_giao_duc_lam_dong_2025.pdf"  # born-digital, no signature fields
pytestmark = pytest.mark.skipif(not ESIGNED.exists() or not PLAIN.exists(),
                                reason="sample_docs/ has no generated documents")


@pytest.fixture(scope="module")
def esigned():
    return read_document(ESIGNED, Config(env={}))


def _truth(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_text_layer_leaves_the_blanks_empty():
    with pdfplumber.open(ESIGNED) as pdf:
        page = pdf.pages[0]
        words = [w["text"] for w in page.extract_words()]
        stamps = pdfs.signature_stamps(page)
    assert "Số:" in words and "/TB-UBND" in words
    assert "417" not in words and "08" not in words
    assert len(stamps) == 2  # number and day; the seal and the "Ký bởi" box are too tall


def test_read_document_adds_the_stamped_number_and_day_on_their_line(esigned):
    page = esigned.pages[0]
    assert page.source == "text"
    line = next(w.line for w in page.words if w.text == "Số:")
    assert next(w.line for w in page.words if w.text == "/TB-UBND") == line
    on_line = [w.text for w in page.words if w.line == line]
    assert "417" in on_line and "08" in on_line, on_line
    stamped = [w for w in page.words if w.block == -1]
    assert sorted(w.text for w in stamped) == ["08", "417"]  # nothing from the larger widgets
    number = next(w for w in stamped if w.text == "417")
    slash = next(w for w in page.words if w.text == "/TB-UBND")
    assert number.x1 <= slash.x0 + 2  # in the blank before the symbol


def test_signing_time_comes_from_the_first_signature(esigned):
    assert esigned.signed_at == datetime(2024, 10, 8, 14, 31, 5, tzinfo=timezone(timedelta(hours=7)))


def test_metadata_gets_the_stamped_number_and_date_exact(esigned):
    truth = _truth(ESIGNED)["metadata"]
    got = extract_metadata(esigned.pages, filename=ESIGNED.name, signed_at=esigned.signed_at)
    assert (got["number"].value, got["issued_date"].value) == ("417/TB-UBND", "2024-10-08")
    assert (truth["number"], truth["issued_date"]) == ("417/TB-UBND", "2024-10-08")
    assert not got["number"].review and not got["issued_date"].review


def test_a_page_without_signature_fields_gets_no_extra_words():
    with pdfplumber.open(PLAIN) as pdf:
        assert pdfs.signature_stamps(pdf.pages[0]) == []
        expected = pdfs.read_text_page(pdf.pages[0], 1)
    page = read_document(PLAIN, Config(env={})).pages[0]
    assert page.text == expected.text
    assert [w.text for w in page.words] == [w.text for w in expected.words]


def test_only_large_signature_fields_give_no_extra_words(tmp_path):
    """The e-signed sample with the number and day fields removed: the seal and the "Ký bởi"
    box still drawn as signature fields, yet no words are added and the blanks stay empty."""
    path = tmp_path / "no_stamps.pdf"
    with pikepdf.open(ESIGNED) as pdf:
        small = [a for a in pdf.pages[0].Annots
                 if float(a.Rect[3]) - float(a.Rect[1]) <= pdfs.MAX_STAMP_HEIGHT]
        assert len(small) == 2
        drop = {a.objgen for a in small}
        pdf.pages[0].Annots = pikepdf.Array([a for a in pdf.pages[0].Annots if a.objgen not in drop])
        pdf.Root.AcroForm.Fields = pikepdf.Array([f for f in pdf.Root.AcroForm.Fields
                                                  if f.objgen not in drop])
        pdf.save(path)
    with pdfplumber.open(path) as pdf:
        assert pdfs.signature_stamps(pdf.pages[0]) == []
        expected = pdfs.read_text_page(pdf.pages[0], 1)
    page = read_document(path, Config(env={})).pages[0]
    assert [w.text for w in page.words] == [w.text for w in expected.words]
    assert not any(w.block == -1 for w in page.words)

"""sample_docs/generate_varied.py: two documents of a fixed seed are written with well-formed truth
(same schema as the sample truth files), deterministically.  No OCR here (check_varied.py does that).
The committed born-digital PDFs made by LibreOffice (kind pdf-born-lo) have truth that matches their
text layer and their generator; one is regenerated when `soffice` is installed."""

from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from archive_service.records import METADATA_FIELDS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sample_docs"))

from _gen import varied as V  # noqa: E402

RASTER_KINDS = ["png", "jpeg", "tiff", "pdf-scan", "pdf-scan-nores"]


@pytest.fixture(scope="module")
def families():
    try:
        return V.available_families()
    except RuntimeError as e:  # a machine without any of the fonts
        pytest.skip(str(e))


def _generate(out: Path, families, seed=3, count=2):
    paths = []
    for i in range(count):
        b = V.build(i, seed, families, RASTER_KINDS)
        paths.append(Path(V.write(b, str(out), seed)))
    return paths


def test_two_documents_well_formed(tmp_path, families):
    paths = _generate(tmp_path, families)
    sample = json.loads(next((ROOT / "sample_docs").glob("*.json")).read_text(encoding="utf-8"))
    for p in paths:
        assert p.exists() and 0 < p.stat().st_size < 1_600_000
        raw = p.with_suffix(".json").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw)
        t = json.loads(raw)
        assert list(t) == list(sample)  # the schema of the sample truth files
        assert t["file"] == p.name
        assert t["input_kind"] in set(V.INPUT_KIND.values())
        assert t["degradations"][0] == "varied-typesetting"
        m = t["metadata"]
        assert list(m) == list(METADATA_FIELDS)
        assert m["page_count"] == len(t["pages"]) >= 1
        assert m["language"] == "vi" and m["doc_type"] and m["number"] and m["signer"]
        assert len(m["issued_date"]) == 10 and m["issued_date"][4] == "-"
        page1 = t["pages"][0]
        lines = page1.split("\n")
        # one-line fields, and they are what page 1 prints
        sig_page = t["pages"][t["signature_page"] - 1]
        for field, page in (
            ("subject", page1),
            ("issuer", page1),
            ("signer", sig_page),
            ("signer_title", sig_page),
        ):
            assert "\n" not in m[field] and "  " not in m[field]
            assert m[field] in " ".join(page.split()), field
        assert f"Số: {m['number']}" in lines
        assert m["signer"] in "\n".join(t["pages"])
        for r in m["recipients"]:
            assert f"- {r}" in "\n".join(t["pages"])
        assert 1 <= t["signature_page"] <= m["page_count"]
        if t["input_kind"] != "pdf-born-digital":
            assert t["dpi"] and 150 <= t["dpi"] <= 400


def test_deterministic(tmp_path, families):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _generate(tmp_path / "a", families)
    b = _generate(tmp_path / "b", families)
    for x, y in zip(a, b, strict=True):
        assert x.name == y.name
        assert x.with_suffix(".json").read_bytes() == y.with_suffix(".json").read_bytes()
        assert x.read_bytes() == y.read_bytes()


# --- born-digital PDFs of the second producer (LibreOffice headless from a Flat ODT) -------------
VARIED = ROOT / "sample_docs" / "varied"


def _truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(VARIED.glob("v*_*.json"))]


def _lo_truths() -> list[dict]:
    return [t for t in _truths() if "libreoffice" in t["degradations"]]


@pytest.fixture(scope="module")
def all_families(families):
    """The committed set was drawn with every family installed (fonts-texgyre too): the same
    seed draws other documents without them."""
    if set(families) != set(V.FAMILIES):
        pytest.skip(f"font families missing: {sorted(set(V.FAMILIES) - set(families))}")
    return families


def test_libreoffice_documents_exist_with_truth():
    truths = _lo_truths()
    assert len(truths) >= 4
    sample = json.loads(next((ROOT / "sample_docs").glob("*.json")).read_text(encoding="utf-8"))
    for t in truths:
        pdf = VARIED / t["file"]
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
        assert list(t) == list(sample)
        assert t["input_kind"] == "pdf-born-digital" and t["dpi"] is None
        assert t["degradations"][:2] == ["varied-typesetting", "libreoffice"]
        m = t["metadata"]
        assert list(m) == list(METADATA_FIELDS)
        assert m["page_count"] == len(t["pages"]) and 1 <= t["signature_page"] <= m["page_count"]
        assert m["number"] and m["issued_date"] and m["issuer"] and m["subject"] and m["signer"]
        assert f"Số: {m['number']}" in t["pages"][0].split("\n")
        assert m["signer"] in t["pages"][t["signature_page"] - 1].split("\n")


def test_libreoffice_truth_matches_text_layer():
    """Word for word, page by page (pdfplumber's text in NFC), and the file says who made it."""
    import pdfplumber
    from _gen import lodoc

    for t in _lo_truths():
        pdf = VARIED / t["file"]
        lodoc.check_text_layer(str(pdf), [p.split("\n") for p in t["pages"]])
        with pdfplumber.open(pdf) as doc:
            assert doc.metadata["Producer"].startswith("LibreOffice")


def test_libreoffice_truth_is_the_generators(all_families):
    """The stored truth is what the generator draws for that seed and index (no LibreOffice needed)."""
    for t in _lo_truths():
        seed, index = (int(x) for x in t["file"][1:].split("_")[:2])
        b = V.build(index, seed, all_families, V.LO_KINDS)
        assert b.name + ".pdf" == t["file"]
        assert [unicodedata.normalize("NFC", "\n".join(p.truth)) for p in b.pages] == t["pages"]
        assert b.meta == t["metadata"] and b.degradations == t["degradations"]


def test_born_digital_from_two_producers():
    born = [t for t in _truths() if t["input_kind"] == "pdf-born-digital"]
    lo = [t for t in born if "libreoffice" in t["degradations"]]
    assert lo and len(lo) < len(born)  # fpdf2's and LibreOffice's
    tags = {g for t in lo for g in t["degradations"]}
    assert {"capitals-subject", "issuer-wrapped", "seal"} <= tags
    assert any(t["metadata"]["page_count"] > 1 for t in lo)
    assert any(t["metadata"]["doc_type"] == "Công văn" for t in lo)


def test_libreoffice_missing_is_a_clear_error(monkeypatch):
    from _gen import lodoc

    monkeypatch.setattr(lodoc.shutil, "which", lambda _name: None)
    with pytest.raises(RuntimeError, match="libreoffice-writer-nogui"):
        lodoc.soffice()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_document_regenerates(tmp_path, all_families):
    """The committed truth regenerates byte for byte, the PDF passes the text-layer check (in
    write) and a second run gives the same bytes."""
    name = _lo_truths()[0]["file"]
    seed, index = (int(x) for x in name[1:].split("_")[:2])
    paths = []
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        b = V.build(index, seed, all_families, V.LO_KINDS)
        paths.append(Path(V.write(b, str(tmp_path / sub), seed)))
    assert paths[0].name == name
    assert paths[0].with_suffix(".json").read_bytes() == (VARIED / name).with_suffix(".json").read_bytes()
    assert paths[0].read_bytes() == paths[1].read_bytes()


# --- citations of their period: no generated document cites one issued after it ----------------
def _cites_later(text: str, issued: str, number: str | None) -> bool:
    """The body cites a document later than ``issued`` (what doubt_date_before_citations flags)."""
    from datetime import date

    from ingest.metadata.references import extract_references_text, latest_cited

    cited = latest_cited(extract_references_text(text, own_number=number))
    return cited is not None and cited > date.fromisoformat(issued)


def test_committed_samples_cite_no_later_document():
    samples = sorted((ROOT / "sample_docs").glob("*.json"))
    for t in [json.loads(p.read_text(encoding="utf-8")) for p in samples] + _truths():
        m = t["metadata"]
        if m["issued_date"]:
            assert not _cites_later("\n".join(t["pages"]), m["issued_date"], m["number"]), t["file"]


def test_generated_documents_cite_no_later_document(families):
    """Recombined bodies drawn in any year (2016-2025) and DOCS documents with a redrawn day print
    the citations of their period (a Luật Lưu trữ of 2011 before 21 June 2024, …)."""
    for i in range(40):
        b = V.build(i, 5, families)
        text = "\n".join("\n".join(p.truth) for p in b.pages)
        assert not _cites_later(text, b.meta["issued_date"], b.meta["number"]), b.name
        if b.meta["issued_date"] < "2024-06-21":
            assert "Luật Lưu trữ năm 2024" not in text, b.name

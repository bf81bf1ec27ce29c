"""PDFs and pages that real archives hold and that once broke the reading of a whole document:
scans stored without their resolution, PDFs that pdfminer cannot parse, a page Tesseract or the
image preparation cannot read. Real Tesseract, real files built here."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from archive_service.cli import main
from archive_service.config import Config
from ingest.metadata import extract_metadata
from ingest.pipeline import read_document
from tests.conftest import load_samples, normalise_field, word_accuracy

CORE = ("number", "issued_date", "issuer", "doc_type", "subject", "signer")


def _sample(name: str) -> dict:
    return next(s for s in load_samples() if s["name"] == name)


def _image_pdf(image: Image.Image, target: Path, *, resolution: float) -> Path:
    """One scanned page as an image-only PDF, the image placed at ``resolution`` dpi."""
    image.convert("RGB").save(target, "PDF", resolution=resolution)
    return target


@pytest.fixture(scope="module")
def scan_at_96_and_300(tmp_path_factory) -> tuple[dict, Path, Path]:
    """A 300 dpi A4 scan as image PDFs twice: declared at 300 dpi, and without its resolution
    (placed at 96 dpi, a 26 × 36 in page, as image-to-PDF tools and phone apps write it)."""
    sample = _sample("tb_so_tai_chinh_can_tho_2022")
    folder = tmp_path_factory.mktemp("dpi")
    with Image.open(sample["path"]) as image:
        at_96 = _image_pdf(image, folder / "khong_do_phan_giai.pdf", resolution=96)
        at_300 = _image_pdf(image, folder / "300dpi.pdf", resolution=300)
    return sample, at_96, at_300


def test_a_scan_without_its_resolution_reads_as_well_as_at_300_dpi(scan_at_96_and_300):
    sample, at_96, at_300 = scan_at_96_and_300
    with pikepdf.open(at_96) as pdf:
        assert float(pdf.pages[0].mediabox[2]) / 72 > 25  # the page claims to be 26 in wide
    config = Config(env={})
    low, normal = read_document(at_96, config), read_document(at_300, config)
    page = low.pages[0]
    assert page.dpi == pytest.approx(300, abs=3)
    assert page.width == pytest.approx(normal.pages[0].width, abs=3)  # not 3× upscaled
    truth = sample["pages"][0]
    low_acc = word_accuracy(truth, page.text)
    assert low_acc >= 0.97
    assert low_acc >= word_accuracy(truth, normal.pages[0].text) - 0.005
    low_meta = extract_metadata(low.pages, filename=at_96.name)
    for field in CORE:
        assert normalise_field(field, low_meta[field].value) == \
            normalise_field(field, sample["metadata"][field]), field


def _deeply_nested_copy(source: Path, target: Path) -> Path:
    """``source`` with an annotation nested 1,500 levels deep: pdfminer recurses into it until
    Python's recursion limit (``MalformedPDFException: maximum recursion depth exceeded``), as on
    real signed PDFs; PDFium and qpdf read it."""
    with pikepdf.open(source) as pdf:
        deep = pikepdf.Array([1])
        for _ in range(1500):
            deep = pikepdf.Array([deep])
        widget = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig,
            Rect=[100, 100, 200, 120], Extra=deep))
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([widget]))
        pdf.save(target)
    return target


def test_a_pdf_pdfminer_cannot_parse_is_read_with_pdfium(tmp_path):
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException

    sample = _sample("qd_quy_dinh_van_thu_quang_ngai_2017")
    broken = _deeply_nested_copy(sample["path"], tmp_path / "ky_so.pdf")
    with pdfplumber.open(broken) as pdf, pytest.raises(MalformedPDFException):
        pdf.pages[0].annots  # noqa: B018 — the failure this test is about
    result = read_document(broken, Config(env={}))
    assert [p.source for p in result.pages] == ["text"] * len(sample["pages"])
    for page, truth in zip(result.pages, sample["pages"], strict=True):
        assert word_accuracy(truth, page.text) >= 0.99
    fields = extract_metadata(result.pages, filename=broken.name)
    for field in (*CORE, "signing_authority", "signer_title", "recipients"):
        assert normalise_field(field, fields[field].value) == \
            normalise_field(field, sample["metadata"][field]), field


def test_archive_extract_prints_no_traceback_on_such_a_pdf(tmp_path):
    sample = _sample("qd_quy_dinh_van_thu_quang_ngai_2017")
    broken = _deeply_nested_copy(sample["path"], tmp_path / "ky_so.pdf")
    runner = CliRunner(env={"ARCHIVE_DATA_DIR": str(tmp_path / "data")})
    result = runner.invoke(main, ["extract", str(broken), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metadata"]["number"] == "346/2017/QĐ-UBND"
    assert "Traceback" not in result.output


def test_one_unreadable_page_never_fails_the_document(tmp_path):
    """A two-page TIFF whose second page is a 40,000 × 2 pixel strip (no page preparation or
    Tesseract can read it): page 1 is read, page 2 is empty and says why."""
    page = Image.new("L", (1600, 500), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 48)
    ImageDraw.Draw(page).text((60, 180), "Quyết định về việc thành lập", font=font, fill=0)
    target = tmp_path / "hai_trang.tif"
    page.save(target, save_all=True, append_images=[Image.new("L", (40000, 2), 0)],
              dpi=(300, 300))
    result = read_document(target, Config(env={}))
    assert len(result.pages) == 2
    assert "Quyết định về việc thành lập" in result.pages[0].text
    assert not result.pages[0].error
    assert result.pages[1].text == "" and result.pages[1].error.startswith("Không")


def test_a_document_with_no_readable_page_fails_with_the_reason(tmp_path):
    from archive_service.errors import OcrError

    target = tmp_path / "dai.tif"
    Image.new("L", (40000, 2), 0).save(target, dpi=(300, 300))
    with pytest.raises(OcrError, match="^Không"):
        read_document(target, Config(env={}))

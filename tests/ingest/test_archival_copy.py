"""The archival copy: a checked PDF/A-2b for every input kind, written by the worker from the
stored pages (real Tesseract once per sample, real files, real pdftotext)."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from archive_service import _poppler, archival
from archive_service.archival_check import MIN_RECALL, fold_words, inspect_archival_copy
from archive_service.catalog import Catalog
from archive_service.cli import main
from ingest.archival_copy import check_stored_copy, expected_copy, write_archival_copy
from ingest.worker import process_pending
from tests.conftest import SAMPLES, make_config

pytestmark = pytest.mark.slow

# input kind → (sample, how its pages must be stored in the copy)
KINDS = {
    "jpeg-colour": ("cv_so_noi_vu_hau_giang_2024.jpg", ["jpeg-dct"]),
    "phone-photo": ("cv_ubnd_dong_thap_khan_2023", ["jpeg-dct"]),
    "png-sideways": ("tb_ket_luan_binh_dinh_2024.png", ["png-flate"]),
    "tiff-g4-multipage": ("kh_cai_cach_hanh_chinh_phong_dien_2021.tif",
                          ["tiff-ccitt-g4-one-strip"] * 2),
    "tiff-grey-sideways": ("bc_ubnd_xa_phu_huu_2019.tiff", ["flate-lossless"] * 2),
    "webp": ("gm_so_noi_vu_ha_noi_2025.webp", ["flate-lossless"]),
    "pdf-scanned-skewed": ("qd_ubnd_hau_giang_2023.pdf", ["pdf-scan"] * 2),
    "pdf-born-digital": ("kh_so_giao_duc_lam_dong_2025.pdf", ["pdf-text"]),
    "pdf-mixed": ("cv_bo_noi_vu_mat_2021.pdf", ["pdf-text", "pdf-scan"]),
    "pdf-garbage-text": ("nq_hdnd_soc_trang_2020.pdf", ["pdf-rendered"] * 2),
    # its e-signature stamps are drawn in Times-Roman, not embedded: the page becomes an image
    "pdf-e-signed": ("tb_ubnd_gia_lai_ky_so_2024.pdf", ["pdf-text-stamps-drawn"]),
    # an office PDF in Helvetica, not embedded: drawn as an image under its own text
    "pdf-unembedded-font": ("office_helvetica.pdf", ["pdf-text-rendered"]),
    "jpeg-120dpi": ("low_dpi_120.jpg", ["jpeg-dct"]),
    "pdf-rotated-cropped": ("rotated_90_cropped.pdf", ["pdf-scan"]),
}
MADE = {"low_dpi_120.jpg", "rotated_90_cropped.pdf", "office_helvetica.pdf"}  # made at test time
LINES = ["Uy ban nhan dan tinh Gia Lai thong bao ket luan cua Pho Chu tich",
         "ve tien do xay dung co so du lieu tai lieu luu tru dien tu cua tinh",
         "Cac so nganh phoi hop thuc hien va bao cao ket qua truoc ngay mot thang sau"]
SCANNED = {"jpeg-dct", "png-flate", "tiff-ccitt-g4-one-strip", "flate-lossless", "pdf-scan",
           "pdf-rendered", "pdf-text-rendered"}


def _low_dpi_scan(folder: Path) -> Path:
    """A real scan brought down to 120 dpi (under the 200 dpi the rules ask for)."""
    with Image.open(SAMPLES / "cv_so_noi_vu_hau_giang_2024.jpg") as image:
        small = image.resize((round(image.width * 0.6), round(image.height * 0.6)))
    path = folder / "low_dpi_120.jpg"
    small.save(path, format="JPEG", quality=85, dpi=(120, 120))
    return path


def _rotated_scan(folder: Path) -> Path:
    """A scanned PDF page shown turned by /Rotate 90 through a crop box off the origin."""
    path = folder / "rotated_90_cropped.pdf"
    with pikepdf.open(SAMPLES / "qd_ubnd_hau_giang_2023.pdf") as src, pikepdf.new() as out:
        out.pages.append(src.pages[0])
        page = out.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        page.obj.Rotate = 90
        page.obj.CropBox = [x0 + 10, y0 + 20, x1 - 5, y1 - 8]
        out.save(path)
    return path


def _office_pdf(folder: Path) -> Path:
    """A born-digital page set in Helvetica without embedding it (PDF/A forbids that)."""
    path = folder / "office_helvetica.pdf"
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page(page_size=(595, 842))
        font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding))
        page.add_resource(font, pikepdf.Name.Font, pikepdf.Name.F1)
        shown = " ".join(f"1 0 0 1 60 {760 - 20 * i} Tm ({line}) Tj" for i, line in enumerate(LINES))
        page.contents_add(pdf.make_stream(f"BT /F1 11 Tf {shown} ET".encode()))
        pdf.save(path)
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Catalog, dict[str, int]]:
    """Every kind ingested once by the worker (which writes the copies)."""
    root = tmp_path_factory.mktemp("archival")
    catalog = Catalog(make_config(root / "data", workers=1))
    _low_dpi_scan(root), _rotated_scan(root), _office_pdf(root)
    ids = {kind: catalog.add_file(root / name if name in MADE else SAMPLES / name,
                                  enqueue=False).id for kind, (name, _) in KINDS.items()}
    states = process_pending(catalog.config, workers=1)
    assert set(states.values()) == {"done"}, states
    yield catalog, ids
    catalog.db.dispose()


def _copy_path(catalog: Catalog, doc_id: int) -> Path:
    row = archival.get_copy(catalog, doc_id)
    assert row is not None and row.state == "ok", row and row.reason
    return archival.store_for(catalog).path_for(row.sha256)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_gets_a_checked_pdfa_copy(archive, kind):
    catalog, ids = archive
    doc = catalog.get(ids[kind])
    row = archival.get_copy(catalog, doc.id)
    assert doc.state == "done"
    assert row.state == "ok" and row.checked and row.pdfa == "2b" and not row.reason
    assert archival.store_for(catalog).verify(row.sha256)
    methods = [row.detail["methods"][str(n)] for n in range(1, doc.page_count + 1)]
    assert methods == KINDS[kind][1]
    scanned = sum(m in SCANNED for m in methods)
    assert row.detail["check"]["images_compared"] == scanned  # every scan's pixels compared
    with pikepdf.open(_copy_path(catalog, doc.id)) as pdf:
        assert len(pdf.pages) == doc.page_count
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
    assert check_stored_copy(catalog, doc.id).problems == []  # checked again from the catalog


@pytest.mark.parametrize("kind", KINDS)
def test_pdftotext_gives_back_each_page(archive, kind):
    catalog, ids = archive
    doc = catalog.get(ids[kind])
    pages = _poppler.pdftotext(_copy_path(catalog, doc.id), timeout=60)
    assert len(pages) == doc.page_count
    for row, extracted in zip(doc.pages, pages, strict=True):
        stored = fold_words(row.data["text"])
        if len(stored) < 5:
            continue
        found = fold_words(extracted)
        recall = sum(1 for w in set(stored) if w in found) / len(set(stored))
        assert recall >= MIN_RECALL, (row.number, sorted(set(stored) - set(found))[:10])


def _largest_image(page: pikepdf.Page) -> pikepdf.Stream:
    return max(page.get_images().values(), key=lambda im: int(im.Width) * int(im.Height))


def test_a_jpeg_goes_in_byte_for_byte_in_colour(archive):
    catalog, ids = archive
    original = (SAMPLES / KINDS["jpeg-colour"][0]).read_bytes()
    with pikepdf.open(_copy_path(catalog, ids["jpeg-colour"])) as pdf:
        image = _largest_image(pdf.pages[0])
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.read_raw_bytes() == original  # never recompressed
        assert image.ColorSpace == pikepdf.Name.DeviceRGB  # colour kept
        with Image.open(SAMPLES / KINDS["jpeg-colour"][0]) as scan:
            dpi = scan.info["dpi"][0]
            assert (int(image.Width), int(image.Height)) == scan.size
            box = [float(v) for v in pdf.pages[0].mediabox]
            assert box[2] == pytest.approx(scan.width * 72 / dpi, abs=0.01)  # 100% scale


def test_a_png_keeps_its_compressed_data(archive):
    catalog, ids = archive
    data = (SAMPLES / KINDS["png-sideways"][0]).read_bytes()
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    with pikepdf.open(_copy_path(catalog, ids["png-sideways"])) as pdf:
        image = _largest_image(pdf.pages[0])
        assert image.read_raw_bytes() == idat and image.DecodeParms.Predictor == 15
        # the page stays as scanned (sideways): the text layer is what was turned
        assert float(pdf.pages[0].mediabox[2]) > float(pdf.pages[0].mediabox[3])


def test_a_scanned_pdf_keeps_its_page_images(archive):
    catalog, ids = archive
    original = SAMPLES / KINDS["pdf-scanned-skewed"][0]
    with pikepdf.open(original) as src, pikepdf.open(_copy_path(catalog, ids["pdf-scanned-skewed"])) as copy:
        for before, after in zip(src.pages, copy.pages, strict=True):
            assert _largest_image(after).read_raw_bytes() == _largest_image(before).read_raw_bytes()


def test_the_text_layer_lands_where_pdfium_draws_the_page(archive):
    """The rotated, cropped page: each word's glyphs, mapped to the displayed page by PDFium
    itself, fall inside the word's box on the scan as PDFium drew it for the OCR."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    from archive_service.records import Page
    from ingest.archival_copy import scan_geometry

    catalog, ids = archive
    doc = catalog.get(ids["pdf-rotated-cropped"])
    page = Page.from_dict(doc.pages[0].data)
    original = catalog.store.path_for(doc.sha256)
    pdf = pypdfium2.PdfDocument(str(_copy_path(catalog, doc.id)))
    try:
        shown = pdf[0]  # held: PDFium frees a page object no longer referenced
        width, height = shown.get_size()
        render, _, to_scan = scan_geometry(original, page, (width, height))
        size = (round(width * render / 72), round(height * render / 72))
        text = shown.get_textpage()
        full = text.get_text_range()
        hits = 0
        for word in page.words:
            start = full.find(word.text)
            if len(word.text) < 4 or start < 0 or full.count(word.text) != 1:
                continue
            left, bottom, right, top = text.get_charbox(start + len(word.text) // 2)
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium.FPDF_PageToDevice(shown.raw, 0, 0, *size, 0, (left + right) / 2,
                                     (bottom + top) / 2, ctypes.byref(dx), ctypes.byref(dy))
            corners = [to_scan @ [x, y, 1] for x, y in ((word.x0, word.y0), (word.x1, word.y1))]
            xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
            assert xs[0] - 3 <= dx.value <= xs[1] + 3 and ys[0] - 3 <= dy.value <= ys[1] + 3, word
            hits += 1
        assert hits >= 10
    finally:
        pdf.close()


def test_the_g4_tiff_stays_bilevel_ccitt(archive):
    catalog, ids = archive
    with pikepdf.open(_copy_path(catalog, ids["tiff-g4-multipage"])) as pdf:
        for page in pdf.pages:
            image = _largest_image(page)
            assert image.Filter == pikepdf.Name.CCITTFaxDecode and int(image.BitsPerComponent) == 1


def test_a_page_under_200_dpi_is_flagged_not_upscaled(archive):
    catalog, ids = archive
    row = archival.get_copy(catalog, ids["jpeg-120dpi"])
    assert row.state == "ok" and row.low_dpi_pages == [1]
    with Image.open(SAMPLES / KINDS["jpeg-colour"][0]) as big, \
            pikepdf.open(_copy_path(catalog, ids["jpeg-120dpi"])) as pdf:
        image = _largest_image(pdf.pages[0])
        assert int(image.Width) == round(big.width * 0.6)  # the scan's own pixels
        assert float(pdf.pages[0].mediabox[2]) == pytest.approx(int(image.Width) * 72 / 120, abs=0.01)


def test_metadata_fonts_and_output_intent(archive):
    catalog, ids = archive
    doc = catalog.get(ids["pdf-scanned-skewed"])
    number = next(f.value for f in doc.fields if f.name == "number")
    with pikepdf.open(_copy_path(catalog, doc.id)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:identifier"] == number == "2629/QĐ-UBND"
        assert "Kế hoạch số hóa" in meta["dc:title"]
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
        font = pdf.pages[0].Resources.Font.FArchOCR
        assert "/ToUnicode" in font
        assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor


def _damage(good: Path, out: Path, how: str) -> Path:
    with pikepdf.open(good) as pdf:
        if how == "no-output-intent":
            del pdf.Root["/OutputIntents"]
        elif how == "not-pdfa":
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["pdfaid:part"] = "1"
        elif how == "javascript":
            pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
                S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        elif how == "page-lost":
            del pdf.pages[-1]
        elif how == "pixels":
            image = _largest_image(pdf.pages[0])
            decoded = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
            decoded.paste((255, 0, 0), (10, 10, 60, 60))
            image.write(decoded.tobytes())  # stored plain: no filter, no predictor
            image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
        elif how == "text-gone":  # the invisible text is the last content stream of a page
            for page in pdf.pages:
                page.Contents = pikepdf.Array(list(page.Contents)[:-1])
        elif how == "unembedded-font":
            pdf.pages[0].Resources.Font.Helv = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
        if how == "encrypted":
            pdf.save(out, encryption=pikepdf.Encryption(owner="o", user=""))
        else:
            pdf.save(out)
    return out


@pytest.mark.parametrize("kind, how, reason", [
    ("pdf-scanned-skewed", "no-output-intent", "output intent"),
    ("pdf-scanned-skewed", "not-pdfa", "PDF/A-2b"),
    ("pdf-scanned-skewed", "javascript", "JavaScript"),
    ("pdf-scanned-skewed", "page-lost", "có 1 trang, cần 2"),
    ("pdf-scanned-skewed", "pixels", "trang 1: ảnh khác ảnh của bản gốc"),
    ("jpeg-colour", "pixels", "trang 1: điểm ảnh khác ảnh quét"),
    ("tiff-g4-multipage", "pixels", "trang 1: điểm ảnh khác ảnh quét"),
    ("pdf-scanned-skewed", "text-gone", "pdftotext chỉ trả lại"),
    ("pdf-scanned-skewed", "unembedded-font", "phông chữ không được nhúng: (trang 1), /Helvetica"),
    ("pdf-scanned-skewed", "encrypted", "mã hóa"),
])
def test_a_damaged_copy_fails_the_check_with_its_reason(archive, tmp_path, kind, how, reason):
    catalog, ids = archive
    doc = catalog.get(ids[kind])
    damaged = _damage(_copy_path(catalog, doc.id), tmp_path / "damaged.pdf", how)
    from archive_service.records import Page

    expect = expected_copy(catalog.store.path_for(doc.sha256), doc.kind,
                           [Page.from_dict(p.data) for p in doc.pages], max_pixels=10**9)
    problems = inspect_archival_copy(damaged, expect).problems
    assert any(reason in p for p in problems), problems


def test_a_failed_copy_never_fails_the_document_and_is_written_again(archive, tmp_path,
                                                                     monkeypatch):
    catalog, ids = archive
    doc_id = ids["png-sideways"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no pdftotext: the check cannot run
    outcome = write_archival_copy(catalog, doc_id)
    assert outcome.state == "failed" and "pdftotext" in outcome.reason
    assert catalog.get(doc_id).state == "done"
    row = archival.get_copy(catalog, doc_id)
    assert row.state == "failed" and not row.checked and "poppler-utils" in row.reason
    assert doc_id in archival.missing_copies(catalog)
    monkeypatch.undo()
    env = {"ARCHIVE_DATA_DIR": str(catalog.config.data_dir)}
    result = CliRunner().invoke(main, ["archival-copies", "--missing", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {r["id"]: r["state"] for r in rows} == {doc_id: "ok"}
    assert archival.get_copy(catalog, doc_id).checked


def test_archive_show_json_has_the_archival_copy(archive):
    catalog, ids = archive
    env = {"ARCHIVE_DATA_DIR": str(catalog.config.data_dir)}
    result = CliRunner().invoke(main, ["show", str(ids["pdf-mixed"]), "--json"], env=env)
    assert result.exit_code == 0, result.output
    block = json.loads(result.output)["archival_copy"]
    row = archival.get_copy(catalog, ids["pdf-mixed"])
    assert {k: block[k] for k in ("sha256", "pdfa", "checked")} == \
        {"sha256": row.sha256, "pdfa": "2b", "checked": True}


def test_a_copy_altered_on_disk_is_not_served(archive, tmp_path):
    catalog, ids = archive
    doc = catalog.get(ids["webp"])
    path = _copy_path(catalog, doc.id)
    saved = tmp_path / "saved.pdf"
    shutil.copy(path, saved)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    try:
        assert check_stored_copy(catalog, doc.id).problems == [
            "tệp không còn khớp mã SHA-256 (bị thay đổi hoặc mất)"]
        with pytest.raises(Exception, match="SHA-256"):
            archival.verified_copy(catalog, doc, user="test")
    finally:
        shutil.copy(saved, path)

"""Finding aids (mục lục): the file list of a phông (mục lục hồ sơ) and the document list of a
hồ sơ (mục lục văn bản), rendered as XLSX, PDF and CSV with the columns archivists use.

Rendering works on plain rows (:class:`FileRow`, :class:`DocumentRow`); it knows neither the
database nor Flask. :func:`document_rows` turns loose catalog documents into rows (the list of
every document, or of a search); :mod:`archive_service.record_aids` builds the rows of a
phông's hồ sơ and of a hồ sơ's documents from the records. All text is NFC.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archive_service.errors import ArchiveError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)  # Debian's fonts-dejavu-core
FONT_REGULAR, FONT_BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

FILE_COLUMNS = ("Số thứ tự", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu – kết thúc",
                "Số tờ", "Thời hạn lưu trữ", "Ghi chú")
DOCUMENT_COLUMNS = ("Số thứ tự", "Số và ký hiệu", "Ngày tháng", "Tác giả (cơ quan ban hành)",
                    "Trích yếu nội dung", "Tờ số", "Ghi chú")
# relative widths of the columns in the PDF (and, ×4, in the XLSX)
FILE_WIDTHS = (6, 14, 40, 16, 6, 10, 12)
DOCUMENT_WIDTHS = (6, 14, 10, 20, 40, 7, 10)


def nfc(value: Any) -> str:
    """A cell's text: NFC, ``None`` as empty."""
    return "" if value is None else unicodedata.normalize("NFC", str(value))


def vn_date(value: date | str | None) -> str:
    """``2023-01-12`` → ``12/01/2023``; text that is not an ISO date is kept as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class FileRow:
    """One hồ sơ in the file list of a phông (mục lục hồ sơ)."""

    number: int  # số thứ tự
    code: str  # mã hồ sơ
    title: str  # tiêu đề hồ sơ
    start: date | str | None = None  # thời gian bắt đầu
    end: date | str | None = None  # thời gian kết thúc
    sheets: int | None = None  # số tờ
    retention: str = ""  # thời hạn lưu trữ: "Vĩnh viễn", "70 năm", …
    notes: str = ""  # ghi chú

    def cells(self) -> list[str]:
        period = " – ".join(p for p in (vn_date(self.start), vn_date(self.end)) if p)
        return [str(self.number), nfc(self.code), nfc(self.title), period,
                "" if self.sheets is None else str(self.sheets), nfc(self.retention),
                nfc(self.notes)]


@dataclass(frozen=True)
class DocumentRow:
    """One document in the document list of a hồ sơ (mục lục văn bản)."""

    number: int  # số thứ tự
    reference: str  # số và ký hiệu
    issued: date | str | None  # ngày tháng
    issuer: str  # tác giả (cơ quan ban hành)
    subject: str  # trích yếu nội dung
    sheet: str = ""  # tờ số: "1" or "3–5"
    notes: str = ""  # ghi chú

    def cells(self) -> list[str]:
        return [str(self.number), nfc(self.reference), vn_date(self.issued), nfc(self.issuer),
                nfc(self.subject), nfc(self.sheet), nfc(self.notes)]


@dataclass
class FindingAid:
    """A titled table ready to render: the heading lines, the columns and the rows' cells."""

    title: str
    subtitle: str
    columns: Sequence[str]
    widths: Sequence[int]
    rows: list[list[str]] = field(default_factory=list)


def build_file_list(fonds_name: str, rows: Iterable[FileRow]) -> FindingAid:
    """The mục lục hồ sơ of a phông (``fonds_name``: tên phông)."""
    return FindingAid("MỤC LỤC HỒ SƠ", nfc(f"Phông: {fonds_name}"), FILE_COLUMNS, FILE_WIDTHS,
                      [r.cells() for r in rows])


def build_document_list(file_title: str, rows: Iterable[DocumentRow]) -> FindingAid:
    """The mục lục văn bản of a hồ sơ (``file_title``: tiêu đề or mã hồ sơ)."""
    return FindingAid("MỤC LỤC VĂN BẢN", nfc(f"Hồ sơ: {file_title}"), DOCUMENT_COLUMNS,
                      DOCUMENT_WIDTHS, [r.cells() for r in rows])


def document_rows(documents: Iterable[Any]) -> list[DocumentRow]:
    """Rows for loose catalog documents in the given order; tờ số counts one sheet per page
    from the first document (a hồ sơ's list uses its documents' số tờ: ``record_aids``)."""
    from archive_service.catalog import effective_metadata

    rows, sheet = [], 1
    for n, doc in enumerate(documents, start=1):
        meta = effective_metadata(doc)
        pages = max(1, int(doc.page_count or 0))
        span = str(sheet) if pages == 1 else f"{sheet}–{sheet + pages - 1}"
        sheet += pages
        notes = ", ".join(v for v in (meta.get("confidentiality"), meta.get("urgency")) if v)
        rows.append(DocumentRow(n, meta.get("number") or "", meta.get("issued_date"),
                                meta.get("issuer") or "", meta.get("subject") or "", span, notes))
    return rows


# --- rendering ------------------------------------------------------------------------------

def render_csv(aid: FindingAid, path: Path) -> Path:
    """UTF-8 with a byte-order mark (so that Excel reads the Vietnamese right), header row
    first, one row per line."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(aid.columns)
        writer.writerows(aid.rows)
    return path


def render_xlsx(aid: FindingAid, path: Path) -> Path:
    """One sheet: title, subtitle, a bold header row, the rows (text wrapped), frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Mục lục"
    sheet.append([aid.title])
    sheet.append([aid.subtitle])
    sheet.append(list(aid.columns))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in aid.rows:
        sheet.append(row)
    for i, width in enumerate(aid.widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width * 1.6
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    book.save(path)
    return path


def find_font(name: str) -> Path:
    """A DejaVu font file; a clear error when fonts-dejavu-core is not installed."""
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise ArchiveError(f"Thiếu phông chữ {name} để in mục lục ra PDF: hãy cài gói "
                       "fonts-dejavu-core (`make system`).")


def render_pdf(aid: FindingAid, path: Path) -> Path:
    """A4 landscape, DejaVu Sans (embedded), the header repeated on every page."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(find_font(FONT_REGULAR)))
    pdf.add_font("DejaVu", "B", str(find_font(FONT_BOLD)))
    pdf.set_title(nfc(f"{aid.title} — {aid.subtitle}"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, aid.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, aid.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=tuple(aid.widths), headings_style=_heading_style(),
                   line_height=5, text_align="LEFT", repeat_headings=1) as table:
        table.row(list(aid.columns))
        for cells in aid.rows:
            table.row(cells)
    pdf.output(str(path))
    return path


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family="DejaVu", emphasis="BOLD", fill_color=(230, 230, 230))


RENDERERS = {".csv": render_csv, ".xlsx": render_xlsx, ".pdf": render_pdf}


def render(aid: FindingAid, path: Path) -> Path:
    """Render by the file's extension (.xlsx, .pdf or .csv)."""
    renderer = RENDERERS.get(path.suffix.lower())
    if renderer is None:
        raise ArchiveError("Mục lục chỉ xuất ra được .xlsx, .pdf hoặc .csv.")
    return renderer(aid, path)

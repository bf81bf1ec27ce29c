"""Metadata fields as people see and type them: labels, display, parsing of a correction."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from archive_service.errors import InputRejectedError
from archive_service.finding_aids import vn_date
from archive_service.records import METADATA_FIELDS

LABELS = {
    "number": _l("Số và ký hiệu"),
    "issued_date": _l("Ngày ban hành"),
    "place": _l("Địa danh"),
    "issuer": _l("Cơ quan ban hành"),
    "parent_issuer": _l("Cơ quan chủ quản"),
    "doc_type": _l("Tên loại văn bản"),
    "subject": _l("Trích yếu nội dung"),
    "confidentiality": _l("Độ mật"),
    "urgency": _l("Độ khẩn"),
    "signing_authority": _l("Quyền hạn ký"),
    "signer_title": _l("Chức vụ người ký"),
    "signer": _l("Người ký"),
    "recipients": _l("Nơi nhận"),
    "page_count": _l("Số trang"),
    "language": _l("Ngôn ngữ"),
}
#: Facts of the file, not of the text: shown, never typed (the edit form shows them read-only).
READ_ONLY = ("page_count", "language")
#: The fields of the Nghị định 30 layout: what a page without it (a table, a list) lacks, and
#: what marking a whole document "không áp dụng" covers.
LAYOUT_FIELDS = tuple(name for name in METADATA_FIELDS if name not in READ_ONLY)
#: What a person did to a field (models.CORRECTION_KINDS), as the field's history says it.
KIND_LABELS = {
    "correction": _l("Đã sửa"),
    "confirmation": _l("Đã xác nhận"),
    "not_applicable": _l("Không áp dụng"),
}
CHOICES = {
    "confidentiality": ("Mật", "Tối mật", "Tuyệt mật"),
    "urgency": ("Khẩn", "Thượng khẩn", "Hỏa tốc"),
}
MAX_LENGTH = 2000  # characters of one value (one line of recipients)
MAX_RECIPIENTS = 200  # lines of Nơi nhận
MAX_PAGE_COUNT = 100_000


def display(name: str, value: Any) -> str:
    """A field's value as text for a page or an input box."""
    if value is None:
        return ""
    if name == "recipients" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if name == "issued_date" and isinstance(value, str):
        return vn_date(value)
    return str(value)


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if c.isprintable() or c == "\n").strip()


def parse_date(text: str) -> str:
    """``12/01/2023``, ``12-01-2023`` or ``2023-01-12`` → ``2023-01-12``."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputRejectedError(f"Ngày không hợp lệ: «{text}». Viết theo dạng 12/01/2023.") from None


def parse_recipients(raw: Any) -> list[str] | None:
    """One recipient a line (or a JSON list), at most MAX_RECIPIENTS of MAX_LENGTH each."""
    lines = raw if isinstance(raw, list) else str(raw)[: MAX_RECIPIENTS * MAX_LENGTH].splitlines()
    if len(lines) > MAX_RECIPIENTS:
        raise InputRejectedError(f"Nơi nhận quá dài: tối đa {MAX_RECIPIENTS} dòng.")
    out = [_nfc(str(line)).lstrip("-– ").strip() for line in lines]
    if any(len(line) > MAX_LENGTH for line in out):
        raise InputRejectedError(f"Một dòng nơi nhận quá dài (tối đa {MAX_LENGTH} ký tự).")
    return [line for line in out if line] or None


def parse_page_count(raw: Any) -> int | None:
    """A whole number of pages, 1 to MAX_PAGE_COUNT (ASCII digits: ``²`` is not a number)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InputRejectedError("Số trang phải là một số nguyên.")
    text = _nfc(str(raw)) if isinstance(raw, str) else str(raw)
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= MAX_PAGE_COUNT:
        raise InputRejectedError(f"Số trang phải là một số nguyên từ 1 đến {MAX_PAGE_COUNT:,}, "
                                 f"không phải «{text[:50]}».")
    return int(text)


def parse_value(name: str, raw: Any) -> Any:
    """The value to store for a correction typed (or sent as JSON) by a person."""
    if name not in METADATA_FIELDS:
        raise InputRejectedError(f"Trường không hợp lệ: {name!r}.")
    if raw is None:
        return None
    if name == "recipients":
        return parse_recipients(raw)
    if name == "page_count":
        return parse_page_count(raw)
    if not isinstance(raw, str | int | float):
        raise InputRejectedError(f"Giá trị không hợp lệ cho trường {LABELS[name]}.")
    text = " ".join(_nfc(str(raw)).split())
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise InputRejectedError(f"Giá trị quá dài (tối đa {MAX_LENGTH} ký tự).")
    if name == "issued_date":
        return parse_date(text)
    if name == "number":
        return text.replace(" ", "")
    if name in CHOICES:
        for choice in CHOICES[name]:
            if text.casefold() == choice.casefold():
                return choice
        raise InputRejectedError(f"{LABELS[name]}: chọn một trong {', '.join(CHOICES[name])} "
                                 "hoặc để trống.")
    return text

"""The fields of the archival records (Thông tư 05/2025) as data, and how a typed value is
checked: phông (fonds), hồ sơ (file) and the archival fields of a tài liệu (document). No Flask.

Every value is NFC-normalised, stripped of control characters and bounded; codes (mã phông,
mã hồ sơ) are letters, digits, ``.``, ``-`` and ``_``. Errors carry a Vietnamese template and
its parameters, so the web app can show them in English too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archive_service.errors import ArchiveError, InputRejectedError, NotFoundError
from index import fold

MAX_TEXT = 2000  # characters of a one-line value
MAX_LONG_TEXT = 20000  # characters of a paragraph (history, notes, classification scheme)
MAX_RETENTION_YEARS = 200
CODE = re.compile(r"\w[\w.\-]{0,63}")

FONDS_STATUS = {"open": "Mở", "closed": "Đóng"}  # trạng thái phông
ACCESS_MODES = {"public": "Công khai", "conditional": "Có điều kiện", "restricted": "Mật"}
RELIABILITY = {"born_digital": "Gốc điện tử", "digitized": "Số hóa", "mixed": "Hỗn hợp"}
PERMANENT = "Vĩnh viễn"
RETENTION_CHOICES = (None, 70, 50, 30, 20, 10)  # None: vĩnh viễn


class _Templated:
    """An error whose message is a Vietnamese template (a msgid of the web catalog) with
    parameters, so it can be shown in the user's language."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)  # type: ignore[call-arg]


class RecordError(_Templated, InputRejectedError):
    """A value or an operation on phông / hồ sơ that cannot be accepted; nothing changed."""


class RecordNotFoundError(_Templated, NotFoundError):
    """An unknown (or hidden) phông, hồ sơ or document."""


class RecordForbiddenError(_Templated, ArchiveError):
    """The user's role may not change archival records (staff read only)."""

    http_status = 403


@dataclass(frozen=True)
class FieldSpec:
    """One field: code name, Vietnamese label, kind (``code``, ``text``, ``long``, ``int``,
    ``choice``, ``retention``), whether it is required, and the choices of a ``choice``."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Mapping[str, str] | None = None


FONDS_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", "Mã phông", "code", required=True),
    FieldSpec("name", "Tên phông", required=True),
    FieldSpec("status", "Trạng thái", "choice", choices=FONDS_STATUS),
    FieldSpec("history", "Lịch sử đơn vị hình thành phông", "long"),
    FieldSpec("time_span", "Thời gian tài liệu"),
    FieldSpec("document_total", "Tổng số tài liệu", "int"),
    FieldSpec("classification_scheme", "Phương án phân loại", "long"),
    FieldSpec("language", "Ngôn ngữ"),
    FieldSpec("backup_mode", "Chế độ dự phòng"),
    FieldSpec("notes", "Ghi chú", "long"),
)

FILE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", "Mã hồ sơ", "code", required=True),
    FieldSpec("title", "Tiêu đề hồ sơ", required=True),
    FieldSpec("retention_years", "Thời hạn lưu trữ", "retention"),
    FieldSpec("access_mode", "Mức độ tiếp cận", "choice", choices=ACCESS_MODES),
    FieldSpec("language", "Ngôn ngữ"),
    FieldSpec("keywords", "Từ khóa"),
    FieldSpec("physical_condition", "Tình trạng vật lý"),
    FieldSpec("info_sign", "Ký hiệu thông tin"),
    FieldSpec("reliability", "Mức độ tin cậy", "choice", choices=RELIABILITY),
    FieldSpec("paper_code", "Mã hồ sơ gốc giấy"),
    FieldSpec("backup_mode", "Chế độ dự phòng"),
    FieldSpec("backup_status", "Tình trạng dự phòng"),
    FieldSpec("notes", "Ghi chú", "long"),
)

DOCUMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("identifier", "Mã định danh"),
    FieldSpec("access_mode", "Mức độ tiếp cận", "choice", choices=ACCESS_MODES),
    FieldSpec("reliability", "Mức độ tin cậy", "choice", choices=RELIABILITY),
    FieldSpec("autograph", "Bút tích"),
    FieldSpec("physical_condition", "Tình trạng vật lý"),
    FieldSpec("keywords", "Từ khóa"),
    FieldSpec("sheet_count", "Số tờ", "int"),
    FieldSpec("notes", "Ghi chú", "long"),
)

#: Derived fields of a hồ sơ (from its documents), with their labels.
FILE_DERIVED = {
    "start_date": "Thời gian bắt đầu",
    "end_date": "Thời gian kết thúc",
    "document_count": "Tổng số tài liệu",
    "sheet_count": "Số lượng tờ",
    "page_count": "Số lượng trang",
}


def clean_text(raw: Any) -> str:
    """NFC, control characters dropped (newlines kept), outer blanks stripped."""
    text = unicodedata.normalize("NFC", str(raw))
    text = text.replace("\r\n", "\n")
    return "".join(c for c in text if c.isprintable() or c == "\n").strip()


def parse_code(raw: Any, label: str = "Mã") -> str:
    """A mã phông / mã hồ sơ: letters, digits, ``.``, ``-``, ``_``, at most 64 characters."""
    text = clean_text(raw if raw is not None else "")
    if not text:
        raise RecordError("Thiếu %(label)s.", label=label)
    if not CODE.fullmatch(text):
        raise RecordError("%(label)s không hợp lệ: «%(value)s». Chỉ dùng chữ, số và các dấu . - _ "
                          "(tối đa 64 ký tự).", label=label, value=text[:64])
    return text


def parse_retention(raw: Any) -> int | None:
    """``vĩnh viễn`` (or empty) → None; ``10``, ``10 năm`` → 10 (1 to 200 years)."""
    text = fold(clean_text(raw if raw is not None else "")).lower()
    if text in ("", "vinh vien", "permanent", "none", "null"):
        return None
    match = re.fullmatch(r"([0-9]{1,3})\s*(nam|years?)?", text)
    if not match or not 1 <= int(match[1]) <= MAX_RETENTION_YEARS:
        raise RecordError("Thời hạn lưu trữ không hợp lệ: «%(value)s». Ghi «vĩnh viễn» hoặc số "
                          "năm (1 đến %(max)d).", value=str(raw)[:40], max=MAX_RETENTION_YEARS)
    return int(match[1])


def retention_label(years: int | None) -> str:
    return PERMANENT if years is None else f"{years} năm"


def _parse_choice(spec: FieldSpec, text: str) -> str:
    wanted = fold(text).lower()
    for code, label in (spec.choices or {}).items():
        if wanted in (code, fold(label).lower()):
            return code
    raise RecordError("%(label)s: chọn một trong %(choices)s.", label=spec.label,
                      choices=", ".join((spec.choices or {}).values()))


def _parse_int(spec: FieldSpec, text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,7}", text):
        raise RecordError("%(label)s phải là một số nguyên không âm, không phải «%(value)s».",
                          label=spec.label, value=text[:40])
    return int(text)


def parse_field(spec: FieldSpec, raw: Any) -> Any:
    """The value to store for ``spec`` from what a person typed (or sent as JSON)."""
    if spec.kind == "retention":
        return parse_retention(raw)
    if spec.kind == "code":
        return parse_code(raw, spec.label)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if spec.required:
            raise RecordError("Thiếu %(label)s.", label=spec.label)
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise RecordError("Giá trị không hợp lệ cho «%(label)s».", label=spec.label)
    text = clean_text(raw)
    if spec.kind == "int":
        return _parse_int(spec, text)
    if spec.kind == "choice":
        return _parse_choice(spec, text)
    limit = MAX_LONG_TEXT if spec.kind == "long" else MAX_TEXT
    if spec.kind != "long":
        text = " ".join(text.split())
    if len(text) > limit:
        raise RecordError("%(label)s quá dài (tối đa %(max)d ký tự).", label=spec.label, max=limit)
    if not text and spec.required:  # nothing left once control characters are taken out
        raise RecordError("Thiếu %(label)s.", label=spec.label)
    return text or None


def parse_values(specs: tuple[FieldSpec, ...], raw: Mapping[str, Any], *,
                 partial: bool = False) -> dict[str, Any]:
    """Check every value of ``raw`` against ``specs``; unknown names are refused. With
    ``partial`` (an edit), only the fields given are returned and required ones may be absent."""
    known = {spec.name: spec for spec in specs}
    unknown = [name for name in raw if name not in known]
    if unknown:
        raise RecordError("Trường không hợp lệ: %(names)s. Các trường: %(known)s.",
                          names=", ".join(str(n)[:40] for n in unknown[:5]),
                          known=", ".join(known))
    out = {}
    for spec in specs:
        if spec.name in raw:
            out[spec.name] = parse_field(spec, raw[spec.name])
        elif spec.required and not partial:
            raise RecordError("Thiếu %(label)s.", label=spec.label)
    return out


def choice_label(choices: Mapping[str, str], code: str | None) -> str:
    return choices.get(code, code) if code else ""

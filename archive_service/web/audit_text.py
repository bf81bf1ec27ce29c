"""The audit log as people read it: each action's label, and a detail in words (``Người ký:
Trần Thành Lập`` for ``signer='Trần Thành Lập'``), in the interface's language.

The log itself keeps the raw action and detail (code names, ``repr`` of values): only the
page translates them. A detail this module does not recognise is shown as it was written.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from archive_service.archival_fields import DOCUMENT_FIELDS, FILE_FIELDS, FONDS_FIELDS
from archive_service.records import METADATA_FIELDS
from archive_service.users import CLEARANCE_LABELS, ROLE_LABELS
from archive_service.web import fields

ACTION_LABELS = {
    "view": _l("Xem"),
    "download": _l("Tải xuống"),
    "upload": _l("Tải lên"),
    "edit": _l("Sửa thông tin"),
    "confirm": _l("Xác nhận thông tin"),
    "not_applicable": _l("Đánh dấu không áp dụng"),
    "review": _l("Kiểm tra thông tin"),
    "delete": _l("Xóa"),
    "retry": _l("Xử lý lại"),
    "repair": _l("Khôi phục bản gốc"),
    "fixity_failed": _l("Tệp bị hỏng"),
    "login": _l("Đăng nhập"),
    "login_failed": _l("Đăng nhập sai"),
    "logout": _l("Đăng xuất"),
    "user_add": _l("Thêm người dùng"),
    "user_edit": _l("Sửa người dùng"),
    "password": _l("Đổi mật khẩu"),
    "token_create": _l("Tạo mã truy cập"),
    "token_revoke": _l("Thu hồi mã truy cập"),
    "declassify_request": _l("Yêu cầu hạ độ mật"),
    "declassify_approve": _l("Duyệt hạ độ mật"),
    "declassify_reject": _l("Hủy yêu cầu hạ độ mật"),
    "import": _l("Nhập từ gói"),
    "import_merge": _l("Gộp từ gói"),
    "export": _l("Xuất gói"),
    "fonds_create": _l("Tạo phông"),
    "fonds_edit": _l("Sửa phông"),
    "file_create": _l("Tạo hồ sơ"),
    "file_edit": _l("Sửa hồ sơ"),
    "file": _l("Đưa vào hồ sơ"),
    "move": _l("Chuyển hồ sơ"),
    "unfile": _l("Rút khỏi hồ sơ"),
    "reorder": _l("Sắp xếp lại hồ sơ"),
    "archival_edit": _l("Sửa thông tin lưu trữ"),
}
_ARCHIVAL_LABELS = {spec.name: spec.label for specs in (FONDS_FIELDS, FILE_FIELDS, DOCUMENT_FIELDS)
                    for spec in specs}
_FIELD_VALUE = re.compile(r"(?P<name>[a-z_]+)=(?P<value>.*)", re.DOTALL)
_USER = re.compile(r"(?P<name>\S+) role=(?P<role>\w+) clearance=(?P<clearance>\d+)"
                   r"(?: active=(?P<active>True|False))?")


def action_label(action: str) -> str:
    """``user_add`` → ``Thêm người dùng`` (an unknown action as it was written)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def field_label(name: str) -> str:
    """A metadata or archival field's label, in the interface's language."""
    if name in fields.LABELS:
        return str(fields.LABELS[name])
    if name in _ARCHIVAL_LABELS:
        return _(_ARCHIVAL_LABELS[name])
    return name


def _names(text: str) -> str:
    return ", ".join(field_label(n.strip()) for n in text.split(","))


def _field_value(detail: str) -> str | None:
    m = _FIELD_VALUE.fullmatch(detail)
    if not m or m["name"] not in METADATA_FIELDS:
        return None
    try:
        value = ast.literal_eval(m["value"])
    except (ValueError, SyntaxError):
        value = m["value"]  # cut at 500 characters: show it as written
    return f"{field_label(m['name'])}: {fields.display(m['name'], value) or '—'}"


def _user(detail: str) -> str | None:
    m = _USER.fullmatch(detail)
    if not m:
        return None
    role = ROLE_LABELS.get(m["role"], m["role"])
    clearance = CLEARANCE_LABELS.get(int(m["clearance"]), m["clearance"])
    parts = [m["name"], _("Vai trò: %(role)s", role=_(role)),
             _("Được xem độ mật: %(level)s", level=_(clearance))]
    if m["active"]:
        parts.append(_("Hoạt động") if m["active"] == "True" else _("Ngừng hoạt động"))
    return " · ".join(parts)


def _record_names(detail: str) -> str | None:
    code, sep, names = detail.partition(": ")
    return f"{code}: {_names(names)}" if sep else None


def _view(detail: str) -> str | None:
    return {"api": _("qua API"), "api references": _("qua API (văn bản liên quan)")}.get(detail)


def _metadata_names(detail: str) -> str | None:
    names = [n.strip() for n in detail.split(",")]
    return _names(detail) if all(n in METADATA_FIELDS for n in names) else None


_DETAILS: dict[str, Callable[[str], str | None]] = {
    "edit": _field_value,
    "confirm": _field_value,
    "not_applicable": _metadata_names,
    "review": _metadata_names,
    "user_add": _user,
    "user_edit": _user,
    "archival_edit": lambda d: _names(d),
    "fonds_edit": _record_names,
    "file_edit": _record_names,
    "view": _view,
}


def detail_text(action: str, detail: str | None) -> str:
    """An audit entry's detail in words (``signer='X'`` → ``Người ký: X``)."""
    if not detail:
        return ""
    readable = _DETAILS.get(action)
    return (readable(detail) if readable else None) or detail

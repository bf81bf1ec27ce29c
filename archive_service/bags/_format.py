"""What a bag holds: our manifest of documents (``data/archive-manifest.json``), each
document's metadata JSON, and the checks both must pass before anything is restored."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from archive_service.catalog import effective_metadata
from archive_service.errors import InputRejectedError
from archive_service.models import STATES, Document
from archive_service.records import METADATA_FIELDS, Page

FORMAT = "archive-service-bag"
FORMAT_VERSION = 1
DOCUMENT_FORMAT = "archive-service-document"
MANIFEST = "archive-manifest.json"  # under data/
KINDS = ("pdf", "png", "jpeg", "tiff", "webp")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
BUILT_IN_ROLES = {"original", "page_image"}  # others: extensions.RESTORERS (archival_copy)


class BagRejectedError(InputRejectedError):
    """A bag that cannot be imported: not a bag, tampered, incomplete, unknown format, hostile
    file names. Nothing was changed."""


def reject(reason: str) -> BagRejectedError:
    return BagRejectedError(f"Gói không hợp lệ, không nhập gì cả: {reason}")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_time(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise reject(f"thời điểm không hợp lệ ở {what}: {str(value)[:40]!r}.") from None


def check_relative(path: Any) -> str:
    """A path inside the bag's data/ as our manifest names it: relative, no ``..``, no
    backslash or drive, nothing odd; raises BagRejectedError otherwise."""
    if not isinstance(path, str) or not path or len(path) > 500:
        raise reject("tên tệp trong danh sách của gói không hợp lệ.")
    if (path.startswith(("/", "~")) or "\\" in path or ":" in path or "\x00" in path
            or any(not c.isprintable() for c in path)):
        raise reject(f"tên tệp không an toàn trong gói: {path[:80]!r}.")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts) or posixpath.normpath(path) != path:
        raise reject(f"tên tệp không an toàn trong gói: {path[:80]!r}.")
    return path


@dataclass(frozen=True)
class BagFile:
    """A per-document file as listed in our manifest (path relative to data/)."""

    role: str
    path: str
    sha256: str


def document_json(doc: Document, files: list[dict[str, str]], archival: dict[str, Any]) -> dict:
    """A document's metadata file: the record, the extracted values with their confidence, the
    corrections with who and when, the pages (text and word boxes), the archival fields."""
    return {
        "format": DOCUMENT_FORMAT, "version": FORMAT_VERSION,
        "document": {
            "id": doc.id, "sha256": doc.sha256, "original_name": doc.original_name,
            "kind": doc.kind, "size": doc.size, "state": doc.state, "error": doc.error,
            "created_at": iso(doc.created_at), "processed_at": iso(doc.processed_at),
            "uploaded_by": doc.uploaded_by, "page_count": doc.page_count,
            "signed_at": iso(doc.signed_at), "seconds": doc.seconds,
        },
        "metadata": effective_metadata(doc),
        "extracted": [{"name": f.name, "value": f.value, "confidence": f.confidence,
                       "page": f.page, "box": f.box, "review": f.review}
                      for f in sorted(doc.fields, key=lambda f: f.name)],
        "corrections": [{"field": c.field, "value": c.value, "user": c.user,
                         "at": iso(c.created_at), "kind": c.kind} for c in doc.corrections],
        "pages": [{"number": p.number, "data": p.data} for p in doc.pages],
        "archival": archival,  # tài liệu: mã định danh, số thứ tự trong hồ sơ, … (issue 13)
        "files": files,
    }


def check_manifest(data: Any) -> dict[str, Any]:
    """Our manifest's format, version and shape; raises BagRejectedError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise reject("không phải gói do kho lưu trữ này xuất (thiếu danh sách văn bản).")
    if data.get("version") != FORMAT_VERSION:
        raise reject(f"phiên bản định dạng {data.get('version')!r} không được hỗ trợ "
                     f"(hỗ trợ: {FORMAT_VERSION}).")
    docs = data.get("documents")
    if not isinstance(docs, list) or not isinstance(data.get("record_sets", []), list):
        raise reject("danh sách văn bản của gói bị hỏng.")
    seen: set[str] = set()
    for entry in docs:
        check_manifest_entry(entry)
        if entry["sha256"] in seen:
            raise reject("một văn bản có mặt hai lần trong gói.")
        seen.add(entry["sha256"])
    for entry in data.get("record_sets", []):
        if not isinstance(entry, dict):
            raise reject("danh sách hồ sơ, phông của gói bị hỏng.")
        check_relative(entry.get("path"))
    return data


def known_roles() -> set[str]:
    """Roles of per-document files this version can restore."""
    from archive_service.bags import extensions

    return BUILT_IN_ROLES | set(extensions.RESTORERS)


def check_manifest_entry(entry: Any) -> None:
    """One document of our manifest: its SHA-256, metadata path and files."""
    if not isinstance(entry, dict) or not SHA256.match(str(entry.get("sha256", ""))):
        raise reject("một văn bản trong danh sách của gói thiếu mã SHA-256.")
    check_relative(entry.get("metadata"))
    files = entry.get("files")
    if not isinstance(files, list):
        raise reject("danh sách tệp của một văn bản bị hỏng.")
    for f in files:
        if not isinstance(f, dict) or f.get("role") not in known_roles():
            role = f.get("role") if isinstance(f, dict) else None
            raise reject(f"loại tệp {str(role)[:40]!r} chưa được phiên bản này hỗ trợ.")
        check_relative(f.get("path"))
        if not SHA256.match(str(f.get("sha256", ""))):
            raise reject("một tệp trong danh sách của gói thiếu mã SHA-256.")


def check_document_json(data: Any, sha256: str) -> dict[str, Any]:
    """A document's metadata file, as far as restoring it needs; raises BagRejectedError."""
    if not isinstance(data, dict) or data.get("format") != DOCUMENT_FORMAT \
            or data.get("version") != FORMAT_VERSION:
        raise reject("tệp thông tin của một văn bản không đúng định dạng.")
    doc = data.get("document")
    if not isinstance(doc, dict) or doc.get("sha256") != sha256:
        raise reject("tệp thông tin của một văn bản không khớp với danh sách của gói.")
    for key in ("extracted", "corrections", "pages"):
        if not isinstance(data.get(key), list) or not all(isinstance(x, dict) for x in data[key]):
            raise reject(f"tệp thông tin của văn bản {sha256[:12]}… bị hỏng ({key}).")
    names = {f.get("name") for f in data["extracted"]} | {c.get("field") for c in data["corrections"]}
    if not names <= set(METADATA_FIELDS):
        raise reject(f"văn bản {sha256[:12]}… có trường không hợp lệ.")
    if doc.get("kind") not in KINDS or doc.get("state") not in STATES:
        raise reject(f"văn bản {sha256[:12]}… có loại hoặc trạng thái không hợp lệ.")
    for key in ("created_at", "processed_at", "signed_at"):
        parse_time(doc.get(key), key)
    try:
        for p in data["pages"]:
            int(p["number"])
            Page.from_dict(p["data"])
        for f in data["extracted"]:
            float(f.get("confidence") or 0.0)
    except (KeyError, TypeError, ValueError):
        raise reject(f"trang hoặc trường của văn bản {sha256[:12]}… bị hỏng.") from None
    for c in data["corrections"]:
        parse_time(c.get("at"), "một chỉnh sửa")
        if not isinstance(c.get("user"), str):
            raise reject(f"một chỉnh sửa của văn bản {sha256[:12]}… thiếu người sửa.")
    return data


def load_json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise reject(f"{what} không đọc được (JSON hỏng).") from None

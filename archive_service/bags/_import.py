"""``archive import``: a bag validated whole first, then restored whole or not at all.

Order: (1) the bag is checked — BagIt checksums and completeness, no links, no unsafe names,
our manifest's format and version, every listed file present with the checksum BagIt has,
every document's metadata readable, the phông / hồ sơ records and each document's filing
well-formed and consistent (``extensions.check_records``) — and refused with nothing
changed; (2) originals are written to the content-addressed store (harmless: named by their
SHA-256); (3) one catalog transaction adds the new documents (page images written meanwhile,
removed if it fails), merges the corrections of documents already held (same SHA-256), adds
the phông and hồ sơ not held (matched by code) and files the documents not filed here yet;
(4) after the commit, the search index is updated and documents still to be processed are
queued.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bagit

from archive_service.bags import extensions
from archive_service.bags._format import (
    MANIFEST,
    check_document_json,
    check_manifest,
    check_relative,
    load_json,
    reject,
)
from archive_service.errors import NotFoundError

MAX_UNZIPPED = 64 * 1024**3  # a zipped bag claiming more than this is refused
_LINK = 0o120000


@dataclass
class PlannedDocument:
    """One document of a checked bag: its manifest entry and metadata."""

    entry: dict[str, Any]
    data: dict[str, Any]

    @property
    def sha256(self) -> str:
        return self.entry["sha256"]

    def file(self, role: str) -> list[dict[str, str]]:
        return [f for f in self.entry["files"] if f["role"] == role]


@dataclass
class BagPlan:
    """A bag that passed every check, ready to restore."""

    root: Path
    manifest: dict[str, Any]
    documents: list[PlannedDocument] = field(default_factory=list)
    records: dict[str, Any] = field(default_factory=dict)  # record set name → rows
    parsed: dict[str, Any] = field(default_factory=dict)  # extensions.check_records

    @property
    def package(self) -> str:
        return self.manifest.get("package", "AIP")


# --- opening ----------------------------------------------------------------------------------

@contextmanager
def open_bag(path: Path) -> Iterator[Path]:
    """The bag's folder: ``path`` itself, or a zipped bag unpacked (safely) into a temporary
    folder removed afterwards."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"Không tìm thấy gói {path}.")
    if path.is_dir():
        yield path
        return
    if not zipfile.is_zipfile(path):
        raise reject("đây không phải gói BagIt (một thư mục) hay tệp .zip chứa gói.")
    tmp = Path(tempfile.mkdtemp(prefix="archive-import-"))
    try:
        yield _unzip(path, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _unzip(path: Path, into: Path) -> Path:
    """Unpack a zip whose every name is safe (relative, no ``..``, no links); the bag's root
    is the top folder holding ``bagit.txt``."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if sum(m.file_size for m in members) > MAX_UNZIPPED:
                raise reject("tệp .zip quá lớn khi giải nén.")
            for m in members:
                if (m.external_attr >> 16) & 0o170000 == _LINK:
                    raise reject(f"gói chứa liên kết (symlink): {m.filename[:80]!r}.")
                check_relative(m.filename.rstrip("/"))
            zf.extractall(into)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise
        raise reject("tệp .zip bị hỏng.") from None
    if (into / "bagit.txt").is_file():
        return into
    tops = [p for p in into.iterdir()]
    if len(tops) == 1 and (tops[0] / "bagit.txt").is_file():
        return tops[0]
    raise reject("tệp .zip không chứa gói BagIt (thiếu bagit.txt).")


# --- checking ---------------------------------------------------------------------------------

def _no_links(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_symlink():
            raise reject(f"gói chứa liên kết (symlink): {path.relative_to(root)}.")
        if not (path.is_file() or path.is_dir()):
            raise reject(f"gói chứa tệp đặc biệt: {path.relative_to(root)}.")


def _describe(exc: bagit.BagValidationError) -> str:
    parts = []
    for detail in exc.details[:3]:
        if isinstance(detail, bagit.ChecksumMismatch):
            parts.append(f"tệp {detail.path} đã bị thay đổi (sai mã kiểm tra)")
        elif isinstance(detail, bagit.FileMissing):
            parts.append(f"thiếu tệp {detail.path}")
        elif isinstance(detail, bagit.UnexpectedFile):
            parts.append(f"có tệp lạ {detail.path} không nằm trong danh sách của gói")
        else:
            parts.append(str(detail)[:120])
    more = len(exc.details) - 3
    return "; ".join(parts) + (f" (và {more} lỗi khác)" if more > 0 else "") if parts \
        else "gói không đầy đủ hoặc đã bị thay đổi"


def _detailed(bag: bagit.Bag, exc: bagit.BagValidationError) -> bagit.BagValidationError:
    """The count-and-size check (Payload-Oxum) fails first without naming files: name them."""
    if exc.details:
        return exc
    try:
        bag._validate_completeness()  # noqa: SLF001 - the same check, with the files named
    except bagit.BagValidationError as named:
        return named
    return exc


def _validated_bag(root: Path) -> bagit.Bag:
    """BagIt's own checks: structure, safe names, completeness, every checksum (SHA-256)."""
    if not (root / "bagit.txt").is_file():
        raise reject("đây không phải gói BagIt (thiếu bagit.txt).")
    _no_links(root)
    try:
        bag = bagit.Bag(str(root))
        if "sha256" not in bag.algorithms:
            raise reject("gói không có mã kiểm tra SHA-256.")
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        raise reject(_describe(_detailed(bag, exc)) + ".") from None
    except (UnicodeError, ValueError, KeyError):
        raise reject("tệp mô tả của gói (bagit.txt, bag-info.txt, manifest) bị hỏng.") from None
    except bagit.BagError as exc:
        text = str(exc)
        if "unsafe" in text:
            raise reject("gói có tên tệp không an toàn (đường dẫn ra ngoài gói).") from None
        raise reject(f"cấu trúc gói BagIt bị hỏng ({text[:160]}).") from None
    return bag


def check_bag(root: Path) -> BagPlan:
    """Every check of the module's docstring; raises BagRejectedError (nothing changed)."""
    bag = _validated_bag(root)
    sums = {path: hashes.get("sha256") for path, hashes in bag.entries.items()}
    manifest_path = root / "data" / MANIFEST
    if f"data/{MANIFEST}" not in sums:
        raise reject("không phải gói do kho lưu trữ này xuất (thiếu danh sách văn bản).")
    manifest = check_manifest(load_json(manifest_path.read_bytes(), "Danh sách văn bản"))
    plan = BagPlan(root, manifest)
    for entry in manifest["documents"]:
        for f in [*entry["files"], {"path": entry["metadata"], "sha256": None}]:
            listed = sums.get(f"data/{f['path']}")
            if listed is None or (f["sha256"] and listed != f["sha256"]):
                raise reject(f"tệp {f['path']} không khớp với danh sách của gói.")
        originals = [f for f in entry["files"] if f["role"] == "original"]
        if len(originals) > 1 or (originals and originals[0]["sha256"] != entry["sha256"]):
            raise reject("bản gốc của một văn bản không khớp mã SHA-256 của nó.")
        raw = (root / "data" / entry["metadata"]).read_bytes()
        data = check_document_json(load_json(raw, "Thông tin văn bản"), entry["sha256"])
        plan.documents.append(PlannedDocument(entry, data))
    for record_set in manifest.get("record_sets", []):
        if f"data/{record_set['path']}" not in sums:
            raise reject(f"thiếu tệp {record_set['path']}.")
        raw = (root / "data" / record_set["path"]).read_bytes()
        name = str(record_set.get("name"))
        if name in plan.records:
            raise reject(f"danh sách {name[:40]} có mặt hai lần trong gói.")
        plan.records[name] = load_json(raw, "Hồ sơ, phông")
    plan.parsed = extensions.check_records(plan.records, plan.documents)
    return plan

"""Integrity (fixity) check of the stored files, recorded in ``check_runs``. No Flask.

Each kind of stored file is a :class:`FileSource`: where its files live, which files each
document should have there (with their SHA-256), and which files are kept on purpose without a
document (the originals of deleted documents). The check reports, by document, files that are
missing or altered (damage: ``archive check`` exits with 6), and files found in a source's
folder that belong to nobody (unexpected: reported and recorded, not counted as damage).
Temporary files of a write in progress (names starting with a dot) are not files yet.

Sources: the originals (``originals/``) and the archival PDF/A copies (``archival/``: each
copy recorded ``ok`` in ``archival_copies``, verified by the SHA-256 of its stored bytes; a copy
recorded failed that still names a stored file is known, not unexpected). Another kind of
stored file joins by appending a :class:`FileSource` to :data:`FILE_SOURCES`; a deeper check of
a file can run in ``verify`` (default: the SHA-256). Files under a folder whose name starts
with a dot (a copy being built) are not files yet either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive_service.catalog import Catalog, now
from archive_service.models import ArchivalCopy, AuditEntry, CheckRun, Document
from archive_service.storage import OriginalStore, sha256_file

log = logging.getLogger(__name__)

PROBLEM_LABELS = {"missing": "bị mất", "altered": "bị thay đổi", "unexpected": "không thuộc văn bản nào"}
ROLE_LABELS = {"original": "bản gốc", "archival_copy": "bản lưu trữ PDF/A"}
_SHA_IN_DETAIL = re.compile(r"sha256=([0-9a-f]{64})")


@dataclass(frozen=True)
class StoredFile:
    """A file a document should have in the store."""

    document_id: int
    role: str  # "original" or "archival_copy"
    path: Path
    sha256: str


@dataclass(frozen=True)
class FileSource:
    """One kind of stored file: its folder, the files expected there, the files kept there
    without a document, and how one file is verified."""

    role: str
    root: Callable[[Catalog], Path]
    expected: Callable[[Catalog], Iterable[StoredFile]]
    kept: Callable[[Catalog], set[Path]] = lambda _catalog: set()
    verify: Callable[[StoredFile], bool] = lambda f: sha256_file(f.path) == f.sha256


def _originals(catalog: Catalog) -> Iterator[StoredFile]:
    with catalog.db.session() as s:
        rows = s.execute(select(Document.id, Document.sha256).order_by(Document.id)).all()
    for doc_id, sha in rows:
        yield StoredFile(doc_id, "original", catalog.store.path_for(sha), sha)


def _deleted_originals(catalog: Catalog) -> set[Path]:
    """Originals of deleted documents: kept in the store on purpose (see ``archive delete``)."""
    with catalog.db.session() as s:
        details = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "delete"))
        shas = {m.group(1) for d in details if d for m in [_SHA_IN_DETAIL.search(d)] if m}
    return {catalog.store.path_for(sha) for sha in shas}


def _copy_rows(catalog: Catalog, ok: bool) -> list[tuple[int, str]]:
    with catalog.db.session() as s:
        state = ArchivalCopy.state == "ok"
        return list(s.execute(select(ArchivalCopy.document_id, ArchivalCopy.sha256).where(
            state if ok else ~state, ArchivalCopy.sha256.is_not(None))
            .order_by(ArchivalCopy.document_id)).all())


def _archival_copies(catalog: Catalog) -> Iterator[StoredFile]:
    """Each archival PDF/A copy recorded stored and checked (bản lưu trữ PDF/A)."""
    store = OriginalStore(catalog.config.archival_dir)
    for doc_id, sha in _copy_rows(catalog, ok=True):
        yield StoredFile(doc_id, "archival_copy", store.path_for(sha), sha)


def _failed_copies(catalog: Catalog) -> set[Path]:
    """Files of copies recorded failed (found damaged): known, to be written again."""
    store = OriginalStore(catalog.config.archival_dir)
    return {store.path_for(sha) for _doc_id, sha in _copy_rows(catalog, ok=False)}


FILE_SOURCES: list[FileSource] = [
    FileSource("original", lambda c: c.store.root, _originals, _deleted_originals),
    FileSource("archival_copy", lambda c: c.config.archival_dir, _archival_copies,
               _failed_copies),
]


@dataclass
class CheckResult:
    """What one run found: failures as JSON-ready dicts, and the counts."""

    started_at: Any
    checked: int = 0
    documents: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    run_id: int | None = None

    @property
    def damaged(self) -> list[dict[str, Any]]:
        """Files missing or altered: the archive lost something (exit code 6)."""
        return [f for f in self.failures if f["problem"] != "unexpected"]

    @property
    def unexpected(self) -> list[dict[str, Any]]:
        """Files that belong to no document: reported, not a loss (an upload or import cut
        short between storing its original and its commit leaves one)."""
        return [f for f in self.failures if f["problem"] == "unexpected"]

    @property
    def ok(self) -> bool:
        return not self.damaged

    @property
    def bad_documents(self) -> list[int]:
        return sorted({f["document_id"] for f in self.failures if f["document_id"] is not None})

    def describe(self) -> list[str]:
        """One Vietnamese line per failure, grouped by document."""
        return [describe_failure(f) for f in self.failures]


def describe_failure(failure: dict[str, Any]) -> str:
    """``#12 bản gốc bị thay đổi (originals/ab/cd/…)`` or ``tệp … không thuộc văn bản nào``."""
    role = ROLE_LABELS.get(failure["role"], failure["role"])
    problem = PROBLEM_LABELS.get(failure["problem"], failure["problem"])
    if failure["document_id"] is None:
        return f"Tệp {failure['path']} ({role}) {problem}"
    return f"#{failure['document_id']} {role} {problem} ({failure['path']})"


def _relative(catalog: Catalog, path: Path) -> str:
    try:
        return str(path.relative_to(catalog.config.data_dir))
    except ValueError:
        return str(path)


def _check_source(catalog: Catalog, source: FileSource, result: CheckResult,
                  docs: set[int]) -> None:
    expected: set[Path] = set()
    for stored in source.expected(catalog):
        expected.add(stored.path)
        docs.add(stored.document_id)
        result.checked += 1
        problem = None
        if not stored.path.is_file():
            problem = "missing"
        elif not source.verify(stored):
            problem = "altered"
        if problem:
            log.error("fixity check: %s of document %d %s", source.role, stored.document_id,
                      problem)
            result.failures.append({"document_id": stored.document_id, "role": source.role,
                                    "problem": problem, "path": _relative(catalog, stored.path),
                                    "sha256": stored.sha256})
    root = source.root(catalog)
    if not root.is_dir():
        return
    known = expected | source.kept(catalog)
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path in known or any(
                part.startswith(".") for part in path.relative_to(root).parts):
            continue
        log.error("fixity check: unexpected file %s", path)
        result.failures.append({"document_id": None, "role": source.role,
                                "problem": "unexpected", "path": _relative(catalog, path),
                                "sha256": None})


def run_check(catalog: Catalog, *, by: str) -> CheckResult:
    """Check every stored file of every source, record the run, return what it found."""
    result = CheckResult(started_at=now())
    docs: set[int] = set()
    for source in FILE_SOURCES:
        _check_source(catalog, source, result, docs)
    result.failures.sort(key=lambda f: (f["document_id"] is None, f["document_id"] or 0,
                                        f["role"], f["path"]))
    result.documents = len(docs)
    with catalog.db.session() as s:
        row = CheckRun(started_at=result.started_at, finished_at=now(), checked=result.checked,
                       documents=result.documents, failed_count=len(result.failures),
                       failures=result.failures, by=by[:128])
        s.add(row)
        s.flush()
        result.run_id = row.id
    log.info("fixity check by %s: %d file(s) of %d document(s), %d failure(s)", by,
             result.checked, result.documents, len(result.failures))
    return result


def last_run(catalog: Catalog) -> CheckRun | None:
    """The newest recorded check run, or None before the first one."""
    with catalog.db.session() as s:
        return s.scalar(select(CheckRun).order_by(CheckRun.id.desc()).limit(1))

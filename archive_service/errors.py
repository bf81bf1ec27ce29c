"""One base error for the product; each subclass carries an exit code and an HTTP status.

Messages are written for an archivist, in Vietnamese, and are safe to show.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the product reports to a person."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputRejectedError(ArchiveError):
    """The file cannot be accepted (empty, corrupt, encrypted, too large, wrong type)."""

    exit_code = 3
    http_status = 422


class TooLargeError(InputRejectedError):
    http_status = 413


class NotFoundError(ArchiveError):
    exit_code = 4
    http_status = 404


class DamagedOriginalError(ArchiveError):
    """A stored original no longer matches its SHA-256 (altered or lost on disk)."""

    exit_code = 6
    http_status = 409


class DiskFullError(ArchiveError):
    """The data directory's disk is full: nothing was stored; try again once space returns."""

    exit_code = 8
    http_status = 507
    MESSAGE = ("Ổ đĩa của kho đã đầy: chưa lưu được gì. Hãy giải phóng chỗ trống (hoặc báo quản "
               "trị viên) rồi thử lại.")

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a full disk: ENOSPC/EDQUOT, or SQLite's
    'database or disk is full'."""
    import errno

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "database or disk is full" in str(exc):
            return True
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
    return False


class OcrError(ArchiveError):
    """Tesseract failed or timed out on a page."""

    exit_code = 5


class SearchUnavailableError(ArchiveError):
    """The search index cannot be used or repaired right now (e.g. another process rebuilds
    it); the command line's exit code 7."""

    exit_code = 7
    http_status = 503


class QueryError(ArchiveError):
    """A search query that cannot be understood; the message says how to fix it."""

    exit_code = 2
    http_status = 400


class ArchivalCopyError(ArchiveError):
    """The archival PDF/A copy of a document could not be written, or fails its check (the
    document itself is unaffected); the message says which rule failed."""

    exit_code = 9
    http_status = 409

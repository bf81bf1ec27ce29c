"""The only place poppler-utils' ``pdftotext`` runs: keyword-only arguments, a mandatory
timeout, and its failures re-raised as ``ArchivalCopyError`` (Debian package poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from archive_service.errors import ArchivalCopyError

PAGE_BREAK = "\f"


def pdftotext(path: Path, *, timeout: float, raw: bool = False) -> list[str]:
    """The text of every page of ``path`` as poppler extracts it (UTF-8), one string per page."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ArchivalCopyError("Thiếu chương trình pdftotext (gói poppler-utils) để kiểm tra "
                                "lớp chữ của bản PDF/A.")
    args = [exe, "-enc", "UTF-8", *(["-raw"] if raw else []), str(path), "-"]
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ArchivalCopyError(f"pdftotext quá {timeout:.0f} giây trên bản PDF/A.") from exc
    except OSError as exc:
        raise ArchivalCopyError(f"Không chạy được pdftotext ({exc.strerror}).") from exc
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[0]
        raise ArchivalCopyError(f"pdftotext báo lỗi (mã {done.returncode}): {first[:200]}")
    pages = done.stdout.decode("utf-8", "replace").split(PAGE_BREAK)
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last included, with a form feed
    return pages

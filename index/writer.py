"""The one writer: documents to fields, batched commits, and the rebuild journal.

Every write takes ``write.lock`` (waiting for it, never failing with a lock error), resolves
the live directory *after* taking the lock (so a swap never strands a write), applies the
batch and commits without merging; any error cancels the batch and is re-raised.
"""

from __future__ import annotations

import contextlib
import datetime
import pickle
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import IndexWriter

from . import layout
from .analysis import bigrams, fold, fold_tokens, normalize_text, number_key, tokenize
from .schema import SCHEMA_VERSION, build_schema
from .types import CONFIDENTIALITY_LEVELS, IndexDocument, IndexUnavailableError, issuer_facet_key

PAGE_BREAK = "\f"


class FastCodec(W3Codec):
    """Whoosh's codec without per-posting length statistics.

    Whoosh looks up the field length of every posting at flush time to keep block
    statistics for its own BM25 shortcuts; this index ranks with its own ``ntok`` column,
    and skipping the look-ups makes indexing several times cheaper.
    """

    length_stats = False


LOCK_TIMEOUT = 600.0


def clearance_level(confidentiality: str | None) -> int:
    """0 public, 1 Mật, 2 Tối mật, 3 Tuyệt mật; an unknown mark counts as the highest."""
    key = fold(normalize_text(confidentiality or "")).lower().strip()
    return CONFIDENTIALITY_LEVELS.get(key, 3)


def _norm(value: str | None) -> str:
    return normalize_text(value).strip() if value else ""


def pack_pages(pages: list[str]) -> bytes:
    """Page texts, NFC, joined by form feeds and zlib-compressed (the stored ``body``)."""
    text = PAGE_BREAK.join(normalize_text(p).replace(PAGE_BREAK, " ") for p in pages)
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_pages(body: bytes | None) -> list[str]:
    """Inverse of :func:`pack_pages`."""
    if not body:
        return []
    return zlib.decompress(body).decode("utf-8").split(PAGE_BREAK)


def build_fields(doc: IndexDocument) -> dict[str, Any]:
    """Whoosh field values for one document; the text is tokenized once for all text fields."""
    meta = [doc.number, doc.doc_type, doc.subject, doc.issuer, doc.parent_issuer, doc.signer]
    tokens = tokenize("\n".join([m for m in meta if m] + list(doc.pages)))
    # lists are indexed as given (already analysed)
    issued = doc.issued_date
    fields: dict[str, Any] = {
        "id": str(doc.id),
        "number": _norm(doc.number) or None,
        "issued": issued.isoformat() if issued else None,
        "dord": issued.toordinal() if issued else 0,
        "issuer": _norm(doc.issuer) or None,
        "parent_issuer": _norm(doc.parent_issuer) or None,
        "doc_type": _norm(doc.doc_type) or None,
        "subject": _norm(doc.subject) or None,
        "acl": clearance_level(doc.confidentiality),
        "ntok": len(tokens),
        "text": tokens,
        "pairs": bigrams(fold_tokens(tokens)),
        "body": pack_pages(doc.pages),
    }
    optional = {
        "number_t": _norm(doc.number),
        "number_key": number_key(doc.number or ""),
        "date": datetime.datetime.combine(issued, datetime.time()) if issued else None,
        "year": str(issued.year) if issued else "",
        "issuer_k": _norm(doc.issuer),
        "issuer_pk": issuer_facet_key(_norm(doc.issuer), _norm(doc.parent_issuer)),
        "issuer_t": " ".join(filter(None, [_norm(doc.issuer), _norm(doc.parent_issuer)])),
        "doc_type_k": _norm(doc.doc_type),
        "doc_type_t": _norm(doc.doc_type),
        "signer_t": _norm(doc.signer),
        "fonds_k": _norm(doc.fonds),
        "file_k": _norm(doc.file),
    }
    fields.update({k: v for k, v in optional.items() if v})
    fields["meta_pairs"] = [
        f"{name}|{pair}"
        for name in ("number_t", "issuer_t", "doc_type_t", "signer_t")
        for pair in bigrams(fold_tokens(tokenize(optional[name])))
    ]
    return fields


def create_index(directory: Path) -> whoosh_index.Index:
    """An empty index with the current schema and its version file."""
    ix = whoosh_index.create_in(str(directory), build_schema(), indexname=layout.INDEX_NAME)
    layout.write_version(directory, SCHEMA_VERSION)
    return ix


def open_live_index(base: Path, create: bool = True) -> whoosh_index.Index:
    """The live index under ``base``; created when missing and ``create`` is true.

    Raises IndexUnavailableError when it has another schema version or cannot be opened.
    """
    directory = layout.current_dir(base)
    if directory is None or not directory.exists():
        if not create:
            raise IndexUnavailableError("missing")
        directory = layout.new_dir(base)
        ix = create_index(directory)
        layout.swap(base, directory)
        return ix
    if layout.read_version(directory) != SCHEMA_VERSION:
        raise IndexUnavailableError("outdated", f"schema {layout.read_version(directory)}")
    return open_dir(directory)


OPEN_ATTEMPTS = 5  # a file gone while opening is a concurrent commit's clean-up: try again


def open_dir(directory: Path, then: Any = None) -> Any:
    """The Whoosh index in ``directory`` (and ``then(ix)``, e.g. a searcher, opened with it).

    Opening lists the newest table of contents, then reads it and its segments; a commit in
    another process may remove those files in between (FileNotFoundError). That race is
    retried; any other failure, or the race every time, means a corrupt index."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            ix = whoosh_index.open_dir(str(directory), indexname=layout.INDEX_NAME)
            return then(ix) if then is not None else ix
        except FileNotFoundError as exc:
            if attempt == OPEN_ATTEMPTS - 1:
                raise IndexUnavailableError("corrupt", str(exc)) from exc
            time.sleep(0.05 * (attempt + 1))
        except Exception as exc:  # noqa: BLE001 - any other failure to open: a corrupt index
            raise IndexUnavailableError("corrupt", str(exc)) from exc
    raise AssertionError("unreachable")


def apply_batch(writer: IndexWriter, docs: Iterable[IndexDocument], delete_ids: Iterable[str]) -> None:
    """Add or replace ``docs`` (by id) and delete ``delete_ids`` through ``writer``."""
    for doc in docs:
        writer.update_document(**build_fields(doc))
    for doc_id in delete_ids:
        writer.delete_by_term("id", str(doc_id))


@contextlib.contextmanager
def open_writer(ix: whoosh_index.Index, merge: bool = False, **kwargs: Any) -> Iterator[IndexWriter]:
    """A Whoosh writer that commits on success (``merge`` as given) and cancels on error."""
    writer = ix.writer(timeout=LOCK_TIMEOUT, codec=FastCodec(), **kwargs)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=merge)


def write(base: Path, docs: list[IndexDocument], delete_ids: list[str]) -> None:
    """The hot path: one locked, unmerged commit; journaled while a rebuild runs.

    While a rebuild replaces a lost index, the write goes to the journal alone: creating a
    new live index then would swap out (and delete) the one being built."""
    with layout.open_file_lock(base / layout.WRITE_LOCK, LOCK_TIMEOUT):
        if _rebuilding_lost_index(base):
            append_journal(base, docs, delete_ids)
            return
        ix = open_live_index(base)
        try:
            with open_writer(ix, merge=False) as writer:
                apply_batch(writer, docs, delete_ids)
        finally:
            ix.close()
        append_journal(base, docs, delete_ids)


def _rebuilding_lost_index(base: Path) -> bool:
    """No live index, and a rebuild running (its journal exists and its lock is held)."""
    directory = layout.current_dir(base)
    if (directory is not None and directory.exists()) or not (base / layout.JOURNAL).exists():
        return False
    try:
        with layout.open_file_lock(base / layout.REBUILD_LOCK, timeout=0):
            (base / layout.JOURNAL).unlink(missing_ok=True)  # left by a rebuild that died
            return False
    except TimeoutError:
        return True


def optimize(base: Path) -> None:
    """Merge all segments into one (the nightly job)."""
    with layout.open_file_lock(base / layout.WRITE_LOCK, LOCK_TIMEOUT):
        ix = open_live_index(base, create=False)
        try:
            ix.optimize()
        finally:
            ix.close()


def append_journal(base: Path, docs: list[IndexDocument], delete_ids: list[str]) -> None:
    """While a rebuild runs (the journal exists), remember this write for its replay."""
    path = base / layout.JOURNAL
    if not path.exists():
        return
    with open(path, "ab") as f:
        pickle.dump((docs, delete_ids), f, protocol=pickle.HIGHEST_PROTOCOL)


def read_journal(base: Path) -> Iterator[tuple[list[IndexDocument], list[str]]]:
    """The writes recorded since the rebuild started, in order."""
    path = base / layout.JOURNAL
    if not path.exists():
        return
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return

"""Related documents in the catalog: store the references read from a body, link each to the
archived document it names, and list both directions (no Flask, no OCR).

A reference links to an archived document only on a **strong match**: the same number (compared
by :func:`number_key`: case, spaces, diacritics, ``Đ``/``D``, ``O``/``0`` and leading zeros
ignored) and

- nothing printed in the citation contradicts the document: its type (``Quyết định``), its date
  and its issuer (``của Ủy ban nhân dân tỉnh``) agree with the document's metadata where both
  are known, and the cited document is not dated after the citing one;
- something besides the number agrees: the printed date equals the document's date, or (no date
  printed) the year inside the number (``346/2017/QĐ-UBND``) equals the document's year;
- exactly one processed document, other than the citing one, passes.

Anything less is a **weak match** and is never linked: the number alone (``45/KH-UBND`` is
issued by every province every year), a number whose date or issuer disagrees, two candidates,
or a law cited by name and date without a number. Links are refreshed when a document is
processed (it may be the target of earlier references), when a person corrects a number, date,
type or issuer, and by ``archive references --relink``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from archive_service.catalog import Catalog, effective_metadata
from archive_service.models import Correction, Document, DocumentReference, FieldRow

RELATIONS: tuple[str, ...] = ("can_cu", "thay_the", "bai_bo", "sua_doi", "thuc_hien")
# relation → (what the citing document does, what is done to the cited one), for the CLI;
# the web app has the same labels with their translations (web/related.py)
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "can_cu": ("Căn cứ", "Được căn cứ bởi"), "thay_the": ("Thay thế", "Bị thay thế bởi"),
    "bai_bo": ("Bãi bỏ", "Bị bãi bỏ bởi"),
    "sua_doi": ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    "thuc_hien": ("Trích dẫn", "Được trích dẫn bởi"),
}
LINK_FIELDS = frozenset({"number", "issued_date", "doc_type", "issuer", "parent_issuer"})
_TITLES = ("chu tich", "pho chu tich", "giam doc", "pho giam doc", "bo truong", "thu truong",
           "thu tuong", "pho thu tuong", "chu nhiem", "truong ban", "cuc truong", "vu truong",
           "chanh van phong", "tong cuc truong", "thuong truc", "tap the")
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho",
                  "snv": "so noi vu", "stc": "so tai chinh", "byt": "bo y te", "bnv": "bo noi vu",
                  "syt": "so y te", "vpcp": "van phong chinh phu", "ttg": "thu tuong chinh phu"}


def fold(text: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``, single spaces."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def number_key(number: str | None) -> str | None:
    """``2629/QĐ-UBND``, ``2629 / QD - ubnd``, ``2629/QÐ-UBND`` → ``2629/QD-UBND``; ``06/TTr`` →
    ``6/TTR``; ``1O28/…`` → ``1028/…``. None when there is no number to compare."""
    if not number:
        return None
    text = fold(unicodedata.normalize("NFC", number).replace("Ð", "D")).upper()
    text = re.sub(r"\s+", "", text)
    m = re.match(r"^([0-9OIL|]+)([A-Z]?)([/-].+)$", text)
    if not m or not any(c.isdigit() for c in m.group(1)):
        return None
    digits = m.group(1).translate(str.maketrans("OIL|", "0111")).lstrip("0") or "0"
    return f"{digits}{m.group(2)}{m.group(3)}"[:64]


def _year_in_number(number: str | None) -> str | None:
    m = re.match(r"^\s*\d+\s*/\s*((?:19|20)\d\d)\s*/", number or "")
    return m.group(1) if m else None


def _issuer_tokens(text: str) -> list[str]:
    words = [_ABBREVIATIONS.get(w, w) for w in re.sub(r"[^0-9a-z ]+", " ", fold(text)).split()]
    folded = " ".join(words)
    for title in _TITLES:
        folded = re.sub(rf"^{title}\b\s*", "", folded)
    return folded.split()


def issuer_compatible(cited: str | None, meta: dict[str, Any]) -> bool:
    """True when the issuer printed in a citation may be the document's (80% of its words are
    words of the document's issuer and parent body), or either is unknown."""
    tokens = _issuer_tokens(cited or "")
    target = set(_issuer_tokens(f"{meta.get('parent_issuer') or ''} {meta.get('issuer') or ''}"))
    if not tokens or not target:
        return True
    return sum(t in target for t in tokens) / len(tokens) >= 0.8


def matches(ref: DocumentReference, meta: dict[str, Any], citing: dict[str, Any]) -> bool:
    """A strong match of ``ref`` on a document with metadata ``meta`` (numbers already equal)."""
    date, target_date = ref.issued_date, meta.get("issued_date")
    if ref.doc_type and meta.get("doc_type") and fold(ref.doc_type) != fold(meta["doc_type"]):
        return False
    if date and target_date and date != target_date:
        return False
    if target_date and citing.get("issued_date") and target_date > citing["issued_date"]:
        return False
    if not issuer_compatible(ref.issuer, meta):
        return False
    if date:
        return date == target_date
    year = _year_in_number(ref.number)
    return bool(year and target_date and target_date.startswith(year))


# --- the catalog side --------------------------------------------------------------------------

def _with_metadata(s: Session, ids: Iterable[int]) -> list[Document]:
    return list(s.scalars(select(Document).where(Document.id.in_(list(ids))).options(
        selectinload(Document.fields), selectinload(Document.corrections))))


def _candidates(s: Session, key: str) -> dict[int, dict[str, Any]]:
    """Processed documents whose current number has ``key``, with their metadata."""
    digits = re.match(r"\d+", key)
    like = f"%{digits.group(0) if digits else key}%"
    ids = set(s.scalars(select(FieldRow.document_id).where(
        FieldRow.name == "number", cast(FieldRow.value, String).like(like))))
    ids |= set(s.scalars(select(Correction.document_id).where(
        Correction.field == "number", cast(Correction.value, String).like(like))))
    out = {}
    for doc in _with_metadata(s, ids):
        meta = effective_metadata(doc)
        if doc.state == "done" and number_key(meta.get("number")) == key:
            out[doc.id] = meta
    return out


def _link(s: Session, refs: list[DocumentReference]) -> int:
    """Set each reference's link (or clear it); returns how many are linked."""
    citing = {d.id: effective_metadata(d) for d in _with_metadata(s, {r.document_id for r in refs})}
    cache: dict[str, dict[int, dict[str, Any]]] = {}
    linked = 0
    for ref in refs:
        target = None
        if ref.number_key:
            if ref.number_key not in cache:
                cache[ref.number_key] = _candidates(s, ref.number_key)
            strong = [doc_id for doc_id, meta in cache[ref.number_key].items()
                      if doc_id != ref.document_id
                      and matches(ref, meta, citing.get(ref.document_id, {}))]
            target = strong[0] if len(strong) == 1 else None
        if ref.linked_id != target:
            ref.linked_id = target
        linked += target is not None
    return linked


def store_references(catalog: Catalog, doc_id: int, references: list[dict[str, Any]], *,
                     link: bool = True) -> None:
    """Replace ``doc_id``'s references (dicts of ``ingest.metadata.references.Reference``) and
    refresh the links from it and to it (unless ``link`` is False: a relink of all follows)."""
    with catalog.db.session() as s:
        s.query(DocumentReference).filter(DocumentReference.document_id == doc_id).delete()
        for position, ref in enumerate(references):
            s.add(DocumentReference(
                document_id=doc_id, position=position, relation=ref["relation"],
                doc_type=_cut(ref.get("doc_type"), 64), number=_cut(ref.get("number"), 64),
                number_key=number_key(ref.get("number")),
                issued_date=_cut(ref.get("issued_date"), 10), issuer=_cut(ref.get("issuer"), 256),
                name=_cut(ref.get("name"), 512), text=ref.get("text") or "", page=ref.get("page")))
    if link:
        refresh_links(catalog, doc_id)


def count(catalog: Catalog) -> int:
    """How many references the catalog holds."""
    with catalog.db.session() as s:
        return s.scalar(select(func.count()).select_from(DocumentReference)) or 0


def _cut(value: str | None, size: int) -> str | None:
    return value[:size] if value else value


def refresh_links(catalog: Catalog, doc_id: int) -> int:
    """Link again the references of ``doc_id``, those that name its number (it may be their
    target now) and those linked to it (its number may have changed); returns the linked."""
    with catalog.db.session() as s:
        doc = _with_metadata(s, [doc_id])
        key = number_key(effective_metadata(doc[0]).get("number")) if doc else None
        which = [DocumentReference.document_id == doc_id, DocumentReference.linked_id == doc_id]
        if key:
            which.append(DocumentReference.number_key == key)
        refs = list(s.scalars(select(DocumentReference).where(or_(*which))))
        return _link(s, refs)


def relink_all(catalog: Catalog, *, batch: int = 500, progress=None) -> tuple[int, int]:
    """Link every stored reference again; returns (references, linked)."""
    with catalog.db.session() as s:
        ids = list(s.scalars(select(DocumentReference.id).order_by(DocumentReference.id)))
    linked = 0
    for start in range(0, len(ids), batch):
        with catalog.db.session() as s:
            refs = list(s.scalars(select(DocumentReference).where(
                DocumentReference.id.in_(ids[start:start + batch]))))
            linked += _link(s, refs)
        if progress:
            progress(len(refs))
    return len(ids), linked


# --- reading -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Related:
    """One line of a document's related documents: the reference and the document at its
    other end (the cited one when outgoing, the citing one when incoming; None: not archived)."""

    reference: DocumentReference
    document: Document | None
    outgoing: bool


def related_documents(catalog: Catalog, doc_id: int) -> tuple[list[Related], list[Related]]:
    """(what ``doc_id`` cites, what cites ``doc_id``), each in reading order. The documents come
    with fields and corrections loaded: callers decide who may see them."""
    with catalog.db.session() as s:
        out_refs = list(s.scalars(select(DocumentReference).where(
            DocumentReference.document_id == doc_id).order_by(DocumentReference.position)))
        in_refs = list(s.scalars(select(DocumentReference).where(
            DocumentReference.linked_id == doc_id, DocumentReference.document_id != doc_id)
            .order_by(DocumentReference.document_id, DocumentReference.position)))
        others = {d.id: d for d in _with_metadata(
            s, {r.linked_id for r in out_refs if r.linked_id} | {r.document_id for r in in_refs})}
    outgoing = [Related(r, others.get(r.linked_id) if r.linked_id else None, True)
                for r in out_refs]
    incoming = [Related(r, others[r.document_id], False) for r in in_refs
                if r.document_id in others]
    return outgoing, incoming


def reference_json(item: Related, *, visible: bool = True) -> dict[str, Any]:
    """One related document as the API and ``archive show --json`` give it. A linked document
    the reader may not see is given as not linked (``visible=False``)."""
    ref, doc = item.reference, item.document if visible else None
    meta = effective_metadata(doc) if doc is not None else {}
    out = {"relation": ref.relation, "doc_type": ref.doc_type, "number": ref.number,
           "issued_date": ref.issued_date, "issuer": ref.issuer, "name": ref.name,
           "text": ref.text, "page": ref.page,
           "document": None if doc is None else {
               "id": doc.id, "number": meta.get("number"), "doc_type": meta.get("doc_type"),
               "issued_date": meta.get("issued_date"), "subject": meta.get("subject")}}
    out["linked"] = doc is not None
    return out

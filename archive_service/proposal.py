"""Propose the hồ sơ a processed document most likely belongs to. No Flask; never files.

The evidence is the documents already filed: a hồ sơ scores by its most similar document
(same issuer, same year, subject words shared, diacritics folded) and by the words its title
and keywords share with the document's subject. Only hồ sơ of open phông and documents the
user may see count, so a proposal never reveals a hidden document. A person accepts a
proposal (:meth:`archive_service.filing.Filing.file_documents`); nothing is filed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive_service.catalog import Catalog, effective_metadata
from archive_service.classification import may_see
from archive_service.models import Document, DocumentArchival, FileRecord, Fonds
from archive_service.users import Account
from index import fold, tokenize

ISSUER_WEIGHT = 0.4
YEAR_WEIGHT = 0.2
WORDS_WEIGHT = 0.4
TITLE_WEIGHT = 0.25
THRESHOLD = 0.35  # below this, no proposal
MAX_EVIDENCE = 5000  # filed documents read at most
# Syllables common to every administrative subject: they say nothing about the matter.
COMMON = frozenset({
    "ve", "viec", "cua", "va", "cac", "nhung", "trong", "tai", "cho", "voi", "theo", "nam",
    "so", "ban", "hanh", "thuc", "hien", "mot", "nay", "do", "duoc", "den", "tu", "tren",
    "ngay", "thang", "ke", "hoach", "quyet", "dinh", "thong", "bao", "cao", "cong", "to",
    "trinh",
})


@dataclass(frozen=True)
class Proposal:
    """A hồ sơ proposed for a document, how sure (0–1) and why (reason codes:
    ``issuer``, ``year``, ``words``, ``title``) with the shared words as the document
    spells them."""

    file_id: int
    file_code: str
    file_title: str
    fonds_code: str
    score: float
    reasons: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Profile:
    issuer: str
    year: str
    words: frozenset[str]  # folded
    spelled: dict[str, str] = field(default_factory=dict, compare=False)  # folded → as written


def subject_words(text: str | None) -> frozenset[str]:
    """Folded syllables of a subject that name its matter (no digits, no common words)."""
    return frozenset(w for w in (fold(t).lower() for t in tokenize(text or ""))
                     if w not in COMMON and not w.isdigit() and len(w) > 1)


def _profile(doc: Document) -> _Profile:
    meta = effective_metadata(doc)
    issuer = " ".join(fold(meta.get("issuer") or "").lower().split())
    year = (meta.get("issued_date") or "")[:4]
    text = meta.get("subject") or ""
    if doc.archival is not None and doc.archival.keywords:
        text += "\n" + doc.archival.keywords
    words = subject_words(text)
    spelled = {fold(t).lower(): t.lower() for t in tokenize(text)}
    return _Profile(issuer, year, words, spelled)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def similarity(doc: _Profile, other: _Profile) -> tuple[float, list[str]]:
    """How alike two documents are (0–1), with the reasons."""
    score, reasons = 0.0, []
    if doc.issuer and doc.issuer == other.issuer:
        score, reasons = score + ISSUER_WEIGHT, [*reasons, "issuer"]
    if doc.year and doc.year == other.year:
        score, reasons = score + YEAR_WEIGHT, [*reasons, "year"]
    shared = _overlap(doc.words, other.words)
    if len(doc.words & other.words) >= 2 or shared >= 0.5:
        score, reasons = score + WORDS_WEIGHT * shared, [*reasons, "words"]
    return score, reasons


def _score_file(profile: _Profile, record: FileRecord, filed: list[_Profile]) -> Proposal | None:
    best, reasons = 0.0, []
    for other in filed:
        score, why = similarity(profile, other)
        if score > best:
            best, reasons = score, why
    title_words = subject_words(f"{record.title} {record.keywords or ''}")
    title = _overlap(profile.words, title_words)
    if title and len(profile.words & title_words) >= 2:
        best, reasons = best + TITLE_WEIGHT * title, [*reasons, "title"]
    if best < THRESHOLD:
        return None
    shared = set(profile.words & title_words)
    for other in filed:
        shared |= profile.words & other.words
    words = sorted(profile.spelled.get(w, w) for w in shared)
    return Proposal(record.id, record.code, record.title, record.fonds.code,
                    round(min(best, 1.0), 3), tuple(reasons), tuple(words))


def _evidence(catalog: Catalog, acc: Account, exclude: int) -> dict[int, tuple[FileRecord, list]]:
    """Filed documents ``acc`` may see, by hồ sơ (open phông only)."""
    with catalog.db.session() as s:
        records = {r.id: r for r in s.scalars(select(FileRecord).join(Fonds)
                                               .where(Fonds.status == "open"))}
        docs = s.scalars(select(Document).join(DocumentArchival)
                         .where(DocumentArchival.file_id.in_(list(records)), Document.id != exclude)
                         .options(selectinload(Document.fields), selectinload(Document.corrections),
                                  selectinload(Document.archival))
                         .limit(MAX_EVIDENCE)).all()
    out: dict[int, tuple[FileRecord, list]] = {i: (r, []) for i, r in records.items()}
    for doc in docs:
        if may_see(doc, acc):
            out[doc.archival.file_id][1].append(_profile(doc))
    return out


def propose_files(catalog: Catalog, doc: Document, acc: Account, limit: int = 3) -> list[Proposal]:
    """The hồ sơ ``doc`` most likely belongs to, best first (empty when it is already filed,
    not processed, or nothing is alike enough)."""
    if doc.state != "done" or (doc.archival is not None and doc.archival.file_id is not None):
        return []
    profile = _profile(doc)
    if not (profile.issuer or profile.words):
        return []
    found = []
    for record, filed in _evidence(catalog, acc, doc.id).values():
        proposal = _score_file(profile, record, filed)
        if proposal is not None:
            found.append(proposal)
    found.sort(key=lambda p: (-p.score, p.file_code))
    return found[:limit]


def proposal_json(proposals: Iterable[Proposal]) -> list[dict[str, Any]]:
    """The JSON form of proposals (API and ``--json``)."""
    return [{"file_id": p.file_id, "file_code": p.file_code, "file_title": p.file_title,
             "fonds_code": p.fonds_code, "score": p.score, "reasons": list(p.reasons),
             "words": list(p.words)} for p in proposals]

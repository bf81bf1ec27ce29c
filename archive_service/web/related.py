"""Related documents on the document page and in the API: both directions of each relation,
filtered by clearance (a document the reader may not see is never named)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from archive_service.references import Related, reference_json, related_documents
from archive_service.users import Account
from archive_service.web.access import can_see, catalog
from archive_service.web.i18n import format_date

# relation → (what this document does, what the other document does to this one)
LABELS = {
    "can_cu": (_l("Căn cứ"), _l("Được căn cứ bởi")),
    "thay_the": (_l("Thay thế"), _l("Bị thay thế bởi")),
    "bai_bo": (_l("Bãi bỏ"), _l("Bị bãi bỏ bởi")),
    "sua_doi": (_l("Sửa đổi, bổ sung"), _l("Được sửa đổi, bổ sung bởi")),
    "thuc_hien": (_l("Trích dẫn"), _l("Được trích dẫn bởi")),
}


def visible_related(doc_id: int, acc: Account | None) -> tuple[list[Related], list[Related]]:
    """(cited, citing) as ``acc`` may know them: a cited document above the reader's clearance
    is shown as the printed citation only, exactly like one not in the archive; a citing
    document above it is left out."""
    cites, cited_by = related_documents(catalog(), doc_id)
    cites = [r if r.document is None or can_see(r.document, acc)
             else Related(r.reference, None, True) for r in cites]
    cited_by = [r for r in cited_by if can_see(r.document, acc)]
    return cites, cited_by


def related_json(doc_id: int, acc: Account | None) -> dict[str, Any]:
    """The API's answer: both directions."""
    cites, cited_by = visible_related(doc_id, acc)
    return {"id": doc_id, "cites": [reference_json(r) for r in cites],
            "cited_by": [reference_json(r) for r in cited_by]}


def related_sections(doc_id: int, acc: Account | None) -> list[dict[str, Any]]:
    """Sections for the page, in the order of LABELS, this document's citations first:
    ``{"label", "relation", "direction", "items": [{"text", "href", "title"}]}``."""
    cites, cited_by = visible_related(doc_id, acc)
    sections = []
    for relation, (out_label, in_label) in LABELS.items():
        for direction, label, items in (("out", out_label, cites), ("in", in_label, cited_by)):
            rows = [_row(r) for r in items if r.reference.relation == relation]
            if rows:
                sections.append({"label": label, "relation": relation, "direction": direction,
                                 "items": rows})
    return sections


def _row(item: Related) -> dict[str, Any]:
    ref, doc = item.reference, item.document
    if item.outgoing:
        text = " ".join(x for x in (ref.doc_type, ref.number or ref.name) if x) or ref.text
        if ref.issued_date:
            text += f" ({format_date(ref.issued_date)})"
        if ref.issuer:
            text += f" — {ref.issuer}"
    else:
        data = reference_json(item)["document"]
        text = " ".join(x for x in (data["doc_type"], data["number"]) if x) or f"#{doc.id}"
        if data["issued_date"]:
            text += f" ({format_date(data['issued_date'])})"
        if data["subject"]:
            text += f" — {data['subject']}"
    return {"text": text, "title": ref.text,
            "href": url_for("documents.show", doc_id=doc.id) if doc is not None else None}

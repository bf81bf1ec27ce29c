"""Probable duplicates in the catalog (no Flask), on SQLite and PostgreSQL: records built from
typed metadata (the worker's detection on real scans is tests/web/test_duplicates.py); what
counts as the same document, a pair recorded once, merge and keep both, search, progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from archive_service import duplicates, indexing
from archive_service.batches import Batches
from archive_service.catalog import Catalog
from archive_service.errors import InputRejectedError
from archive_service.models import AuditEntry
from archive_service.records import FieldValue, Page

META = {"number": "08/GM-SNV", "issuer": "SỞ NỘI VỤ", "issued_date": "2025-03-03",
        "doc_type": "Giấy mời", "subject": "Dự tập huấn nghiệp vụ văn thư"}


def record(catalog: Catalog, tmp: Path, seed: int, **changes) -> int:
    """A processed, indexed record with this metadata (its own bytes), as the worker leaves it,
    and its duplicates looked for, as the worker does."""
    path = tmp / f"{seed}.png"
    Image.new("L", (300 + seed, 200), 255).save(path, format="PNG")
    doc_id = catalog.add_file(path, user="vanthu", enqueue=False).id
    assert catalog.claim(doc_id)
    catalog.set_progress(doc_id, "pages", 1, 1)
    fields = {k: FieldValue(v, 0.9) for k, v in {**META, **changes}.items()}
    catalog.save_result(doc_id, [Page(number=1, text="tập huấn nghiệp vụ văn thư")], fields)
    duplicates.record_probable(catalog, doc_id)
    indexing.index_documents(catalog, [doc_id])
    return doc_id


def search_ids(catalog: Catalog) -> set[str]:
    return indexing.open_index(catalog).doc_ids()


def actions(catalog: Catalog, doc_id: int) -> list[str]:
    with catalog.db.session() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == doc_id)))


@pytest.mark.parametrize(("changes", "same"), [
    ({}, True),
    ({"number": "08 / GM-SNV", "issuer": "Sở Nội vụ"}, True),  # OCR spacing, case
    ({"number": "8/GM-SNV"}, True),  # the leading zero
    ({"issued_date": "2025-03-04"}, False),
    ({"number": "09/GM-SNV"}, False),
    ({"issuer": "SỞ TÀI CHÍNH"}, False),
    ({"issued_date": None}, False),  # unknown date: no warning
])
def test_what_counts_as_the_same_document(catalog, tmp_path, changes, same):
    first = record(catalog, tmp_path, 1)
    second = record(catalog, tmp_path, 2, **changes)
    assert duplicates.find_probable(catalog, second) == ([first] if same else [])
    assert [w.other_id for w in duplicates.notices(catalog, second).warnings] == (
        [first] if same else [])


def test_merge_withdraws_one_record_from_search_and_keeps_it(catalog, tmp_path):
    first, second = record(catalog, tmp_path, 1), record(catalog, tmp_path, 2)
    assert duplicates.record_probable(catalog, second) == [first]  # known: not recorded again
    warning = duplicates.notices(catalog, second).warnings
    assert len(warning) == 1 and warning[0].candidate.basis == "08/GM-SNV · SỞ NỘI VỤ · 2025-03-03"
    assert {str(first), str(second)} <= search_ids(catalog)
    with pytest.raises(InputRejectedError):
        duplicates.merge(catalog, warning[0].candidate.id, keep=999, user="vanthu")
    gone = duplicates.merge(catalog, warning[0].candidate.id, keep=first, user="vanthu")
    assert gone == second and catalog.withdrawn([first, second]) == {second: first}
    assert str(second) not in search_ids(catalog) and str(first) in search_ids(catalog)
    assert catalog.store.verify(catalog.get(second).sha256)  # the original stays
    assert [d.id for d in duplicates.notices(catalog, first).merged_here] == [second]
    assert duplicates.notices(catalog, second).merged_into == first
    assert "merge" in actions(catalog, first) and "merge" in actions(catalog, second)
    # the index agrees with the catalog, also after a rebuild and a correction of the duplicate
    assert indexing.inspect_index(catalog).healthy
    catalog.set_correction(second, "subject", "Bản quét lại", user="vanthu")
    indexing.catch_up(catalog)
    indexing.rebuild(catalog)
    assert str(second) not in search_ids(catalog) and indexing.inspect_index(catalog).healthy
    # a third scan is compared with the kept record only
    third = record(catalog, tmp_path, 3)
    assert duplicates.find_probable(catalog, third) == [first]
    # deleting the kept record brings the withdrawn one back to search
    indexing.delete_document(catalog, first, user="quantri")
    assert catalog.withdrawn([second]) == {} and str(second) in search_ids(catalog)


def test_keep_both_dismisses_the_warning_once(catalog, tmp_path):
    first, second = record(catalog, tmp_path, 1), record(catalog, tmp_path, 2)
    warning = duplicates.notices(catalog, first).warnings[0]
    assert warning.other_id == second
    duplicates.keep_both(catalog, warning.candidate.id, user="vanthu")
    assert duplicates.notices(catalog, first).warnings == []
    assert duplicates.record_probable(catalog, second) == [first]  # found, but not flagged again
    assert duplicates.notices(catalog, second).warnings == []
    assert "keep_both" in actions(catalog, first) and "keep_both" in actions(catalog, second)
    with pytest.raises(InputRejectedError):
        duplicates.merge(catalog, warning.candidate.id, keep=first, user="vanthu")
    assert {str(first), str(second)} <= search_ids(catalog)


def test_progress_belongs_to_the_attempt_being_processed(catalog, tmp_path):
    path = tmp_path / "p.png"
    Image.new("L", (320, 200), 255).save(path, format="PNG")
    batches = Batches(catalog)
    batch = batches.create(by="cli", source="cli")
    doc_id = batches.add_file(batch, path, user="cli").id
    catalog.set_progress(doc_id, "pages", 1, 3)  # not processing: ignored
    assert catalog.progress([doc_id]) == {}
    assert catalog.claim(doc_id)
    catalog.set_progress(doc_id, "pages", 1, 3)
    row = batches.get(batch).items[0].progress
    assert (row.stage, row.page, row.pages) == ("pages", 1, 3)
    catalog.fail(doc_id, "Không đọc được trang nào của tệp.")
    view = batches.get(batch)
    assert view.items[0].status == "failed" and view.finished and view.counts()["failed"] == 1
    assert view.items[0].progress is None
    assert catalog.retry(doc_id) and catalog.claim(doc_id)  # a new attempt: the old row is not
    assert catalog.progress([doc_id]) == {}  # its progress

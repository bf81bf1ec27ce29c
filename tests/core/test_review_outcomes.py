"""What a person did to a field is kept (issue 14, "Review"): a correction, a confirmation of
the value shown, or "không áp dụng"; catalogs made before keep their corrections as such."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.config import Config as AlembicConfig
from PIL import Image
from sqlalchemy import select

from archive_service.catalog import Catalog, document_json, effective_metadata
from archive_service.db import MIGRATIONS, create_catalog_engine
from archive_service.models import AuditEntry, Correction
from archive_service.records import FieldValue, Page


def _processed(catalog: Catalog, tmp_path) -> int:
    path = tmp_path / "a.png"
    Image.new("L", (220, 100), 255).save(path, format="PNG")
    doc_id = catalog.add_file(path, enqueue=False).id
    assert catalog.claim(doc_id)
    catalog.save_result(doc_id, [Page(number=1, text="Số: 15/TB-SNV")], {
        "number": FieldValue("15/TB-SNV", 0.5, review=True),
        "signer": FieldValue("Trần Văn A", 0.5, review=True)})
    return doc_id


def test_kinds_are_kept_audited_and_leave_the_queue(catalog, tmp_path):
    doc_id = _processed(catalog, tmp_path)
    catalog.set_correction(doc_id, "number", "15/TB-SNV", user="vanthu", kind="confirmation")
    catalog.set_correction(doc_id, "signer", "Trần Văn A", user="vanthu", kind="not_applicable")
    doc = catalog.get(doc_id)
    assert [(c.field, c.kind, c.value) for c in doc.corrections] == [
        ("number", "confirmation", "15/TB-SNV"), ("signer", "not_applicable", None)]
    assert effective_metadata(doc)["signer"] is None
    assert [c["kind"] for c in document_json(doc)["corrections"]] == ["confirmation",
                                                                      "not_applicable"]
    assert catalog.review_queue() == []
    with catalog.db.session() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.detail)
                         .where(AuditEntry.document_id == doc_id).order_by(AuditEntry.id)).all()
    assert [tuple(r) for r in rows][-2:] == [("confirm", "number='15/TB-SNV'"),
                                             ("not_applicable", "signer")]


def test_corrections_made_before_kinds_stay_corrections(config, tmp_path):
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_catalog_engine(config.database_url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0007")
    engine.dispose()
    old = Catalog(config, migrate=False)
    doc_id = _processed(old, tmp_path)
    with old.db.engine.begin() as connection:
        # the columns of 0007 only (no kind), as the catalog then wrote them
        connection.execute(Correction.__table__.insert().values(
            document_id=doc_id, field="number", value="16/TB-SNV", user="vanthu",
            created_at=datetime(2026, 1, 1, 8, 0)))
    old.db.dispose()
    catalog = Catalog(config)  # migrates to 0008_review_outcomes
    doc = catalog.get(doc_id)
    assert [(c.field, c.kind, c.value) for c in doc.corrections] == [
        ("number", "correction", "16/TB-SNV")]
    catalog.db.dispose()

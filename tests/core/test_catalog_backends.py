"""The catalog behaves the same on SQLite and on PostgreSQL (issue 15): migrations up and down,
claims and leases under concurrent workers, corrections, audit, users, JSON and times, ids.

Each test runs on both databases (tests/core/conftest.py): SQLite in the data dir, and a fresh
database on the session's throw-away PostgreSQL server (tests/servers.py).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from PIL import Image
from sqlalchemy import inspect, select, text, update

from archive_service.catalog import Catalog, effective_metadata
from archive_service.db import MIGRATIONS, Database, keep_ids_past
from archive_service.errors import InputRejectedError
from archive_service.filing import SYSTEM, Filing
from archive_service.models import AuditEntry, Base, Document, PageRow
from archive_service.records import FieldValue, Page
from archive_service.references import _candidates
from archive_service.users import Users
from tests.conftest import database_url, make_config


def image(tmp: Path, seed: int) -> Path:
    path = tmp / f"scan{seed}.png"
    Image.new("L", (200 + seed, 120), 255).save(path, format="PNG")
    return path


def add(catalog: Catalog, tmp: Path, seed: int) -> int:
    return catalog.add_file(image(tmp, seed), enqueue=False).id


# --- migrations ---------------------------------------------------------------------------------

def schema_differences(db: Database) -> list:
    """What the migrated schema lacks or has beyond the models (column types compared on
    PostgreSQL; SQLite does not enforce a declared type)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": db.engine.dialect.name != "sqlite"})
        return compare_metadata(context, Base.metadata)


def alembic(db: Database, action: str, revision: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        getattr(command, action)(cfg, revision)


def test_migrations_build_the_models_schema_from_empty_and_go_down_and_up(request, backend,
                                                                          tmp_path):
    url = database_url(request, backend, empty=True) or f"sqlite:///{tmp_path / 'c.sqlite3'}"
    db = Database(url)
    db.migrate()
    assert schema_differences(db) == []
    catalog = Catalog(make_config(tmp_path / "data", database_url=url), migrate=False)
    kept = add(catalog, tmp_path, 1)
    Filing(catalog).create_fonds({"code": "UBND", "name": "Ủy ban nhân dân tỉnh"}, by=SYSTEM)

    alembic(db, "downgrade", "0007")  # 0010 undone: the rows stay
    alembic(db, "upgrade", "head")
    assert schema_differences(db) == []
    assert catalog.get(kept).original_name == "scan1.png"
    assert [f.name for f in Filing(catalog).list_fonds()] == ["Ủy ban nhân dân tỉnh"]

    catalog.delete_document(kept, user="quantri")
    alembic(db, "downgrade", "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    db.migrate()
    assert schema_differences(db) == []
    assert add(catalog, tmp_path, 2) == 1  # a new catalog (the downgrade dropped everything)
    catalog.db.dispose()
    db.dispose()


# --- claims and leases --------------------------------------------------------------------------

def test_concurrent_claimers_never_get_the_same_document(config, catalog, tmp_path):
    ids = [add(catalog, tmp_path, seed) for seed in range(30)]
    claimed: dict[str, list[int]] = {}

    def claimer(name: str) -> None:
        own = Catalog(config, migrate=False)  # its own connections, as another worker's
        got = claimed.setdefault(name, [])
        while (doc_id := own.claim_next(worker=name)) is not None:
            got.append(doc_id)
        own.db.dispose()

    threads = [threading.Thread(target=claimer, args=(f"host{n}:1{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [doc_id for got in claimed.values() for doc_id in got]
    assert sorted(every) == ids  # each document once, none left
    for name, got in claimed.items():
        for doc_id in got:
            doc = catalog.get(doc_id)
            assert (doc.state, doc.worker, doc.attempts) == ("processing", name, 1)
            assert doc.claimed_at is not None


def test_a_row_locked_by_one_worker_is_skipped_by_the_next(backend, config, catalog, tmp_path):
    first, second = add(catalog, tmp_path, 1), add(catalog, tmp_path, 2)
    if backend == "sqlite":  # one writer at a time: a claim simply runs after another
        assert catalog.claim_next(worker="a:1") == first
        assert catalog.claim_next(worker="b:2") == second
        return
    with catalog.db.session() as s:  # a worker in the middle of its claim, holding the row
        assert s.scalar(select(Document.id).where(Document.state == "queued")
                        .order_by(Document.id).limit(1).with_for_update()) == first
        other = Catalog(config, migrate=False)
        assert other.claim_next(worker="b:2") == second  # not blocked: SKIP LOCKED
        assert other.claim_next(worker="b:2") is None
        other.db.dispose()
    assert catalog.claim_next(worker="a:1") == first


def test_an_expired_lease_is_taken_back_and_a_live_one_is_not(config, catalog, tmp_path):
    expired, live, mine = (add(catalog, tmp_path, seed) for seed in range(3))
    assert catalog.claim(expired, "otherhost:41") and catalog.claim(live, "otherhost:42")
    assert catalog.claim(mine, "otherhost:43")
    old = datetime.now() - timedelta(seconds=config.get("job_lease") + 60)
    with catalog.db.session() as s:
        s.execute(update(Document).where(Document.id == expired).values(claimed_at=old))
    assert catalog.requeue_stale() == [expired]
    assert [catalog.get(i).state for i in (expired, live, mine)] == \
        ["queued", "processing", "processing"]
    assert catalog.get(expired).worker is None
    assert catalog.claim_next(worker="thishost:7") == expired
    assert catalog.get(expired).attempts == 2

    assert catalog.release(mine)  # the machine stopped it, not the document: attempt not counted
    assert (catalog.get(mine).state, catalog.get(mine).attempts) == ("queued", 0)
    assert not catalog.release(mine)


# --- records ------------------------------------------------------------------------------------

def test_results_corrections_and_audit_round_trip(catalog, tmp_path):
    doc_id = add(catalog, tmp_path, 1)
    assert catalog.claim(doc_id)
    signed = datetime(2025, 1, 15, 17, 10, 17, tzinfo=timezone(timedelta(hours=7)))
    words = {"text": "Điều 1.\x00 Bãi bỏ", "nested": [[1, 2.5], {"b": None, "a": "Hà Nội"}]}
    catalog.save_result(doc_id, [Page(number=1, text=words["text"], mean_conf=91.5)],
                        {"number": FieldValue("2629/QĐ-UBND", 0.9, page=1, box=(1, 2, 3, 4)),
                         "recipients": FieldValue(["Như Điều 3;", "Lưu: VT."], 0.8),
                         "subject": FieldValue(words["nested"], 0.5, review=True)},
                        signed_at=signed)
    catalog.set_correction(doc_id, "subject", "Về việc thử nghiệm", user="vanthu")
    doc = catalog.get(doc_id)
    assert doc.signed_at == datetime(2025, 1, 15, 17, 10, 17)  # as written, on both databases
    assert doc.pages[0].data["text"] == "Điều 1.\x00 Bãi bỏ"
    extracted = {f.name: f.value for f in doc.fields}
    assert extracted["subject"] == words["nested"] and extracted["number"] == "2629/QĐ-UBND"
    assert next(f.box for f in doc.fields if f.name == "number") == [1, 2, 3, 4]
    meta = effective_metadata(doc)
    assert meta["subject"] == "Về việc thử nghiệm" and meta["recipients"][0] == "Như Điều 3;"
    assert [d.id for d, names in catalog.review_queue()] == []  # the one flagged field corrected
    with catalog.db.session() as s:
        assert set(_candidates(s, "2629/QD-UBND")) == {doc_id}  # the number inside the JSON
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == doc_id)
                            .order_by(AuditEntry.id)).all()
    assert actions == ["upload", "edit"]
    assert catalog.stale_for_index() == [doc_id]
    catalog.mark_indexed([doc_id], datetime.now() + timedelta(seconds=1))
    assert catalog.stale_for_index() == []
    catalog.delete_document(doc_id, user="quantri")
    with catalog.db.session() as s:
        assert s.scalar(select(PageRow.id)) is None  # ON DELETE CASCADE


def test_known_signers_are_the_names_people_confirmed_for_the_same_issuer(catalog, tmp_path):
    def done(seed: int, issuer: str, signer: str | None) -> int:
        doc_id = add(catalog, tmp_path, seed)
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, [Page(number=1, text="")],
                            {"issuer": FieldValue(issuer, 0.9),
                             "signer": FieldValue(signer, 0.5, review=True)})
        return doc_id

    corrected = done(1, "SỞ Y TẾ", "Hoàng Anh")
    catalog.set_correction(corrected, "signer", "Lê Hoàng Anh", user="vanthu")
    confirmed = done(2, "Sở  y tế", "Nguyễn Văn Hải")  # the same issuer, other case and spacing
    catalog.set_correction(confirmed, "signer", "Nguyễn Văn Hải", user="vanthu",
                           kind="confirmation")
    done(3, "SỞ Y TẾ", "Trần Văn Bình")  # read only, never confirmed: not known
    other = done(4, "SỞ TÀI CHÍNH", "Lê Hoàng Anh")
    catalog.set_correction(other, "signer", "Phạm Minh Tâm", user="vanthu")
    moved = done(5, "SỞ TÀI CHÍNH", "Đỗ Văn Lâm")  # its issuer corrected to the health dept.
    catalog.set_correction(moved, "signer", "Đỗ Văn Lâm", user="vanthu", kind="confirmation")
    catalog.set_correction(moved, "issuer", "SỞ Y TẾ", user="vanthu")
    none = done(6, "SỞ Y TẾ", "Mai Văn Tư")
    catalog.set_correction(none, "signer", None, user="vanthu", kind="not_applicable")

    catalog.set_correction(confirmed, "signer_title", "PHÓ GIÁM ĐỐC", user="vanthu")
    catalog.set_correction(confirmed, "signing_authority", "KT. GIÁM ĐỐC", user="vanthu")
    assert catalog.known_signers("SỞ Y TẾ") == [("Lê Hoàng Anh", None, None),
                                               ("Nguyễn Văn Hải", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
                                               ("Đỗ Văn Lâm", None, None)]
    assert catalog.known_signers("SỞ TÀI CHÍNH") == [("Phạm Minh Tâm", None, None)]
    assert catalog.known_signers(None) == [] and catalog.known_signers("SỞ NỘI VỤ") == []


def test_known_signers_include_names_read_surely_on_two_documents(catalog, tmp_path):
    def read(seed: int, issuer: str, signer: str, *, review: bool = False,
             title: str | None = None) -> int:
        doc_id = add(catalog, tmp_path, seed)
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, [Page(number=1, text="")],
                            {"issuer": FieldValue(issuer, 0.9),
                             "signer": FieldValue(signer, 0.9, review=review),
                             "signer_title": FieldValue(title, 0.9)})
        return doc_id

    first = read(1, "SỞ Y TẾ", "Lê Hoàng Anh", title="GIÁM ĐỐC")
    read(2, "Sở Y tế", "Lê Hoàng Anh", title="GIÁM ĐỐC")
    read(3, "SỞ Y TẾ", "Hà Văn Phúc")  # read surely once: may be a misreading
    read(4, "SỞ Y TẾ", "Hà Văn Phúc", review=True)  # a doubtful reading does not count
    read(5, "SỞ TÀI CHÍNH", "Hà Văn Phúc")  # another issuer
    none = read(6, "SỞ Y TẾ", "Mai Văn Tư")
    read(7, "SỞ Y TẾ", "Mai Văn Tư")
    catalog.set_correction(none, "signer", None, user="vanthu", kind="not_applicable")
    assert catalog.known_signers("SỞ Y TẾ") == [("Lê Hoàng Anh", "GIÁM ĐỐC", None)]
    # the document read again never vouches for itself
    assert catalog.known_signers("SỞ Y TẾ", exclude=first) == []
    corrected = read(8, "SỞ Y TẾ", "Hà Văn Phúe")
    catalog.set_correction(corrected, "signer", "Hà Văn Phúc", user="vanthu")
    assert catalog.known_signers("SỞ Y TẾ") == [("Hà Văn Phúc", None, None),
                                               ("Lê Hoàng Anh", "GIÁM ĐỐC", None)]


def test_a_sure_reading_people_set_aside_never_comes_back_past_the_scan(catalog, tmp_path,
                                                                       monkeypatch):
    import archive_service.catalog as catalog_module

    ids = []
    for seed in (1, 2, 3):
        doc_id = add(catalog, tmp_path, seed)
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, [Page(number=1, text="")],
                            {"issuer": FieldValue("SỞ Y TẾ", 0.9),
                             "signer": FieldValue("Mai Văn Tư", 0.9)})
        ids.append(doc_id)
    for doc_id in ids[:2]:
        catalog.set_correction(doc_id, "signer", None, user="vanthu", kind="not_applicable")
    for name in ("Lê Hoàng Anh", "Lê Hoàng Anh", "Nguyễn Văn Hải"):  # newer corrections
        catalog.set_correction(ids[2], "signer", name, user="vanthu")
    monkeypatch.setattr(catalog_module, "KNOWN_SIGNERS_SCAN", 3)
    assert catalog.known_signers("SỞ Y TẾ") == [("Nguyễn Văn Hải", None, None)]


def test_known_signers_look_at_the_newest_corrections_only(catalog, tmp_path, monkeypatch):
    import archive_service.catalog as catalog_module

    for seed, name in enumerate(("Lê Hoàng Anh", "Nguyễn Văn Hải"), start=1):
        doc_id = add(catalog, tmp_path, seed)
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, [Page(number=1, text="")],
                            {"issuer": FieldValue("SỞ Y TẾ", 0.9)})
        catalog.set_correction(doc_id, "signer", name, user="vanthu")
    monkeypatch.setattr(catalog_module, "KNOWN_SIGNERS_SCAN", 1)
    assert catalog.known_signers("SỞ Y TẾ") == [("Nguyễn Văn Hải", None, None)]


def test_users_and_tokens(catalog):
    users = Users(catalog)
    admin = users.add("quantri", "admin", password="mat-khau-dai", clearance=3)
    with pytest.raises(InputRejectedError, match="Đã có người dùng tên quantri"):
        users.add("quantri", "staff")
    assert users.authenticate("quantri", "mat-khau-dai").id == admin.id
    assert users.authenticate("QUANTRI", "mat-khau-dai") is None  # names compared exactly
    staff = users.add("canbo", "staff")
    token = users.create_token("canbo")
    assert users.by_token(token).name == "canbo"
    updated = users.update(staff.id, role="staff", clearance=0, active=False, by="quantri")
    assert not updated.active and users.by_token(token) is None
    assert [a.name for a in users.list()] == ["canbo", "quantri"]  # by name, byte order


def test_long_archival_text_is_kept_whole(catalog):
    """SQLite never limited a VARCHAR; PostgreSQL's columns are TEXT (0010), so the service's
    own limits are the only ones."""
    filing = Filing(catalog)
    name = "Ủy ban nhân dân " * 60  # 960 characters, past the old VARCHAR(500)
    filing.create_fonds({"code": "UBND", "name": name, "language": "Tiếng Việt " * 20},
                        by=SYSTEM)
    filing.create_file("UBND", {"code": "UBND.01", "title": "Hồ sơ " * 300}, by=SYSTEM)
    assert filing.list_fonds()[0].name == " ".join(name.split())


def test_ids_kept_by_an_import_are_never_given_again(catalog, tmp_path):
    first = add(catalog, tmp_path, 1)
    with catalog.db.session() as s:  # what a bag import does: the bag's id is kept
        s.add(Document(id=first + 40, sha256="f" * 64, original_name="x.pdf", kind="pdf",
                       size=3_000_000_000, state="done", created_at=datetime.now(),
                       updated_at=datetime.now()))
        s.flush()
        keep_ids_past(s, "documents", first + 40)
    assert catalog.get(first + 40).size == 3_000_000_000  # BIGINT
    assert add(catalog, tmp_path, 2) == first + 41


def test_times_are_stored_as_written(catalog, tmp_path):
    doc_id = add(catalog, tmp_path, 1)
    aware = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    with catalog.db.session() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(processed_at=aware))
        assert s.execute(text("SELECT 1")).scalar() == 1
    assert catalog.get(doc_id).processed_at == datetime(2025, 3, 3, 8, 0)


def test_a_nul_character_never_fails_a_write(backend, catalog, tmp_path):
    """PostgreSQL refuses NUL in text (SQLite keeps it): it is stored as U+FFFD there."""
    doc_id = add(catalog, tmp_path, 1)
    catalog.audit("vanthu", "view", doc_id, "đã xem\x00")
    catalog.fail(doc_id, "Tệp hỏng\x00 ở trang 2")
    kept = "\x00" if backend == "sqlite" else "\ufffd"
    assert catalog.get(doc_id).error == f"Tệp hỏng{kept} ở trang 2"
    with catalog.db.session() as s:
        assert s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "view")) \
            == f"đã xem{kept}"

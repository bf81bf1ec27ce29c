"""Phông, hồ sơ and filing (archive_service.filing), on a real catalog (SQLite and PostgreSQL)
and Whoosh index, with documents built from the sample documents' ground truth."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from archive_service import indexing
from archive_service.archival_fields import RecordError, RecordForbiddenError, RecordNotFoundError
from archive_service.catalog import Catalog
from archive_service.db import MIGRATIONS, Database
from archive_service.filing import SYSTEM, Filing, add_years
from archive_service.models import AuditEntry, DocumentArchival, FileRecord, Fonds
from archive_service.proposal import propose_files
from archive_service.users import Account
from index import SearchRequest
from tests.conftest import BACKENDS, database_url, make_config
from tests.filing_samples import add_sample

ARCHIVIST = Account(id=1, name="vanthu", role="archivist", clearance=0)
STAFF = Account(id=2, name="canbo", role="staff", clearance=0)
SAMPLES = ["gm_so_noi_vu_ha_noi_2025", "kh_so_giao_duc_lam_dong_2025",
           "bc_so_tai_chinh_an_giang_2023", "tb_so_tai_chinh_can_tho_2022",
           "cv_bo_noi_vu_mat_2021", "kh_kiem_tra_so_noi_vu_da_nang_2022"]


@pytest.fixture(scope="module", params=BACKENDS)
def template(request, tmp_path_factory) -> tuple[Path, dict[str, int], str | None]:
    """A data dir holding the SAMPLES (processed, indexed), built once for the module, with
    its catalog in the data dir (SQLite) or in a PostgreSQL database (its URL)."""
    root = tmp_path_factory.mktemp("filing")
    url = database_url(request, request.param)
    cat = Catalog(make_config(root / "data", database_url=url))
    ids = {name: add_sample(cat, root, name) for name in SAMPLES}
    cat.db.dispose()
    return root / "data", ids, url


@pytest.fixture
def config(request, template, tmp_path):
    shutil.copytree(template[0], tmp_path / "data")
    url = template[2] and database_url(request, "postgresql", copy_of=template[2])
    return make_config(tmp_path / "data", database_url=url)


@pytest.fixture
def docs(template, catalog: Catalog) -> dict[str, int]:
    return template[1]


@pytest.fixture
def filing(catalog: Catalog) -> Filing:
    f = Filing(catalog)
    f.create_fonds({"code": "SNV", "name": "Sở Nội vụ", "language": "Tiếng Việt"}, by=ARCHIVIST)
    f.create_file("SNV", {"code": "SNV.2025.01", "title": "Hồ sơ tập huấn văn thư, lưu trữ 2025",
                          "retention_years": "10 năm"}, by=ARCHIVIST)
    f.create_file("SNV", {"code": "SNV.2023.02", "title": "Hồ sơ dự toán ngân sách",
                          "retention_years": "vĩnh viễn"}, by=ARCHIVIST)
    return f


def snapshot(catalog: Catalog) -> tuple:
    """Every stored archival row (and the audit log's length): what must not change."""
    with catalog.db.session() as s:
        return (
            sorted((f.code, f.name, f.status) for f in s.scalars(select(Fonds))),
            sorted((r.code, r.title, r.retention_years) for r in s.scalars(select(FileRecord))),
            sorted((e.document_id, e.file_id, e.position) for e in s.scalars(select(DocumentArchival))),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )


def search(catalog: Catalog, **filters) -> list[str]:
    res = indexing.open_index(catalog).search(SearchRequest(filters=filters, clearance=3))
    return sorted(h.id for h in res.hits)


def test_file_order_move_unfile_with_derived_fields_and_audit(catalog, docs, filing) -> None:
    a, b, c = docs["gm_so_noi_vu_ha_noi_2025"], docs["kh_so_giao_duc_lam_dong_2025"], \
        docs["kh_kiem_tra_so_noi_vu_da_nang_2022"]
    filing.file_documents([a, b], "SNV.2025.01", by=ARCHIVIST)
    filing.file_documents([c], "SNV.2025.01", by=ARCHIVIST, position=1)
    got = filing.contents("SNV.2025.01", ARCHIVIST)
    assert [(d.position, d.id) for d in got.documents] == [(1, c), (2, a), (3, b)]
    assert got.summary.start_date == date(2022, 10, 20) and got.summary.end_date == date(2025, 3, 3)
    assert got.summary.document_count == 3 and got.hidden == 0
    pages = sum(catalog.get(i).page_count for i in (a, b, c))
    assert got.summary.page_count == pages == got.summary.sheet_count
    filing.set_document_fields(a, {"sheet_count": "5", "identifier": "000.00.00.H29"}, by=ARCHIVIST)
    assert filing.contents("SNV.2025.01", ARCHIVIST).summary.sheet_count == pages - 1 + 5

    filing.reorder("SNV.2025.01", [b, a, c], by=ARCHIVIST)
    assert [d.id for d in filing.contents("SNV.2025.01", ARCHIVIST).documents] == [b, a, c]
    filing.move_to_position(c, 1, by=ARCHIVIST)
    assert [d.id for d in filing.contents("SNV.2025.01", ARCHIVIST).documents] == [c, b, a]
    assert search(catalog, file="SNV.2025.01") == sorted(map(str, (a, b, c)))
    assert search(catalog, fonds="SNV") == sorted(map(str, (a, b, c)))
    typed = indexing.open_index(catalog).search(SearchRequest(q="van thu hoso:SNV.2025.01",
                                                              clearance=3))
    assert {h.id for h in typed.hits} == {str(a), str(b), str(c)}

    filing.file_documents([b], "SNV.2023.02", by=ARCHIVIST)  # a move
    assert [(d.position, d.id) for d in filing.contents("SNV.2025.01", ARCHIVIST).documents] \
        == [(1, c), (2, a)]
    assert search(catalog, file="SNV.2023.02") == [str(b)]
    filing.unfile_documents([a], by=ARCHIVIST)
    assert [d.id for d in filing.contents("SNV.2025.01", ARCHIVIST).documents] == [c]
    assert search(catalog, file="SNV.2025.01") == [str(c)]
    facets = indexing.open_index(catalog).search(SearchRequest(clearance=3)).facets
    assert dict(facets["file"]) == {"SNV.2025.01": 1, "SNV.2023.02": 1}
    with catalog.db.session() as s:
        actions = [(e.action, e.document_id) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.user == "vanthu").order_by(AuditEntry.id))]
    assert ("fonds_create", None) in actions and ("move", b) in actions
    assert ("unfile", a) in actions and ("file", c) in actions and ("archival_edit", a) in actions


@pytest.mark.parametrize("action", [
    lambda f, d: f.create_fonds({"code": "SNV", "name": "again"}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "SNV.2025.01", "title": "x"}, by=ARCHIVIST),
    lambda f, d: f.create_file("KHONGCO", {"code": "X1", "title": "x"}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "<script>", "title": "x"}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "A1", "title": "x", "retention_years": "-3"},
                               by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "A1", "title": "x" * 3000}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "A1", "title": "x", "evil": 1}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "A1", "title": " "}, by=ARCHIVIST),
    # a required name of control characters only (schemathesis found it: was a 500)
    lambda f, d: f.create_fonds({"code": "STC", "name": "\x00\x01"}, by=ARCHIVIST),
    lambda f, d: f.create_file("SNV", {"code": "A1", "title": "\x00"}, by=ARCHIVIST),
    lambda f, d: f.file_documents([d["gm_so_noi_vu_ha_noi_2025"], 999999], "SNV.2025.01",
                                  by=ARCHIVIST),
    lambda f, d: f.file_documents(["1 OR 1=1"], "SNV.2025.01", by=ARCHIVIST),
    lambda f, d: f.file_documents([d["gm_so_noi_vu_ha_noi_2025"]], "KHONG-CO", by=ARCHIVIST),
    lambda f, d: f.file_documents([d["gm_so_noi_vu_ha_noi_2025"]], "SNV.2025.01", by=STAFF),
    lambda f, d: f.update_file("SNV.2025.01", {"code": "OTHER"}, by=ARCHIVIST),
    lambda f, d: f.update_fonds("SNV", {"status": "half"}, by=ARCHIVIST),
    lambda f, d: f.reorder("SNV.2025.01", [d["gm_so_noi_vu_ha_noi_2025"]], by=ARCHIVIST),
])
def test_bad_input_changes_nothing(catalog, docs, filing, action) -> None:
    before = snapshot(catalog)
    with pytest.raises((RecordError, RecordNotFoundError, RecordForbiddenError)) as info:
        action(filing, docs)
    assert info.value.message and "Traceback" not in info.value.message
    assert info.value.template  # a msgid of the web catalog: shown in English there
    assert snapshot(catalog) == before


def test_closed_fonds_refuses_filing_moving_and_new_files(catalog, docs, filing) -> None:
    a = docs["gm_so_noi_vu_ha_noi_2025"]
    filing.file_documents([a], "SNV.2025.01", by=ARCHIVIST)
    filing.create_fonds({"code": "STC", "name": "Sở Tài chính"}, by=ARCHIVIST)
    filing.create_file("STC", {"code": "STC.01", "title": "Ngân sách"}, by=ARCHIVIST)
    filing.update_fonds("SNV", {"status": "Đóng"}, by=ARCHIVIST)
    before = snapshot(catalog)
    for action in (lambda: filing.file_documents([docs["bc_so_tai_chinh_an_giang_2023"]],
                                                 "SNV.2023.02", by=ARCHIVIST),
                   lambda: filing.file_documents([a], "STC.01", by=ARCHIVIST),  # out of SNV
                   lambda: filing.unfile_documents([a], by=ARCHIVIST),
                   lambda: filing.create_file("SNV", {"code": "N1", "title": "t"}, by=ARCHIVIST)):
        with pytest.raises(RecordError, match="đã đóng"):
            action()
    assert snapshot(catalog) == before


def test_input_is_nfc_and_hostile_text_is_kept_as_text(catalog, filing) -> None:
    title = unicodedata.normalize("NFD", "Hồ sơ <b>cải cách</b>\x00 hành chính")
    record = filing.create_file("SNV", {"code": unicodedata.normalize("NFD", "Đ.01"),
                                        "title": title}, by=ARCHIVIST)
    assert record.code == "Đ.01" and unicodedata.is_normalized("NFC", record.title)
    assert record.title == "Hồ sơ <b>cải cách</b> hành chính"
    assert filing.get_file(unicodedata.normalize("NFD", "Đ.01")).id == record.id


def test_classified_documents_are_hidden_in_listings_and_cannot_be_filed_unseen(
        catalog, docs, filing) -> None:
    secret = docs["cv_bo_noi_vu_mat_2021"]  # Mật
    public = docs["gm_so_noi_vu_ha_noi_2025"]
    with pytest.raises(RecordNotFoundError):
        filing.file_documents([secret], "SNV.2025.01", by=ARCHIVIST)  # clearance 0
    cleared = Account(id=3, name="vanthu_mat", role="archivist", clearance=1)
    filing.file_documents([public, secret], "SNV.2025.01", by=cleared)
    shown = filing.contents("SNV.2025.01", ARCHIVIST)
    assert [d.id for d in shown.documents] == [public] and shown.hidden == 1
    assert shown.summary.document_count == 2  # counted, never named
    assert [d.id for d in filing.contents("SNV.2025.01", cleared).documents] == [public, secret]
    filing.reorder("SNV.2025.01", [public], by=ARCHIVIST)  # the hidden one keeps its place
    assert [d.id for d in filing.contents("SNV.2025.01", cleared).documents] == [public, secret]
    assert search(catalog, file="SNV.2025.01") == sorted([str(public), str(secret)])
    low = indexing.open_index(catalog).search(SearchRequest(filters={"file": "SNV.2025.01"}))
    assert [h.id for h in low.hits] == [str(public)] and dict(low.facets["file"]) == {
        "SNV.2025.01": 1}


def test_retention_list(catalog, docs, filing) -> None:
    filing.file_documents([docs["kh_kiem_tra_so_noi_vu_da_nang_2022"]], "SNV.2025.01",
                          by=ARCHIVIST)  # ends 2022-10-20, 10 years
    filing.file_documents([docs["bc_so_tai_chinh_an_giang_2023"]], "SNV.2023.02",
                          by=ARCHIVIST)  # vĩnh viễn: never listed
    assert filing.expired_files(date(2032, 10, 20)) == []
    expired = filing.expired_files(date(2032, 10, 21))
    assert [(e.record.code, e.expired_on) for e in expired] == [("SNV.2025.01", date(2032, 10, 20))]
    assert filing.expired_files(date(2100, 1, 1))[0].record.code == "SNV.2025.01"
    assert add_years(date(2024, 2, 29), 10) == date(2034, 2, 28)
    assert len(catalog.list_documents()) == len(SAMPLES)  # nothing deleted


def test_proposal_on_sample_documents_never_files(catalog, docs, filing) -> None:
    filing.file_documents([docs["gm_so_noi_vu_ha_noi_2025"]], "SNV.2025.01", by=ARCHIVIST)
    filing.file_documents([docs["bc_so_tai_chinh_an_giang_2023"]], "SNV.2023.02", by=ARCHIVIST)
    before = snapshot(catalog)
    # Sở Giáo dục, 2025, "Thực hiện công tác văn thư, lưu trữ năm 2025": the 2025 training file
    found = propose_files(catalog, catalog.get(docs["kh_so_giao_duc_lam_dong_2025"]), ARCHIVIST)
    assert found and found[0].file_code == "SNV.2025.01"
    assert "year" in found[0].reasons and {"văn", "thư", "lưu", "trữ"} <= set(found[0].words)
    # Sở Tài chính, 2022, a conclusion of a meeting: the same issuer's file
    found = propose_files(catalog, catalog.get(docs["tb_so_tai_chinh_can_tho_2022"]), ARCHIVIST)
    assert found and found[0].file_code == "SNV.2023.02" and "issuer" in found[0].reasons
    assert snapshot(catalog) == before  # proposing files nothing
    with catalog.db.session() as s:
        filed = set(s.scalars(select(DocumentArchival.document_id)
                              .where(DocumentArchival.file_id.is_not(None))))
    assert filed == {docs["gm_so_noi_vu_ha_noi_2025"], docs["bc_so_tai_chinh_an_giang_2023"]}
    assert propose_files(catalog, catalog.get(docs["gm_so_noi_vu_ha_noi_2025"]), ARCHIVIST) == []


def test_staff_read_only(filing) -> None:
    with pytest.raises(RecordForbiddenError):
        filing.create_fonds({"code": "X", "name": "x"}, by=STAFF)
    assert [f.code for f in filing.list_fonds()] == ["SNV"]
    assert SYSTEM.can_edit


def test_upgrade_from_0003_keeps_documents(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    db = Database(url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
        connection.execute(text(
            "INSERT INTO documents (sha256, original_name, kind, size, state, attempts, created_at,"
            " updated_at, page_count, seconds) VALUES ('ab', 'a.pdf', 'pdf', 1, 'done', 1,"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 2, 0)"))
    db.migrate()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM documents")).scalar() == 1
        head = ScriptDirectory.from_config(cfg).get_current_head()
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert connection.execute(text("SELECT count(*) FROM document_archival")).scalar() == 0
    db.dispose()


def test_deleting_a_filed_document_leaves_its_file_consistent(catalog, docs, filing) -> None:
    a, b = docs["gm_so_noi_vu_ha_noi_2025"], docs["kh_so_giao_duc_lam_dong_2025"]
    filing.file_documents([a, b], "SNV.2025.01", by=ARCHIVIST)
    indexing.delete_document(catalog, a, user="quantri")
    got = filing.contents("SNV.2025.01", ARCHIVIST)
    assert [d.id for d in got.documents] == [b] and got.summary.document_count == 1
    filing.reorder("SNV.2025.01", [b], by=ARCHIVIST)
    assert [d.position for d in filing.contents("SNV.2025.01", ARCHIVIST).documents] == [1]

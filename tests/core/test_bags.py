"""`archive export` / `archive import` (issue 13): BagIt bags on real sample documents.

A template archive is built once per module — three sample documents ingested with real OCR
(`archive ingest --wait`), one typed "Tối mật" document (no OCR), users, a correction — and
exported once; each test works on its own copies. Real SQLite, real Whoosh index, real files;
the interrupted export is a real process killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from archive_service import archival
from archive_service.archival_fields import DOCUMENT_FIELDS, FILE_FIELDS, FONDS_FIELDS
from archive_service.catalog import Catalog, effective_metadata
from archive_service.cli import main
from archive_service.models import (
    ArchivalCopy,
    AuditEntry,
    Correction,
    Document,
    DocumentArchival,
    FieldRow,
    FileRecord,
    Fonds,
    PageRow,
)
from archive_service.records import FieldValue, Page
from archive_service.storage import sha256_file
from index import IndexUnavailableError, SearchIndex
from tests.conftest import ROOT, database_url, load_samples
from tests.conftest import make_config as _make_config

SAMPLES = ("kh_so_giao_duc_lam_dong_2025", "gm_so_noi_vu_ha_noi_2025", "cv_bo_noi_vu_mat_2021")
SECRET_SUBJECT = "Kế hoạch diễn tập phòng thủ khu vực biên giới"
CORRECTED = "Về việc chỉnh lý tài liệu phông lưu trữ năm 2025"
QUERIES = ("so noi vu", "ke hoach", "giấy mời", "chinh ly tai lieu", "hoso:SNV.2025.01",
           "phong:BCH")


DATABASES: dict[Path, str] = {}  # data dirs whose catalog is on PostgreSQL: its URL


def make_config(data: Path, **overrides):
    return _make_config(data, database_url=DATABASES.get(data), **overrides)


def cli(data: Path, *args: str):
    runner = CliRunner(env={"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "2",
                            "ARCHIVE_DATABASE_URL": DATABASES.get(data, "")})
    return runner.invoke(main, list(args))


def add_typed(catalog: Catalog, tmp: Path, subject: str, confidentiality: str | None,
              seed: int) -> int:
    """A processed document from typed text (no OCR), indexed, as the worker saves one."""
    from archive_service import indexing

    source = tmp / f"typed{seed}.png"
    Image.new("L", (320 + seed, 240), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, user="vanthu", enqueue=False).id
    assert catalog.claim(doc_id)
    fields = {"subject": FieldValue(subject, 0.9), "number": FieldValue("07/KH-BCH", 0.9),
              "confidentiality": FieldValue(confidentiality, 0.95)}
    catalog.save_result(doc_id, [Page(number=1, text=subject, mean_conf=95.0)], fields)
    indexing.index_documents(catalog, [doc_id])
    return doc_id


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> dict:
    """The archive and its full export (an AIP), built once."""
    from archive_service.users import Users

    root = tmp_path_factory.mktemp("bags")
    data = root / "data"
    paths = [str(s["path"]) for s in load_samples() if s["name"] in SAMPLES]
    assert len(paths) == len(SAMPLES)
    result = ingested = cli(data, "ingest", "--wait", *paths)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    catalog = Catalog(make_config(data))
    secret = add_typed(catalog, root, SECRET_SUBJECT, "Tối mật", 1)
    users = Users(catalog)
    users.add("canbo", "staff", password="mat-khau-thu-123", clearance=0)
    users.add("truongphong", "staff", password="mat-khau-thu-123", clearance=3)
    result = cli(data, "metadata", "set", str(ids[0]), "subject", CORRECTED, "--user", "lan")
    assert result.exit_code == 0, result.output
    place = effective_metadata(catalog.get(ids[1]))["place"]  # reviewed: kinds travel too
    catalog.set_correction(ids[1], "place", place, user="lan", kind="confirmation")
    catalog.set_correction(ids[1], "urgency", None, user="lan", kind="not_applicable")
    by_name = {Path(json.loads(line)["path"]).stem: json.loads(line)["id"]
               for line in result_lines(ingested)}
    add_records(data, catalog, by_name, secret)
    catalog.db.dispose()
    bag = root / "aip"
    result = cli(data, "export", str(bag))
    assert result.exit_code == 0, result.output
    return {"data": data, "ids": ids, "secret": secret, "bag": bag, "by_name": by_name}


def result_lines(result) -> list[str]:
    return result.stdout.splitlines()


FONDS_NAME = "Sở Nội vụ thành phố Hà Nội"
TRAINING = "Hồ sơ tập huấn công tác văn thư, lưu trữ năm 2025"
KH_NOTE = "Bản chính có dấu đỏ"


def add_records(data: Path, catalog: Catalog, by_name: dict[str, int], secret: int) -> None:
    """Two phông (BCH closed), three hồ sơ (SNV.2021.03 empty); SNV.2025.01 holds the giấy
    mời, the Mật công văn and the kế hoạch in that order; archival fields on the kế hoạch."""
    from archive_service.filing import SYSTEM, Filing

    gm, kh = by_name["gm_so_noi_vu_ha_noi_2025"], by_name["kh_so_giao_duc_lam_dong_2025"]
    cv = by_name["cv_bo_noi_vu_mat_2021"]
    for args in (
            ("fonds", "add", "SNV", "--name", FONDS_NAME, "--history", "Thành lập năm 2008",
             "--language", "Tiếng Việt"),
            ("fonds", "add", "BCH", "--name", "Bộ Chỉ huy quân sự tỉnh"),
            ("file-record", "add", "SNV.2025.01", "--fonds", "SNV", "--title", TRAINING,
             "--retention-years", "10", "--access-mode", "public", "--keywords", "văn thư"),
            ("file-record", "add", "SNV.2021.03", "--fonds", "SNV", "--title",
             "Hồ sơ xác định độ mật tài liệu", "--retention-years", "vĩnh viễn"),
            ("file-record", "add", "BCH.2025.07", "--fonds", "BCH", "--title", "Diễn tập"),
            ("file", str(gm), str(cv), str(kh), "--into", "SNV.2025.01", "--user", "vanthu"),
            ("file", str(secret), "--into", "BCH.2025.07"),
            ("fonds", "edit", "BCH", "--status", "closed")):
        result = cli(data, *args)
        assert result.exit_code == 0, result.output
    Filing(catalog).set_document_fields(kh, {
        "identifier": "000.00.12.H49.2025.01.003", "sheet_count": "2", "notes": KH_NOTE,
        "reliability": "digitized", "access_mode": "public"}, by=SYSTEM)


@pytest.fixture
def archive(template, tmp_path) -> Path:
    """A copy of the template's data dir."""
    data = tmp_path / "data"
    shutil.copytree(template["data"], data)
    return data


@pytest.fixture
def bag(template, tmp_path) -> Path:
    """A copy of the template's bag."""
    copy = tmp_path / "bag"
    shutil.copytree(template["bag"], copy)
    return copy


def contents(data: Path) -> dict:
    """Every document as compared across a round trip, by SHA-256."""
    catalog = Catalog(make_config(data))
    out = {}
    for row in catalog.list_documents(limit=1000):
        doc = catalog.get(row.id)
        out[doc.sha256] = {
            "id": doc.id, "name": doc.original_name, "kind": doc.kind, "size": doc.size,
            "state": doc.state, "page_count": doc.page_count, "uploaded_by": doc.uploaded_by,
            "fields": sorted((f.name, json.dumps(f.value, ensure_ascii=False), f.confidence,
                              f.page, f.box, f.review) for f in doc.fields),
            "corrections": [(c.field, c.value, c.user, c.created_at, c.kind)
                            for c in doc.corrections],
            "pages": [p.data for p in doc.pages],
            "images": [sha256_file(catalog.config.pages_dir / p.image) if p.image else None
                       for p in doc.pages],
            "original": catalog.store.verify(doc.sha256),
            "archival_copy": archival.copy_json(archival.get_copy(catalog, doc.id)),
        }
    catalog.db.dispose()
    return out


def records(data: Path) -> dict:
    """Every phông, hồ sơ and document filing (by SHA-256), as compared across a round trip."""
    catalog = Catalog(make_config(data))
    with catalog.db.session() as s:
        fonds = {f.code: ({x.name: getattr(f, x.name) for x in FONDS_FIELDS}, f.created_at)
                 for f in s.scalars(select(Fonds))}
        files = {r.code: (r.fonds.code, {x.name: getattr(r, x.name) for x in FILE_FIELDS},
                          r.created_at) for r in s.scalars(select(FileRecord))}
        filed = {doc.sha256: (e.file.code if e.file else None, e.position, e.filed_by, e.filed_at,
                              {x.name: getattr(e, x.name) for x in DOCUMENT_FIELDS})
                 for e, doc in s.execute(select(DocumentArchival, Document).join(
                     Document, Document.id == DocumentArchival.document_id))}
    catalog.db.dispose()
    return {"fonds": fonds, "files": files, "filed": filed}


def searches(data: Path) -> dict:
    out = {}
    for q in QUERIES:
        result = cli(data, "search", q, "--json", "--limit", "50")
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)
        out[q] = (found["total"], [(h["id"], h["subject"]) for h in found["hits"]])
    return out


def snapshot(data: Path) -> dict:
    """What is stored: files under the data dir (but the catalog's own files), row counts,
    the index's ids."""
    files = {}
    for path in sorted(data.rglob("*")):
        rel = path.relative_to(data)
        if path.is_file() and rel.parts[0] in ("originals", "pages", "archival"):
            files[str(rel)] = sha256_file(path)
    catalog = Catalog(make_config(data))
    with catalog.db.session() as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                  for m in (Document, PageRow, FieldRow, Correction, AuditEntry, Fonds,
                            FileRecord, DocumentArchival, ArchivalCopy)}
        counts["filing"] = sorted(s.execute(select(DocumentArchival.document_id,
                                                   DocumentArchival.file_id,
                                                   DocumentArchival.position)).all())
    catalog.db.dispose()
    try:
        ids = SearchIndex(make_config(data).index_dir).doc_ids()
    except IndexUnavailableError as exc:  # an archive where nothing was indexed yet
        ids = exc.reason
    return {"files": files, "counts": counts, "index": ids}


# --- round trip -------------------------------------------------------------------------------

def test_round_trip_gives_the_same_documents_fields_corrections_and_search(template, tmp_path):
    bag = template["bag"]
    assert bagit.Bag(str(bag)).is_valid()
    manifest = json.loads((bag / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "AIP" and len(manifest["documents"]) == 4
    before = contents(template["data"])
    assert any(c[2] == "lan" for d in before.values() for c in d["corrections"])
    assert {c[4] for d in before.values() for c in d["corrections"]} == {
        "correction", "confirmation", "not_applicable"}
    target = tmp_path / "restored"
    result = cli(target, "import", str(bag))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 văn bản mới" in result.stdout
    after = contents(target)
    assert after == before
    assert records(target) == records(template["data"])
    assert len(records(target)["files"]) == 3 and len(records(target)["filed"]) == 4
    assert "Thêm 2 phông, 3 hồ sơ mới; 4 văn bản được lập vào hồ sơ" in result.stdout
    assert searches(target) == searches(template["data"])
    assert searches(target)["hoso:SNV.2025.01"][0] == 3
    assert searches(target)["chinh ly tai lieu"][0] >= 1
    check = cli(target, "check")
    assert check.exit_code == 0, check.output


def test_round_trip_into_a_postgresql_catalog(template, tmp_path, request):
    """The bag of a SQLite archive restored into a catalog on PostgreSQL gives the same
    documents, records and search results, and the ids it kept are never given again."""
    target = tmp_path / "restored"
    DATABASES[target] = database_url(request, "postgresql")
    result = cli(target, "import", str(template["bag"]))
    assert result.exit_code == 0, result.output
    assert contents(target) == contents(template["data"])
    assert records(target) == records(template["data"])
    assert searches(target) == searches(template["data"])
    catalog = Catalog(make_config(target))
    top = max(d.id for d in catalog.list_documents())
    assert add_typed(catalog, tmp_path, "Báo cáo mới", None, 7) == top + 1
    catalog.db.dispose()


def copies(data: Path) -> dict[int, dict]:
    """The archival copy of each document holding one, as ``archive show --json`` gives it."""
    out = {}
    catalog = Catalog(make_config(data))
    with catalog.db.session() as s:
        ids = list(s.scalars(select(ArchivalCopy.document_id).where(ArchivalCopy.state == "ok")))
    catalog.db.dispose()
    for doc_id in ids:
        shown = cli(data, "show", str(doc_id), "--json")
        assert shown.exit_code == 0, shown.output
        out[doc_id] = json.loads(shown.stdout)["archival_copy"]
    return out


def test_the_archival_copy_travels_and_comes_back_the_same(template, tmp_path):
    bag, before = template["bag"], copies(template["data"])
    assert len(before) == len(SAMPLES)  # the worker wrote a checked copy of each sample
    manifest = json.loads((bag / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    listed = {e["id"]: [f for f in e["files"] if f["role"] == "archival_copy"]
              for e in manifest["documents"]}
    assert {i: [(f["path"], f["sha256"]) for f in fs] for i, fs in listed.items() if fs} == {
        i: [(f"documents/{i:06d}/archival.pdf", c["sha256"])] for i, c in before.items()}
    assert listed[template["secret"]] == []  # never written (no worker): nothing travels
    for doc_id, copy in before.items():
        folder = bag / "data" / "documents" / f"{doc_id:06d}"
        assert sha256_file(folder / "archival.pdf") == copy["sha256"]
        block = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["archival_copy"]
        assert (block["sha256"], block["state"], block["checked"]) == (copy["sha256"], "ok", True)
    target = tmp_path / "restored"
    result = cli(target, "import", str(bag))
    assert result.exit_code == 0, result.output
    assert copies(target) == before
    store = archival.store_for(Catalog(make_config(target)))
    assert all(store.verify(c["sha256"]) for c in before.values())
    check = cli(target, "check")
    assert check.exit_code == 0, check.output
    # A citizen's copy (DIP) is the archival copy.
    dip = tmp_path / "dip"
    assert cli(template["data"], "export", str(dip), "--copies-only").exit_code == 0
    shown = json.loads((dip / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    public = {e["id"] for e in shown["documents"]} & set(before)
    assert public and {int(p.parent.name) for p in dip.glob("data/documents/*/archival.pdf")} \
        == public
    assert not list(dip.rglob("original.*"))


def _copy_block_of_another_file(bag: Path) -> None:
    path = next(bag.glob("data/documents/*/archival.pdf")).parent / "metadata.json"
    _edit_json(path, lambda d: d["archival_copy"].update(sha256="0" * 64))
    _rebag(bag)


def _copy_block_failed(bag: Path) -> None:
    path = next(bag.glob("data/documents/*/archival.pdf")).parent / "metadata.json"
    _edit_json(path, lambda d: d["archival_copy"].update(state="failed", checked=False))
    _rebag(bag)


@pytest.mark.parametrize("forge, message", [
    (_copy_block_of_another_file, "không khớp với tệp archival.pdf"),
    (_copy_block_failed, "chưa đạt kiểm tra")])
def test_a_forged_archival_copy_record_is_refused_with_nothing_changed(archive, bag, forge,
                                                                      message):
    empty = archive.parent / "empty"
    assert cli(empty, "status").exit_code == 0
    before = snapshot(empty)
    forge(bag)
    assert bagit.Bag(str(bag)).is_valid()
    result = cli(empty, "import", str(bag))
    assert result.exit_code == 3, result.output
    assert "Gói không hợp lệ, không nhập gì cả" in result.output and message in result.output
    assert snapshot(empty) == before


def test_document_metadata_holds_confidence_corrections_and_archival_fields(template):
    bag, first = template["bag"], template["ids"][0]
    data = json.loads((bag / "data" / "documents" / f"{first:06d}" / "metadata.json")
                      .read_text(encoding="utf-8"))
    assert data["metadata"]["subject"] == CORRECTED
    assert all({"name", "value", "confidence", "review"} <= set(f) for f in data["extracted"])
    correction = data["corrections"][-1]
    assert correction["user"] == "lan" and correction["value"] == CORRECTED and correction["at"]
    assert {f["role"] for f in data["files"]} >= {"original", "page_image"}
    kh = template["by_name"]["kh_so_giao_duc_lam_dong_2025"]
    data = json.loads((bag / "data" / "documents" / f"{kh:06d}" / "metadata.json")
                      .read_text(encoding="utf-8"))
    archival = data["archival"]
    assert {k: archival[k] for k in ("fonds", "file", "position", "filed_by")} == {
        "fonds": "SNV", "file": "SNV.2025.01", "position": 3, "filed_by": "vanthu"}
    assert archival["identifier"] == "000.00.12.H49.2025.01.003" and archival["sheet_count"] == 2
    assert archival["notes"] == KH_NOTE and archival["reliability"] == "digitized"
    fonds = json.loads((bag / "data" / "records" / "fonds.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["status"]) for f in fonds] == [("BCH", "closed"), ("SNV", "open")]
    files = json.loads((bag / "data" / "records" / "files.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["fonds"], f["retention_years"]) for f in files] == [
        ("BCH.2025.07", "BCH", None), ("SNV.2021.03", "SNV", None), ("SNV.2025.01", "SNV", 10)]


def test_the_bag_holds_the_document_list_in_vietnamese(template):
    folder = template["bag"] / "data" / "muc-luc"
    sheet = load_workbook(folder / "muc-luc-van-ban.xlsx").active
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "MỤC LỤC VĂN BẢN"
    assert rows[2][:2] == ["Số thứ tự", "Số và ký hiệu"] and "Trích yếu nội dung" in rows[2]
    assert len(rows) == 3 + 4
    assert any(CORRECTED in row for row in rows[3:])
    csv_text = (folder / "muc-luc-van-ban.csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("Số thứ tự,Số và ký hiệu,Ngày tháng,Tác giả (cơ quan ban hành)")
    assert CORRECTED in csv_text and SECRET_SUBJECT in csv_text


def test_existing_documents_are_recognised_and_corrections_merged_once(template, archive):
    first = template["ids"][0]
    result = cli(archive, "metadata", "set", str(first), "signer", "Nguyễn Văn An", "--user", "hoa")
    assert result.exit_code == 0
    other = Catalog(make_config(archive.parent / "other"))  # another archive with a correction
    cli(other.config.data_dir, "import", str(template["bag"]))
    result = cli(other.config.data_dir, "metadata", "set", str(first), "subject",
                 "Về việc tổ chức hội nghị tại Đà Lạt", "--user", "minh")
    assert result.exit_code == 0, result.output
    partial = archive.parent / "from-other"
    assert cli(other.config.data_dir, "export", str(partial)).exit_code == 0
    for _ in range(2):  # a second import adds nothing
        result = cli(archive, "import", str(partial))
        assert result.exit_code == 0, result.output
        assert "Đã nhập 0 văn bản mới; 4 văn bản đã có" in result.stdout
    doc = Catalog(make_config(archive)).get(first)
    assert [(c.field, c.user) for c in doc.corrections] == [
        ("subject", "lan"), ("signer", "hoa"), ("subject", "minh")]
    with Catalog(make_config(archive)).db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 4
    found = json.loads(cli(archive, "search", "hoi nghi da lat", "--json").stdout)
    assert first in [h["id"] for h in found["hits"]]


# --- selection and clearance --------------------------------------------------------------------

def test_query_export_holds_only_what_the_search_finds(archive, tmp_path):
    out = tmp_path / "q"
    result = cli(archive, "export", str(out), "--query", "phong thu bien gioi")
    assert result.exit_code == 0, result.output
    assert "Đã xuất 1 văn bản" in result.stdout
    manifest = json.loads((out / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"]["query"] == "phong thu bien gioi"
    assert len(manifest["documents"]) == 1


def test_copies_only_leaves_out_originals_and_what_the_requester_may_not_see(template, archive,
                                                                            tmp_path):
    out = tmp_path / "dip"
    result = cli(archive, "export", str(out), "--copies-only", "--as", "canbo")
    assert result.exit_code == 0, result.output
    assert "văn bản không được đưa vào vì người yêu cầu không được xem" in result.stdout
    assert SECRET_SUBJECT not in result.output and "diễn tập" not in result.output
    manifest = json.loads((out / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "DIP" and manifest["withheld"] >= 1
    shas = {d["sha256"] for d in manifest["documents"]}
    secret_sha = Catalog(make_config(archive)).get(template["secret"]).sha256
    assert secret_sha not in shas
    assert not list(out.rglob("original.*"))
    assert SECRET_SUBJECT not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                         for p in out.rglob("*") if p.is_file())
    assert bagit.Bag(str(out)).is_valid()
    # With clearance, the same request gets it; a copies-only bag cannot be imported.
    full = tmp_path / "dip3"
    assert cli(archive, "export", str(full), "--copies-only", "--as", "truongphong").exit_code == 0
    manifest = json.loads((full / "data" / "archive-manifest.json").read_text(encoding="utf-8"))
    assert secret_sha in {d["sha256"] for d in manifest["documents"]}
    refused = cli(tmp_path / "empty", "import", str(out))
    assert refused.exit_code == 3 and "chỉ có bản sao" in refused.output


def test_an_unknown_requester_is_refused(archive, tmp_path):
    result = cli(archive, "export", str(tmp_path / "x"), "--copies-only", "--as", "ai-do")
    assert result.exit_code == 4 and "Không có người dùng ai-do" in result.output
    assert not (tmp_path / "x").exists()


def manifest_of(bag: Path) -> dict:
    return json.loads((bag / "data" / "archive-manifest.json").read_text(encoding="utf-8"))


def record_codes(bag: Path, name: str) -> list[str]:
    rows = json.loads((bag / "data" / "records" / f"{name}.json").read_text(encoding="utf-8"))
    return [r["code"] for r in rows]


def bag_text(bag: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in bag.rglob("*")
                   if p.is_file() and p.suffix != ".xlsx") + "".join(
        str(c) for p in bag.rglob("*.xlsx") for row in load_workbook(p).active.iter_rows(
            values_only=True) for c in row if c)


def test_phong_and_hoso_select_their_documents_and_records(template, archive, tmp_path):
    names = template["by_name"]
    sha = {n: Catalog(make_config(archive)).get(i).sha256 for n, i in names.items()}
    out = tmp_path / "hoso"
    result = cli(archive, "export", str(out), "--hoso", "SNV.2025.01")
    assert result.exit_code == 0 and "Đã xuất 3 văn bản" in result.stdout, result.output
    manifest = manifest_of(out)
    assert manifest["selection"]["hoso"] == "SNV.2025.01"
    assert {d["sha256"] for d in manifest["documents"]} == {sha["gm_so_noi_vu_ha_noi_2025"],
                                                           sha["kh_so_giao_duc_lam_dong_2025"],
                                                           sha["cv_bo_noi_vu_mat_2021"]}
    assert record_codes(out, "fonds") == ["SNV"] and record_codes(out, "files") == ["SNV.2025.01"]
    assert sorted(p.name for p in (out / "data" / "muc-luc").iterdir()) == sorted(
        f"{stem}{ext}" for stem in ("muc-luc-van-ban", "muc-luc-ho-so-SNV",
                                    "muc-luc-van-ban-SNV.2025.01") for ext in (".xlsx", ".csv"))
    phong = tmp_path / "phong"
    result = cli(archive, "export", str(phong), "--phong", "BCH")
    assert result.exit_code == 0 and "Đã xuất 1 văn bản" in result.stdout, result.output
    assert record_codes(phong, "files") == ["BCH.2025.07"]
    # both: the hồ sơ must be in the phông; unknown codes are named
    for args, code, message in ((("--phong", "BCH", "--hoso", "SNV.2025.01"), 3,
                                 "Hồ sơ «SNV.2025.01» không thuộc phông «BCH»"),
                                (("--hoso", "KHONG.CO"), 4, "Không có hồ sơ «KHONG.CO»"),
                                (("--phong", "XYZ"), 4, "Không có phông «XYZ»")):
        result = cli(archive, "export", str(tmp_path / "x"), *args)
        assert result.exit_code == code and message in result.output, result.output
        assert not (tmp_path / "x").exists()


def test_a_copies_only_hoso_leaves_out_and_never_names_what_the_requester_may_not_see(
        template, archive, tmp_path):
    out = tmp_path / "dip"
    result = cli(archive, "export", str(out), "--hoso", "SNV.2025.01", "--copies-only",
                 "--as", "canbo")
    assert result.exit_code == 0, result.output
    assert "Đã xuất 2 văn bản" in result.stdout and "1 văn bản không được đưa vào" in result.stdout
    manifest = manifest_of(out)
    assert manifest["package"] == "DIP" and manifest["withheld"] == 1
    secret = Catalog(make_config(archive)).get(template["by_name"]["cv_bo_noi_vu_mat_2021"])
    text = bag_text(out)
    assert secret.sha256 not in text and "45/BNV-VP" not in text and "độ mật" not in text
    rows = xlsx(out / "data" / "muc-luc" / "muc-luc-van-ban-SNV.2025.01.xlsx")
    assert [(r[0], r[5]) for r in rows[3:]] == [("1", "1"), ("3", "4–5")]  # tờ 2–3: hidden
    nothing = tmp_path / "nothing"
    result = cli(archive, "export", str(nothing), "--phong", "BCH", "--copies-only")
    assert result.exit_code == 0 and "Đã xuất 0 văn bản" in result.stdout, result.output
    assert record_codes(nothing, "fonds") == [] and "Diễn tập" not in bag_text(nothing)


def xlsx(path: Path) -> list[list[str]]:
    return [["" if c is None else str(c) for c in row]
            for row in load_workbook(path).active.iter_rows(values_only=True)]


def test_the_bag_holds_the_file_list_of_each_phong_and_the_document_list_of_each_hoso(
        template):
    from archive_service.catalog import effective_metadata
    from archive_service.finding_aids import vn_date

    folder = template["bag"] / "data" / "muc-luc"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{stem}{ext}" for stem in ("muc-luc-van-ban", "muc-luc-ho-so-BCH", "muc-luc-ho-so-SNV",
                                    "muc-luc-van-ban-BCH.2025.07", "muc-luc-van-ban-SNV.2021.03",
                                    "muc-luc-van-ban-SNV.2025.01") for ext in (".xlsx", ".csv"))
    catalog = Catalog(make_config(template["data"]))
    names = template["by_name"]
    meta = {n: effective_metadata(catalog.get(i)) for n, i in names.items()}
    dates = sorted(m["issued_date"] for m in meta.values() if m.get("issued_date"))
    rows = xlsx(folder / "muc-luc-ho-so-SNV.xlsx")
    assert rows[0][0] == "MỤC LỤC HỒ SƠ" and rows[1][0] == f"Phông: {FONDS_NAME} (mã phông SNV)"
    assert rows[2][:3] == ["Số thứ tự", "Mã hồ sơ", "Tiêu đề hồ sơ"]
    assert rows[3] == ["1", "SNV.2021.03", "Hồ sơ xác định độ mật tài liệu", "", "0", "Vĩnh viễn", ""]
    first, last = vn_date(dates[0]), vn_date(dates[-1])
    assert rows[4] == ["2", "SNV.2025.01", TRAINING, f"{first} – {last}", "5", "10 năm", ""]
    rows = xlsx(folder / "muc-luc-van-ban-SNV.2025.01.xlsx")
    assert rows[0][0] == "MỤC LỤC VĂN BẢN" and rows[1][0] == f"Hồ sơ: SNV.2025.01 — {TRAINING}"
    order = ("gm_so_noi_vu_ha_noi_2025", "cv_bo_noi_vu_mat_2021", "kh_so_giao_duc_lam_dong_2025")
    assert [r[:2] for r in rows[3:]] == [[str(n), meta[name].get("number") or ""]
                                          for n, name in enumerate(order, start=1)]
    assert [r[5] for r in rows[3:]] == ["1", "2–3", "4–5"]
    assert rows[5][4] == (meta[order[2]].get("subject") or "") and KH_NOTE in rows[5][6]
    csv_text = (folder / "muc-luc-van-ban-SNV.2025.01.csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("Số thứ tự,Số và ký hiệu") and KH_NOTE in csv_text
    assert xlsx(folder / "muc-luc-van-ban-SNV.2021.03.xlsx")[3:] == []


def test_records_are_matched_by_code_and_never_duplicated(template, archive, bag, tmp_path):
    kh = template["by_name"]["kh_so_giao_duc_lam_dong_2025"]
    assert cli(archive, "unfile", str(kh)).exit_code == 0
    before = records(template["data"])
    result = cli(archive, "import", str(bag))  # the archive itself: the kế hoạch is filed back
    assert result.exit_code == 0, result.output
    assert "Thêm 0 phông, 0 hồ sơ mới; 1 văn bản được lập vào hồ sơ" in result.stdout
    after = records(archive)
    assert after == before
    # Another archive already holding phông SNV and hồ sơ SNV.2025.01 (with a document)
    other = tmp_path / "other"
    own = add_typed(Catalog(make_config(other)), tmp_path, "Báo cáo của cơ quan khác", None, 9)
    for args in (("fonds", "add", "SNV", "--name", "Sở Nội vụ (đã có)"),
                 ("file-record", "add", "SNV.2025.01", "--fonds", "SNV", "--title", "Đã có"),
                 ("file", str(own), "--into", "SNV.2025.01")):
        assert cli(other, *args).exit_code == 0
    for round_ in range(2):
        result = cli(other, "import", str(bag))
        assert result.exit_code == 0, result.output
        assert ("Thêm 1 phông, 2 hồ sơ mới; 4 văn bản" in result.stdout) == (round_ == 0)
    got = records(other)
    assert sorted(got["fonds"]) == ["BCH", "SNV"] and len(got["files"]) == 3
    assert got["fonds"]["SNV"][0]["name"] == "Sở Nội vụ (đã có)"
    assert got["files"]["SNV.2025.01"][1]["title"] == "Đã có"
    in_file = sorted((v[1], sha) for sha, v in got["filed"].items() if v[0] == "SNV.2025.01")
    own_sha = Catalog(make_config(other)).get(own).sha256
    assert [p for p, _ in in_file] == [1, 2, 3, 4] and in_file[0][1] == own_sha
    assert got["fonds"]["BCH"][0]["status"] == "closed"
    check = cli(other, "check")  # records have no files: the fixity check is unchanged
    assert check.exit_code == 0 and "5 văn bản" in check.output, check.output


# --- bad input ----------------------------------------------------------------------------------

def test_bad_destinations_are_refused_and_nothing_is_written(archive, tmp_path):
    missing = cli(archive, "export", str(tmp_path / "nowhere" / "bag"))
    assert missing.exit_code == 4 and "Không có thư mục" in missing.output
    existing = tmp_path / "exists"
    existing.mkdir()
    taken = cli(archive, "export", str(existing))
    assert taken.exit_code == 3 and "đã có" in taken.output
    assert list(existing.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "exists"]


def test_a_damaged_original_is_not_exported(template, archive, tmp_path):
    catalog = Catalog(make_config(archive))
    path = catalog.store.path_for(catalog.get(template["ids"][1]).sha256)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes()[:-10])
    result = cli(archive, "export", str(tmp_path / "out"))
    assert result.exit_code == 6 and f"văn bản #{template['ids'][1]}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_bad_query_is_explained(archive, tmp_path):
    result = cli(archive, "export", str(tmp_path / "out"), "--query", 'ngay:[2020 to')
    assert result.exit_code == 2 and "Lỗi cú pháp tìm kiếm" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_bad_bag_paths_get_clear_messages(archive, tmp_path):
    before = snapshot(archive)
    absent = cli(archive, "import", str(tmp_path / "absent"))
    assert absent.exit_code == 4 and "Không tìm thấy gói" in absent.output
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    not_bag = cli(archive, "import", str(folder))
    assert not_bag.exit_code == 3 and "không phải gói BagIt" in not_bag.output
    text = tmp_path / "note.txt"
    text.write_text("xin chào")
    assert cli(archive, "import", str(text)).exit_code == 3
    assert "Traceback" not in not_bag.output
    assert snapshot(archive) == before


def flip_byte(path: Path) -> None:
    os.chmod(path, 0o644)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _flip_original(bag: Path) -> None:
    flip_byte(next(bag.glob("data/documents/*/original.*")))


def _flip_metadata(bag: Path) -> None:
    flip_byte(next(bag.glob("data/documents/*/metadata.json")))


def _remove_file(bag: Path) -> None:
    next(bag.glob("data/documents/*/pages/1.jpg")).unlink()


def _extra_file(bag: Path) -> None:
    folder = next(bag.glob("data/documents/*"))
    (folder / "extra.pdf").write_bytes(b"%PDF-1.4 not listed anywhere")


def _flip_archival_copy(bag: Path) -> None:
    flip_byte(next(bag.glob("data/documents/*/archival.pdf")))


def _flip_records(bag: Path) -> None:
    flip_byte(bag / "data" / "records" / "files.json")


@pytest.mark.parametrize("tamper, message", [
    (_flip_original, "đã bị thay đổi"), (_flip_metadata, "đã bị thay đổi"),
    (_remove_file, "thiếu tệp"), (_extra_file, "tệp lạ"), (_flip_records, "đã bị thay đổi"),
    (_flip_archival_copy, "đã bị thay đổi")])
def test_a_tampered_bag_is_refused_with_nothing_changed(archive, bag, tamper, message):
    empty = archive.parent / "empty"
    assert cli(empty, "status").exit_code == 0
    before, before_empty = snapshot(archive), snapshot(empty)
    tamper(bag)
    for target in (archive, empty):
        result = cli(target, "import", str(bag))
        assert result.exit_code == 3, result.output
        assert "Gói không hợp lệ, không nhập gì cả" in result.output and message in result.output
    assert snapshot(archive) == before and snapshot(empty) == before_empty


def _rebag(bag: Path) -> None:
    """Recompute the bag's manifests after an edit, as a forger would."""
    bagit.Bag(str(bag)).save(manifests=True)


def _traversal_in_bagit_manifest(bag: Path) -> None:
    with (bag / "manifest-sha256.txt").open("a") as out:
        out.write(f"{'0' * 64}  data/../../outside.txt\n")


def _absolute_in_bagit_manifest(bag: Path) -> None:
    with (bag / "manifest-sha256.txt").open("a") as out:
        out.write(f"{'0' * 64}  /etc/hostname\n")


def _traversal_in_our_manifest(bag: Path) -> None:
    path = bag / "data" / "archive-manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["documents"][0]["files"][0]["path"] = "../../../etc/hostname"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    _rebag(bag)


def _symlink_in_payload(bag: Path) -> None:
    os.symlink("/etc/hostname", bag / "data" / "link.txt")
    with (bag / "manifest-sha256.txt").open("a") as out:
        out.write(f"{sha256_file(Path('/etc/hostname'))}  data/link.txt\n")


def _edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _file_in_an_absent_phong(bag: Path) -> None:
    _edit_json(bag / "data" / "records" / "files.json", lambda rows: rows[0].update(fonds="XYZ"))
    _rebag(bag)


def _bad_retention(bag: Path) -> None:
    _edit_json(bag / "data" / "records" / "files.json",
               lambda rows: rows[-1].update(retention_years="mãi mãi"))
    _rebag(bag)


def _duplicate_phong(bag: Path) -> None:
    _edit_json(bag / "data" / "records" / "fonds.json", lambda rows: rows.append(rows[0]))
    _rebag(bag)


def _filed_in_an_absent_hoso(bag: Path) -> None:
    for path in bag.glob("data/documents/*/metadata.json"):
        if json.loads(path.read_text(encoding="utf-8"))["archival"].get("file"):
            _edit_json(path, lambda d: d["archival"].update(file="KHONG.CO"))
            break
    _rebag(bag)


def _bad_position(bag: Path) -> None:
    for path in bag.glob("data/documents/*/metadata.json"):
        if json.loads(path.read_text(encoding="utf-8"))["archival"].get("file"):
            _edit_json(path, lambda d: d["archival"].update(position="một"))
            break
    _rebag(bag)


def _records_dropped(bag: Path) -> None:
    _edit_json(bag / "data" / "archive-manifest.json", lambda m: m.update(record_sets=[]))
    _rebag(bag)


@pytest.mark.parametrize("forge, message", [
    (_file_in_an_absent_phong, "thuộc một phông không có trong gói"),
    (_bad_retention, "Thời hạn lưu trữ không hợp lệ"),
    (_duplicate_phong, "có mặt hai lần"),
    (_filed_in_an_absent_hoso, "hồ sơ KHONG.CO không có trong gói"),
    (_bad_position, "số thứ tự trong hồ sơ không hợp lệ"),
    (_records_dropped, "không có trong gói")])
def test_a_bag_with_forged_records_is_refused_with_nothing_changed(archive, bag, forge, message):
    empty = archive.parent / "empty"
    assert cli(empty, "status").exit_code == 0
    before, before_empty = snapshot(archive), snapshot(empty)
    forge(bag)
    assert bagit.Bag(str(bag)).is_valid()  # checksums recomputed: only our checks can tell
    for target in (archive, empty):
        result = cli(target, "import", str(bag))
        assert result.exit_code == 3, result.output
        assert "Gói không hợp lệ, không nhập gì cả" in result.output and message in result.output
    assert snapshot(archive) == before and snapshot(empty) == before_empty


@pytest.mark.parametrize("hostile", [_traversal_in_bagit_manifest, _absolute_in_bagit_manifest,
                                     _traversal_in_our_manifest, _symlink_in_payload])
def test_hostile_names_in_a_bag_are_refused(archive, bag, hostile):
    before = snapshot(archive)
    hostile(bag)
    result = cli(archive, "import", str(bag))
    assert result.exit_code == 3, result.output
    assert "Gói không hợp lệ" in result.output and "Traceback" not in result.output
    assert snapshot(archive) == before


def zip_bag(bag: Path, out: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                zf.write(path, f"bag/{path.relative_to(bag)}")
        for name, raw in (extra or {}).items():
            zf.writestr(name, raw)
    return out


def test_a_zipped_bag_is_imported(bag, tmp_path):
    result = cli(tmp_path / "target", "import", str(zip_bag(bag, tmp_path / "bag.zip")))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 văn bản mới" in result.stdout


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil-absolute.txt", "bag/../../evil.txt"])
def test_a_zip_with_hostile_names_is_refused(archive, bag, tmp_path, name):
    before = snapshot(archive)
    archive_zip = zip_bag(bag, tmp_path / "bag.zip", {name: b"pwned"})
    result = cli(archive, "import", str(archive_zip))
    assert result.exit_code == 3 and "không an toàn" in result.output, result.output
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil-absolute.txt").exists()
    assert snapshot(archive) == before


# --- an export killed half way ----------------------------------------------------------------------

def _many_documents(data: Path, tmp: Path, count: int) -> None:
    """Documents with large, distinct originals (noise), so that an export takes a while."""
    import numpy as np

    catalog = Catalog(make_config(data))
    rng = np.random.default_rng(13)
    for n in range(count):
        source = tmp / f"noise{n}.png"
        Image.fromarray(rng.integers(0, 255, (900, 900, 3), dtype=np.uint8)).save(source)
        doc_id = catalog.add_file(source, enqueue=False).id
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, [Page(number=1, text=f"Văn bản số {n}", mean_conf=90.0)],
                            {"subject": FieldValue(f"Văn bản thử số {n}", 0.9)})
        source.unlink()
    catalog.db.dispose()


def test_an_export_killed_half_way_leaves_nothing_that_validates_at_dest(tmp_path):
    data = tmp_path / "data"
    _many_documents(data, tmp_path, 40)
    dest = tmp_path / "out" / "bag"
    dest.parent.mkdir()
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data))
    proc = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "export", str(dest)],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    partial: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        partial = list(dest.parent.glob(".bag.partial-*"))
        if partial and len(list(partial[0].rglob("original.png"))) >= 3:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the export ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not dest.exists()
    assert [p.name for p in dest.parent.iterdir()] == [partial[0].name]
    assert not bagit.Bag(str(partial[0])).is_valid() if (partial[0] / "bagit.txt").exists() \
        else True
    refused = cli(tmp_path / "target", "import", str(partial[0]))
    assert refused.exit_code == 3, refused.output
    # The next export of the same DEST works and validates.
    result = cli(data, "export", str(dest))
    assert result.exit_code == 0, result.output
    assert bagit.Bag(str(dest)).is_valid()
    assert f"Thư mục {partial[0].name} còn lại từ một lần xuất bị ngắt" in result.stderr


def _future_version(manifest: dict) -> None:
    manifest["version"] = 2


def _unknown_role(manifest: dict) -> None:
    manifest["documents"][0]["files"][0]["role"] = "audio_recording"  # archival_copy is known


def _no_manifest_format(manifest: dict) -> None:
    manifest.pop("format")


@pytest.mark.parametrize("edit, message", [
    (_future_version, "phiên bản định dạng 2 không được hỗ trợ"),
    (_unknown_role, "chưa được phiên bản này hỗ trợ"),
    (_no_manifest_format, "không phải gói do kho lưu trữ này xuất")])
def test_a_valid_bagit_bag_with_a_manifest_we_cannot_read_is_refused(archive, bag, edit, message):
    before = snapshot(archive)
    path = bag / "data" / "archive-manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    _rebag(bag)
    assert bagit.Bag(str(bag)).is_valid()
    result = cli(archive, "import", str(bag))
    assert result.exit_code == 3 and message in result.output, result.output
    assert snapshot(archive) == before

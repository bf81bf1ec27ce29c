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

from archive_service.catalog import Catalog
from archive_service.cli import main
from archive_service.models import AuditEntry, Correction, Document, FieldRow, PageRow
from archive_service.records import FieldValue, Page
from archive_service.storage import sha256_file
from index import IndexUnavailableError, SearchIndex
from tests.conftest import ROOT, load_samples, make_config

SAMPLES = ("kh_so_giao_duc_lam_dong_2025", "gm_so_noi_vu_ha_noi_2025", "cv_bo_noi_vu_mat_2021")
SECRET_SUBJECT = "Kế hoạch diễn tập phòng thủ khu vực biên giới"
CORRECTED = "Về việc chỉnh lý tài liệu phông lưu trữ năm 2025"
QUERIES = ("so noi vu", "ke hoach", "giấy mời", "chinh ly tai lieu")


def cli(data: Path, *args: str):
    runner = CliRunner(env={"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "2"})
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
    result = cli(data, "ingest", "--wait", *paths)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    catalog = Catalog(make_config(data))
    secret = add_typed(catalog, root, SECRET_SUBJECT, "Tối mật", 1)
    users = Users(catalog)
    users.add("canbo", "staff", password="mat-khau-thu-123", clearance=0)
    users.add("truongphong", "staff", password="mat-khau-thu-123", clearance=3)
    result = cli(data, "metadata", "set", str(ids[0]), "subject", CORRECTED, "--user", "lan")
    assert result.exit_code == 0, result.output
    catalog.db.dispose()
    bag = root / "aip"
    result = cli(data, "export", str(bag))
    assert result.exit_code == 0, result.output
    return {"data": data, "ids": ids, "secret": secret, "bag": bag}


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
            "corrections": [(c.field, c.value, c.user, c.created_at) for c in doc.corrections],
            "pages": [p.data for p in doc.pages],
            "images": [sha256_file(catalog.config.pages_dir / p.image) if p.image else None
                       for p in doc.pages],
            "original": catalog.store.verify(doc.sha256),
        }
    catalog.db.dispose()
    return out


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
        if path.is_file() and rel.parts[0] in ("originals", "pages"):
            files[str(rel)] = sha256_file(path)
    catalog = Catalog(make_config(data))
    with catalog.db.session() as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                  for m in (Document, PageRow, FieldRow, Correction, AuditEntry)}
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
    target = tmp_path / "restored"
    result = cli(target, "import", str(bag))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 văn bản mới" in result.stdout
    after = contents(target)
    assert after == before
    assert searches(target) == searches(template["data"])
    assert searches(target)["chinh ly tai lieu"][0] >= 1
    check = cli(target, "check")
    assert check.exit_code == 0, check.output


def test_document_metadata_holds_confidence_corrections_and_archival_fields(template):
    bag, first = template["bag"], template["ids"][0]
    data = json.loads((bag / "data" / "documents" / f"{first:06d}" / "metadata.json")
                      .read_text(encoding="utf-8"))
    assert data["metadata"]["subject"] == CORRECTED
    assert all({"name", "value", "confidence", "review"} <= set(f) for f in data["extracted"])
    correction = data["corrections"][-1]
    assert correction["user"] == "lan" and correction["value"] == CORRECTED and correction["at"]
    assert data["archival"] == {}
    assert {f["role"] for f in data["files"]} >= {"original", "page_image"}


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
    assert str(first) in [h["id"] for h in found["hits"]]


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


def test_phong_and_hoso_wait_for_their_records(archive, tmp_path):
    for option in ("--phong", "--hoso"):
        result = cli(archive, "export", str(tmp_path / "x"), option, "P01")
        assert result.exit_code == 3 and "Chưa có phông và hồ sơ" in result.output
        assert not (tmp_path / "x").exists()


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


@pytest.mark.parametrize("tamper, message", [
    (_flip_original, "đã bị thay đổi"), (_flip_metadata, "đã bị thay đổi"),
    (_remove_file, "thiếu tệp"), (_extra_file, "tệp lạ")])
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
    manifest["documents"][0]["files"][0]["role"] = "archival_copy"


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

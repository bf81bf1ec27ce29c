"""A lost, damaged or incomplete index is noticed and repaired from the catalog (issue 12.1).

Real SQLite catalog, real Whoosh index on disk; documents are processed from typed pages (no
OCR) as the worker would save them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from archive_service import indexing
from archive_service.catalog import Catalog
from archive_service.cli import main
from archive_service.records import FieldValue, Page
from index import SearchIndex, layout
from tests.conftest import catalog_env

TEXTS = ["Kế hoạch cải cách hành chính năm 2023 của tỉnh Hậu Giang.",
         "Thông báo lịch họp giao ban Sở Nội vụ.",
         "Quyết định phân bổ ngân sách cho các huyện.",
         "Công văn về việc sửa chữa đường liên xã Đồng Nai."]


def process(catalog: Catalog, tmp: Path, n: int, *, index: bool = True) -> int:
    """A document saved as processed (typed text), indexed as the worker does."""
    source = tmp / f"doc{n}.png"
    Image.new("L", (300 + n, 200), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, enqueue=False).id
    assert catalog.claim(doc_id)
    text = TEXTS[n % len(TEXTS)]
    catalog.save_result(doc_id, [Page(number=1, text=text, mean_conf=95.0)],
                        {"subject": FieldValue(text, 0.95)})
    if index:
        assert indexing.index_documents(catalog, [doc_id]) == 1
    return doc_id


@pytest.fixture
def archive(catalog: Catalog, tmp_path: Path) -> tuple[Catalog, list[int]]:
    """Three processed, indexed documents."""
    return catalog, [process(catalog, tmp_path, n) for n in range(3)]


def indexed_ids(catalog: Catalog) -> set[str]:
    return SearchIndex(catalog.config.index_dir).doc_ids()


def cli(catalog: Catalog, *args: str):
    runner = CliRunner(env=catalog_env(catalog.config))
    return runner.invoke(main, list(args))


def lose_index(catalog: Catalog) -> None:
    shutil.rmtree(catalog.config.index_dir)


def garble_toc(catalog: Catalog) -> None:
    toc = max(layout.current_dir(catalog.config.index_dir).glob("*.toc"))
    toc.write_bytes(b"\x00garbage" * 40)


def truncate_segment(catalog: Catalog) -> None:
    seg = max(layout.current_dir(catalog.config.index_dir).glob("*.seg"),
              key=lambda p: p.stat().st_size)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])


def test_a_lost_index_is_rebuilt_before_the_next_commit(archive, tmp_path) -> None:
    catalog, ids = archive
    lose_index(catalog)
    new = process(catalog, tmp_path, 3)  # today: a new index holding only this document
    assert indexed_ids(catalog) == {str(i) for i in [*ids, new]}


@pytest.mark.parametrize("damage", [lose_index, garble_toc, truncate_segment])
def test_incremental_reindex_reports_and_repairs_the_index(archive, damage) -> None:
    catalog, ids = archive
    damage(catalog)
    result = cli(catalog, "reindex")
    assert result.exit_code == 0, result.output
    assert "không khớp với danh mục" in result.stderr
    assert indexed_ids(catalog) == {str(i) for i in ids}
    found = cli(catalog, "search", "cai cach hanh chinh", "--json")
    assert '"total": 1' in found.stdout, found.output


def test_check_reports_missing_and_extra_documents_and_repairs_them(archive) -> None:
    catalog, ids = archive
    index = SearchIndex(catalog.config.index_dir)
    index.delete([str(ids[0])])  # a commit lost
    catalog.delete_document(ids[1], user="test")  # its removal from the index lost
    result = cli(catalog, "check")
    assert result.exit_code == 0, result.output
    assert "thiếu 1, thừa 1" in result.stderr
    assert indexed_ids(catalog) == {str(ids[0]), str(ids[2])}
    again = cli(catalog, "check")
    assert "khớp với danh mục" in again.stdout and not again.stderr


@pytest.mark.parametrize("damage", [lose_index, garble_toc, truncate_segment])
def test_nightly_notices_and_repairs_the_index(archive, damage) -> None:
    catalog, ids = archive
    damage(catalog)
    result = cli(catalog, "nightly")
    assert result.exit_code == 0, result.output
    assert "không khớp với danh mục" in result.stderr
    assert indexed_ids(catalog) == {str(i) for i in ids}
    assert SearchIndex(catalog.config.index_dir).check() == "ok"


@pytest.mark.parametrize("command", [["reindex"], ["reindex", "--full"], ["nightly"]])
def test_empty_archive_stays_searchable(catalog, tmp_path, command) -> None:
    result = cli(catalog, *command)
    assert result.exit_code == 0, result.output
    found = cli(catalog, "search", "ngan sach")
    assert found.exit_code == 0 and "0 kết quả" in found.stdout, found.output
    assert SearchIndex(catalog.config.index_dir).check() == "ok"
    new = process(catalog, tmp_path, 1)
    assert indexed_ids(catalog) == {str(new)}


def test_check_and_heal_leave_a_healthy_index_alone(archive) -> None:
    catalog, ids = archive
    directory = layout.current_dir(catalog.config.index_dir)
    health = indexing.inspect_index(catalog)
    assert health.healthy and health.indexed == health.expected == 3
    assert indexing.heal(catalog, health) == 0
    assert layout.current_dir(catalog.config.index_dir) == directory


def test_search_while_another_process_rebuilds_a_lost_index_is_a_clear_error(archive) -> None:
    catalog, _ = archive
    lose_index(catalog)
    base = catalog.config.index_dir
    with layout.open_file_lock(base / layout.REBUILD_LOCK, timeout=0):  # another rebuild
        result = cli(catalog, "search", "cai cach")
    assert result.exit_code == 7, result.output
    assert "không dùng hoặc sửa được chỉ mục" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback


def test_a_real_worker_repairs_a_lost_index_at_its_next_document(archive) -> None:
    """`archive worker` (its queue workers are daemonic processes) processes a document after
    the index was lost: the index is rebuilt with every document, not created with one."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import pick_sample

    catalog, ids = archive
    lose_index(catalog)
    added = catalog.add_file(pick_sample(kind="pdf-born-digital")["path"]).id
    env = dict(os.environ, **catalog_env(catalog.config),
               ARCHIVE_LOG_LEVEL="WARNING")
    worker = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "worker",
                               "--workers", "1"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while catalog.get(added).indexed_at is None and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert catalog.get(added).state == "done"
    assert indexed_ids(catalog) == {str(i) for i in [*ids, added]}

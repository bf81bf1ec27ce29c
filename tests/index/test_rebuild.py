"""Rebuild with atomic swap, schema versions, corrupt and missing indexes."""

from __future__ import annotations

import threading
import time

import pytest

from index import IndexUnavailableError, SearchIndex, SearchRequest, layout

from .conftest import CORPUS, make_doc


def test_missing_index_is_detected_then_created(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    assert ix.check() == "missing"
    with pytest.raises(IndexUnavailableError) as err:
        ix.search("abc")
    assert err.value.reason == "missing"
    ix.update([make_doc("1", "xin chào")])
    assert ix.check() == "ok" and ix.count() == 1


def test_schema_version_change_requires_rebuild(index: SearchIndex) -> None:
    directory = layout.current_dir(index.path)
    layout.write_version(directory, 0)
    assert index.check() == "outdated"
    with pytest.raises(IndexUnavailableError):
        SearchIndex(index.path).search("ngan sach")
    with pytest.raises(IndexUnavailableError):
        index.update([make_doc("99", "x")])
    assert index.rebuild(CORPUS, procs=1) == len(CORPUS)
    assert index.check() == "ok"
    assert index.search("ngan sach").total >= 1


def test_corrupt_index_is_detected_and_rebuilt(index: SearchIndex) -> None:
    directory = layout.current_dir(index.path)
    for f in directory.iterdir():
        if f.suffix in (".seg", ".trm", ".pst") or f.name.endswith(".toc"):
            f.write_bytes(b"garbage")
    assert index.check() == "corrupt"
    with pytest.raises(IndexUnavailableError):
        SearchIndex(index.path).search("ngan sach")
    index.rebuild(CORPUS, procs=1)
    assert index.check() == "ok"
    assert SearchIndex(index.path).search("ngan sach").total >= 1


def test_rebuild_swaps_atomically_while_searches_run(index: SearchIndex) -> None:
    old_dir = layout.current_dir(index.path)
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def searcher() -> None:
        while not stop.is_set():
            try:
                res = index.search(SearchRequest(q="cai cach hanh chinh", per_page=50))
                ids = [h.id for h in res.hits]
                assert len(ids) == len(set(ids)), ids
                totals.append(res.total)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    new_docs = [*CORPUS, make_doc("11", "cải cách hành chính lần nữa")]
    for _ in range(3):
        index.rebuild(new_docs, procs=1)
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert totals and set(totals) <= {2, 3}
    assert index.search("cai cach hanh chinh").total == 3
    assert layout.current_dir(index.path) != old_dir
    assert len(list(index.path.glob("ix-*"))) <= 2  # old directories are cleaned up


def test_writes_during_rebuild_are_replayed(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    ix.update(CORPUS)

    def catalog():
        for i, doc in enumerate(CORPUS):
            if i == 5:  # an ingest and a deletion arrive in the middle of the rebuild
                ix.update([make_doc("new", "tài liệu vừa số hóa")])
                ix.delete(["3"])
            yield doc

    ix.rebuild(catalog(), procs=1)
    assert "new" in ix.doc_ids() and "3" not in ix.doc_ids()
    assert not (ix.path / layout.JOURNAL).exists()


def test_optimize_merges_without_duplicates(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    for doc in CORPUS:
        ix.update([doc])
    ix.update([make_doc("2", "con đường mới sửa")])
    before = [h.id for h in ix.search(SearchRequest(q="", per_page=50, clearance=3)).hits]
    ix.optimize()
    after = [h.id for h in ix.search(SearchRequest(q="", per_page=50, clearance=3)).hits]
    assert sorted(before) == sorted(after) and len(after) == len(set(after)) == len(CORPUS)


def test_multiprocess_rebuild(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    docs = [make_doc(str(i), f"văn bản số {i} về ngân sách") for i in range(300)]
    assert ix.rebuild(docs, procs=2) == 300
    assert ix.count() == 300 and ix.search("ngan sach").total == 300

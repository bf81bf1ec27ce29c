"""An empty index is a valid one; a write never destroys a rebuild replacing a lost index."""

from __future__ import annotations

import shutil
import threading

import pytest

from index import SearchIndex, SearchRequest, layout

from .conftest import CORPUS, make_doc


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_of_an_empty_catalog_gives_a_searchable_index(tmp_path, procs: int) -> None:
    ix = SearchIndex(tmp_path / "ix")
    assert ix.rebuild([], procs=procs) == 0
    ix.optimize()  # the nightly job on an empty archive
    fresh = SearchIndex(tmp_path / "ix")
    assert fresh.check() == "ok"
    assert fresh.search("ngan sach").total == 0
    assert fresh.search(SearchRequest(q="", sort="date")).total == 0
    assert fresh.count() == 0 and fresh.doc_ids() == set()
    fresh.update([make_doc("1", "Sửa chữa con đường liên xã Đồng Nai.")])
    assert fresh.search("dong nai").total == 1


def test_write_while_a_lost_index_is_rebuilt_is_replayed(index: SearchIndex) -> None:
    shutil.rmtree(layout.current_dir(index.path))  # the live index is lost
    started, resume = threading.Event(), threading.Event()

    def slow_catalog():
        yield from CORPUS[:3]
        started.set()
        resume.wait(10)
        yield from CORPUS[3:]

    builder = threading.Thread(target=index.rebuild, args=(slow_catalog(),), kwargs={"procs": 1})
    builder.start()
    assert started.wait(10)
    assert index.rebuilding()
    index.update([make_doc("99", "Văn bản xử lý xong trong lúc dựng lại chỉ mục.")])
    resume.set()
    builder.join(10)
    assert not index.rebuilding()
    assert index.check() == "ok"
    assert index.doc_ids() == {d.id for d in CORPUS} | {"99"}


def _rebuild_in_child(path: str, out) -> None:
    try:
        out.put(SearchIndex(path).rebuild(CORPUS, procs=2))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        out.put(repr(exc))


def test_rebuild_inside_a_daemonic_worker_process(tmp_path) -> None:
    """Queue workers are daemonic processes, which may not start children (procs > 1)."""
    import multiprocessing

    out = multiprocessing.Queue()
    child = multiprocessing.Process(target=_rebuild_in_child, args=(str(tmp_path / "ix"), out),
                                    daemon=True)
    child.start()
    assert out.get(timeout=60) == len(CORPUS)
    child.join(10)
    assert SearchIndex(tmp_path / "ix").doc_ids() == {d.id for d in CORPUS}

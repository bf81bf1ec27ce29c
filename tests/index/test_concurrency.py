"""Several processes write while others search and a full rebuild runs.

As in the service, each writer records a document in the catalog (here a file of ids)
before indexing it, and the rebuild reads the catalog lazily, once it has started.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from index import SearchIndex, SearchRequest

from .conftest import make_doc

WRITERS, DOCS_PER_WRITER, BATCH = 3, 24, 4


def _doc(doc_id: str):
    return make_doc(doc_id, f"hồ sơ lưu trữ của {doc_id}")


def _write(path: str, writer: int) -> None:
    ix = SearchIndex(path)
    for start in range(0, DOCS_PER_WRITER, BATCH):
        ids = [f"w{writer}-{i}" for i in range(start, start + BATCH)]
        with open(Path(path).parent / "catalog", "a") as catalog:
            catalog.write("".join(f"{i}\n" for i in ids))
        ix.update([_doc(i) for i in ids])


def _search(path: str, rounds: int, queue) -> None:
    ix = SearchIndex(path)
    failures = []
    for _ in range(rounds):
        try:
            res = ix.search(SearchRequest(q="ho so luu tru", per_page=200))
            ids = [h.id for h in res.hits]
            if len(ids) != len(set(ids)):
                failures.append(f"duplicate hits: {ids}")
        except Exception as exc:  # noqa: BLE001
            failures.append(repr(exc))
    queue.put(failures)


def _catalog(path: str):
    for line in (Path(path).parent / "catalog").read_text().split():
        yield _doc(line)


def _rebuild(path: str) -> None:
    SearchIndex(path).rebuild(_catalog(path), procs=1)


def test_writers_searchers_and_rebuild_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "ix")
    base = [f"base-{i}" for i in range(20)]
    (tmp_path / "catalog").write_text("".join(f"{i}\n" for i in base))
    SearchIndex(path).update([_doc(i) for i in base])
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_write, args=(path, w)) for w in range(WRITERS)]
    procs += [ctx.Process(target=_search, args=(path, 30, queue)) for _ in range(2)]
    procs.append(ctx.Process(target=_rebuild, args=(path,)))
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    failures = [f for _ in range(2) for f in queue.get(timeout=5)]
    assert not failures, failures[:3]
    ix = SearchIndex(path)
    expected = {f"w{w}-{i}" for w in range(WRITERS) for i in range(DOCS_PER_WRITER)}
    expected |= {f"base-{i}" for i in range(20)}
    assert ix.doc_ids() == expected  # no lost write, even across the rebuild's swap
    res = ix.search(SearchRequest(q="ho so luu tru", per_page=200))
    ids = [h.id for h in res.hits]
    assert res.total == len(expected) == len(ids) == len(set(ids))


def _commit_many(path: str, n: int) -> None:
    ix = SearchIndex(path)
    for i in range(n):
        ix.update([_doc(f"c-{i}")])


def test_searchers_opening_while_commits_clean_up_old_files(tmp_path: Path) -> None:
    """Each commit removes the previous table of contents: a searcher opening at that moment
    tries again instead of calling the index corrupt."""
    path = str(tmp_path / "ix")
    SearchIndex(path).update([_doc("base")])
    ctx = mp.get_context("fork")
    committer = ctx.Process(target=_commit_many, args=(path, 60))
    committer.start()
    opened = 0
    while committer.is_alive() or opened == 0:
        SearchIndex(path).search(SearchRequest(q="ho so", per_page=5))  # a fresh open each time
        opened += 1
    committer.join(timeout=120)
    assert committer.exitcode == 0 and opened > 1
    assert SearchIndex(path).check() == "ok"

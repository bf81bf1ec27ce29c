"""Fast reads over a Whoosh searcher: bitmaps, posting dicts, columns.

Whoosh's pure-Python matchers walk posting lists one document at a time; common syllables
(``công``, ``hành``) have tens of thousands of postings. Here a posting list is read block by
block into a ``{docnum: weight}`` dict and turned into a bitmap (:mod:`.bitmap`, one bit per
document), both cached per segment (segments never change; only their deletions do, and
those are applied per searcher). Matching, tiers, exact totals and facets are then ``&`` and
``bit_count()`` over bitmaps, in C over machine words; BM25 looks up term frequencies in the
segment dicts for the few documents it scores.
"""

from __future__ import annotations

import bisect
import functools
import operator
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from .analysis import fold
from .bitmap import build_bits, docnums

Postings = dict[int, float]

FOLDED = "textf"  # virtual field: folded syllables, answered from ``text``
MAX_CACHED_POSTINGS = 2_000_000  # entries over all cached terms of all segments
MAX_CACHED_BITS = 64 << 20  # bytes of per-segment bitmaps (segment size / 8 bytes each)
MAX_VIEW_BYTES = 1 << 30  # whole-index values kept per index generation (estimated bytes)


def _read_leaf_postings(reader: Any, field: str, term: str) -> Postings:
    """All postings of ``term`` in one segment, deleted documents included."""
    try:
        matcher = reader.postings(field, term)
    except Exception:  # noqa: BLE001 - TermNotFound and friends: no postings
        return {}
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    out: Postings = {}
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            out.update(zip(matcher._ids, matcher._weights, strict=False))
            matcher._next_block()
        return out
    while matcher.is_active():
        out[matcher.id()] = matcher.weight()
        matcher.next()
    return out


def _union(parts: list[Postings]) -> Postings:
    """Union of posting dicts, weights summed."""
    if not parts:
        return {}
    if len(parts) == 1:
        return parts[0]
    biggest = max(parts, key=len)
    out = dict(biggest)
    for part in parts:
        if part is biggest:
            continue
        for docnum, weight in part.items():
            out[docnum] = out.get(docnum, 0.0) + weight
    return out


def _nbytes(value: Any) -> int:
    """Approximate memory of a cached value: bitmaps, posting dicts, lists and dicts of them."""
    if isinstance(value, int):
        return (value.bit_length() >> 3) + 32
    if isinstance(value, dict):
        if isinstance(next(iter(value.values()), 0), float):  # postings
            return 100 * len(value)
        return sum(map(_nbytes, value.values())) + 64 * len(value)
    if isinstance(value, list | tuple):
        if len(value) > 64 and isinstance(value[0], int | float):  # a column, an order
            return 40 * len(value)
        return sum(map(_nbytes, value)) + 8 * len(value)
    return 64


class SegmentCache:
    """Per-segment caches shared by all searchers and threads of one SearchIndex."""

    def __init__(self) -> None:
        self._postings: OrderedDict[tuple, Postings] = OrderedDict()
        self._size = 0
        self._bits: OrderedDict[tuple, Any] = OrderedDict()
        self._bits_size = 0
        self._columns: dict[tuple, Any] = {}
        self._states: dict[tuple, dict] = {}
        self._lock = threading.Lock()

    def postings(self, segid: str, reader: Any, field: str, term: str) -> Postings:
        """Cached leaf postings (LRU bounded by the total number of entries).

        The virtual field ``textf`` (folded syllable) is the union of the ``text`` postings
        of every spelling of ``term`` in the segment's lexicon, weights summed.
        """
        key = (segid, field, term)
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        if field == FOLDED:
            spellings = self.spellings(segid, reader).get(term, ())
            parts = [self.postings(segid, reader, "text", v) for v in spellings]
            value = _union(parts)
        else:
            value = _read_leaf_postings(reader, field, term)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = value
                self._size += len(value)
            while self._size > MAX_CACHED_POSTINGS and len(self._postings) > 1:
                _, old = self._postings.popitem(last=False)
                self._size -= len(old)
        return value

    def bits(self, segid: str, reader: Any, field: str, term: Any) -> Any:
        """The segment's documents with ``term`` (deleted included) as a bitmap; for the
        field ``@weights`` and a term ``(field, term)``, ``{weight: bitmap}``."""
        key = (segid, field, term)
        with self._lock:
            hit = self._bits.get(key)
            if hit is not None:
                self._bits.move_to_end(key)
                return hit
        if field == "@weights":
            field, term = term
            groups: dict[float, list[int]] = {}
            for docnum, weight in self.postings(segid, reader, field, term).items():
                groups.setdefault(weight, []).append(docnum)
            value = {w: build_bits(docs, reader.doc_count_all()) for w, docs in groups.items()}
        else:
            value = build_bits(self.postings(segid, reader, field, term), reader.doc_count_all())
        with self._lock:
            if key not in self._bits:
                self._bits[key] = value
                self._bits_size += _nbytes(value)
            while self._bits_size > MAX_CACHED_BITS and len(self._bits) > 1:
                self._bits_size -= _nbytes(self._bits.popitem(last=False)[1])
        return value

    def value_bits(self, segid: str, reader: Any, field: str) -> dict[Any, int]:
        """Column value → bitmap of the segment's documents holding it."""
        key = (segid, field, "@bits")
        found = self._columns.get(key)
        if found is None:
            groups: dict[Any, list[int]] = {}
            for docnum, value in enumerate(self.column(segid, reader, field)):
                groups.setdefault(value, []).append(docnum)
            size = reader.doc_count_all()
            found = {value: build_bits(docs, size) for value, docs in groups.items()}
            self._columns[key] = found
        return found

    def doc_frequencies(self, segid: str, reader: Any, field: str) -> dict[str, int]:
        """Term → number of the segment's documents with it (deleted included)."""
        key = (segid, field, "@df")
        found = self._columns.get(key)
        if found is None:
            found = {}
            for raw, info in reader.iter_field(field):
                found[raw.decode("utf-8") if isinstance(raw, bytes) else raw] = info.doc_frequency()
            self._columns[key] = found
        return found

    def spellings(self, segid: str, reader: Any) -> dict[str, tuple[str, ...]]:
        """Folded syllable → its spellings (with diacritics) in the segment's lexicon."""
        key = (segid, "@spellings")
        found = self._columns.get(key)
        if found is None:
            groups: dict[str, list[str]] = {}
            for raw in reader.lexicon("text"):
                term = raw.decode("utf-8")
                groups.setdefault(fold(term), []).append(term)
            found = {k: tuple(v) for k, v in groups.items()}
            self._columns[key] = found
        return found

    def column(self, segid: str, reader: Any, field: str) -> list:
        """A segment's column as a list (one value per document, deleted included)."""
        key = (segid, field)
        col = self._columns.get(key)
        if col is None:
            col = list(reader.column_reader(field, translate=True))
            self._columns[key] = col
        return col

    def shared_state(self, key: tuple) -> dict:
        """Whole-index structures (bitmaps, columns, orders) shared by every
        thread's View of the same index generation: waitress serves each request from one of
        several threads, and a per-thread copy made every thread's first queries cold (web
        search page p95 1,002 ms with 8 threads against 176 ms with one, at 100k documents)."""
        with self._lock:
            state = self._states.get(key)
            if state is None:
                state = {"bits": OrderedDict(), "columns": {}, "lock": threading.Lock(), "size": 0}
                self._states = {key: state}  # older generations are dropped
            return state

    def forget(self, live: set[str]) -> None:
        """Drop what belongs to segments no longer in the index."""
        with self._lock:
            for key in [k for k in self._postings if k[0] not in live]:
                self._size -= len(self._postings.pop(key))
            for key in [k for k in self._bits if k[0] not in live]:
                self._bits_size -= _nbytes(self._bits.pop(key))
            for key in [k for k in self._columns if k[0] not in live]:
                del self._columns[key]


class View:
    """One opened searcher with global (whole-index) docnum structures built on demand."""

    def __init__(self, searcher: Searcher, cache: SegmentCache) -> None:
        self.searcher = searcher
        self.cache = cache
        self.leaves = []
        for reader, offset in searcher.reader().leaf_readers():
            if reader.segment() is None:  # an index without segments (nothing indexed yet)
                continue
            segid = reader.segment().segment_id()
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            self.leaves.append((reader, offset, segid, deleted))
        cache.forget({leaf[2] for leaf in self.leaves})
        state = cache.shared_state(tuple((segid, offset, len(deleted))
                                         for _reader, offset, segid, deleted in self.leaves))
        self.starts = [offset for _reader, offset, _segid, _deleted in self.leaves]
        self._state = state
        self._bits: OrderedDict[tuple, tuple[Any, int]] = state["bits"]
        self._columns: dict[Any, Any] = state["columns"]
        self._lock: threading.Lock = state["lock"]

    def local_postings(self, field: str, term: str) -> list[Postings]:
        """``{local docnum: weight}`` of each segment, in the order of ``leaves`` (deleted
        documents included: look up only documents known to be live). Kept for this index
        generation even when the segment cache drops them."""
        def build() -> list[Postings]:
            return [self.cache.postings(segid, reader, field, term)
                    for reader, _offset, segid, _deleted in self.leaves]

        return self.cached(("@postings", field, term), build)

    def locate(self, docnum: int) -> tuple[int, int]:
        """Index in ``leaves`` of the segment holding ``docnum``, and its local number."""
        i = bisect.bisect_right(self.starts, docnum) - 1
        return i, docnum - self.starts[i]

    def column(self, field: str) -> list:
        """The whole index's column ``field``, indexed by global docnum."""
        col = self._columns.get(field)
        if col is None:
            col = []
            for reader, _offset, segid, _deleted in self.leaves:
                col.extend(self.cache.column(segid, reader, field))
            self._columns[field] = col
        return col

    def cached(self, key: tuple, build: Callable[[], Any]) -> Any:
        """A whole-index value of this generation, built once (LRU bounded in bytes)."""
        with self._lock:
            hit = self._bits.get(key)
            if hit is not None:
                self._bits.move_to_end(key)
                return hit[0]
        value = build()
        with self._lock:
            if key not in self._bits:
                size = _nbytes(value)
                self._bits[key] = (value, size)
                self._state["size"] += size
            while self._state["size"] > MAX_VIEW_BYTES and len(self._bits) > 1:
                self._state["size"] -= self._bits.popitem(last=False)[1][1]
        return value

    @property
    def live(self) -> int:
        """Bitmap of the undeleted documents."""

        def build() -> int:
            total = sum(reader.doc_count_all() for reader, *_rest in self.leaves)
            deleted = build_bits(d + off for _r, off, _s, dels in self.leaves for d in dels)
            return ((1 << total) - 1) & ~deleted

        return self.cached(("@live",), build)

    def bits(self, field: str, term: str) -> int:
        """Bitmap of the live documents with ``term`` in ``field``."""

        def build() -> int:
            out = 0
            for reader, offset, segid, _deleted in self.leaves:
                out |= self.cache.bits(segid, reader, field, term) << offset
            return out & self.live

        return self.cached((field, term), build)

    def value_bits(self, field: str) -> dict[Any, int]:
        """Column value → bitmap of the live documents holding it (facets, clearance)."""

        def build() -> dict[Any, int]:
            out: dict[Any, int] = {}
            for reader, offset, segid, _deleted in self.leaves:
                for value, local in self.cache.value_bits(segid, reader, field).items():
                    out[value] = out.get(value, 0) | local << offset
            live = self.live
            return {value: found & live for value, found in out.items() if found & live}

        return self.cached(("@values", field), build)

    def visible_bits(self, clearance: int) -> int:
        """Bitmap of the live documents a user with ``clearance`` may see."""

        def build() -> int:
            levels = self.value_bits("acl")
            return functools.reduce(operator.or_, (b for lv, b in levels.items() if lv <= clearance), 0)

        return self.cached(("@visible", clearance), build)

    def weight_bits(self, field: str, term: str) -> list[tuple[float, int]]:
        """``(weight, bitmap)`` of a term's live documents grouped by weight, highest first."""

        def build() -> list[tuple[float, int]]:
            out: dict[float, int] = {}
            for reader, offset, segid, _deleted in self.leaves:
                for weight, local in self.cache.bits(segid, reader, "@weights", (field, term)).items():
                    out[weight] = out.get(weight, 0) | local << offset
            live = self.live
            return [(w, out[w] & live) for w in sorted(out, reverse=True) if out[w] & live]

        return self.cached(("@weights", field, term), build)

    def date_order(self) -> tuple[list[int], list[int]]:
        """Docnums sorted by date ordinal (then docnum), and their ordinals."""

        def build() -> tuple[list[int], list[int]]:
            dord = self.column("dord")
            order = sorted(range(len(dord)), key=dord.__getitem__)
            return order, [dord[d] for d in order]

        return self.cached(("@dates",), build)

    def visible(self, clearance: int) -> set[int]:
        """Live documents a user with ``clearance`` may see."""
        return set(docnums(self.visible_bits(clearance)))

    def stored(self, docnum: int) -> dict:
        """Stored fields of one document."""
        return self.searcher.stored_fields(docnum)

"""Related documents (issue 14): references found and linked, per set.

    .venv/bin/python bench/references.py [-v] [-j PROCESSES]

Sets: ``sample_docs`` (synthetic; the truth is each JSON's ``references``, written by the
generator), and a few hand-labelled documents of ``../shared/real_samples`` and
``../shared/real_dev`` (labels only, in bench/references_labels.json; ``seen`` = looked at while
the extractor was written, ``held_out`` = labelled afterwards and never used to change it).

Pages come from bench/metadata.py's cache (the ingest pipeline's reading: OCR for scans, the
text layer for born-digital PDFs; read once, then cached). Each set is put into a fresh catalog
(real SQLite in a temporary folder) the way the worker stores a document: metadata extracted,
``save_result``, then ``ingest.worker.store_references``; so links are made by the product's own
code, in file order (a cited document may arrive after the one citing it). Then:

- found: recall and precision of (relation, number, date); a law cited by name compares its
  folded name instead of a number; "document" ignores the relation;
- linked: of the truth references naming a document of the set (``in_archive``), the share
  linked to that document; of all the others, how many got a link (wrong links).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import metadata as bench_metadata  # noqa: E402
from sqlalchemy import select  # noqa: E402

from archive_service.catalog import Catalog  # noqa: E402
from archive_service.config import Config  # noqa: E402
from archive_service.models import DocumentReference  # noqa: E402
from archive_service.references import fold, number_key  # noqa: E402
from ingest.metadata import calibrate  # noqa: E402
from ingest.worker import store_references  # noqa: E402

LABELS = ROOT / "bench" / "references_labels.json"


@dataclass
class Case:
    name: str
    path: Path
    group: str
    truth: list[dict]


@dataclass
class Tally:
    docs: int = 0
    truth: int = 0
    found: int = 0
    exact: int = 0  # (relation, document, date) right
    document: int = 0  # (document, date) right, any relation
    to_link: int = 0  # truth references naming a document of the set
    linked_right: int = 0
    wrong_links: int = 0
    misses: list[str] = field(default_factory=list)


def _doc_key(ref: dict) -> str | None:
    if ref.get("number"):
        return number_key(ref["number"])
    return f"law:{fold(ref['name'])}" if ref.get("name") else None


def sample_cases() -> list[Case]:
    out = []
    for meta in sorted(bench_metadata.SAMPLES.glob("*.json")):
        truth = json.loads(meta.read_text(encoding="utf-8"))
        path = bench_metadata.SAMPLES / truth.get("file", "")
        if "references" in truth and path.is_file():
            out.append(Case(meta.stem, path, "sample_docs", truth["references"]))
    return out


def labelled_cases() -> list[Case]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    out = []
    for set_name, folder in (("real_samples", bench_metadata.REAL),
                             ("real_dev", bench_metadata.REAL_DEV)):
        for doc_id, entry in labels.get(set_name, {}).items():
            path = next(iter(sorted(folder.glob(f"{doc_id}.*"))), None) if folder.is_dir() else None
            if path is not None:
                out.append(Case(doc_id, path, f"{set_name} {entry['part']}", entry["references"]))
    return out


def ingest_set(catalog: Catalog, cases: list[Case]) -> dict[str, int]:
    """Every case into the catalog as the worker stores it; returns case name → document id."""
    ids = {}
    for case in cases:
        pages, signed, _ = bench_metadata.load_pages(case.path)
        fields = calibrate(bench_metadata.raw_fields(case.path))
        doc_id = catalog.add_file(case.path, enqueue=False).id
        assert catalog.claim(doc_id)
        catalog.save_result(doc_id, pages, fields, signed_at=signed)
        store_references(catalog, doc_id, pages, fields["number"].value)
        ids[case.name] = doc_id
    return ids


def score(catalog: Catalog, cases: list[Case], ids: dict[str, int], tallies: dict) -> None:
    with catalog.db.session() as s:
        rows = list(s.scalars(select(DocumentReference)))
    by_doc: dict[int, list[DocumentReference]] = {}
    for row in rows:
        by_doc.setdefault(row.document_id, []).append(row)
    for case in cases:
        t = tallies.setdefault(case.group, Tally())
        found = by_doc.get(ids[case.name], [])
        t.docs, t.truth, t.found = t.docs + 1, t.truth + len(case.truth), t.found + len(found)
        got = {(_doc_key({"number": r.number, "name": r.name}), r.issued_date): r for r in found}
        matched = set()
        for ref in case.truth:
            key = (_doc_key(ref), ref["issued_date"])
            row = got.get(key)
            if row is not None:
                matched.add(row.id)
                t.document += 1
                t.exact += row.relation == ref["relation"]
                if row.relation != ref["relation"]:
                    t.misses.append(f"{case.name}: {ref['number'] or ref['name']} "
                                    f"{row.relation} ≠ {ref['relation']}")
            else:
                t.misses.append(f"{case.name}: missed {ref['relation']} "
                                f"{ref['number'] or ref['name']} {ref['issued_date']}")
            target = ids.get(ref.get("in_archive") or "")
            if target:
                t.to_link += 1
                t.linked_right += row is not None and row.linked_id == target
            elif row is not None and row.linked_id is not None:
                t.wrong_links += 1
        for row in found:
            if row.id not in matched:
                t.misses.append(f"{case.name}: extra {row.relation} {row.number or row.name} "
                                f"{row.issued_date}")
                t.wrong_links += row.linked_id is not None


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else "–"


def report(tallies: dict[str, Tally]) -> str:
    lines = ["| set | docs | references | found | recall (rel., number, date) | precision | "
             "recall (number, date) | linked right | wrong links |",
             "|---|---|---|---|---|---|---|---|---|"]
    for group, t in tallies.items():
        lines.append(f"| {group} | {t.docs} | {t.truth} | {t.found} | {_share(t.exact, t.truth)} "
                     f"| {_share(t.exact, t.found)} | {_share(t.document, t.truth)} "
                     f"| {_share(t.linked_right, t.to_link)} | {t.wrong_links} |")
    return "\n".join(lines)


def measure(cases: list[Case], tallies: dict[str, Tally]) -> None:
    """One fresh catalog for ``cases``, ingested in their order, then scored."""
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Catalog(Config(env={"ARCHIVE_DATA_DIR": str(Path(tmp) / "data")}))
        try:
            score(catalog, cases, ingest_set(catalog, cases), tallies)
        finally:
            catalog.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("-j", "--processes", type=int, default=1,
                        help="files read at once when filling the page cache")
    args = parser.parse_args()
    start = time.perf_counter()
    sets = [sample_cases(), labelled_cases()]
    bench_metadata.fill_cache([(c.name, c.path, c.group, {}) for s in sets for c in s],
                              args.processes)
    tallies: dict[str, Tally] = {}
    for cases in sets:
        if cases:
            measure(cases, tallies)
    reverse: dict[str, Tally] = {}  # the samples again, each citing document before its target
    measure(list(reversed(sets[0])), reverse)
    print(report(tallies))
    for group, t in reverse.items():
        print(f"\n{group} ingested in reverse order (citing documents first): linked right "
              f"{_share(t.linked_right, t.to_link)}, wrong links {t.wrong_links}")
    if args.verbose:
        for group, t in tallies.items():
            for miss in t.misses:
                print(f"  [{group}] {miss}")
    print(f"\n{sum(t.docs for t in tallies.values())} documents, "
          f"{time.perf_counter() - start:.0f} s, {platform.machine()} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")


if __name__ == "__main__":
    main()

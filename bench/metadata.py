"""Metadata extraction accuracy on sample_docs/ (and ../shared/real_samples/ when present).

    .venv/bin/python bench/metadata.py [-v] [--no-cache] [--no-handwriting] [--known-names]
        [--varied-extra bench/out/varied101 bench/out/varied202]

``--varied-extra`` adds folders written by sample_docs/generate_varied.py as extra groups, each
named after its folder (``varied101 scans``, ``varied101 born-digital``): fresh draws the
extractor was not tuned on. ``--aside`` adds draws the same way whose wrong values ``-v`` never
prints (kept aside to measure on, as the measured half of real_dev).

Reads every sample with the ingest pipeline (``read_document``, one process), caches the
pages under bench/out/metadata/ (keyed by the file's SHA-256, the OCR languages and the
reading code) and Tesseract's answers under bench/out/metadata/reads/ (keyed by the exact image
and settings, so a change to the reading code reads again only what it changed), runs
``extract_metadata``
and prints per-field accuracy for scans and born-digital PDFs, and the share of wrong
values that were flagged for review. As the product does, it also runs ``refine_handwritten``
(ingest/handwriting.py) on the cached page-1 header image. Exact match after NFC and
whitespace normalisation; ``number`` is compared without spaces.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive_service.config import Config  # noqa: E402
from archive_service.records import METADATA_FIELDS, Page  # noqa: E402
from ingest.metadata import calibrate, extract_metadata  # noqa: E402
from ingest.metadata.references import doubt_date_before_citations  # noqa: E402
from ingest.pipeline import read_document  # noqa: E402
from tests.conftest import normalise_field  # noqa: E402

SAMPLES = ROOT / "sample_docs"
REAL = ROOT.parent / "shared" / "real_samples"
REAL_DEV = ROOT.parent / "shared" / "real_dev"
SPLIT = ROOT / "bench" / "real_dev_split.json"
MEASURED = "real_dev measured"  # never printed value by value: its errors are not looked at
CACHE = ROOT / "bench" / "out" / "metadata" / "pages"
READS = ROOT / "bench" / "out" / "metadata" / "reads"  # Tesseract's answers, by exact input


# the code that turns a file into pages: the cache is keyed by it too (the modules
# read_document imports at module level, followed through ingest/; not the worker, nor what
# runs after reading on the cached header image: handwriting, ppocr, stamps)
_AFTER_READING = ("handwriting.py", "ppocr.py", "second_reading.py", "stamps.py")


def _reading_code(start: Path = ROOT / "ingest" / "pipeline.py") -> list[Path]:
    """The ingest/ sources ``start`` imports at module level, transitively."""
    import ast

    seen: set[Path] = set()
    todo = [start]
    while todo:
        source = todo.pop()
        if source in seen or not source.exists():
            continue
        seen.add(source)
        for node in ast.parse(source.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = source.parent.joinpath(*[".."] * (node.level - 1), *(node.module or "").split("."))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ingest"):
                base = ROOT.joinpath(*node.module.split("."))
            else:
                continue
            candidates = [base.with_suffix(".py"), base / "__init__.py"]
            candidates += [base / f"{alias.name}.py" for alias in node.names]
            todo += [c.resolve() for c in candidates if c.exists()]
    return sorted(p for p in seen if p.name not in _AFTER_READING)


_READING_CODE = _reading_code()


def keep_tesseract_reads() -> None:
    """Keep every answer of this process's Tesseract child under READS, keyed by the exact
    image, languages, mode, resolution and Tesseract's version, and answer a repeated read from
    there: a change to the reading code then reads again only the crops it changed (the
    pages' first reads, most of the time, are answered from the cache). Bench only."""
    from ingest import _tesseract

    read = _tesseract._Engine.read
    if getattr(read, "keeps_reads", False):
        return
    version = _tesseract.tesseract_version().encode()

    def kept_read(self, image, *, langs: str, psm: int, dpi: int, timeout: float,
                  osd: bool = False) -> str:
        grey = image.convert("L")
        digest = hashlib.sha256(version + f"{langs} {psm} {dpi} {osd} {grey.size}".encode())
        digest.update(grey.tobytes())
        kept = READS / digest.hexdigest()[:2] / f"{digest.hexdigest()[2:32]}.tsv"
        if kept.exists():
            return kept.read_text(encoding="utf-8")
        answer = read(self, grey, langs=langs, psm=psm, dpi=dpi, timeout=timeout, osd=osd)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.with_suffix(f".{os.getpid()}").write_text(answer, encoding="utf-8")
        kept.with_suffix(f".{os.getpid()}").replace(kept)
        return answer

    kept_read.keeps_reads = True
    _tesseract._Engine.read = kept_read


def _cache_key(path: Path) -> str:
    """The file, the OCR languages and the reading code (one cached reading for each)."""
    digest = hashlib.sha256(path.read_bytes() + Config().ocr_langs.encode())
    for source in _READING_CODE:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


def load_pages(path: Path, *, use_cache: bool = True) -> tuple[list[Page], datetime | None, float]:
    """The pipeline's pages for a file, from the cache when it has them."""
    digest = _cache_key(path)
    cached = CACHE / f"{digest}.json"
    if use_cache and cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
    else:
        start = time.perf_counter()
        doc = read_document(path, Config(), workers=1)
        _save_header_image(doc, CACHE / f"{digest}-p1.jpg")
        data = {"pages": [p.to_dict() for p in doc.pages],
                "signed_at": doc.signed_at.isoformat() if doc.signed_at else None,
                "seconds": round(time.perf_counter() - start, 1)}
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    signed = datetime.fromisoformat(data["signed_at"]) if data.get("signed_at") else None
    return [Page.from_dict(p) for p in data["pages"]], signed, data.get("seconds", 0.0)


def _save_header_image(doc, target: Path) -> None:
    """The top half of page 1 (upright, page coordinates), for image-based readers; and every
    page whole beside it (``-page2.jpg``, …), for readers of the foot."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for number, preview in doc.previews.items():
        if number == 1:
            preview.crop((0, 0, preview.width, preview.height // 2)).convert("RGB").save(
                target, quality=92)
        preview.convert("RGB").save(target.with_name(target.name.replace("-p1.jpg", f"-page{number}.jpg")),
                                    quality=85)


def header_image(path: Path):
    """The cached top half of page 1 (PIL image), or None (born-digital pages have none)."""
    from PIL import Image

    cached = CACHE / f"{_cache_key(path)}-p1.jpg"
    return Image.open(cached) if cached.exists() else None


def page_images(path: Path) -> dict:
    """The cached whole pages (page number → PIL image); {} for born-digital documents and
    for pages read before the cache kept them."""
    from PIL import Image

    key = _cache_key(path)
    return {int(f.stem.rsplit("-page", 1)[1]): Image.open(f) for f in CACHE.glob(f"{key}-page*.jpg")}


def sample_cases() -> list[tuple[str, Path, str, dict]]:
    cases = []
    for meta in sorted(SAMPLES.glob("*.json")):
        truth = json.loads(meta.read_text(encoding="utf-8"))
        path = SAMPLES / truth["file"]
        if not path.exists():
            continue
        group = "born-digital" if truth["input_kind"] == "pdf-born-digital" else "scans"
        cases.append((meta.stem, path, group, truth["metadata"]))
    return cases


def varied_cases(folder: Path = SAMPLES / "varied", prefix: str = "varied") -> list:
    """Documents of the varied-typesetting generator (sample_docs/generate_varied.py)."""
    cases = []
    for meta in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        truth = json.loads(meta.read_text(encoding="utf-8"))
        path = folder / truth["file"]
        if path.exists():
            kind = "born-digital" if truth["input_kind"] == "pdf-born-digital" else "scans"
            cases.append((meta.stem, path, f"{prefix} {kind}", truth["metadata"]))
    return cases


def _labelled(folder: Path, group_of) -> list[tuple[str, Path, str, dict]]:
    cases = []
    for label in sorted((folder / "labels").glob("*.json")) if folder.is_dir() else []:
        truth = json.loads(label.read_text(encoding="utf-8"))
        path = folder / truth["file"]
        expected = {f: truth.get(f) for f in METADATA_FIELDS}
        expected["page_count"] = truth.get("pages")
        expected["language"] = "vi"
        cases.append((label.stem, path, group_of(label.stem, truth), expected))
    return cases


def real_cases() -> list[tuple[str, Path, str, dict]]:
    return _labelled(REAL, lambda _id, truth: "real born-digital" if truth.get("born_digital")
                     else "real scans")


def real_dev_cases() -> list[tuple[str, Path, str, dict]]:
    """../shared/real_dev in its two fixed parts (bench/real_dev_split.json)."""
    measured = set(json.loads(SPLIT.read_text(encoding="utf-8"))["measure"])
    return _labelled(REAL_DEV, lambda doc_id, _t: MEASURED if doc_id in measured
                     else "real_dev tuned")


def fill_cache(cases, processes: int) -> None:
    """Read the files the cache lacks, ``processes`` at a time (one Tesseract thread each)."""
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    missing = [path for _n, path, _g, _e in cases
               if not (CACHE / f"{_cache_key(path)}.json").exists()]
    if not missing:
        return
    with ProcessPoolExecutor(processes) as pool:
        list(tqdm(pool.map(load_pages, missing), total=len(missing), desc="reading", unit="doc"))


def refine(got: dict, pages: list[Page], path: Path, signed: datetime | None) -> dict:
    """The handwritten-digit and stamp readers over the cached top half of page 1 (same
    coordinates), and the second reading of printed lines over the cached pages, as the worker
    runs them."""
    from ingest.handwriting import refine_handwritten
    from ingest.second_reading import read_lines_again
    from ingest.stamps import read_stamped_marks

    image = header_image(path)
    previews = {1: image} if image is not None else {}
    got = refine_handwritten(got, pages, previews, filename=path.name, signed_at=signed)
    got = read_lines_again(got, pages, page_images(path) or previews, signed_at=signed)
    return read_stamped_marks(got, pages, previews)


def raw_fields(path: Path, *, use_cache: bool = True, handwriting: bool = True) -> dict:
    """The fields as the worker reads them, before calibration: raw scores and readers' flags.
    Read once a run (``--known-names read`` asks twice); each call gets its own copy, since
    ``calibrate`` changes the values in place."""
    return copy.deepcopy(_raw_fields(path, use_cache, handwriting))


@cache
def _raw_fields(path: Path, use_cache: bool, handwriting: bool) -> dict:
    pages, signed, _ = load_pages(path, use_cache=use_cache)
    got = extract_metadata(pages, filename=path.name, signed_at=signed, calibrated=False)
    got = refine(got, pages, path, signed) if handwriting else got
    return doubt_date_before_citations(got, pages)  # after the readers, as the worker checks it


def is_right(field: str, value, expected: dict) -> bool:
    return normalise_field(field, value) == normalise_field(field, expected.get(field))


Known = Callable[[str, str | None], list[tuple[str, str | None, str | None]]]


def known_signers(cases) -> Known:
    """As the worker asks the catalogue for the signers people confirmed for an issuer (with
    their title and authority): here the labelled ones of the other documents of the same
    issuer among ``cases`` (the fitting sets: never the measured part of real_dev, so it never
    learns from itself)."""
    from ingest.metadata._text import fold

    labelled = [(name, fold(e.get("issuer") or ""),
                 (e["signer"], e.get("signer_title"), e.get("signing_authority")))
                for name, _p, g, e in cases if g != MEASURED and e.get("signer")]

    def known(name: str, issuer: str | None) -> list[tuple[str, str | None, str | None]]:
        return [k for other, i, k in labelled if other != name and i == fold(issuer or "")]

    return known


def read_signers(cases, *, use_cache: bool, handwriting: bool) -> Known:
    """As ``Catalog.known_signers`` finds the names the extractor read without a flag on two
    documents or more of an issuer: here those of the other documents among ``cases`` (any
    set: these are readings, not labels), with their unflagged title and authority."""
    from archive_service.catalog import KNOWN_READ_TWICE
    from ingest.metadata._text import squash

    def same(text) -> str:
        return squash(text or "").casefold()

    sure = []
    for name, path, _g, _e in cases:
        got = calibrate(raw_fields(path, use_cache=use_cache, handwriting=handwriting))
        if isinstance(got["signer"].value, str) and not got["signer"].review:
            kept = [got[f].value if not got[f].review else None
                    for f in ("signer_title", "signing_authority")]
            sure.append((name, same(got["issuer"].value), (got["signer"].value, *kept)))

    def known(name: str, issuer: str | None) -> list[tuple[str, str | None, str | None]]:
        if not same(issuer):
            return []  # as the catalogue: no issuer read, no signers known
        mine = [k for other, i, k in sure if other != name and i == same(issuer)]
        times = Counter(same(k[0]) for k in mine)
        return list(dict.fromkeys(k for k in mine if times[same(k[0])] >= KNOWN_READ_TWICE))

    return known


def _both(first: Known, second: Known) -> Known:
    return lambda name, issuer: list(dict.fromkeys([*first(name, issuer), *second(name, issuer)]))


def run(cases, *, use_cache: bool, verbose: bool, handwriting: bool = False,
        known: Known | None = None, hidden: frozenset[str] | set[str] = frozenset({MEASURED})
        ) -> dict:
    """Per group, how many values are right and flagged; with ``verbose``, each wrong value
    printed, but for the groups ``hidden`` (the measured half, draws kept aside)."""
    from ingest.metadata.known_names import complete_from_known

    stats: dict[str, dict] = {}
    for name, path, group, expected in cases:
        got = raw_fields(path, use_cache=use_cache, handwriting=handwriting)
        if known is not None:
            got = complete_from_known(got, known(name, got["issuer"].value))
        got = calibrate(got)
        g = stats.setdefault(group, {"docs": 0, "right": dict.fromkeys(METADATA_FIELDS, 0),
                                     "wrong": 0, "flagged": 0, "right_flagged": 0, "values": 0,
                                     "field_flags": {f: [0, 0, 0, 0] for f in METADATA_FIELDS}})
        g["docs"] += 1
        for field in METADATA_FIELDS:
            fv = got[field]
            ok = is_right(field, fv.value, expected)
            g["values"] += 1
            # per field: wrong flagged, wrong, right flagged, right
            g["field_flags"][field][0 if not ok else 2] += fv.review
            g["field_flags"][field][1 if not ok else 3] += 1
            if ok:
                g["right"][field] += 1
                g["right_flagged"] += fv.review
            else:
                g["wrong"] += 1
                g["flagged"] += fv.review
                if verbose and group not in hidden:
                    print(f"  {group:<12} {name:<44} {field:<17} got {fv.value!r} "
                          f"(conf {fv.confidence}, review {fv.review}) expected {expected.get(field)!r}")
    return stats


def report(stats: dict) -> str:
    """Per field and set: accuracy, then wrong values flagged / wrong, right values flagged /
    right."""
    groups = list(stats)
    lines = ["| field | " + " | ".join(f"{g} (n={stats[g]['docs']})" for g in groups) + " |",
             "|---|" + "---|" * len(groups)]
    for field in METADATA_FIELDS:
        cells = []
        for g in groups:
            wf, w, rf, r = stats[g]["field_flags"][field]
            flags = f" · wf {wf}/{w}" if w else ""
            flags += f" · rf {rf}/{r}" if rf else ""
            cells.append(f"{stats[g]['right'][field] / stats[g]['docs']:.2f}{flags}")
        lines.append(f"| {field} | " + " | ".join(cells) + " |")
    flagged = [_share(stats[g]["flagged"], stats[g]["wrong"]) for g in groups]
    lines.append("| wrong values flagged | " + " | ".join(flagged) + " |")
    false_alarm = [_share(stats[g]["right_flagged"], stats[g]["values"] - stats[g]["wrong"])
                   for g in groups]
    lines.append("| right values flagged | " + " | ".join(false_alarm) + " |")
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.2f})" if whole else "0/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every wrong value")
    parser.add_argument("--no-cache", action="store_true", help="read every file again")
    parser.add_argument("--no-handwriting", dest="handwriting", action="store_false",
                        help="skip re-reading handwritten numbers and days (ingest.handwriting)")
    parser.add_argument("--only", choices=("samples", "varied", "real", "real_dev"),
                        help="one set only")
    parser.add_argument("--varied-extra", nargs="+", type=Path, default=[], metavar="FOLDER",
                        help="folders of generate_varied.py output, each an extra group "
                             "named after the folder (with --only varied: these too)")
    parser.add_argument("--aside", nargs="+", type=Path, default=[], metavar="FOLDER",
                        help="draws kept aside: measured like --varied-extra, but -v never "
                             "prints their values one by one (as the measured half's)")
    parser.add_argument("--known-names", nargs="?", const="people",
                        choices=("people", "read", "both"),
                        help="complete signers as the worker does from the catalogue: from "
                             "the names people confirmed (people, the default: the labelled "
                             "signers of the other documents of the same issuer in the "
                             "fitting sets), from the names read without a flag on two other "
                             "documents of the issuer (read: in any set), or both")
    parser.add_argument("-j", "--processes", type=int, default=os.cpu_count() or 1,
                        help="files read at once when filling the cache")
    args = parser.parse_args()
    cases = []
    if args.only in (None, "samples"):
        cases += sample_cases()
    if args.only in (None, "varied"):
        cases += varied_cases()
        for folder in [*args.varied_extra, *args.aside]:
            if not folder.is_dir():
                parser.error(f"--varied-extra/--aside: no folder {folder}")
            cases += varied_cases(folder.resolve(), folder.name)
    hidden = {MEASURED, *(f"{folder.name} {kind}" for folder in args.aside
                          for kind in ("scans", "born-digital"))}
    if args.only in (None, "real"):
        cases += real_cases()
    if args.only in (None, "real_dev"):
        cases += real_dev_cases()
    start = time.perf_counter()
    if not args.no_cache:
        keep_tesseract_reads()
        fill_cache(cases, args.processes)
    known = None
    if args.known_names in ("people", "both"):
        known = known_signers(cases)
    if args.known_names in ("read", "both"):
        read = read_signers(cases, use_cache=not args.no_cache, handwriting=args.handwriting)
        known = read if known is None else _both(known, read)
    stats = run(cases, use_cache=not args.no_cache, verbose=args.verbose,
                handwriting=args.handwriting, known=known, hidden=hidden)
    print(report(stats))
    print(f"\n{len(cases)} documents, {time.perf_counter() - start:.0f} s, "
          f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")


if __name__ == "__main__":
    main()

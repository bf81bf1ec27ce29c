"""End to end: the ingest pipeline's real OCR of sample_docs/, then the metadata extractor.

Each sample is read once per test session (read_document, one process). Ground truth is
the ``metadata`` of ``sample_docs/<name>.json``. The extractor's contract is checked per
document (every value right, or flagged for review) and over the set (accuracy per field).
The real scans of ../shared/real_samples/ are used when that folder exists.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from archive_service.records import METADATA_FIELDS
from ingest.metadata import extract_metadata
from tests.conftest import normalise_field

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_docs"
REAL = ROOT.parent / "shared" / "real_samples"
CORE = ("number", "issued_date", "place", "issuer", "doc_type", "subject", "signing_authority",
        "signer_title", "signer", "recipients", "page_count")


def _truths() -> list[dict]:
    out = []
    for meta in sorted(SAMPLES.glob("*.json")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        if "metadata" in data and (SAMPLES / data["file"]).exists():
            data["name"] = meta.stem
            out.append(data)
    return out


TRUTHS = _truths()


def read(path: Path):
    """The pipeline's pages and signing time of one file, once per session (shared with the
    pipeline tests: every sample is OCR'd once, in parallel)."""
    from tests.samples import read_sample

    doc = read_sample(path)
    return doc.pages, doc.signed_at


@cache
def extracted(name: str) -> tuple[dict, dict]:
    truth = next(t for t in TRUTHS if t["name"] == name)
    path = SAMPLES / truth["file"]
    pages, signed_at = read(path)
    return truth, extract_metadata(pages, filename=path.name, signed_at=signed_at)


def _wrong(truth: dict, got: dict) -> dict:
    return {f: (got[f].value, truth["metadata"][f]) for f in METADATA_FIELDS
            if normalise_field(f, got[f].value) != normalise_field(f, truth["metadata"][f])}


needs_samples = pytest.mark.skipif(not TRUTHS, reason="sample_docs/ has no generated documents")


# Documents whose reading still breaks the contract, and why (bench/metadata.py -v shows them).
KNOWN_MISSES: dict[str, str] = {}


def _sample_params():
    return [pytest.param(t["name"], marks=pytest.mark.xfail(strict=False,
                                                            reason=KNOWN_MISSES[t["name"]]))
            if t["name"] in KNOWN_MISSES else t["name"] for t in TRUTHS]


@needs_samples
@pytest.mark.slow
@pytest.mark.parametrize("name", _sample_params())
def test_sample_document(name):
    """Every field right, or flagged for review; the number and date right when printed."""
    truth, got = extracted(name)
    wrong = _wrong(truth, got)
    unflagged = {f: v for f, v in wrong.items() if not got[f].review}
    assert not unflagged, f"wrong and not flagged: {unflagged}"
    degradations = set(truth.get("degradations", []))
    if "handwritten" not in degradations:
        for field in ("number", "issued_date", "doc_type"):
            assert field not in wrong, f"{field}: {wrong.get(field)}"


@needs_samples
@pytest.mark.slow
def test_pages_without_layout_give_nulls():
    names = [t["name"] for t in TRUTHS if "no-layout" in t.get("degradations", [])
             or all(t["metadata"].get(f) is None for f in ("number", "issuer", "issued_date"))]
    if not names:
        pytest.skip("no sample without the layout")
    for name in names:
        truth, got = extracted(name)
        present = {f: fv.value for f, fv in got.items()
                   if fv.value is not None and f not in ("page_count", "language")}
        assert present == {}, name


@needs_samples
@pytest.mark.slow
def test_signature_found_on_the_signature_page_before_attachments():
    names = [t["name"] for t in TRUTHS if t.get("signature_page")
             and t["metadata"].get("signer")]
    for name in names:
        truth, got = extracted(name)
        if got["signer"].value is not None:
            assert got["signer"].page == truth["signature_page"], name


@needs_samples
@pytest.mark.slow
def test_accuracy_per_field_over_the_samples():
    """≥ 0.95 per core field (the issue's target; bench/metadata.py records the exact figures)."""
    right = dict.fromkeys(METADATA_FIELDS, 0)
    for t in TRUTHS:
        truth, got = extracted(t["name"])
        wrong = _wrong(truth, got)
        for f in METADATA_FIELDS:
            right[f] += f not in wrong
    low = {f: round(right[f] / len(TRUTHS), 2) for f in CORE if right[f] / len(TRUTHS) < 0.95}
    assert not low, low


REAL_LABELS = sorted((REAL / "labels").glob("*.json")) if (REAL / "labels").is_dir() else []


@pytest.mark.skipif(not REAL_LABELS or not os.environ.get("ARCHIVE_TEST_REAL_SAMPLES"),
                    reason=f"real scans ({REAL}) are read only with ARCHIVE_TEST_REAL_SAMPLES=1 "
                    "(about 30 pages of OCR; bench/metadata.py reports them); they are never "
                    "copied into the repository")
@pytest.mark.slow
def test_real_scans_fields_are_read_and_wrong_values_flagged():
    """On the real scans (handwritten numbers and days, seals), with the handwriting read as
    the pipeline reads it: ≥ 0.9 of each core field right, and a wrong value flagged."""
    from concurrent.futures import ProcessPoolExecutor

    from archive_service.config import Config
    from ingest.worker import extract_fields

    truths = [json.loads(label.read_text(encoding="utf-8")) for label in REAL_LABELS]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        docs = list(pool.map(_read_real, [REAL / t["file"] for t in truths]))
    right = dict.fromkeys(CORE, 0)
    wrong_total = flagged = 0
    for truth, doc in zip(truths, docs, strict=True):
        got = extract_fields(doc, truth["file"], Config(env={}))
        expected = {**truth, "page_count": truth.get("pages"), "language": "vi"}
        for f in CORE:
            if normalise_field(f, got[f].value) == normalise_field(f, expected.get(f)):
                right[f] += 1
            else:
                wrong_total += 1
                flagged += got[f].review
    low = {f: round(n / len(truths), 2) for f, n in right.items() if n / len(truths) < 0.9}
    assert not low, low
    assert flagged >= 0.9 * wrong_total, f"{flagged} of {wrong_total} wrong values flagged"


def _read_real(path: Path):
    from archive_service.config import Config
    from ingest.pipeline import read_document

    doc = read_document(path, Config(env={}), workers=1)
    page_one = doc.previews.get(1)
    doc.previews = {1: page_one} if page_one is not None else {}  # the handwriting is on page 1
    return doc

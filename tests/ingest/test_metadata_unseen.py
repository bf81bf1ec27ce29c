"""Metadata on documents the extractor was not written against, read as the worker reads them
(pipeline, extractor, handwriting reader, calibration):

- the documents of the varied-typesetting generator (sample_docs/varied/): one per failure
  kind of issue 11 (subjects in capitals over several lines, issuers wrapped, a grey seal
  disc over the signature block, a scan stored without its resolution, bitonal scans);
- a fixed part of the measured half of ../shared/real_dev (real scans of other bodies; run
  when that folder exists, never copied here): each core field held at its measured floor,
  and the review flags held at theirs. bench/metadata.py measures every document.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from archive_service.config import Config
from archive_service.records import METADATA_FIELDS
from ingest.metadata._text import fold
from tests.conftest import normalise_field

ROOT = Path(__file__).resolve().parents[2]
VARIED = ROOT / "sample_docs" / "varied"
REAL_DEV = ROOT.parent / "shared" / "real_dev"
SPLIT = ROOT / "bench" / "real_dev_split.json"
REAL_DEV_PART = 16  # documents of the measured half read in CI: the first by id of ≤ 3 pages


def _read(path: Path) -> dict:
    """The fields of one file as the worker extracts them (runs in a pool process)."""
    from ingest.pipeline import read_document
    from ingest.worker import extract_fields

    config = Config(env={})
    doc = read_document(path, config, workers=1)
    fields = extract_fields(doc, path.name, config)
    return {name: (fv.value, fv.review) for name, fv in fields.items()}


def _read_all(paths: list[Path]) -> list[dict]:
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_read, paths))


def _right(field: str, got: dict, expected: dict) -> bool:
    return normalise_field(field, got[field][0]) == normalise_field(field, expected.get(field))


# --- the varied typesetting ---------------------------------------------------------------

def _varied_truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(VARIED.glob("*.json"))]


@cache
def varied() -> list[tuple[dict, dict]]:
    truths = _varied_truths()
    return list(zip(truths, _read_all([VARIED / t["file"] for t in truths]), strict=True))


def _with(tag: str) -> list[tuple[dict, dict]]:
    found = [(t, got) for t, got in varied() if tag in t["degradations"]]
    assert found, f"no varied document is tagged {tag}"
    return found


needs_varied = pytest.mark.skipif(not _varied_truths(), reason="sample_docs/varied is empty")


def _whole(field: str, got: dict, expected: dict) -> bool:
    """Every word there, diacritics aside (a tone mark OCR drops on a capital is the OCR's
    doing, not the layout's), and flagged when not exact."""
    same_words = fold(got[field][0] or "") == fold(expected.get(field) or "")
    return same_words and (_right(field, got, expected) or got[field][1])


@needs_varied
@pytest.mark.slow
def test_subject_in_capitals_over_several_lines():
    for truth, got in _with("capitals-subject"):
        assert _whole("subject", got, truth["metadata"]), (truth["file"], got["subject"])


@needs_varied
@pytest.mark.slow
def test_issuer_wrapped_onto_two_lines():
    for truth, got in _with("issuer-wrapped"):
        for field in ("issuer", "parent_issuer"):
            assert _right(field, got, truth["metadata"]), (truth["file"], field, got[field])


@needs_varied
@pytest.mark.slow
def test_signature_block_under_a_grey_seal_disc():
    for truth, got in _with("grey-seal-disc"):
        for field in ("signing_authority", "signer_title", "signer"):
            assert _right(field, got, truth["metadata"]), (truth["file"], field, got[field])


@needs_varied
@pytest.mark.slow
def test_scan_stored_without_its_resolution():
    for truth, got in _with("pdf-no-resolution"):
        for field in ("number", "issued_date", "issuer", "doc_type", "signer"):
            if "handwritten" not in truth["degradations"] or field not in ("number", "issued_date"):
                assert _right(field, got, truth["metadata"]), (truth["file"], field, got[field])
        assert _whole("subject", got, truth["metadata"]), (truth["file"], got["subject"])


@needs_varied
@pytest.mark.slow
def test_every_wrong_value_of_the_varied_set_is_flagged():
    unflagged = [(t["file"], f, got[f][0]) for t, got in varied() for f in METADATA_FIELDS
                 if not _right(f, got, t["metadata"]) and not got[f][1]]
    assert not unflagged


# --- real documents of other bodies -------------------------------------------------------

# Floors measured on these documents at the commit that set them (bench/RESULTS.md has the
# whole measured half); a test fails when a change reads fewer of them right.
# Session 14 (e425cc2) on the 16 documents: number .69, issued_date .75, issuer .94, doc_type
# 1.0, subject .75, signer .63, signing_authority .88, signer_title .75, recipients .63; each
# floor is that less one document (1/16). Session 16 (28d2850): subject .81 (the body's
# spelling), floor .75. Session 23 (a hand's flagged 1 that PP-OCR reads as a 4 read as the
# SVM's 1): number .75, issued_date .81, floors .68 and .75. Session 33 (handwritten blanks
# read by PP-OCRv6): number .75, issued_date .88, issuer 1.0, doc_type 1.0, subject .81,
# signer .88, signing_authority 1.0, signer_title .88, recipients .69; every floor that less
# one document. Session 34 (titles under the seal read by both PP-OCR recognisers):
# signer_title .94, floor .87.
REAL_DEV_FLOORS = {"number": 0.68, "issued_date": 0.81, "issuer": 0.93, "doc_type": 0.93,
                   "subject": 0.75, "signer": 0.81, "signing_authority": 0.93,
                   "signer_title": 0.87, "recipients": 0.62}
# wrong values not marked for review (3 of 31 in session 14, 3 of 29 later; 3 of 19 in session
# 33): a count, not a share, since putting a flagged value right lowers the share of the wrong
# ones flagged (17/20 → 16/19 when PP-OCRv6 read one more number) though nothing got worse
SILENT_WRONG_CEILING = 3
# share of the right values marked for review: 53/206 in session 14; 28/209 in session 22
# (260f9c8: authority and title backing each other, known agency names, recipients' stock
# words); 25/211 in session 24 (signers' names a second recogniser reads alike confirmed), the
# ceiling that and two flags more
FLAGGED_RIGHT_CEILING = 0.13


def _real_dev_part() -> list[str]:
    if not (REAL_DEV / "labels").is_dir():
        return []
    ids = json.loads(SPLIT.read_text(encoding="utf-8"))["measure"]
    short = [i for i in ids if json.loads((REAL_DEV / "labels" / f"{i}.json").read_text(
        encoding="utf-8")).get("pages", 1) <= 3]
    return short[:REAL_DEV_PART]


@pytest.mark.skipif(not _real_dev_part(), reason=f"{REAL_DEV} is absent (real documents are "
                    "never copied into the repository)")
@pytest.mark.slow
def test_real_documents_of_other_bodies_hold_their_floors():
    truths = [json.loads((REAL_DEV / "labels" / f"{i}.json").read_text(encoding="utf-8"))
              for i in _real_dev_part()]
    read = _read_all([REAL_DEV / t["file"] for t in truths])
    right = dict.fromkeys(REAL_DEV_FLOORS, 0)
    wrong = wrong_flagged = right_values = right_flagged = 0
    for truth, got in zip(truths, read, strict=True):
        expected = {**truth, "page_count": truth.get("pages"), "language": "vi"}
        for field in METADATA_FIELDS:
            ok = _right(field, got, expected)
            if field in REAL_DEV_FLOORS:
                right[field] += ok
            if ok:
                right_values, right_flagged = right_values + 1, right_flagged + got[field][1]
            else:
                wrong, wrong_flagged = wrong + 1, wrong_flagged + got[field][1]
    shares = {f: round(right[f] / len(truths), 2) for f in REAL_DEV_FLOORS}
    low = {f: s for f, s in shares.items() if s < REAL_DEV_FLOORS[f]}
    assert not low, f"below the floor: {low} (all: {shares})"
    assert wrong - wrong_flagged <= SILENT_WRONG_CEILING, f"{wrong_flagged}/{wrong} wrong flagged"
    assert right_flagged <= FLAGGED_RIGHT_CEILING * right_values, \
        f"{right_flagged}/{right_values} right values flagged"

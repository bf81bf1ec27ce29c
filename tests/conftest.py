"""Shared fixtures: a fresh data dir per test, the sample documents and their ground truth."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from archive_service.config import Config

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
REAL_SAMPLES = ROOT.parent / "shared" / "real_samples"


def load_samples() -> list[dict]:
    """Ground truth of every sample document, with ``path`` added."""
    out = []
    for truth in sorted(SAMPLES.glob("*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        if "file" not in data:
            continue
        data["name"] = truth.stem
        data["path"] = SAMPLES / data["file"]
        out.append(data)
    return out


def words_of(text: str) -> list[str]:
    """Words for the accuracy measure: NFC, punctuation stripped at both ends, diacritics kept."""
    out = []
    for token in unicodedata.normalize("NFC", text).split():
        token = token.strip(".,;:!?()[]\"'“”‘’«»-–—…*")
        if token:
            out.append(token)
    return out


def word_accuracy(truth: str, found: str) -> float:
    """Order-free word recall: share of the truth's words (as a multiset) found in the output."""
    expected, got = Counter(words_of(truth)), Counter(words_of(found))
    total = sum(expected.values())
    return sum((expected & got).values()) / total if total else 1.0


def normalise_field(field: str, value):
    """A metadata value as compared with the truth: NFC, whitespace collapsed, and the
    number without spaces."""
    if isinstance(value, list):
        return [normalise_field(field, v) for v in value]
    if isinstance(value, str):
        text = " ".join(unicodedata.normalize("NFC", value).split())
        return text.replace(" ", "") if field == "number" else text
    return value


def make_config(data_dir: Path, **overrides) -> Config:
    return Config(env={"ARCHIVE_DATA_DIR": str(data_dir)}, **overrides)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path / "data", workers=2)


@pytest.fixture
def catalog(config: Config):
    from archive_service.catalog import Catalog

    cat = Catalog(config)
    yield cat
    cat.db.dispose()


def pick_sample(*, kind: str | None = None, degradation: str | None = None,
                min_pages: int = 1, max_pages: int = 99) -> dict:
    """The first sample matching; skips the test when there is none."""
    for sample in load_samples():
        pages = len(sample["pages"])
        if kind and sample["input_kind"] != kind:
            continue
        if degradation and degradation not in sample["degradations"]:
            continue
        if min_pages <= pages <= max_pages:
            return sample
    pytest.skip(f"no sample with kind={kind} degradation={degradation} pages={min_pages}..{max_pages}")

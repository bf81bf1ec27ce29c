"""sample_docs/generate_varied.py: two documents of a fixed seed are written with well-formed truth
(same schema as the sample truth files), deterministically.  No OCR here (check_varied.py does that)."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from archive_service.records import METADATA_FIELDS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sample_docs"))

from _gen import varied as V  # noqa: E402

RASTER_KINDS = ["png", "jpeg", "tiff", "pdf-scan", "pdf-scan-nores"]


@pytest.fixture(scope="module")
def families():
    try:
        return V.available_families()
    except RuntimeError as e:  # a machine without any of the fonts
        pytest.skip(str(e))


def _generate(out: Path, families, seed=3, count=2):
    paths = []
    for i in range(count):
        b = V.build(i, seed, families, RASTER_KINDS)
        paths.append(Path(V.write(b, str(out), seed)))
    return paths


def test_two_documents_well_formed(tmp_path, families):
    paths = _generate(tmp_path, families)
    sample = json.loads(next((ROOT / "sample_docs").glob("*.json")).read_text(encoding="utf-8"))
    for p in paths:
        assert p.exists() and 0 < p.stat().st_size < 1_600_000
        raw = p.with_suffix(".json").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw)
        t = json.loads(raw)
        assert list(t) == list(sample)  # the schema of the sample truth files
        assert t["file"] == p.name
        assert t["input_kind"] in set(V.INPUT_KIND.values())
        assert t["degradations"][0] == "varied-typesetting"
        m = t["metadata"]
        assert list(m) == list(METADATA_FIELDS)
        assert m["page_count"] == len(t["pages"]) >= 1
        assert m["language"] == "vi" and m["doc_type"] and m["number"] and m["signer"]
        assert len(m["issued_date"]) == 10 and m["issued_date"][4] == "-"
        page1 = t["pages"][0]
        lines = page1.split("\n")
        # one-line fields, and they are what page 1 prints
        sig_page = t["pages"][t["signature_page"] - 1]
        for field, page in (
            ("subject", page1),
            ("issuer", page1),
            ("signer", sig_page),
            ("signer_title", sig_page),
        ):
            assert "\n" not in m[field] and "  " not in m[field]
            assert m[field] in " ".join(page.split()), field
        assert f"Số: {m['number']}" in lines
        assert m["signer"] in "\n".join(t["pages"])
        for r in m["recipients"]:
            assert f"- {r}" in "\n".join(t["pages"])
        assert 1 <= t["signature_page"] <= m["page_count"]
        if t["input_kind"] != "pdf-born-digital":
            assert t["dpi"] and 150 <= t["dpi"] <= 400


def test_deterministic(tmp_path, families):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _generate(tmp_path / "a", families)
    b = _generate(tmp_path / "b", families)
    for x, y in zip(a, b, strict=True):
        assert x.name == y.name
        assert x.with_suffix(".json").read_bytes() == y.with_suffix(".json").read_bytes()
        assert x.read_bytes() == y.read_bytes()

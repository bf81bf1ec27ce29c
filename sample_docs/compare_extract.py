#!/usr/bin/env python3
"""Per-field accuracy of `archive extract --json` on sample files against their truth JSON.

Run:  .venv/bin/python sample_docs/compare_extract.py sample_docs/varied/v31_*.pdf
Prints, per file, the page sources, whether the pages' text is NFC, the fields marked for review
and every wrong field (got / want); then the share of files each field is exactly right on.
Exact comparison: no normalisation beyond what the extractor does (bench/metadata.py is the
benchmark; this is the quick look for a handful of generated files).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHIVE = os.path.join(ROOT, ".venv", "bin", "archive")
FIELDS = ["number", "issued_date", "place", "issuer", "parent_issuer", "doc_type", "subject",
          "confidentiality", "urgency", "signing_authority", "signer_title", "signer", "recipients",
          "page_count"]  # fmt: skip


def extract(path: str) -> dict:
    r = subprocess.run([ARCHIVE, "extract", path, "--json"], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"archive extract {path}: {r.stderr[-400:]}")
    return json.loads(r.stdout)


def compare(path: str) -> list[str]:
    """Wrong fields of one file, after printing its line."""
    with open(os.path.splitext(path)[0] + ".json", encoding="utf-8") as f:
        want = json.load(f)["metadata"]
    out = extract(path)
    got = out["metadata"]
    nfc = all(unicodedata.is_normalized("NFC", p["text"]) for p in out["pages"])
    sources = [p["source"] for p in out["pages"]]
    print(f"{os.path.basename(path)}  sources={sources} nfc={nfc} review={out.get('metadata_review')}")
    wrong = [f for f in FIELDS if got.get(f) != want.get(f)]
    for f in wrong:
        print(f"    {f}: got {got.get(f)!r} want {want.get(f)!r}")
    return wrong


def main(paths: list[str]) -> int:
    wrong = [compare(p) for p in paths]
    for f in FIELDS:
        right = sum(f not in w for w in wrong)
        print(f"{f:18s} {right}/{len(paths)} = {right / max(len(paths), 1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

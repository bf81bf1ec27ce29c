"""index/ is a leaf: the standard library and Whoosh only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_index_imports_only_stdlib_and_whoosh() -> None:
    code = "import sys, json; import index; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    top = set(json.loads(out.stdout))
    assert not top & {"archive_service", "ingest", "flask", "sqlalchemy", "numpy", "tantivy"}
    third_party = {m for m in top - set(sys.stdlib_module_names) if not m.startswith("_") and m != "index"}
    assert third_party <= {"whoosh", "cached_property"}, third_party  # + Whoosh's own dependency

"""Imports point one way: index is a leaf; the core knows neither Flask nor ingest; the web
app never loads ingest (so a web process never loads Tesseract)."""

import json
import subprocess
import sys

import pytest

CORE = ["archive_service.config", "archive_service.db", "archive_service.models",
        "archive_service.catalog", "archive_service.storage", "archive_service.intake",
        "archive_service.queue", "archive_service.indexing", "archive_service.watch",
        "archive_service.supervisor", "archive_service.fixity", "archive_service.finding_aids",
        "archive_service.bags", "archive_service.archival_fields", "archive_service.filing",
        "archive_service.proposal", "archive_service.cli_records", "archive_service.references",
        "archive_service.record_aids", "archive_service.archival", "archive_service.archival_check",
        "archive_service.pdfa", "archive_service.indexer", "archive_service.batches",
        "archive_service.duplicates"]


def loaded_after(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(out.stdout)} | set(json.loads(out.stdout))


def test_index_is_a_leaf():
    loaded = loaded_after("index")
    assert not loaded & {"archive_service", "ingest", "flask", "sqlalchemy"}


@pytest.mark.parametrize("module", CORE)
def test_core_knows_neither_flask_nor_ingest(module):
    loaded = loaded_after(module)
    assert not loaded & {"ingest", "flask", "pytesseract", "cv2"}


def test_web_app_never_loads_ingest():
    loaded = loaded_after("archive_service.web.app")
    assert "ingest" not in loaded and "pytesseract" not in loaded and "cv2" not in loaded

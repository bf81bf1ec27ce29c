"""schemathesis against a real ``archive serve`` with a token: no 5xx, responses as the OpenAPI
document says (issue 12, fault trials; more examples: bench/faults.py api)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.api import run_schemathesis
from tests.faults.server import open_server

pytestmark = pytest.mark.faults
SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "kh_so_giao_duc_lam_dong_2025.pdf"


def test_api_fuzzed_from_its_openapi_document(tmp_path: Path) -> None:
    with open_server(tmp_path) as server:
        status, answer = server.upload(SAMPLE.name, SAMPLE.read_bytes())  # ids to find
        assert status == 202, answer
        report = run_schemathesis(server, tmp_path / "report", max_examples=8, seed=12)
        assert "Traceback" not in server.log.read_text()
    assert report.generated > 50 and sum(report.responses.values()) >= report.generated
    assert report.server_errors == 0, report.output
    assert report.failures == [], report.output
    assert report.exit_code == 0, report.output

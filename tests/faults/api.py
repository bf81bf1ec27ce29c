"""schemathesis against a real ``archive serve``'s /api/v1/openapi.json with an administrator's
token (issue 12, fault trials): every response counted from schemathesis's HAR report (0 of
5xx), and the checks that responses match the schema (status codes, content types, bodies,
headers). Used by tests/faults/test_api_schema.py (few examples) and bench/faults.py (more)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.server import Server

CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@dataclass
class ApiReport:
    """Responses by status, schemathesis's failures (code, title, operations) and its exit code."""

    exit_code: int
    generated: int = 0
    responses: Counter = field(default_factory=Counter)
    failures: list[dict] = field(default_factory=list)
    output: str = ""

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.responses.items() if status >= 500)


def run_schemathesis(server: Server, report_dir: Path, *, max_examples: int, seed: int,
                     checks: tuple[str, ...] = CHECKS, timeout: float = 1800) -> ApiReport:
    """Run ``schemathesis run`` (every phase, one worker) and read its JSON and HAR reports."""
    report_dir.mkdir(parents=True, exist_ok=True)
    har, summary = report_dir / "requests.har", report_dir / "run.json"
    run = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{server.base}/api/v1/openapi.json",
         "-H", f"Authorization: Bearer {server.token}", "--checks", ",".join(checks),
         "--max-examples", str(max_examples), "--seed", str(seed), "--workers", "1",
         "--report", "har,json", "--report-har-path", str(har),
         "--report-json-path", str(summary), "--request-timeout", "60"],
        capture_output=True, text=True, timeout=timeout, cwd=report_dir)  # its cache goes there
    report = ApiReport(run.returncode, output=run.stdout[-20000:] + run.stderr[-5000:])
    if summary.exists():
        data = json.loads(summary.read_text())
        report.generated = data["test_cases"]["generated"]
        report.failures = [{k: f[k] for k in ("code", "title", "count", "operations")}
                           for f in data["failures"]]
    if har.exists():
        entries = json.loads(har.read_text())["log"]["entries"]
        report.responses = Counter(e["response"]["status"] for e in entries)
    return report

"""A full data directory (a small tmpfs) during uploads and processing: clear refusals,
nothing half-written, everything done once space returns, nothing restarted (issue 12, fault
trials)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_service.errors import DiskFullError
from tests.faults.disk import MountError, run_disk_trial

pytestmark = pytest.mark.faults


def test_full_disk_during_uploads_and_processing(tmp_path: Path) -> None:
    try:
        report = run_disk_trial(tmp_path)
    except MountError as exc:
        pytest.skip(f"cannot mount a tmpfs for the data directory ({exc}); needs root")
    assert report.refused_full == [f"507 {DiskFullError.MESSAGE}"] * 2
    assert report.problems == []
    assert set(report.final_states.values()) == {"done"} and len(report.final_states) == 5
    assert report.leftovers == [] and report.check[0] == 0
    assert not report.serve_restarted

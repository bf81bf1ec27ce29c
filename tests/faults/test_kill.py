"""kill -9 of a real worker at random moments, inside the index commit among them: nothing is
lost, duplicated or left unindexed (issue 12, fault trials; 100 trials: bench/faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.kill import run_kill_trials

pytestmark = pytest.mark.faults


def test_worker_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    report = run_kill_trials(tmp_path, trials=5, seed=12, commit_share=0.4)
    assert report.problems == []
    assert report.kills == 5 and report.kills_in_commit >= 1
    assert report.done + report.failed == report.documents == 10
    assert report.checks_passed == 5

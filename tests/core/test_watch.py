"""The intake folder: stable files are ingested once, then moved to done/ or rejected/."""

from __future__ import annotations

import time

from archive_service.watch import IntakeFolder
from tests.core import badfiles


def settle(intake: IntakeFolder) -> list:
    intake.scan_once()
    time.sleep(intake.settle + 0.05)
    return intake.scan_once()


def test_files_are_taken_once_stable_and_sorted_out(catalog, tmp_path):
    folder = tmp_path / "intake"
    folder.mkdir()
    badfiles.good_png(folder / "scan 1.png")
    badfiles.encrypted_pdf(folder / "khoá.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "copy.png").write_bytes((folder / "scan 1.png").read_bytes())
    (folder / ".hidden.png").write_bytes(b"x")
    intake = IntakeFolder(catalog, folder, settle=0.2)

    taken = {p.name: outcome for p, outcome in settle(intake)}
    assert taken == {"scan 1.png": "queued", "khoá.pdf": "rejected", "copy.png": "duplicate"}
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["copy.png", "scan 1.png"]
    reason = (folder / "rejected" / "khoá.pdf.reason.txt").read_text(encoding="utf-8")
    assert "mật khẩu" in reason
    assert (folder / "rejected" / "khoá.pdf").exists()
    assert (folder / ".hidden.png").exists()
    assert catalog.status_counts()["queued"] == 1
    assert settle(intake) == []


def test_a_growing_file_waits(catalog, tmp_path):
    folder = tmp_path / "intake"
    folder.mkdir()
    intake = IntakeFolder(catalog, folder, settle=0.3)
    target = folder / "growing.png"
    data = badfiles.good_png(tmp_path / "full.png").read_bytes()
    target.write_bytes(data[:100])
    assert intake.scan_once() == []
    time.sleep(0.2)
    target.write_bytes(data)  # still being written
    assert intake.scan_once() == []
    time.sleep(0.35)
    assert [(p.name, o) for p, o in intake.scan_once()] == [("growing.png", "queued")]


def test_same_name_twice_is_not_overwritten(catalog, tmp_path):
    folder = tmp_path / "intake"
    folder.mkdir()
    intake = IntakeFolder(catalog, folder, settle=0.1)
    badfiles.good_png(folder / "a.png")
    settle(intake)
    badfiles.truncated_png(folder / "a.png")
    settle(intake)
    badfiles.truncated_png(folder / "a.png")
    (folder / "a.png").write_bytes((folder / "a.png").read_bytes() + b"\x00")
    settle(intake)
    assert sorted(p.name for p in (folder / "rejected").iterdir()) == [
        "a (2).png", "a (2).png.reason.txt", "a.png", "a.png.reason.txt"]
    assert [p.name for p in (folder / "done").iterdir()] == ["a.png"]

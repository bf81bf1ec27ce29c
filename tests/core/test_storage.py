"""Originals are stored by content hash, atomically, and never modified."""

import stat

from archive_service.storage import OriginalStore, sha256_file


def test_put_is_content_addressed_and_read_only(tmp_path):
    src = tmp_path / "scan.png"
    src.write_bytes(b"\x89PNG fake bytes")
    store = OriginalStore(tmp_path / "originals")
    sha = sha256_file(src)
    target = store.put(src, sha)
    assert target.name == sha and target.parent.name == sha[2:4]
    assert target.read_bytes() == src.read_bytes()
    assert not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert store.verify(sha)
    assert not list(target.parent.glob(".incoming-*"))


def test_put_twice_keeps_the_first_copy(tmp_path):
    src = tmp_path / "a"
    src.write_bytes(b"same bytes")
    store = OriginalStore(tmp_path / "o")
    sha = sha256_file(src)
    first = store.put(src, sha)
    mtime = first.stat().st_mtime_ns
    assert store.put(src, sha) == first
    assert first.stat().st_mtime_ns == mtime


def test_verify_detects_a_changed_original(tmp_path):
    src = tmp_path / "a"
    src.write_bytes(b"original")
    store = OriginalStore(tmp_path / "o")
    sha = sha256_file(src)
    target = store.put(src, sha)
    target.chmod(0o644)
    target.write_bytes(b"tampered")
    assert not store.verify(sha)

"""The lexicon and the gazetteer are built once and kept: the kept file gives the same data,
a damaged file or a folder that cannot be written only means building again."""

from __future__ import annotations

import pytest

from ingest.metadata import _wordcache
from ingest.metadata._dictionary import build_lexicon, lexicon
from ingest.metadata._gazetteer import build_place_spellings, place_spellings


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(_wordcache, "cache_dir", lambda: tmp_path)
    _wordcache._digest.cache_clear()
    yield tmp_path
    _wordcache._digest.cache_clear()


def _counted(build, calls):
    def wrapper():
        calls.append(1)
        return build()
    return wrapper


def test_the_kept_lexicon_and_places_are_the_built_ones(folder):
    calls = []
    built = _wordcache.kept("places", _counted(build_place_spellings, calls))
    again = _wordcache.kept("places", _counted(build_place_spellings, calls))
    assert calls == [1] and again == built == place_spellings()
    assert "Thanh Hóa" in built["thanh hoa"]
    words, syllables, compounds = _wordcache.kept("lexicon", build_lexicon)
    assert (words, syllables, compounds) == _wordcache.kept("lexicon", build_lexicon)
    assert lexicon().words == words and "quyết định" in words
    assert sorted(p.name.split("-")[0] for p in folder.glob("*.marshal")) == ["lexicon", "places"]


def test_a_damaged_file_is_built_again_and_replaced(folder):
    _wordcache.kept("places", build_place_spellings)
    (kept_file,) = folder.glob("places-*.marshal")
    kept_file.write_bytes(b"\x00garbage")
    calls = []
    assert _wordcache.kept("places", _counted(build_place_spellings, calls)) == place_spellings()
    assert calls == [1]
    assert _wordcache.kept("places", _counted(build_place_spellings, calls)) == place_spellings()
    assert calls == [1]


def test_a_folder_that_cannot_be_written_still_gives_the_data(folder, monkeypatch):
    blocked = folder / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(_wordcache, "cache_dir", lambda: blocked / "sub")
    assert _wordcache.kept("places", build_place_spellings) == place_spellings()

"""Settings are declared as data; every one of them is documented in the README."""

from archive_service.config import SETTINGS, Config
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_defaults_and_overrides(tmp_path):
    config = Config(env={"ARCHIVE_DATA_DIR": str(tmp_path), "ARCHIVE_MAX_PAGES": "7"})
    assert config.get("max_pages") == 7
    assert config.database_url == f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    assert config.index_dir == tmp_path / "index"
    assert Config(env={}, workers=3).workers == 3

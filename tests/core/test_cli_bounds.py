"""The command line refuses what the web app refuses (issue 12.7, 12.11): ids beyond SQLite's
integers and out-of-bounds corrections give a Vietnamese message, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive_service.catalog import Catalog
from archive_service.cli import main
from tests.conftest import make_config
from tests.core import badfiles

HUGE = "9" * 30


@pytest.fixture
def doc_id(tmp_path, monkeypatch) -> int:
    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(tmp_path / "data"))
    catalog = Catalog(make_config(tmp_path / "data"))
    doc = catalog.add_file(badfiles.good_png(tmp_path / "a.png"), enqueue=False).id
    catalog.db.dispose()
    return doc


@pytest.mark.parametrize("args", [["retry", HUGE], ["show", HUGE], ["delete", HUGE, "--yes"],
                                  ["metadata", "set", HUGE, "subject", "x"]])
def test_huge_ids_are_not_found(doc_id, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0 or "không ở trạng thái lỗi" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.parametrize("field,value", [("page_count", "-5"), ("page_count", str(10**30)),
                                         ("page_count", "mười"),
                                         ("recipients", "\n".join(f"Sở {i}" for i in range(10_000)))])
def test_corrections_out_of_bounds_are_refused(doc_id, field, value):
    result = CliRunner().invoke(main, ["metadata", "set", "--", str(doc_id), field, value])
    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Lỗi:" in result.output


def test_a_correction_within_bounds_is_kept(doc_id):
    result = CliRunner().invoke(main, ["metadata", "set", str(doc_id), "page_count", "12"])
    assert result.exit_code == 0 and "page_count = 12" in result.output

"""The core tests run on both catalog databases: SQLite and PostgreSQL (tests/servers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_service.config import Config
from tests.conftest import BACKENDS, database_url, make_config


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def config(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Config:
    return make_config(tmp_path / "data", workers=2,
                       database_url=database_url(request, backend))

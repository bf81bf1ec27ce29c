"""Shared fixtures: a fresh data dir per test, the sample documents and their ground truth, and
the catalog on either database (SQLite in the data dir, or a throw-away PostgreSQL server)."""

from __future__ import annotations

import itertools
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from archive_service.config import Config
from tests.servers import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"
REAL_SAMPLES = ROOT.parent / "shared" / "real_samples"


def load_samples() -> list[dict]:
    """Ground truth of every sample document, with ``path`` added."""
    out = []
    for truth in sorted(SAMPLES.glob("*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        if "file" not in data:
            continue
        data["name"] = truth.stem
        data["path"] = SAMPLES / data["file"]
        out.append(data)
    return out


def words_of(text: str) -> list[str]:
    """Words for the accuracy measure: NFC, punctuation stripped at both ends, diacritics kept."""
    out = []
    for token in unicodedata.normalize("NFC", text).split():
        token = token.strip(".,;:!?()[]\"'“”‘’«»-–—…*")
        if token:
            out.append(token)
    return out


def word_accuracy(truth: str, found: str) -> float:
    """Order-free word recall: share of the truth's words (as a multiset) found in the output."""
    expected, got = Counter(words_of(truth)), Counter(words_of(found))
    total = sum(expected.values())
    return sum((expected & got).values()) / total if total else 1.0


def normalise_field(field: str, value):
    """A metadata value as compared with the truth: NFC, whitespace collapsed, and the
    number without spaces."""
    if isinstance(value, list):
        return [normalise_field(field, v) for v in value]
    if isinstance(value, str):
        text = " ".join(unicodedata.normalize("NFC", value).split())
        return text.replace(" ", "") if field == "number" else text
    return value


def make_config(data_dir: Path, **overrides) -> Config:
    return Config(env={"ARCHIVE_DATA_DIR": str(data_dir)}, **overrides)


def catalog_env(config: Config) -> dict[str, str]:
    """The environment that points a command (``archive …``) at ``config``'s catalog."""
    return {"ARCHIVE_DATA_DIR": str(config.data_dir), "ARCHIVE_DATABASE_URL": config.database_url}


# --- the catalog's database ------------------------------------------------------------------

BACKENDS = ("sqlite", "postgresql")  # parametrise a fixture with these to run on both
HEAD_TEMPLATE = "catalog_head"  # a PostgreSQL database migrated to head, copied for each test
_databases = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _samples_read_once_per_run(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Under pytest-xdist, the workers share one reading of the samples (tests/samples.py):
    the parent of each worker's base temp folder is the run's."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from tests import samples

        samples.SHARED = tmp_path_factory.getbasetemp().parent / "samples-read"


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL server for the whole session (tests/servers.py), stopped at the
    end; skipped, with the reason, when Debian's postgresql is not installed."""
    reason = PostgresServer.unavailable()
    if reason:
        pytest.skip(reason)
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_head(postgres: PostgresServer) -> PostgresServer:
    """The server, with a database migrated to head that new catalogs are copied from."""
    from archive_service.db import Database

    db = Database(postgres.create_database(HEAD_TEMPLATE))
    db.migrate()
    db.dispose()
    return postgres


def database_url(request: pytest.FixtureRequest, backend: str, *, empty: bool = False,
                 copy_of: str | None = None) -> str | None:
    """The catalog URL for ``backend``: None for SQLite (the data dir's own file), or a new
    PostgreSQL database (at head, ``empty``, or a copy of the database at URL ``copy_of``, to
    which nobody may be connected) dropped when ``request``'s scope ends."""
    if backend == "sqlite":
        return None
    server: PostgresServer = request.getfixturevalue("postgres" if empty else "postgres_head")
    name = f"t{next(_databases)}"
    template = copy_of.rsplit("/", 1)[1] if copy_of else None if empty else HEAD_TEMPLATE
    url = server.create_database(name, template=template)
    request.addfinalizer(lambda: server.drop_database(name))
    return url





@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path / "data", workers=2)


@pytest.fixture
def catalog(config: Config):
    from archive_service.catalog import Catalog

    cat = Catalog(config)
    yield cat
    cat.db.dispose()


def pick_sample(*, kind: str | None = None, degradation: str | None = None,
                min_pages: int = 1, max_pages: int = 99) -> dict:
    """The first sample matching; skips the test when there is none."""
    for sample in load_samples():
        pages = len(sample["pages"])
        if kind and sample["input_kind"] != kind:
            continue
        if degradation and degradation not in sample["degradations"]:
            continue
        if min_pages <= pages <= max_pages:
            return sample
    pytest.skip(f"no sample with kind={kind} degradation={degradation} pages={min_pages}..{max_pages}")

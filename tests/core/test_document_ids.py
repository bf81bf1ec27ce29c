"""Document ids are never reused, also in a catalog created before ids were kept (issue 12.10);
on SQLite (AUTOINCREMENT, migration 0003) and PostgreSQL (sequences)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from PIL import Image
from sqlalchemy import select, text

from archive_service.catalog import Catalog
from archive_service.db import MIGRATIONS, create_catalog_engine
from archive_service.models import AuditEntry, PageRow
from archive_service.records import Page
from tests.conftest import database_url, make_config


def _image(path, seed: int):
    Image.new("L", (200 + seed, 100), 255).save(path, format="PNG")
    return path


def _add(catalog: Catalog, tmp_path, seed: int) -> int:
    return catalog.add_file(_image(tmp_path / f"{seed}.png", seed), enqueue=False).id


def test_ids_of_deleted_documents_are_not_given_again(catalog, tmp_path):
    first, second = _add(catalog, tmp_path, 1), _add(catalog, tmp_path, 2)
    catalog.delete_document(second, user="quantri")
    third = _add(catalog, tmp_path, 3)
    assert third > second > first
    catalog.delete_document(first, user="quantri")
    assert _add(catalog, tmp_path, 4) > third


def _old_catalog(url: str) -> None:
    """A catalog at revision 0002, as the service left it before ids were kept."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_catalog_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0002")
    engine.dispose()


def test_existing_catalog_is_migrated_and_keeps_everything(request, backend, tmp_path):
    config = make_config(tmp_path / "data", database_url=database_url(request, backend, empty=True))
    _old_catalog(config.database_url)
    old = Catalog(config, migrate=False)
    ids = [_add(old, tmp_path, seed) for seed in range(1, 5)]
    assert old.claim(ids[0])
    old.save_result(ids[0], [Page(number=1, text="Điều 1.")], {})
    old.set_correction(ids[0], "subject", "Về việc thử", user="vanthu")
    old.delete_document(ids[3], user="quantri")  # the highest id: SQLite would give it again
    old.db.dispose()

    catalog = Catalog(config)  # migrates
    doc = catalog.get(ids[0])
    assert doc.pages[0].data["text"] == "Điều 1." and doc.corrections[0].value == "Về việc thử"
    assert [catalog.get(i).id for i in ids[:3]] == ids[:3]
    new = _add(catalog, tmp_path, 9)
    assert new == ids[3] + 1
    with catalog.db.session() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == ids[3])).all()
        assert actions == ["upload", "delete"]  # the new document's entries are its own
        assert s.scalar(select(PageRow.document_id)) == ids[0]
        if backend == "sqlite":
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    catalog.delete_document(ids[0], user="quantri")  # cascades still work after the rebuild
    with catalog.db.session() as s:
        assert s.scalar(select(PageRow.id)) is None
    catalog.db.dispose()

"""Alembic environment: runs on the connection handed over by archive_service.db.upgrade."""

from alembic import context

from archive_service.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from archive_service.config import Config
        from archive_service.db import create_catalog_engine

        connection = create_catalog_engine(Config().database_url).connect()
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()

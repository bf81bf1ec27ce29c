"""The catalog database: engine, sessions, and migrations (Alembic) to the latest schema."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x61726368  # PostgreSQL advisory lock held while migrating ("arch")


def create_catalog_engine(url: str) -> Engine:
    """An engine. SQLite gets WAL, a busy timeout and foreign keys so several processes share
    it; PostgreSQL (``postgresql+psycopg://``, psycopg 3) checks pooled connections before use,
    so a restarted database server costs no request."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith(("postgresql://", "postgres://")):  # the driver this project installs
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _postgres_text)
    _forget_pool_after_fork(engine)
    return engine


def _postgres_text(dbapi_connection, _record) -> None:
    """PostgreSQL refuses a NUL character in text, which SQLite stores: a NUL in a value
    (an error message, a citation read off a damaged PDF) is written as U+FFFD instead of
    failing the whole transaction. JSON values are unaffected (JSON writes it as \\u0000)."""
    from psycopg.types.string import StrBinaryDumper, StrDumperUnknown

    class TextDumper(StrDumperUnknown):
        def dump(self, obj: str):
            return super().dump(obj.replace("\x00", "\ufffd"))

    class BinaryTextDumper(StrBinaryDumper):
        def dump(self, obj: str):
            return super().dump(obj.replace("\x00", "\ufffd"))

    dbapi_connection.adapters.register_dumper(str, TextDumper)
    dbapi_connection.adapters.register_dumper(str, BinaryTextDumper)


def _forget_pool_after_fork(engine: Engine) -> None:
    """A forked child (a worker process) opens its own connections: the parent's pooled ones
    are dropped in the child without being closed, which would end them for the parent too."""
    ref = weakref.ref(engine)

    def in_child() -> None:
        alive = ref()
        if alive is not None:
            alive.dispose(close=False)

    os.register_at_fork(after_in_child=in_child)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the catalog schema to the newest migration.

    On SQLite, foreign keys are off meanwhile (a migration that rebuilds a table must not
    cascade its DROP to the rows that refer to it) and checked afterwards. On PostgreSQL the
    migration holds an advisory lock, so processes starting together on several hosts migrate
    one after the other (the later ones find the schema at head).
    """
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside a transaction, where SQLite honours it
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": MIGRATION_LOCK})
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("catalog migration broke a foreign key")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def ids_given(s: Session, table: str) -> int:
    """The highest id ``table``'s own counter has given (0 if none): SQLite's AUTOINCREMENT
    sequence, PostgreSQL's serial sequence. Ids at or below it are never given again."""
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        return s.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :t"),
                         {"t": table}).scalar() or 0
    if dialect == "postgresql":
        return s.execute(text("SELECT pg_sequence_last_value(pg_get_serial_sequence(:t, 'id')"
                              "::regclass)"), {"t": table}).scalar() or 0
    return 0


def keep_ids_past(s: Session, table: str, given: int) -> None:
    """After a row was inserted with its own id (an imported document keeps its id), make
    sure ``table``'s counter never gives ``given`` or anything below it. SQLite's
    AUTOINCREMENT does it by itself; a PostgreSQL sequence has to be moved on."""
    if s.get_bind().dialect.name == "postgresql" and given > ids_given(s, table):
        s.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                  {"t": table, "v": given})


class Database:
    """All catalog access goes through one object: sessions with commit-or-rollback."""

    def __init__(self, url: str):
        self.engine = create_catalog_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

"""document ids never reused (SQLite AUTOINCREMENT)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 02:20:00.000000

SQLite gives the highest id again once its row is deleted, so the audit log would mix two
documents under one id. The documents table is rebuilt with AUTOINCREMENT, and its sequence
starts past every id the audit log has seen (deleted documents included). Other databases
(PostgreSQL sequences) never reuse ids: nothing to do. ``archive_service.db.upgrade`` turns
foreign keys off around migrations, so the rebuild does not cascade to pages and fields.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    with op.batch_alter_table('documents', recreate='always',
                              table_kwargs={'sqlite_autoincrement': True}):
        pass
    highest = bind.execute(sa.text(
        "SELECT max(coalesce((SELECT max(id) FROM documents), 0), "
        "coalesce((SELECT max(document_id) FROM audit), 0))")).scalar()
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'documents'"))
    bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('documents', :seq)"),
                 {"seq": highest})


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    with op.batch_alter_table('documents', recreate='always',
                              table_kwargs={'sqlite_autoincrement': False}):
        pass

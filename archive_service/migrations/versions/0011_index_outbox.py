"""index outbox: what the one index writer (`archive indexer`) still has to write

Revision ID: 0011_index_outbox
Revises: 0007
Create Date: 2026-12-03 08:50:00.000000

One row per pending write of the search index (a document to index again or remove, a
repair or a rebuild), written by workers, web nodes and commands when ARCHIVE_INDEXER is set
and taken in id order by the index writer. (Relinked after the other branches at merge.)
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_index_outbox'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'index_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table('index_outbox')

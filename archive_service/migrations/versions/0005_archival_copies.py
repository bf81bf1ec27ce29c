"""archival copies (PDF/A-2b) of documents

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03 05:40:00.000000

One row per document: the stored copy's SHA-256 (files under <data dir>/archival, by content
hash), whether it passed its check, or why it could not be written (the document stays done).
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'archival_copies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('pdfa', sa.String(length=8), nullable=False),
        sa.Column('checked', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('low_dpi_pages', sa.JSON(), nullable=True),
        sa.Column('detail', sa.JSON(), nullable=True),
        sa.Column('seconds', sa.Float(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_archival_copies_document_id', 'archival_copies', ['document_id'],
                    unique=True)
    op.create_index('ix_archival_copies_state', 'archival_copies', ['state'])


def downgrade() -> None:
    op.drop_index('ix_archival_copies_state', table_name='archival_copies')
    op.drop_index('ix_archival_copies_document_id', table_name='archival_copies')
    op.drop_table('archival_copies')

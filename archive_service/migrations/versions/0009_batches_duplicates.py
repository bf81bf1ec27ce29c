"""upload batches, processing progress, probable duplicates

Revision ID: 0009_batches_duplicates
Revises: 0011_index_outbox
Create Date: 2026-12-03 08:50:00.000000

``upload_batches`` and ``batch_items``: each file sent in one upload (web form, API, ``archive
ingest --batch``) with what became of it (added, already in the archive, refused and why).
``document_progress``: the worker's progress on a document (stage, page k of n).
``withdrawn_documents``: a record withdrawn from search as a duplicate of another (its original
and pages are kept). Both apart from ``documents``, whose row stays as it was.
``duplicate_candidates``: a probable duplicate found at processing time (same number, issuer
and date), pending until an archivist merges the two or keeps both.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_batches_duplicates'
down_revision = '0011_index_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'upload_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_upload_batches_created_at', 'upload_batches', ['created_at'])
    op.create_table(
        'batch_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=512), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['upload_batches.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_batch_items_batch_id', 'batch_items', ['batch_id'])
    op.create_index('ix_batch_items_document_id', 'batch_items', ['document_id'])
    op.create_table(
        'duplicate_candidates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('other_id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.Text(), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('kept_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('decided_by', sa.String(length=128), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['other_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'other_id'),
    )
    op.create_index('ix_duplicate_candidates_document_id', 'duplicate_candidates', ['document_id'])
    op.create_index('ix_duplicate_candidates_other_id', 'duplicate_candidates', ['other_id'])
    op.create_table(
        'document_progress',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=False),
        sa.Column('page', sa.Integer(), nullable=True),
        sa.Column('pages', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id'),
    )
    op.create_table(
        'withdrawn_documents',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('merged_into', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('by', sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['merged_into'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id'),
    )
    op.create_index('ix_withdrawn_documents_merged_into', 'withdrawn_documents', ['merged_into'])


def downgrade() -> None:
    op.drop_table('withdrawn_documents')
    op.drop_table('document_progress')
    op.drop_table('duplicate_candidates')
    op.drop_table('batch_items')
    op.drop_table('upload_batches')

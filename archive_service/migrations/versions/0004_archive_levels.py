"""archive levels of Thông tư 05/2025: phông (fonds), hồ sơ (file records), document archival fields

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 05:40:00.000000

Three new tables; nothing existing is changed, so every document stays as it was (unfiled,
with no archival fields until an archivist fills them in).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'fonds',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('code', sa.String(64), nullable=False, unique=True),
        sa.Column('name', sa.String(500), nullable=False),
        sa.Column('status', sa.String(16), nullable=False, server_default='open'),
        sa.Column('history', sa.Text(), nullable=True),
        sa.Column('time_span', sa.String(100), nullable=True),
        sa.Column('document_total', sa.Integer(), nullable=True),
        sa.Column('classification_scheme', sa.Text(), nullable=True),
        sa.Column('language', sa.String(100), nullable=True),
        sa.Column('backup_mode', sa.String(200), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    )
    op.create_table(
        'file_records',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('fonds_id', sa.Integer(), sa.ForeignKey('fonds.id'), nullable=False),
        sa.Column('code', sa.String(64), nullable=False, unique=True),
        sa.Column('title', sa.String(1000), nullable=False),
        sa.Column('retention_years', sa.Integer(), nullable=True),
        sa.Column('access_mode', sa.String(16), nullable=True),
        sa.Column('language', sa.String(100), nullable=True),
        sa.Column('keywords', sa.Text(), nullable=True),
        sa.Column('physical_condition', sa.String(500), nullable=True),
        sa.Column('info_sign', sa.String(100), nullable=True),
        sa.Column('reliability', sa.String(16), nullable=True),
        sa.Column('paper_code', sa.String(64), nullable=True),
        sa.Column('backup_mode', sa.String(200), nullable=True),
        sa.Column('backup_status', sa.String(200), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_file_records_fonds_id', 'file_records', ['fonds_id'])
    op.create_table(
        'document_archival',
        sa.Column('document_id', sa.Integer(),
                  sa.ForeignKey('documents.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('file_id', sa.Integer(), sa.ForeignKey('file_records.id'), nullable=True),
        sa.Column('position', sa.Integer(), nullable=True),
        sa.Column('identifier', sa.String(100), nullable=True),
        sa.Column('access_mode', sa.String(16), nullable=True),
        sa.Column('reliability', sa.String(16), nullable=True),
        sa.Column('autograph', sa.String(500), nullable=True),
        sa.Column('physical_condition', sa.String(500), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('keywords', sa.Text(), nullable=True),
        sa.Column('sheet_count', sa.Integer(), nullable=True),
        sa.Column('filed_at', sa.DateTime(), nullable=True),
        sa.Column('filed_by', sa.String(128), nullable=True),
    )
    op.create_index('ix_document_archival_file_id', 'document_archival', ['file_id'])


def downgrade() -> None:
    op.drop_index('ix_document_archival_file_id', 'document_archival')
    op.drop_table('document_archival')
    op.drop_index('ix_file_records_fonds_id', 'file_records')
    op.drop_table('file_records')
    op.drop_table('fonds')

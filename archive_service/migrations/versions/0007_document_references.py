"""document references (related documents: căn cứ, thay thế, bãi bỏ, sửa đổi, citations)

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-03 05:50:00.000000

One row per document cited in another's body, with the archived document it names when one
matches without doubt (``linked_id``, set to NULL when that document is deleted). Existing
catalogs fill the table with ``archive references --relink`` (from the stored page text).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('doc_type', sa.String(length=64), nullable=True),
    sa.Column('number', sa.String(length=64), nullable=True),
    sa.Column('number_key', sa.String(length=64), nullable=True),
    sa.Column('issued_date', sa.String(length=10), nullable=True),
    sa.Column('issuer', sa.String(length=256), nullable=True),
    sa.Column('name', sa.String(length=512), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('linked_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_id'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_references_document_id'),
                              ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_references_number_key'),
                              ['number_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_references_linked_id'),
                              ['linked_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('document_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_references_linked_id'))
        batch_op.drop_index(batch_op.f('ix_document_references_number_key'))
        batch_op.drop_index(batch_op.f('ix_document_references_document_id'))
    op.drop_table('document_references')

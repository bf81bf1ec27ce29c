"""review outcomes: a correction row says what a person did to the field

Revision ID: 0008_review_outcomes
Revises: 0007
Create Date: 2026-12-03 08:50:00.000000

``corrections.kind``: ``correction`` (a new value; every existing row), ``confirmation`` (the
value shown was confirmed unchanged in the review queue) or ``not_applicable`` (the field has
no place in this document, e.g. a table without the Nghị định 30 layout; value NULL).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_review_outcomes'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False,
                                      server_default='correction'))


def downgrade() -> None:
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_column('kind')

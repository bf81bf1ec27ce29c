"""session epochs and declassification requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 02:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0',
                                      nullable=False))

    op.create_table('declassification_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('from_value', sa.String(length=32), nullable=True),
    sa.Column('to_value', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.String(length=128), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=128), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('declassification_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declassification_requests_document_id'),
                              ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('declassification_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declassification_requests_document_id'))
    op.drop_table('declassification_requests')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')

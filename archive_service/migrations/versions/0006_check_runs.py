"""check runs: each integrity (fixity) check recorded

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-03 05:40:00.000000

One row per run of ``archive check`` or the nightly job: when, how many documents and files
were checked, what failed (JSON), and by whom or what. (Relinked after 0004/0005 at merge.)
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'check_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=False),
        sa.Column('checked', sa.Integer(), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.Column('failed_count', sa.Integer(), nullable=False),
        sa.Column('failures', sa.JSON(), nullable=False),
        sa.Column('by', sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_check_runs_started_at', 'check_runs', ['started_at'])


def downgrade() -> None:
    op.drop_index('ix_check_runs_started_at', table_name='check_runs')
    op.drop_table('check_runs')

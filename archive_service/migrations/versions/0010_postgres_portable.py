"""the same schema on PostgreSQL as on SQLite

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03 09:20:00.000000

SQLite never enforced a VARCHAR's length nor a 32-bit INTEGER; PostgreSQL does. So that a
catalog on PostgreSQL accepts what SQLite accepted (values the service itself limits to
archival_fields.MAX_TEXT characters, files past 2 GiB), on PostgreSQL only:
- the free-text fields of phông, hồ sơ and documents' archival fields become TEXT;
- the sizes of originals and archival copies become BIGINT.
On SQLite nothing changes (a column's declared type does not limit what it holds there).
Downgrading on PostgreSQL refuses, without losing anything, a value longer than the old limit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0008_review_outcomes'
branch_labels = None
depends_on = None

TEXTS = {  # table: {column: its old VARCHAR length}
    'fonds': {'name': 500, 'time_span': 100, 'language': 100, 'backup_mode': 200},
    'file_records': {'title': 1000, 'language': 100, 'physical_condition': 500,
                     'info_sign': 100, 'paper_code': 64, 'backup_mode': 200,
                     'backup_status': 200},
    'document_archival': {'identifier': 100, 'autograph': 500, 'physical_condition': 500},
}
SIZES = ('documents', 'archival_copies')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in TEXTS.items():
        for column, length in columns.items():
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length))
    for table in SIZES:
        op.alter_column(table, 'size', type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in SIZES:
        op.alter_column(table, 'size', type_=sa.Integer(), existing_type=sa.BigInteger())
    for table, columns in TEXTS.items():
        for column, length in columns.items():
            op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text())

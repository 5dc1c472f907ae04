"""refusals: the record of refused requests (when, who, what, why) for the administrators' page

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 02:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('refusals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at_ms', sa.BigInteger(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('why', sa.String(length=500), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refusals'))
    )
    op.create_index(op.f('ix_refusals_at_ms'), 'refusals', ['at_ms'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_refusals_at_ms'), table_name='refusals')
    op.drop_table('refusals')

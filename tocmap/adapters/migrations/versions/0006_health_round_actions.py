"""health check rounds keep the actions taken from their results

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 17:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('health_rounds') as batch_op:
        batch_op.add_column(sa.Column('actions', sa.Text(), server_default='[]', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('health_rounds') as batch_op:
        batch_op.drop_column('actions')

"""swot card translations: a card's text in the map's other languages (JSON: language -> field -> translation)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('swot_cards') as batch_op:
        batch_op.add_column(sa.Column('translations', sa.Text(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('swot_cards') as batch_op:
        batch_op.drop_column('translations')

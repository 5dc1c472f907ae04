"""two-sided SWOT exercises and cards

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:55:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('swot_exercises',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('opened_ms', sa.BigInteger(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_by', sa.String(length=200), nullable=False),
    sa.Column('revealed_ms', sa.BigInteger(), nullable=True),
    sa.Column('revealed_by_id', sa.Integer(), nullable=True),
    sa.Column('revealed_by', sa.String(length=200), nullable=True),
    sa.Column('pairs', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_swot_exercises_map_id_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swot_exercises'))
    )
    with op.batch_alter_table('swot_exercises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swot_exercises_map_id'), ['map_id'], unique=False)

    op.create_table('swot_cards',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=False),
    sa.Column('quadrant', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('element_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['exercise_id'], ['swot_exercises.id'], name=op.f('fk_swot_cards_exercise_id_swot_exercises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swot_cards'))
    )
    with op.batch_alter_table('swot_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swot_cards_exercise_id'), ['exercise_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('swot_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swot_cards_exercise_id'))

    op.drop_table('swot_cards')
    with op.batch_alter_table('swot_exercises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swot_exercises_map_id'))

    op.drop_table('swot_exercises')

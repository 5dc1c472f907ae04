"""equity: contributions, a fairer health check (assessors, anonymous comments, diagnosis), review points

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 13:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('health_rounds') as batch_op:
        batch_op.add_column(sa.Column('diagnosis', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('diagnosis_agreed_by', sa.Text(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('diagnosis_by', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('diagnosis_ms', sa.BigInteger(), nullable=True))
    with op.batch_alter_table('health_answers') as batch_op:
        batch_op.add_column(sa.Column('assessor', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('health_anonymous_comments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['health_rounds.id'],
                            name=op.f('fk_health_anonymous_comments_round_id_health_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_anonymous_comments'))
    )
    op.create_index(op.f('ix_health_anonymous_comments_round_id'), 'health_anonymous_comments', ['round_id'],
                    unique=False)
    op.create_table('contributions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Double(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('intervention', sa.String(length=64), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_contributions_map_id_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contributions'))
    )
    op.create_index(op.f('ix_contributions_map_id'), 'contributions', ['map_id'], unique=False)
    op.create_table('review_points',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_review_points_map_id_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_points'))
    )
    op.create_index(op.f('ix_review_points_map_id'), 'review_points', ['map_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_review_points_map_id'), table_name='review_points')
    op.drop_table('review_points')
    op.drop_index(op.f('ix_contributions_map_id'), table_name='contributions')
    op.drop_table('contributions')
    op.drop_index(op.f('ix_health_anonymous_comments_round_id'), table_name='health_anonymous_comments')
    op.drop_table('health_anonymous_comments')
    with op.batch_alter_table('health_answers') as batch_op:
        batch_op.drop_column('assessor')
    with op.batch_alter_table('health_rounds') as batch_op:
        batch_op.drop_column('diagnosis_ms')
        batch_op.drop_column('diagnosis_by')
        batch_op.drop_column('diagnosis_agreed_by')
        batch_op.drop_column('diagnosis')

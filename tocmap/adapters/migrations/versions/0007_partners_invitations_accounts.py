"""partners keep a working language, organisations and retirement; one-time links; accounts can be disabled

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 13:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('partners') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=35), server_default='', nullable=False))
        batch_op.add_column(sa.Column('organisations', sa.Text(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('retired_ms', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('merged_into', sa.String(length=64), nullable=True))
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('disabled_ms', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=35), server_default='', nullable=False))
    op.create_table(
        'one_time_links',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('map_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=True),
        sa.Column('partner_id', sa.String(length=64), nullable=True),
        sa.Column('created_by', sa.String(length=200), nullable=False),
        sa.Column('created_ms', sa.BigInteger(), nullable=False),
        sa.Column('expires_ms', sa.BigInteger(), nullable=False),
        sa.Column('used_ms', sa.BigInteger(), nullable=True),
        sa.Column('used_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_one_time_links_map_id_maps'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_one_time_links_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_one_time_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_one_time_links_token_hash')),
    )
    op.create_index(op.f('ix_one_time_links_map_id'), 'one_time_links', ['map_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_one_time_links_map_id'), table_name='one_time_links')
    op.drop_table('one_time_links')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('disabled_ms')
    with op.batch_alter_table('partners') as batch_op:
        batch_op.drop_column('merged_into')
        batch_op.drop_column('retired_ms')
        batch_op.drop_column('organisations')
        batch_op.drop_column('language')

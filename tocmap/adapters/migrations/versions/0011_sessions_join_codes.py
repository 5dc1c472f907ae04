"""sessions and join codes: a per-user session generation, rotating remember tokens, join codes that expire

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 02:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('workshops') as batch_op:
        batch_op.add_column(sa.Column('code_ms', sa.BigInteger(), nullable=True))
    op.execute("UPDATE workshops SET code_ms = opened_ms")
    op.create_table('remember_tokens',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('signed_in_ms', sa.BigInteger(), nullable=False),
    sa.Column('expires_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_remember_tokens_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remember_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_remember_tokens_token_hash'))
    )
    op.create_index(op.f('ix_remember_tokens_user_id'), 'remember_tokens', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_remember_tokens_user_id'), table_name='remember_tokens')
    op.drop_table('remember_tokens')
    with op.batch_alter_table('workshops') as batch_op:
        batch_op.drop_column('code_ms')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_generation')

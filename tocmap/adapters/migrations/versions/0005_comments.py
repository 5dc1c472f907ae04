"""comment threads on maps

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 17:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('comments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('resolved_ms', sa.BigInteger(), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_comments_map_id_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['comments.id'], name=op.f('fk_comments_thread_id_comments'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    op.create_index('ix_comments_map_updated', 'comments', ['map_id', 'updated_ms'], unique=False)
    op.create_index(op.f('ix_comments_thread_id'), 'comments', ['thread_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_comments_thread_id'), table_name='comments')
    op.drop_index('ix_comments_map_updated', table_name='comments')
    op.drop_table('comments')

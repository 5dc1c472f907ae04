"""actions, decisions, reminders sent, calendar feeds and the partnership's journey

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05 12:50:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=True),
    sa.Column('due', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=True),
    sa.Column('source_ref', sa.String(length=120), nullable=True),
    sa.Column('source_label', sa.String(length=200), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_actions_map_id_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_actions_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    op.create_index(op.f('ix_actions_map_id'), 'actions', ['map_id'], unique=False)
    op.create_index('ix_actions_owner_due', 'actions', ['owner_id', 'due'], unique=False)
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=True),
    sa.Column('consulted', sa.Text(), nullable=False),
    sa.Column('stands', sa.Text(), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('taken_ms', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_decisions_map_id_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index(op.f('ix_decisions_map_id'), 'decisions', ['map_id'], unique=False)
    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reminder_key', sa.String(length=120), nullable=False),
    sa.Column('sent_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminders_sent_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('user_id', 'reminder_key', name=op.f('uq_reminders_sent_user_id'))
    )
    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    op.create_table('journey_stages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts', sa.String(length=10), nullable=False),
    sa.Column('ends', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_journey_stages_map_id_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_stages'))
    )
    op.create_index(op.f('ix_journey_stages_map_id'), 'journey_stages', ['map_id'], unique=False)
    op.create_table('journey_sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.String(length=10), nullable=False),
    sa.Column('attendance', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_journey_sessions_map_id_maps'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['journey_stages.id'], name=op.f('fk_journey_sessions_stage_id_journey_stages'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_sessions'))
    )
    op.create_index(op.f('ix_journey_sessions_map_id'), 'journey_sessions', ['map_id'], unique=False)
    op.create_table('journey_documents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('pre_reading', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_journey_documents_map_id_maps'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['journey_sessions.id'],
                            name=op.f('fk_journey_documents_session_id_journey_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_documents'))
    )
    op.create_index(op.f('ix_journey_documents_map_id'), 'journey_documents', ['map_id'], unique=False)


def downgrade() -> None:
    for table in ('journey_documents', 'journey_sessions', 'journey_stages', 'calendar_feeds', 'reminders_sent',
                  'decisions', 'actions'):
        op.drop_table(table)

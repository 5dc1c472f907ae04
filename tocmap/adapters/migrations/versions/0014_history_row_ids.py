"""history with row ids: one map's edit no longer reads another map's imported history

SQLite kept ``changes`` and ``checkpoints`` WITHOUT ROWID, so their whole rows lived in the
primary-key b-tree. Every search that passed a large row (a map's import, megabytes of JSON,
or its checkpoint) read all of that row to compare keys: an edit of a 2,000-element map took
6 ms more beside it, a read of its history the same. As row-id tables the large texts sit in
overflow pages that a search never opens; the primary key becomes a small index. PostgreSQL
is unaffected (this migration does nothing there).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 17:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _columns(table: str) -> list[sa.Column]:
    """The columns of ``table`` as 0001 declared them (the migration must not depend on the models)."""
    key = [sa.Column('map_id', sa.Integer(), nullable=False), sa.Column('revision', sa.Integer(), nullable=False)]
    if table == 'checkpoints':
        return [*key, sa.Column('state', sa.LargeBinary(), nullable=False)]
    return [*key,
            sa.Column('at_ms', sa.BigInteger(), nullable=False),
            sa.Column('user_id', sa.Integer(), nullable=True),
            sa.Column('user_name', sa.String(length=200), nullable=False),
            sa.Column('partner_id', sa.String(length=64), nullable=True),
            sa.Column('change', sa.Text(), nullable=False)]


def _rebuild(table: str, with_rowid: bool) -> None:
    """Copy ``table`` into a new one with or without row ids, then put it in the old one's place."""
    columns = _columns(table)
    names = ", ".join(column.name for column in columns)
    op.create_table(
        f'{table}_rebuilt', *columns,
        sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f(f'fk_{table}_map_id_maps'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('map_id', 'revision', name=op.f(f'pk_{table}')),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(f'INSERT INTO {table}_rebuilt ({names}) SELECT {names} FROM {table} ORDER BY map_id, revision')
    op.drop_table(table)
    op.rename_table(f'{table}_rebuilt', table)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for table in ('changes', 'checkpoints'):
            _rebuild(table, with_rowid=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for table in ('changes', 'checkpoints'):
            _rebuild(table, with_rowid=False)

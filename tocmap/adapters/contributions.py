"""Repository queries for contributions. Mixed into :class:`tocmap.adapters.database.Store`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select

from tocmap.adapters.tables import ContributionRow
from tocmap.domain.contributions import Contribution
from tocmap.domain.errors import NotFound
from tocmap.domain.text import from_storage
from tocmap.i18n import _

CONTRIBUTIONS = ContributionRow.__table__


@from_storage
def _contribution(row) -> Contribution:
    return Contribution(
        id=row.id, map_id=row.map_id, partner=row.partner_id, kind=row.kind, status=row.status, amount=row.amount,
        currency=row.currency, intervention=row.intervention, period_start=row.period_start,
        period_end=row.period_end, description=row.description, evidence=row.evidence, recorded_by=row.recorded_by,
        recorded_at=dt.datetime.fromtimestamp(row.recorded_ms / 1000, dt.UTC),
    )


class ContributionQueries:
    """A map's contributions, in domain terms."""

    connection = None  # set by Store

    def contributions(self, map_id: int) -> list[Contribution]:
        """A map's contributions, by period then as recorded."""
        query = select(CONTRIBUTIONS).where(CONTRIBUTIONS.c.map_id == map_id)
        query = query.order_by(CONTRIBUTIONS.c.period_start, CONTRIBUTIONS.c.id)
        return [_contribution(row) for row in self.connection.execute(query).all()]

    def contribution(self, map_id: int, contribution_id: int) -> Contribution:
        row = self.connection.execute(select(CONTRIBUTIONS).where(
            CONTRIBUTIONS.c.id == contribution_id, CONTRIBUTIONS.c.map_id == map_id)).one_or_none()
        if row is None:
            raise NotFound(_("Map {map_id} has no contribution {contribution_id}.", map_id=map_id, contribution_id=contribution_id))
        return _contribution(row)

    def add_contribution(self, item: Contribution, recorded_by_id: int | None, at_ms: int) -> int:
        result = self.connection.execute(insert(CONTRIBUTIONS).values(
            map_id=item.map_id, partner_id=item.partner, kind=item.kind, status=item.status, amount=item.amount,
            currency=item.currency, intervention=item.intervention, period_start=item.period_start,
            period_end=item.period_end, description=item.description, evidence=item.evidence,
            recorded_by_id=recorded_by_id, recorded_by=item.recorded_by, recorded_ms=at_ms,
        ))
        return result.inserted_primary_key[0]

    def remove_contribution(self, map_id: int, contribution_id: int) -> None:
        self.connection.execute(delete(CONTRIBUTIONS).where(
            CONTRIBUTIONS.c.id == contribution_id, CONTRIBUTIONS.c.map_id == map_id))

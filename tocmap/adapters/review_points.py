"""Repository queries for review points. Mixed into :class:`tocmap.adapters.database.Store`."""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select

from tocmap.adapters.tables import ReviewPointRow
from tocmap.domain.errors import NotFound
from tocmap.domain.review_points import ReviewPoint
from tocmap.domain.text import from_storage
from tocmap.i18n import _

POINTS = ReviewPointRow.__table__


@from_storage
def _point(row) -> ReviewPoint:
    return ReviewPoint(id=row.id, map_id=row.map_id, title=row.title, created_by=row.created_by,
                       **json.loads(row.rule))


class ReviewPointQueries:
    """A map's review points, in domain terms; ``rule`` holds the kind, line and dimension."""

    connection = None  # set by Store

    def review_points(self, map_id: int) -> list[ReviewPoint]:
        query = select(POINTS).where(POINTS.c.map_id == map_id).order_by(POINTS.c.id)
        return [_point(row) for row in self.connection.execute(query).all()]

    def add_review_point(self, point: ReviewPoint, at_ms: int) -> int:
        rule = json.dumps({"kind": point.kind, "line": point.line, "dimension": point.dimension})
        result = self.connection.execute(insert(POINTS).values(
            map_id=point.map_id, title=point.title, rule=rule, created_by=point.created_by, created_ms=at_ms))
        return result.inserted_primary_key[0]

    def remove_review_point(self, map_id: int, point_id: int) -> ReviewPoint:
        row = self.connection.execute(select(POINTS).where(POINTS.c.id == point_id,
                                                           POINTS.c.map_id == map_id)).one_or_none()
        if row is None:
            raise NotFound(_("Map {map} has no review point {number}.", map=map_id, number=point_id))
        self.connection.execute(delete(POINTS).where(POINTS.c.id == point_id))
        return _point(row)

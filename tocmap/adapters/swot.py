"""Repository queries for the two-sided SWOT: exercises and cards.

Mixed into :class:`tocmap.adapters.database.Store`, so they run in its transaction. Who
may see which cards is the services' business (tocmap/services/swot.py).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete, func, insert, select, update

from tocmap.adapters.tables import SwotCardRow, SwotExerciseRow
from tocmap.domain.errors import NotFound
from tocmap.domain.swot import Card, Exercise
from tocmap.domain.text import from_storage
from tocmap.i18n import _

EXERCISES, CARDS = SwotExerciseRow.__table__, SwotCardRow.__table__


def _when(ms: int | None) -> dt.datetime | None:
    return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@from_storage
def _exercise(row) -> Exercise:
    pairs = json.loads(row.pairs or "{}")
    return Exercise(
        id=row.id, map_id=row.map_id, title=row.title, opened_at=_when(row.opened_ms), opened_by=row.opened_by,
        revealed_at=_when(row.revealed_ms), revealed_by=row.revealed_by,
        confirmed=[tuple(p) for p in pairs.get("confirmed", [])], undone=[tuple(p) for p in pairs.get("undone", [])],
    )


@from_storage
def _card(row) -> Card:
    return Card(id=row.id, partner=row.partner_id, quadrant=row.quadrant, text=row.text, user_name=row.user_name,
                element_id=row.element_id, translations=json.loads(row.translations or "{}"))


class SwotQueries:
    """SWOT exercises and cards, in domain terms."""

    connection = None  # set by Store

    def add_swot_exercise(self, map_id: int, title: str, opened_ms: int, by_id: int | None, by: str) -> int:
        result = self.connection.execute(insert(EXERCISES).values(
            map_id=map_id, title=title, opened_ms=opened_ms, opened_by_id=by_id, opened_by=by, pairs="{}"))
        return result.inserted_primary_key[0]

    def swot_exercise(self, map_id: int, exercise_id: int) -> Exercise:
        row = self.connection.execute(select(EXERCISES).where(
            EXERCISES.c.id == exercise_id, EXERCISES.c.map_id == map_id)).one_or_none()
        if row is None:
            raise NotFound(_("Map {map_id} has no SWOT exercise {exercise_id}.", map_id=map_id, exercise_id=exercise_id))
        return _exercise(row)

    def swot_exercises(self, map_id: int) -> list[Exercise]:
        query = select(EXERCISES).where(EXERCISES.c.map_id == map_id).order_by(EXERCISES.c.opened_ms, EXERCISES.c.id)
        return [_exercise(row) for row in self.connection.execute(query).all()]

    def reveal_swot(self, exercise_id: int, at_ms: int, by_id: int | None, by: str) -> None:
        self.connection.execute(update(EXERCISES).where(EXERCISES.c.id == exercise_id).values(
            revealed_ms=at_ms, revealed_by_id=by_id, revealed_by=by))

    def save_swot_pairs(self, exercise_id: int, confirmed: list, undone: list) -> None:
        pairs = json.dumps({"confirmed": [list(p) for p in confirmed], "undone": [list(p) for p in undone]})
        self.connection.execute(update(EXERCISES).where(EXERCISES.c.id == exercise_id).values(pairs=pairs))

    def add_swot_card(self, exercise_id: int, partner: str, quadrant: str, text: str, user_id: int | None,
                      user_name: str, at_ms: int) -> int:
        result = self.connection.execute(insert(CARDS).values(
            exercise_id=exercise_id, partner_id=partner, quadrant=quadrant, text=text, user_id=user_id,
            user_name=user_name, created_ms=at_ms))
        return result.inserted_primary_key[0]

    def swot_cards(self, exercise_id: int) -> list[Card]:
        """Cards of an exercise, oldest first."""
        query = select(CARDS).where(CARDS.c.exercise_id == exercise_id)
        return [_card(row) for row in self.connection.execute(query.order_by(CARDS.c.created_ms, CARDS.c.id)).all()]

    def swot_card(self, exercise_id: int, card_id: int) -> Card:
        row = self.connection.execute(select(CARDS).where(
            CARDS.c.exercise_id == exercise_id, CARDS.c.id == card_id)).one_or_none()
        if row is None:
            raise NotFound(_("The SWOT exercise has no card {card_id}.", card_id=card_id))
        return _card(row)

    def swot_card_count(self, exercise_id: int, partner: str) -> int:
        return self.connection.execute(select(func.count()).select_from(CARDS).where(
            CARDS.c.exercise_id == exercise_id, CARDS.c.partner_id == partner)).scalar_one()

    def remove_swot_card(self, card_id: int) -> None:
        self.connection.execute(delete(CARDS).where(CARDS.c.id == card_id))

    def set_swot_card_translations(self, card: Card) -> None:
        """Keep a card's texts in other languages (its ``translations``)."""
        text = json.dumps(card.model_dump(mode="json", include={"translations"}).get("translations", {}),
                          ensure_ascii=False)
        self.connection.execute(update(CARDS).where(CARDS.c.id == card.id).values(translations=text))

    def set_swot_card_element(self, card_id: int, element_id: str) -> None:
        self.connection.execute(update(CARDS).where(CARDS.c.id == card_id).values(element_id=element_id))

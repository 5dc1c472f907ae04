"""Repository queries for the partnership health check: rounds and answers.

Mixed into :class:`tocmap.adapters.database.Store`, so they run in its transaction. Who
may see which answers is the services' business (tocmap/services/health.py).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, insert, select, update

from tocmap.adapters.tables import HealthAnonymousCommentRow, HealthAnswerRow, HealthRoundRow
from tocmap.domain.errors import NotFound
from tocmap.domain.health import Action, AnonymousComment, Answer, Diagnosis, Dimension, Round
from tocmap.domain.text import from_storage
from tocmap.i18n import _

ROUNDS, ANSWERS = HealthRoundRow.__table__, HealthAnswerRow.__table__
ANONYMOUS = HealthAnonymousCommentRow.__table__


def _when(ms: int | None) -> dt.datetime | None:
    return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@from_storage
def _round(row) -> Round:
    return Round(
        id=row.id, map_id=row.map_id, title=row.title,
        dimensions=[Dimension.model_validate(d) for d in json.loads(row.dimensions)],
        started_at=_when(row.started_ms), started_by=row.started_by,
        revealed_at=_when(row.revealed_ms), revealed_by=row.revealed_by,
        actions=[Action.model_validate(a) for a in json.loads(row.actions)],
        diagnosis=Diagnosis(text=row.diagnosis, agreed_by=json.loads(row.diagnosis_agreed_by), by=row.diagnosis_by,
                            at=_when(row.diagnosis_ms)),
    )


@from_storage
def _answer(row) -> Answer:
    return Answer(
        round_id=row.round_id, user_id=row.user_id, user_name=row.user_name, partner=row.partner_id or None,
        assessor=row.assessor,
        scores=json.loads(row.scores), comments=json.loads(row.comments), updated_at=_when(row.updated_ms),
    )


class HealthQueries:
    """Health check rounds and answers, in domain terms."""

    connection = None  # set by Store

    def add_round(self, map_id: int, title: str, dimensions: list[Dimension], started_ms: int,
                  started_by_id: int | None, started_by: str) -> int:
        result = self.connection.execute(insert(ROUNDS).values(
            map_id=map_id, title=title, dimensions=json.dumps([d.model_dump() for d in dimensions]),
            started_ms=started_ms, started_by_id=started_by_id, started_by=started_by,
        ))
        return result.inserted_primary_key[0]

    def health_round(self, map_id: int, round_id: int) -> Round:
        row = self.connection.execute(
            select(ROUNDS).where(ROUNDS.c.id == round_id, ROUNDS.c.map_id == map_id)).one_or_none()
        if row is None:
            raise NotFound(_("Map {map_id} has no health check round {round_id}.", map_id=map_id, round_id=round_id))
        return _round(row)

    def health_rounds(self, map_id: int) -> list[Round]:
        query = select(ROUNDS).where(ROUNDS.c.map_id == map_id).order_by(ROUNDS.c.started_ms, ROUNDS.c.id)
        return [_round(row) for row in self.connection.execute(query).all()]

    def reveal_round(self, round_id: int, revealed_ms: int, revealed_by_id: int | None, revealed_by: str) -> None:
        self.connection.execute(update(ROUNDS).where(ROUNDS.c.id == round_id).values(
            revealed_ms=revealed_ms, revealed_by_id=revealed_by_id, revealed_by=revealed_by))

    def add_round_action(self, round_id: int, action: Action) -> None:
        """Record an action taken from a round's results (the caller holds the map's lock)."""
        actions = json.loads(self.connection.execute(select(ROUNDS.c.actions).where(ROUNDS.c.id == round_id)).scalar_one())
        actions.append(action.model_dump(mode="json"))
        self.connection.execute(update(ROUNDS).where(ROUNDS.c.id == round_id).values(actions=json.dumps(actions)))

    def health_answers(self, round_id: int) -> list[Answer]:
        """The partners' answers of a round, oldest first (never the independent assessors')."""
        query = select(ANSWERS).where(ANSWERS.c.round_id == round_id, ANSWERS.c.assessor.is_(False))
        return [_answer(row) for row in self.connection.execute(query.order_by(ANSWERS.c.created_ms)).all()]

    def health_answer(self, round_id: int, user_id: int) -> Answer | None:
        row = self.connection.execute(
            select(ANSWERS).where(ANSWERS.c.round_id == round_id, ANSWERS.c.user_id == user_id)).one_or_none()
        return _answer(row) if row else None

    def save_health_answer(self, answer: Answer, at_ms: int) -> None:
        """Insert or replace one participant's answer (one per participant and round)."""
        values = {"user_name": answer.user_name, "partner_id": answer.partner or "", "assessor": answer.assessor,
                  "scores": json.dumps(answer.scores), "comments": json.dumps(answer.comments), "updated_ms": at_ms}
        updated = self.connection.execute(update(ANSWERS).where(
            ANSWERS.c.round_id == answer.round_id, ANSWERS.c.user_id == answer.user_id).values(**values))
        if updated.rowcount == 0:
            self.connection.execute(insert(ANSWERS).values(
                round_id=answer.round_id, user_id=answer.user_id, created_ms=at_ms, **values))

    def assessor_answers(self, round_id: int) -> list[Answer]:
        """The independent assessors' answers of a round, oldest first."""
        query = select(ANSWERS).where(ANSWERS.c.round_id == round_id, ANSWERS.c.assessor.is_(True))
        return [_answer(row) for row in self.connection.execute(query.order_by(ANSWERS.c.created_ms)).all()]

    def set_diagnosis(self, round_id: int, diagnosis: Diagnosis) -> None:
        """Write a round's diagnosis and who agreed it (the caller holds the map's lock)."""
        at = None if diagnosis.at is None else int(diagnosis.at.timestamp() * 1000)
        self.connection.execute(update(ROUNDS).where(ROUNDS.c.id == round_id).values(
            diagnosis=diagnosis.text, diagnosis_agreed_by=json.dumps(diagnosis.agreed_by), diagnosis_by=diagnosis.by,
            diagnosis_ms=at))

    def add_anonymous_comment(self, comment: AnonymousComment) -> None:
        """Store a comment with nothing that says who wrote it (no user, no time)."""
        self.connection.execute(insert(ANONYMOUS).values(round_id=comment.round_id, dimension=comment.dimension,
                                                         text=comment.text))

    @from_storage
    def anonymous_comments(self, round_id: int) -> list[AnonymousComment]:
        # by dimension and text, never in the order written: the order could tell who wrote which
        query = select(ANONYMOUS).where(ANONYMOUS.c.round_id == round_id)
        query = query.order_by(ANONYMOUS.c.dimension, ANONYMOUS.c.text)
        return [AnonymousComment(round_id=row.round_id, dimension=row.dimension, text=row.text)
                for row in self.connection.execute(query).all()]

    def anonymous_count(self, round_id: int) -> int:
        query = select(func.count()).select_from(ANONYMOUS).where(ANONYMOUS.c.round_id == round_id)
        return self.connection.execute(query).scalar_one()

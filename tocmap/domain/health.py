"""The partnership health check: assessment rounds, answers, and what they add up to.

Each partner scores the relationship on a few dimensions (trust, mutuality...), privately;
a facilitator reveals the round; the partners then see their means side by side and the
gaps between them, largest first. Pure: the services store rounds and answers and apply
who may see what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator, model_validator

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import ItemId, Label, ShortText, Strict, Text

COMMENT_MAX = 2000
DIMENSIONS_MIN = 3  # a spider chart needs three axes
DIMENSIONS_MAX = 20

#: The named points of the default 1-5 scale.
DEFAULT_POINTS = ["Not at all", "A little", "Partly", "Largely", "Fully"]


class Dimension(Strict):
    """One thing partners score: a statement and a scale with named points.

    Examples
    --------
    >>> d = Dimension(key="trust", title="Trust", statement="We trust each other.")
    >>> d.scale_max, d.point_name(5)
    (5, 'Fully')
    """

    key: ItemId
    title: Label
    statement: Text = ""
    scale_min: int = Field(1, ge=0, le=10)
    points: list[ShortText] = Field(default_factory=lambda: list(DEFAULT_POINTS), min_length=2, max_length=11)

    @property
    def scale_max(self) -> int:
        """The highest score on the scale."""
        return self.scale_min + len(self.points) - 1

    def point_name(self, score: int) -> str:
        """The name of a point on the scale ("Largely")."""
        return self.points[score - self.scale_min]


DEFAULT_DIMENSIONS: list[Dimension] = [
    Dimension(key="trust", title="Trust",
              statement="We can rely on our partner to act in good faith and to do what they say."),
    Dimension(key="mutuality", title="Mutuality and two-way learning",
              statement="Both partners learn from each other; benefits and learning flow both ways."),
    Dimension(key="ownership", title="Shared ownership",
              statement="The work belongs to both partners; decisions are made together."),
    Dimension(key="joint_purpose", title="Joint purpose",
              statement="We have named a goal we share, and both of us work towards it."),
    Dimension(key="communication", title="Communication",
              statement="We talk openly, often enough, and raise problems early."),
    Dimension(key="power", title="Power balance and equity",
              statement="Neither partner dominates; resources and voice are fairly shared."),
    Dimension(key="commitment", title="Commitment and reliability",
              statement="Our partner keeps commitments and stays with the partnership when it is hard."),
]


def default_dimension(key: str) -> Dimension:
    """A dimension of the default set by its key.

    Examples
    --------
    >>> default_dimension("trust").title
    'Trust'
    >>> default_dimension("luck")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: 'luck' is not a dimension of the health check; choose from trust, mutuality, ownership, joint_purpose, communication, power, commitment.
    """
    for dimension in DEFAULT_DIMENSIONS:
        if dimension.key == key:
            return dimension
    keys = ", ".join(d.key for d in DEFAULT_DIMENSIONS)
    raise InvalidInput(f"{key!r} is not a dimension of the health check; choose from {keys}.")


class Round(Strict):
    """One assessment round on a map: open for answers until a facilitator reveals it."""

    id: int
    map_id: int
    title: Label
    dimensions: list[Dimension] = Field(min_length=1, max_length=DIMENSIONS_MAX)
    started_at: dt.datetime
    started_by: ShortText = ""
    revealed_at: dt.datetime | None = None
    revealed_by: ShortText | None = None

    @field_validator("dimensions")
    @classmethod
    def _keys_unique(cls, dimensions: list[Dimension]) -> list[Dimension]:
        keys = [d.key for d in dimensions]
        if len(keys) != len(set(keys)):
            raise ValueError("two dimensions have the same key")
        return dimensions

    @property
    def revealed(self) -> bool:
        """True once a facilitator revealed the answers."""
        return self.revealed_at is not None

    @property
    def status(self) -> Literal["open", "revealed"]:
        return "revealed" if self.revealed else "open"


class Answer(Strict):
    """One participant's answer for their partner: a score (and maybe a comment) per dimension."""

    round_id: int
    user_id: int | None = None
    user_name: ShortText = ""
    partner: ItemId
    scores: dict[str, int]
    comments: dict[str, Text] = Field(default_factory=dict)
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _comments_scored(self) -> Answer:
        stray = set(self.comments) - set(self.scores)
        if stray:
            raise ValueError(f"comments on unscored dimensions: {', '.join(sorted(stray))}")
        return self


def checked_answer(dimensions: list[Dimension], scores: object, comments: object = None
                   ) -> tuple[dict[str, int], dict[str, str]]:
    """Validate raw scores and comments against the round's dimensions; return them cleaned.

    Every dimension needs a whole-number score within its scale; comments are optional.

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("power")]
    >>> checked_answer(dims, {"trust": 4, "power": "2"}, {"trust": "  fine  ", "power": ""})
    ({'trust': 4, 'power': 2}, {'trust': 'fine'})
    >>> checked_answer(dims, {"trust": 6, "power": 2})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The score for Trust must be a whole number from 1 to 5, not 6.
    >>> checked_answer(dims, {"trust": 3})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Give a score for every dimension; missing: Power balance and equity.
    """
    if not isinstance(scores, dict):
        raise InvalidInput("Scores must be given per dimension.")
    comments = comments if comments is not None else {}
    if not isinstance(comments, dict):
        raise InvalidInput("Comments must be given per dimension.")
    known = {d.key for d in dimensions}
    unknown = sorted(str(k) for k in (set(scores) | set(comments)) - known)
    if unknown:
        raise InvalidInput(f"This round has no dimension {', '.join(unknown)}.")
    missing = [d.title for d in dimensions if scores.get(d.key) in (None, "")]
    if missing:
        raise InvalidInput(f"Give a score for every dimension; missing: {', '.join(missing)}.")
    clean_scores, clean_comments = {}, {}
    for d in dimensions:
        raw = scores[d.key]
        score = _whole(raw)
        if score is None or not d.scale_min <= score <= d.scale_max:
            raise InvalidInput(
                f"The score for {d.title} must be a whole number from {d.scale_min} to {d.scale_max}, not {raw!r}."
            )
        clean_scores[d.key] = score
        comment = comments.get(d.key)
        if comment is None:
            continue
        if not isinstance(comment, str):
            raise InvalidInput(f"The comment on {d.title} must be text.")
        comment = comment.strip()
        if len(comment) > COMMENT_MAX:
            raise InvalidInput(f"The comment on {d.title} is {len(comment)} characters long; keep it to {COMMENT_MAX}.")
        if comment:
            clean_comments[d.key] = comment
    return clean_scores, clean_comments


def _whole(raw: object) -> int | None:
    """A score as an int, from an int or a string of digits (a form's value); None otherwise."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


# --------------------------------------------------------------------------- aggregation


def partner_means(dimensions: list[Dimension], answers: list[Answer]) -> dict[str, dict[str, float]]:
    """Each partner's mean score per dimension, partners in the order they first answered.

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("mutuality")]
    >>> answers = [Answer(round_id=1, partner="moh", scores={"trust": 5, "mutuality": 4}),
    ...            Answer(round_id=1, partner="moh", scores={"trust": 4, "mutuality": 4}),
    ...            Answer(round_id=1, partner="iph", scores={"trust": 4, "mutuality": 2})]
    >>> partner_means(dims, answers)
    {'moh': {'trust': 4.5, 'mutuality': 4.0}, 'iph': {'trust': 4.0, 'mutuality': 2.0}}
    """
    sums: dict[str, dict[str, list[int]]] = {}
    for answer in answers:
        per_partner = sums.setdefault(answer.partner, {})
        for d in dimensions:
            if d.key in answer.scores:
                per_partner.setdefault(d.key, []).append(answer.scores[d.key])
    return {
        partner: {d.key: round(sum(v) / len(v), 2) for d in dimensions if (v := values.get(d.key))}
        for partner, values in sums.items()
    }


@dataclass(frozen=True)
class Gap:
    """How far apart the partners' means are on one dimension."""

    key: str
    title: str
    means: dict[str, float]
    gap: float
    highest: str | None
    lowest: str | None


def gaps(dimensions: list[Dimension], means: dict[str, dict[str, float]]) -> list[Gap]:
    """The gap between partners per dimension, largest first (ties keep the round's order).

    A dimension that only one partner scored has a gap of 0.

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("mutuality")]
    >>> found = gaps(dims, {"moh": {"trust": 4.5, "mutuality": 4.0}, "iph": {"trust": 4.0, "mutuality": 2.0}})
    >>> [(g.key, g.gap, g.highest, g.lowest) for g in found]
    [('mutuality', 2.0, 'moh', 'iph'), ('trust', 0.5, 'moh', 'iph')]
    """
    found = []
    for d in dimensions:
        scored = {partner: values[d.key] for partner, values in means.items() if d.key in values}
        if not scored:
            continue
        highest = max(scored, key=scored.get)
        lowest = min(scored, key=scored.get)
        gap = round(scored[highest] - scored[lowest], 2)
        found.append(Gap(d.key, d.title, scored, gap, highest if gap else None, lowest if gap else None))
    return sorted(found, key=lambda g: -g.gap)


@dataclass(frozen=True)
class TrendPoint:
    """One partner's mean over all dimensions in one revealed round."""

    round_id: int
    round_title: str
    at: dt.datetime | None
    partner: str
    mean: float


def overall_mean(scores: dict[str, float]) -> float | None:
    """The mean of a partner's dimension means (None when there are none).

    Examples
    --------
    >>> overall_mean({"trust": 4.5, "mutuality": 2.0}), overall_mean({})
    (3.25, None)
    """
    return round(sum(scores.values()) / len(scores), 2) if scores else None


def trend(rounds: list[tuple[Round, list[Answer]]]) -> list[TrendPoint]:
    """Each partner's overall mean in every revealed round, oldest round first.

    Open rounds are left out: their answers are not public yet.

    Examples
    --------
    >>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> dims = [default_dimension("trust")]
    >>> first = Round(id=1, map_id=1, title="March", dimensions=dims, started_at=at, revealed_at=at)
    >>> second = Round(id=2, map_id=1, title="June", dimensions=dims, started_at=at)
    >>> points = trend([(first, [Answer(round_id=1, partner="moh", scores={"trust": 3})]),
    ...                 (second, [Answer(round_id=2, partner="moh", scores={"trust": 5})])])
    >>> [(p.round_title, p.partner, p.mean) for p in points]
    [('March', 'moh', 3.0)]
    """
    points = []
    for round_, answers in sorted(rounds, key=lambda pair: (pair[0].started_at, pair[0].id)):
        if not round_.revealed:
            continue
        for partner, values in partner_means(round_.dimensions, answers).items():
            mean = overall_mean(values)
            if mean is not None:
                points.append(TrendPoint(round_.id, round_.title, round_.revealed_at, partner, mean))
    return points

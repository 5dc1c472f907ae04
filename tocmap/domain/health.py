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
from tocmap.domain.private_round import PrivateRound
from tocmap.i18n import N_, _

COMMENT_MAX = 2000
DIMENSIONS_MIN = 3  # a spider chart needs three axes
DIMENSIONS_MAX = 20
STATEMENT_MAX = 300  # a short statement, read in one breath
TITLE_MAX = 80  # a dimension's title sits on a chart axis
POINT_NAME_MAX = 40
POINTS_MIN, POINTS_MAX = 2, 11
ACTIONS_MAX = 200

#: The named points of the default 1-5 scale.
DEFAULT_POINTS = [N_("Not at all"), N_("A little"), N_("Partly"), N_("Largely"), N_("Fully")]

#: Answers that are not a score, counted apart from the scores and never in a mean.
NOT_SCORED = {"dont_know": "Don't know", "not_applicable": "Not applicable"}
NotScored = Literal["dont_know", "not_applicable"]
DIAGNOSIS_MAX = 5000

#: How this exercise is named when it refuses something (see :mod:`tocmap.domain.private_round`).
ROUND = PrivateRound(
    N_("The round “{title}” is still open; reveal it before starting another."),
    N_("The round “{title}” was revealed; {consequence}."), N_("The round “{title}” was already revealed."),
    N_("The round “{title}” has not been revealed yet."),
    N_("Only members who speak for a partner answer the health check; ask a facilitator to name your partner."))


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
    Dimension(key="trust", title=N_("Trust"),
              statement=N_("We can rely on our partner to act in good faith and to do what they say.")),
    Dimension(key="mutuality", title=N_("Mutuality and two-way learning"),
              statement=N_("Both partners learn from each other; benefits and learning flow both ways.")),
    Dimension(key="ownership", title=N_("Shared ownership"),
              statement=N_("The work belongs to both partners; decisions are made together.")),
    Dimension(key="joint_purpose", title=N_("Joint purpose"),
              statement=N_("We have named a goal we share, and both of us work towards it.")),
    Dimension(key="communication", title=N_("Communication"),
              statement=N_("We talk openly, often enough, and raise problems early.")),
    Dimension(key="power", title=N_("Power balance and equity"),
              statement=N_("Neither partner dominates; resources and voice are fairly shared.")),
    Dimension(key="commitment", title=N_("Commitment and reliability"),
              statement=N_("Our partner keeps commitments and stays with the partnership when it is hard.")),
]


def _key_of(title: str) -> str:
    """A dimension key made from its title ("Data sharing" -> "data_sharing")."""
    words = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in title).split()
    return "_".join(words)[:40].strip("_") or "dimension"


def custom_dimension(title: object, statement: object = "", points: object = 5, scale_min: object = 1,
                     taken: set[str] | frozenset[str] = frozenset()) -> Dimension:
    """A facilitator's own dimension, checked, with a key unique among ``taken``.

    ``points`` is the number of points on the scale (their names are then the numbers) or
    the list of their names, lowest first.

    Examples
    --------
    >>> d = custom_dimension("Data sharing", "We share the data we hold.", ["Never", "Sometimes", "Always"])
    >>> d.key, d.scale_min, d.scale_max, d.point_name(3)
    ('data_sharing', 1, 3, 'Always')
    >>> custom_dimension("Trust", points=4, taken={"trust"}).key, custom_dimension("Trust", points=4).points
    ('trust_2', ['1', '2', '3', '4'])
    >>> custom_dimension("Luck", points=["Only"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The scale of “Luck” needs 2 to 11 points, not 1.
    """
    title = " ".join(title.split()) if isinstance(title, str) else ""
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput(_("Your own dimension needs a title of 1 to {title_max} characters, such as “Data sharing”.", title_max=TITLE_MAX))
    statement = " ".join(statement.split()) if isinstance(statement, str) else None
    if statement is None or len(statement) > STATEMENT_MAX:
        raise InvalidInput(_("The statement of “{title}” must be text of at most {statement_max} characters.", title=title, statement_max=STATEMENT_MAX))
    start = _whole(scale_min)
    if start is None or not 0 <= start <= 10:
        raise InvalidInput(_("The scale of “{title}” starts at a whole number from 0 to 10, not {scale_min}.", title=title, scale_min=repr(scale_min)))
    if isinstance(points, str):
        points = [p for p in (part.strip() for part in points.replace("\n", ",").split(",")) if p]
    if isinstance(points, list):
        if not all(isinstance(p, str) for p in points):
            raise InvalidInput(_("The points of “{title}” must be names (text).", title=title))
        names = [" ".join(p.split()) for p in points]
        if any(not n for n in names):
            raise InvalidInput(_("A point of the scale of “{title}” has no name.", title=title))
    else:
        count = _whole(points)
        if count is None or not POINTS_MIN <= count <= POINTS_MAX:
            raise InvalidInput(_("The scale of “{title}” needs {points_min} to {points_max} points, not {points}.", title=title, points_min=POINTS_MIN, points_max=POINTS_MAX, points=repr(points)))
        names = [str(start + n) for n in range(count)]
    if not POINTS_MIN <= len(names) <= POINTS_MAX:
        raise InvalidInput(_("The scale of “{title}” needs {least} to {most} points, not {points}.", title=title,
                             least=POINTS_MIN, most=POINTS_MAX, points=len(names)))
    long = [n for n in names if len(n) > POINT_NAME_MAX]
    if long:
        raise InvalidInput(_("Name the points of “{title}” in at most {most} characters; “{point}” is too long.",
                             title=title, most=POINT_NAME_MAX, point=long[0][:50]))
    if len({n.casefold() for n in names}) != len(names):
        raise InvalidInput(_("Two points of the scale of “{title}” have the same name.", title=title))
    key, n = _key_of(title), 2
    base = key
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return Dimension(key=key, title=title, statement=statement, scale_min=start, points=names)


def round_dimensions(keys: object, custom: object = ()) -> list[Dimension]:
    """The dimensions of a new round: chosen default ones, then the facilitator's own; checked.

    ``custom`` is a list of ``{"title", "statement", "points", "scale_min"}`` dicts.

    Examples
    --------
    >>> [d.key for d in round_dimensions(["trust", "power"], [{"title": "Data sharing", "points": 4}])]
    ['trust', 'power', 'data_sharing']
    >>> round_dimensions(["trust"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Choose or add at least 3 dimensions to score: the spider chart needs them.
    """
    if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
        raise InvalidInput(_("Choose the dimensions from the list."))
    if not isinstance(custom, list | tuple) or not all(isinstance(c, dict) for c in custom):
        raise InvalidInput(_("Your own dimensions must each have a title, a statement and a scale."))
    if len(custom) > DIMENSIONS_MAX:
        raise InvalidInput(_("A round has at most {dimensions_max} dimensions.", dimensions_max=DIMENSIONS_MAX))
    dimensions = [default_dimension(k) for k in dict.fromkeys(keys)]
    taken = {d.key for d in DEFAULT_DIMENSIONS}
    titles = {d.title.casefold() for d in dimensions}
    for raw in custom:
        unknown = set(raw) - {"title", "statement", "points", "scale_min"}
        if unknown:
            raise InvalidInput(_("A dimension has no field {field}.", field=repr(min(unknown))))
        dimension = custom_dimension(raw.get("title"), raw.get("statement", ""), raw.get("points", 5),
                                     raw.get("scale_min", 1), taken)
        if dimension.title.casefold() in titles:
            raise InvalidInput(_("The round already has a dimension called “{title}”.", title=dimension.title))
        taken.add(dimension.key)
        titles.add(dimension.title.casefold())
        dimensions.append(dimension)
    if len(dimensions) < DIMENSIONS_MIN:
        raise InvalidInput(_("Choose or add at least {dimensions_min} dimensions to score: the spider chart needs them.", dimensions_min=DIMENSIONS_MIN))
    if len(dimensions) > DIMENSIONS_MAX:
        raise InvalidInput(_("A round has at most {most} dimensions; this one would have {n}.", most=DIMENSIONS_MAX,
                             n=len(dimensions)))
    return dimensions


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
        if dimension.key == key:  # in the language of whoever opens the round: a round keeps its words
            return dimension.model_copy(update={"title": _(dimension.title), "statement": _(dimension.statement),
                                                "points": [_(p) for p in dimension.points]})
    keys = ", ".join(d.key for d in DEFAULT_DIMENSIONS)
    raise InvalidInput(_("{key} is not a dimension of the health check; choose from {keys}.", key=repr(key), keys=keys))


class Action(Strict):
    """Something done about a round's results: a map element or a learning-log entry made from a gap."""

    kind: Literal["element", "learning"]
    ref: ShortText = Field(description="The element id, or the learning-log entry id.")
    label: Label
    dimension: ItemId | None = Field(None, description="The dimension whose gap prompted it.")
    at: dt.datetime
    by: ShortText = ""


class Diagnosis(Strict):
    """What the partners make of a round, in their words; it stands once every partner agreed it."""

    text: Text = ""
    agreed_by: list[ItemId] = Field(default_factory=list)
    by: ShortText = ""
    at: dt.datetime | None = None

    def agreed(self, partners: list[str]) -> bool:
        """Whether every partner agreed the text as it is."""
        return bool(self.text) and bool(partners) and set(partners) <= set(self.agreed_by)


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
    actions: list[Action] = Field(default_factory=list, max_length=ACTIONS_MAX)
    diagnosis: Diagnosis = Field(default_factory=Diagnosis)

    @field_validator("dimensions")
    @classmethod
    def _keys_unique(cls, dimensions: list[Dimension]) -> list[Dimension]:
        keys = [d.key for d in dimensions]
        if len(keys) != len(set(keys)):
            raise ValueError(_("two dimensions have the same key"))
        return dimensions

    @property
    def revealed(self) -> bool:
        """True once a facilitator revealed the answers."""
        return self.revealed_at is not None

    @property
    def status(self) -> Literal["open", "revealed"]:
        return "revealed" if self.revealed else "open"

    def dimension(self, key: str) -> Dimension | None:
        """One of the round's dimensions by key (None when it has none such)."""
        return next((d for d in self.dimensions if d.key == key), None)

    @property
    def scale_top(self) -> int:
        """The highest score any of its dimensions allows (the chart's outer ring)."""
        return max(d.scale_max for d in self.dimensions)


class Answer(Strict):
    """One participant's answer: a score, "don't know" or "not applicable" (and maybe a comment) per dimension.

    A partner's member answers for the partner; an independent assessor (``assessor``) for none.
    """

    round_id: int
    user_id: int | None = None
    user_name: ShortText = ""
    partner: ItemId | None = None
    assessor: bool = False
    scores: dict[str, int | NotScored]
    comments: dict[str, Text] = Field(default_factory=dict)
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _comments_scored(self) -> Answer:
        stray = set(self.comments) - set(self.scores)
        if stray:
            raise ValueError(_("comments on unscored dimensions: {keys}", keys=", ".join(sorted(stray))))
        if (self.partner is None) != self.assessor:
            raise ValueError(_("an answer is given for a partner, or by an independent assessor for none"))
        return self


class AnonymousComment(Strict):
    """A comment on a round that names nobody: nothing stored ties it to who wrote it."""

    round_id: int
    dimension: ItemId | None = None
    text: Text


def checked_answer(dimensions: list[Dimension], scores: object, comments: object = None
                   ) -> tuple[dict[str, int], dict[str, str]]:
    """Validate raw scores and comments against the round's dimensions; return them cleaned.

    Every dimension needs a whole-number score within its scale, or "dont_know" or
    "not_applicable" (counted apart, never in a mean); comments are optional.

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("power")]
    >>> checked_answer(dims, {"trust": 4, "power": "2"}, {"trust": "  fine  ", "power": ""})
    ({'trust': 4, 'power': 2}, {'trust': 'fine'})
    >>> checked_answer(dims, {"trust": "dont_know", "power": "not_applicable"})[0]
    {'trust': 'dont_know', 'power': 'not_applicable'}
    >>> checked_answer(dims, {"trust": 6, "power": 2})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The score for Trust must be a whole number from 1 to 5, not 6; or answer “don't know” or “not applicable”.
    >>> checked_answer(dims, {"trust": 3})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Give a score for every dimension; missing: Power balance and equity.
    """
    if not isinstance(scores, dict):
        raise InvalidInput(_("Scores must be given per dimension."))
    comments = comments if comments is not None else {}
    if not isinstance(comments, dict):
        raise InvalidInput(_("Comments must be given per dimension."))
    known = {d.key for d in dimensions}
    unknown = sorted(str(k) for k in (set(scores) | set(comments)) - known)
    if unknown:
        raise InvalidInput(_("This round has no dimension {keys}.", keys=", ".join(unknown)))
    missing = [d.title for d in dimensions if scores.get(d.key) in (None, "")]
    if missing:
        raise InvalidInput(_("Give a score for every dimension; missing: {missing}.", missing=", ".join(missing)))
    clean_scores, clean_comments = {}, {}
    for d in dimensions:
        raw = scores[d.key]
        score = raw if raw in NOT_SCORED else _whole(raw)
        if score is None or (score not in NOT_SCORED and not d.scale_min <= score <= d.scale_max):
            raise InvalidInput(_(
                "The score for {title} must be a whole number from {low} to {high}, not {value}; "
                "or answer “don't know” or “not applicable”.", title=d.title, low=d.scale_min, high=d.scale_max,
                value=repr(raw)))
        clean_scores[d.key] = score
        comment = comments.get(d.key)
        if comment is None:
            continue
        if not isinstance(comment, str):
            raise InvalidInput(_("The comment on {title} must be text.", title=d.title))
        comment = comment.strip()
        if len(comment) > COMMENT_MAX:
            raise InvalidInput(_("The comment on {title} is {n} characters long; keep it to {most}.", title=d.title,
                                 n=len(comment), most=COMMENT_MAX))
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
            if isinstance(answer.scores.get(d.key), int):  # "don't know" and "not applicable" count apart
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


@dataclass(frozen=True)
class ScoreChange:
    """How one partner's mean on one dimension moved since the previous revealed round."""

    key: str
    title: str
    partner: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """After minus before (None when either round lacks it)."""
        return None if self.before is None or self.after is None else round(self.after - self.before, 2)


def previous_revealed(rounds: list[Round], round_id: int) -> Round | None:
    """The revealed round just before ``round_id`` (rounds oldest first), or None.

    Examples
    --------
    >>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> dims = [default_dimension("trust")]
    >>> rs = [Round(id=i, map_id=1, title=t, dimensions=dims, started_at=at, revealed_at=r)
    ...       for i, t, r in [(1, "Jan", at), (2, "Feb", None), (3, "Mar", at)]]
    >>> previous_revealed(rs, 3).title, previous_revealed(rs, 1)
    ('Jan', None)
    """
    earlier = []
    for round_ in rounds:
        if round_.id == round_id:
            break
        if round_.revealed:
            earlier.append(round_)
    return earlier[-1] if earlier else None


def changes_between(before: Round, before_means: dict[str, dict[str, float]], after: Round,
                    after_means: dict[str, dict[str, float]]) -> list[ScoreChange]:
    """Per dimension of ``after`` that ``before`` also scored, each partner's move; biggest moves first.

    Moves that cannot be measured (a partner missing from one round) come last.

    Dimensions are matched by key; a partner that answered only one of the two rounds has
    a change with a missing side.

    Examples
    --------
    >>> at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> dims = [default_dimension("trust"), default_dimension("mutuality"), default_dimension("power")]
    >>> one = Round(id=1, map_id=1, title="March", dimensions=dims, started_at=at, revealed_at=at)
    >>> two = Round(id=2, map_id=1, title="June", dimensions=dims[:2], started_at=at, revealed_at=at)
    >>> moved = changes_between(one, {"iph": {"trust": 4.0, "mutuality": 2.0, "power": 2.0}},
    ...                         two, {"iph": {"trust": 4.0, "mutuality": 4.0}})
    >>> [(c.key, c.partner, c.delta) for c in moved]
    [('mutuality', 'iph', 2.0), ('trust', 'iph', 0.0)]
    """
    shared = [d for d in after.dimensions if before.dimension(d.key) is not None]
    partners = list(dict.fromkeys([*after_means, *before_means]))
    found = [ScoreChange(d.key, d.title, p, before_means.get(p, {}).get(d.key), after_means.get(p, {}).get(d.key))
             for d in shared for p in partners]
    found = [c for c in found if c.before is not None or c.after is not None]
    return sorted(found, key=lambda c: (c.delta is None, -abs(c.delta or 0)))


def element_tag(round_id: int) -> str:
    """The tag that links a map element back to the round it came from.

    Examples
    --------
    >>> element_tag(3)
    'health-round-3'
    """
    return f"health-round-{round_id}"


# --------------------------------------------------------------------------- a fairer reading


def not_scored(dimensions: list[Dimension], answers: list[Answer]) -> dict[str, dict[str, dict[str, int]]]:
    """Per partner and dimension, how many answered "don't know" and "not applicable" (only where any did).

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("power")]
    >>> not_scored(dims, [Answer(round_id=1, partner="moh", scores={"trust": "dont_know", "power": 3}),
    ...                   Answer(round_id=1, partner="moh", scores={"trust": "dont_know", "power": "not_applicable"})])
    {'moh': {'trust': {'dont_know': 2}, 'power': {'not_applicable': 1}}}
    """
    found: dict[str, dict[str, dict[str, int]]] = {}
    for answer in answers:
        for d in dimensions:
            value = answer.scores.get(d.key)
            if value in NOT_SCORED:
                counts = found.setdefault(answer.partner or "assessor", {}).setdefault(d.key, {})
                counts[value] = counts.get(value, 0) + 1
    return found


@dataclass(frozen=True)
class Spread:
    """How far apart the members of one partner scored one dimension."""

    lowest: int
    highest: int
    count: int

    @property
    def width(self) -> int:
        return self.highest - self.lowest


def spreads(dimensions: list[Dimension], answers: list[Answer]) -> dict[str, dict[str, Spread]]:
    """Per partner with several scores on a dimension: the lowest, the highest and how many scored it.

    A mean hides a split inside one partner; this shows it.

    Examples
    --------
    >>> dims = [default_dimension("trust")]
    >>> spreads(dims, [Answer(round_id=1, partner="moh", scores={"trust": 5}),
    ...                Answer(round_id=1, partner="moh", scores={"trust": 1}),
    ...                Answer(round_id=1, partner="iph", scores={"trust": 4})])
    {'moh': {'trust': Spread(lowest=1, highest=5, count=2)}}
    """
    values: dict[str, dict[str, list[int]]] = {}
    for answer in answers:
        for d in dimensions:
            score = answer.scores.get(d.key)
            if isinstance(score, int):
                values.setdefault(answer.partner or "assessor", {}).setdefault(d.key, []).append(score)
    return {partner: {key: Spread(min(v), max(v), len(v)) for key, v in per.items() if len(v) > 1}
            for partner, per in values.items() if any(len(v) > 1 for v in per.values())}


def assessor_means(dimensions: list[Dimension], answers: list[Answer]) -> dict[str, float]:
    """The independent assessors' mean per dimension: shown beside the partners', never mixed in.

    Examples
    --------
    >>> dims = [default_dimension("trust"), default_dimension("power")]
    >>> assessor_means(dims, [Answer(round_id=1, assessor=True, scores={"trust": 2, "power": "dont_know"})])
    {'trust': 2.0}
    """
    found = partner_means(dimensions, [a.model_copy(update={"partner": "assessor"}) for a in answers if a.assessor])
    return found.get("assessor", {})


def checked_diagnosis(text: object) -> str:
    """A round's diagnosis as written, checked.

    >>> checked_diagnosis("  Trust holds; power does not.  ")
    'Trust holds; power does not.'
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Write the diagnosis: what the partners make of this round, in a few sentences."))
    if len(text.strip()) > DIAGNOSIS_MAX:
        raise InvalidInput(_("The diagnosis is {n} characters long; keep it to {most}.", n=len(text.strip()),
                             most=DIAGNOSIS_MAX))
    return text.strip()


def checked_anonymous(dimensions: list[Dimension], dimension: object, text: object) -> AnonymousComment:
    """An anonymous comment, checked (the caller sets its round)."""
    if dimension not in (None, "") and dimension not in {d.key for d in dimensions}:
        raise InvalidInput(_("This round has no such dimension; leave it empty to comment on the round."))
    if not isinstance(text, str):
        raise InvalidInput(_("An anonymous comment is text."))
    text = text.strip()
    if len(text) > COMMENT_MAX:
        raise InvalidInput(_("The comment is {n} characters long; keep it to {most}.", n=len(text), most=COMMENT_MAX))
    if not text:
        raise InvalidInput(_("Write the comment first."))
    return AnonymousComment(round_id=0, dimension=dimension or None, text=text)

"""Review points: the partnership's own criteria for re-evaluating or walking away, and when they are met.

A facilitator writes them down with the partners: "review the partnership when any partner's
health score falls below 2.5", "when a partner has delivered less than half of what it
planned", "when a decision stays open longer than 30 days". tocmap watches them and shows a
finding for each one that is met. Pure: the services feed in the latest revealed health
check, the contributions, the decisions and the time now.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from tocmap.domain.decisions import Decision
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import ItemId, Label, ShortText, Strict
from tocmap.i18n import N_, _, format_date, format_number, ngettext

#: The kinds of criterion, as shown to users (marked here, translated where shown).
KINDS = {
    "health_below": N_("A partner's health check score falls below a line"),
    "delivery_below": N_("A partner delivers less than a share of what it planned"),
    "decision_overdue": N_("A decision stays open (not taken) longer than a number of days"),
}
#: What the line of each kind is, as the form names it (marked here, translated where shown).
LINE_MEANINGS = {
    "health_below": N_("Line: a score, such as 2.5"),
    "delivery_below": N_("Line: a percentage of what was planned, such as 50"),
    "decision_overdue": N_("Line: days a decision may stay open, such as 30"),
}
#: A partner delivering less than the line, per kind of contribution.
DELIVERED_BELOW = {
    "money": N_("{partner} delivered {share}% of the money it planned ({unit}), below {line}%"),
    "staff_time": N_("{partner} delivered {share}% of the staff time it planned ({unit}), below {line}%"),
    "in_kind": N_("{partner} delivered {share}% of the in-kind support it planned ({unit}), below {line}%"),
}
#: The longest a decision's line may be: ten years of days.
DAYS_MAX = 3650


class ReviewPoint(Strict):
    """One criterion: a kind, its line, and (for health scores) an optional dimension."""

    id: int | None = None
    map_id: int
    title: Label
    kind: Literal["health_below", "delivery_below", "decision_overdue"]
    line: float = Field(ge=0, le=DAYS_MAX, allow_inf_nan=False)
    dimension: ItemId | None = None
    created_by: ShortText = ""


@dataclass(frozen=True)
class Finding:
    """A review point that is met, and the facts that meet it."""

    point: ReviewPoint
    facts: list[str]


def checked(title: object, kind: object, line: object, dimension: object = None) -> dict:
    """A review point's fields from a form or the API, checked.

    ``line`` is a score for health points, a percentage of what was planned for delivery points,
    and a whole number of days for decision points.

    Examples
    --------
    >>> checked(" Trust check ", "health_below", "2.5")
    {'title': 'Trust check', 'kind': 'health_below', 'line': 2.5, 'dimension': None}
    >>> checked("Delivery", "delivery_below", "150")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A share of what was planned is a percentage from 1 to 100, not 150.
    >>> checked("Decisions within a month", "decision_overdue", "30")["line"]
    30.0
    >>> checked("Decisions", ["decision_overdue"], "30")  # a forged form sends anything
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A review point watches a health check score, what partners deliver, or how long a decision stays open.
    >>> checked("Decisions", "decision_overdue", "2.5")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A decision's line is a whole number of days from 1 to 3650, not 2.5.
    """
    title = " ".join(title.split()) if isinstance(title, str) else ""
    if not title or len(title) > 200:
        raise InvalidInput(_("Name the review point in 1 to 200 characters, such as “Trust falls below 2.5”."))
    if not isinstance(kind, str) or kind not in KINDS:
        raise InvalidInput(_("A review point watches a health check score, what partners deliver, or how long a "
                             "decision stays open."))
    try:
        value = float(str(line).strip()) if not isinstance(line, bool) and line not in (None, "") else None
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        raise InvalidInput(_("Give the line as a number, such as 2.5 (a score), 50 (a percentage) or 30 (days)."))
    if kind == "delivery_below" and not 1 <= value <= 100:
        raise InvalidInput(_("A share of what was planned is a percentage from 1 to 100, not {value}.",
                             value=format(value, "g")))
    if kind == "health_below" and not 0 < value <= 11:
        raise InvalidInput(_("A health check line is a score above 0 and at most 11, not {value}.",
                             value=format(value, "g")))
    if kind == "decision_overdue" and not (1 <= value <= DAYS_MAX and value.is_integer()):
        raise InvalidInput(_("A decision's line is a whole number of days from 1 to {most}, not {value}.",
                             most=DAYS_MAX, value=format(value, "g")))
    if kind != "health_below" and dimension:
        raise InvalidInput(_("Only a health check review point has a dimension."))
    if dimension not in (None, "") and not isinstance(dimension, str):
        raise InvalidInput(_("Choose the dimension from the list."))
    return {"title": title, "kind": kind, "line": value, "dimension": dimension or None}


def open_too_long(decisions: Iterable[Decision], days: float, now: dt.datetime) -> list[str]:
    """Facts about the decisions still open (not taken) more than ``days`` whole days, the longest open first.

    Examples
    --------
    >>> start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    >>> def d(text, taken=None):
    ...     return Decision(id=1, map_id=1, text=text, rule="consensus", created_at=start, taken_at=taken)
    >>> open_too_long([d("Share data monthly"), d("Hire a data manager", taken=start)], 30,
    ...               dt.datetime(2026, 2, 20, tzinfo=dt.UTC))
    ['“Share data monthly” has been open 45 days (proposed Jan 5, 2026), longer than 30 days']
    >>> open_too_long([d("Share data monthly")], 30, dt.datetime(2026, 2, 4, 10, tzinfo=dt.UTC))  # 30 days: not more
    []
    """
    late = sorted((d for d in decisions if not d.taken and (now - d.created_at).days > days),
                  key=lambda d: d.created_at)
    return [ngettext("“{headline}” has been open {n} day (proposed {day}), longer than {limit} days",
                     "“{headline}” has been open {n} days (proposed {day}), longer than {limit} days",
                     (now - d.created_at).days, headline=d.headline, day=format_date(d.created_at),
                     limit=format_number(days)) for d in late]


def findings(points: list[ReviewPoint], health_means: dict[str, dict[str, float]] | None, round_title: str,
             dimension_titles: dict[str, str], delivered: list[dict], names: dict[str, str],
             decisions: Iterable[Decision] = (), now: dt.datetime | None = None) -> list[Finding]:
    """The points that are met, in their order.

    ``health_means`` are the partners' means per dimension in the latest revealed round (None
    without one); ``delivered`` the rows of :func:`tocmap.domain.contributions.planned_against_actual`;
    ``decisions`` the map's decisions and ``now`` the time to measure how long they stay open
    (decision points are never met without it).

    Examples
    --------
    >>> point = ReviewPoint(map_id=1, title="Trust", kind="health_below", line=3, dimension="trust")
    >>> [f.facts for f in findings([point], {"moh": {"trust": 4.0}, "iph": {"trust": 2.5}}, "June",
    ...                            {"trust": "Trust"}, [], {"iph": "AIPH"})]
    [['AIPH scored Trust 2.5 in “June”, below 3']]
    >>> late = ReviewPoint(map_id=1, title="Delivery", kind="delivery_below", line=50)
    >>> findings([late], None, "", {}, [{"partner": "iph", "kind": "money", "unit": "EUR", "planned": 100.0,
    ...                                  "actual": 20.0, "delivered": 0.2}], {"iph": "AIPH"})[0].facts
    ['AIPH delivered 20% of the money it planned (EUR), below 50%']
    >>> slow = ReviewPoint(map_id=1, title="Decide within a month", kind="decision_overdue", line=30)
    >>> made = Decision(id=1, map_id=1, text="Share data monthly", rule="consensus",
    ...                 created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    >>> findings([slow], None, "", {}, [], {}, [made], dt.datetime(2026, 3, 1, tzinfo=dt.UTC))[0].facts
    ['“Share data monthly” has been open 59 days (proposed Jan 1, 2026), longer than 30 days']
    """
    decisions = list(decisions)
    found = []
    for point in points:
        facts = []
        if point.kind == "health_below" and health_means:
            for partner, means in health_means.items():
                if point.dimension:
                    score, what = means.get(point.dimension), dimension_titles.get(point.dimension, point.dimension)
                else:
                    score, what = (round(sum(means.values()) / len(means), 2) if means else None), _("overall")
                if score is not None and score < point.line:
                    facts.append(_("{partner} scored {what} {score} in “{round}”, below {line}",
                                   partner=names.get(partner, partner), what=what, score=format_number(score),
                                   round=round_title, line=format_number(point.line)))
        if point.kind == "delivery_below":
            for row in delivered:
                if row["delivered"] is not None and 100 * row["delivered"] < point.line:
                    facts.append(_(DELIVERED_BELOW[row["kind"]], partner=names.get(row["partner"], row["partner"]),
                                   share=format_number(round(100 * row["delivered"])), unit=row["unit"],
                                   line=format_number(point.line)))
        if point.kind == "decision_overdue" and now is not None:
            facts += open_too_long(decisions, point.line, now)
        if facts:
            found.append(Finding(point, facts))
    return found

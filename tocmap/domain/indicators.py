"""Reading an indicator: its current target, its status with the rule in words, chart series, checks.

Pure functions over :class:`~tocmap.domain.model.Indicator`. Nothing here reads a clock:
the day to judge on (``on``) is always passed in, so a status is reproducible.

The status rule, as users read it:

* quantitative indicators (number, percentage, currency) are placed on the way from the
  baseline to the current target: **on track** at :data:`ON_TRACK` (90 %) of the way or
  more, **at risk** from :data:`AT_RISK` (60 %), **off track** below. The actual value is
  the latest value recorded in the target's period (per period), or the sum of all
  values recorded up to the end of the period (cumulative);
* milestone and yes/no indicators are on track when the latest value is the target's
  (reached, or "yes"), at risk while the period still runs, off track once it has ended;
* ordinal indicators compare levels of the scale: at or beyond the target level is on
  track, one level short at risk, further off track;
* narrative indicators are read, not scored: they have no status.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Literal

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import QUANTITATIVE, Indicator, Observation, Target
from tocmap.i18n import N_, _, format_number, ngettext

#: Share of the way from baseline to target at which a quantitative indicator is on track.
ON_TRACK = 0.9
#: Share of the way below which it is off track (between the two: at risk).
AT_RISK = 0.6

StatusCode = Literal["on_track", "at_risk", "off_track", "no_data", "none"]

#: How each status reads (marked with ``N_``: read it with :func:`status_label`) and its colour on badges,
#: charts and the map.
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "on_track": (N_("On track"), "#2b8035"),
    "at_risk": (N_("At risk"), "#e8a400"),
    "off_track": (N_("Off track"), "#e03131"),
    "no_data": (N_("No data"), "#6c757d"),
    "none": (N_("No status"), "#adb5bd"),
}
#: Worst first: an element shows the worst status among its indicators.
SEVERITY_ORDER: tuple[str, ...] = ("off_track", "at_risk", "on_track", "no_data", "none")


@dataclass(frozen=True)
class Status:
    """Where an indicator stands against its current target, and why."""

    code: StatusCode
    rule: str
    target: Target | None = None
    actual: Any = None
    progress: float | None = None  # share of the way from baseline to target (quantitative)

    @property
    def label(self) -> str:
        """The status as shown, in the reader's language ("On track", "En bonne voie")."""
        return status_label(self.code)

    @property
    def colour(self) -> str:
        """The status colour (#rrggbb)."""
        return STATUS_LOOK[self.code][1]


def status_label(code: str) -> str:
    """How a status code reads in the reader's language.

    Examples
    --------
    >>> status_label("off_track")
    'Off track'
    """
    return _(STATUS_LOOK[code][0])


# --------------------------------------------------------------------------- values


def observed_on(observation: Observation) -> dt.date:
    """The day an observation speaks for: its date, else the end of its period.

    Examples
    --------
    >>> observed_on(Observation(id="o", value=1.0, date=dt.date(2025, 3, 1)))
    datetime.date(2025, 3, 1)
    """
    return observation.date or observation.period.end


def in_period(observation: Observation, target: Target) -> bool:
    """True when the observation falls inside the target's period (ends included)."""
    return target.period.start <= observed_on(observation) <= target.period.end


def show(indicator: Indicator, value: Any) -> str:
    """A value with its unit, for sentences ("72 %", "yes", "EUR 1,200", "Good").

    Examples
    --------
    >>> show(Indicator(id="i", element="e", name="n", measure="percentage"), 72.0)
    '72 %'
    >>> show(Indicator(id="i", element="e", name="n", measure="milestone"), True)
    'reached'
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        if indicator.measure == "milestone":
            return _("reached") if value else _("not reached")
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        number = _number(value)
        if indicator.measure == "percentage":
            return f"{number} %"
        if indicator.measure == "currency":
            return f"{indicator.currency or ''} {number}".strip()
        return f"{number} {indicator.unit}".strip()
    return str(value)


def parse_value(indicator: Indicator, text: Any, what: str = "value") -> Any:
    """Turn what someone typed into a value of the indicator's measure, or refuse in words.

    Empty input gives None. Numbers accept a decimal comma and thousands separators;
    yes/no and milestones accept yes/no, reached/not reached, true/false.

    Examples
    --------
    >>> number = Indicator(id="i", element="e", name="n")
    >>> parse_value(number, "1,250.5"), parse_value(number, " "), parse_value(number, "12,5")
    (1250.5, None, 12.5)
    >>> parse_value(number, "many", "baseline")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The baseline must be a number, not “many”.
    >>> parse_value(Indicator(id="i", element="e", name="n", measure="yes_no"), "Yes")
    True
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, bool):
        raw = "yes" if text else "no"
    else:
        raw = str(text).strip()
    measure = indicator.measure
    if measure in QUANTITATIVE:
        cleaned = raw.replace(" ", "").replace("\u00a0", "").removesuffix("%")
        if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1 and len(cleaned.split(",")[1]) != 3:
            cleaned = cleaned.replace(",", ".")  # a decimal comma: 12,5
        cleaned = cleaned.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise InvalidInput(_("The {what} must be a number, not “{raw}”.", what=what, raw=raw)) from None
        if not math.isfinite(value):
            raise InvalidInput(_("The {what} must be a number, not “{raw}”.", what=what, raw=raw))
        if measure == "percentage" and not -1000 <= value <= 1000:
            raise InvalidInput(_("The {what} must be a percentage, not “{raw}”.", what=what, raw=raw))
        return value
    if measure in ("yes_no", "milestone"):
        word = raw.lower()
        if word in ("yes", "y", "true", "reached", "done", "1"):
            return True
        if word in ("no", "n", "false", "not reached", "0"):
            return False
        choices = _("reached or not reached") if measure == "milestone" else _("yes or no")
        raise InvalidInput(_("The {what} must be {choices}, not “{raw}”.", what=what, choices=choices, raw=raw))
    if measure == "ordinal":
        for level in indicator.scale:
            if level.lower() == raw.lower():
                return level
        raise InvalidInput(_("The {what} must be one of the levels {levels}, not “{raw}”.",
                             what=what, levels=", ".join(indicator.scale), raw=raw))
    return raw


# --------------------------------------------------------------------------- targets


def current_target(indicator: Indicator, on: dt.date) -> Target | None:
    """The target that counts on a given day.

    The target whose period contains the day (the shortest such period, when periods
    overlap); else the next one to start; else, when all have ended, the last one.

    Examples
    --------
    >>> from tocmap.domain.model import Period
    >>> year = lambda y: Target(period=Period(label=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31)), value=y)
    >>> ind = Indicator(id="i", element="e", name="n", targets=[year(2025), year(2024), year(2026)])
    >>> [current_target(ind, dt.date(y, 6, 1)).period.label for y in (2023, 2025, 2030)]
    ['2024', '2025', '2026']
    >>> current_target(Indicator(id="i", element="e", name="n"), dt.date(2025, 1, 1)) is None
    True
    """
    if not indicator.targets:
        return None
    running = [t for t in indicator.targets if t.period.start <= on <= t.period.end]
    if running:
        return min(running, key=lambda t: (t.period.end - t.period.start, t.period.end))
    coming = [t for t in indicator.targets if t.period.start > on]
    if coming:
        return min(coming, key=lambda t: (t.period.start, t.period.end))
    return max(indicator.targets, key=lambda t: (t.period.end, t.period.start))


def _period_name(target: Target) -> str:
    period = target.period
    return period.label or _("{start} to {end}", start=period.start.isoformat(), end=period.end.isoformat())


def comparable(indicator: Indicator, observation: Observation) -> bool:
    """Whether a value can be compared with today's targets: recorded under a definition of the same type.

    A revision that changes the type or scale keeps earlier values (shown against their
    definition) but leaves them out of the status.
    """
    number = observation.definition or 1
    if number >= indicator.definition_number:
        return True
    was = indicator.definition_fields(number)
    return was["measure"] == indicator.measure and was["scale"] == list(indicator.scale)


def actual_value(indicator: Indicator, target: Target, on: dt.date) -> tuple[Any, str]:
    """The value compared with ``target`` and how it was found (for the rule sentence).

    Per period: the latest value recorded inside the target's period (up to ``on``); when
    none is, the latest value recorded before ``on``, so a value is never shown as "no data".
    Cumulative: the sum of every value recorded up to the end of the period (and ``on``).
    Qualitative: the latest value recorded up to ``on``.
    """
    upto = min(on, target.period.end)
    current = indicator.definition_number
    counted = sorted((o for o in indicator.observations if o.value is not None and observed_on(o) <= on
                      and ((o.definition or 1) >= current or comparable(indicator, o))), key=observed_on)
    known = [o for o in counted if observed_on(o) <= upto]
    if indicator.quantitative and indicator.aggregation == "cumulative":
        if not known:
            return None, ""
        return sum(float(o.value) for o in known), ngettext(
            "the sum of {n} value recorded up to {day}", "the sum of {n} values recorded up to {day}", len(known),
            day=upto.isoformat())
    if indicator.quantitative:
        inside = [o for o in known if in_period(o, target)]
        if inside:
            last = inside[-1]
            return last.value, _("the latest value in {period}, on {day}", period=_period_name(target),
                                 day=observed_on(last).isoformat())
        if not counted:
            return None, ""
        last = counted[-1]
        return last.value, _("the latest value, on {day}; none is recorded in {period} yet",
                             day=observed_on(last).isoformat(), period=_period_name(target))
    if not known:
        return None, ""
    return known[-1].value, _("the latest value, on {day}", day=observed_on(known[-1]).isoformat())


# --------------------------------------------------------------------------- status


def status(indicator: Indicator, on: dt.date) -> Status:
    """The status of an indicator against its current target on a day, with its rule in words.

    Examples
    --------
    >>> from tocmap.domain.model import Baseline, Period
    >>> y2025 = Period(label="2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    >>> ind = Indicator(id="i", element="e", name="Reports on time", measure="percentage",
    ...                 baseline=Baseline(value=40.0), targets=[Target(period=y2025, value=80.0)],
    ...                 observations=[Observation(id="o", value=74.0, date=dt.date(2025, 6, 30))])
    >>> s = status(ind, dt.date(2025, 7, 1))
    >>> s.code, round(s.progress, 2)
    ('at_risk', 0.85)
    >>> print(s.rule)  # doctest: +NORMALIZE_WHITESPACE
    Higher is better, per period: 74 % (the latest value in 2025, on 2025-06-30) is 85 % of the way from the
    baseline 40 % to the target 80 % for 2025. On track from 90 % of the way, at risk from 60 %, off track below.
    """
    if indicator.measure == "narrative":
        return Status("none", _("Narrative indicators are read, not scored: they have no status."))
    target = current_target(indicator, on)
    recorded = [o for o in indicator.observations if o.value is not None]
    if target is None or target.value is None:
        if recorded:
            return Status("none", _("Values are recorded but no target is set yet, so there is nothing to compare "
                                    "them with."))
        return Status("no_data", _("No target is set yet, so there is nothing to compare with."))
    actual, how = actual_value(indicator, target, on)
    if actual is None:
        hint = ""
        if recorded:
            last = max(recorded, key=observed_on)
            hint = " " + _("The latest value is {value} ({day}).", value=show(indicator, last.value),
                           day=observed_on(last).isoformat())
        return Status("no_data", _("No value is recorded for {period} yet.", period=_period_name(target)) + hint, target)
    if indicator.quantitative:
        return _quantitative(indicator, target, float(actual), how)
    if indicator.measure == "ordinal":
        return _ordinal(indicator, target, actual, how)
    return _reached(indicator, target, actual, how, on)


def _thresholds() -> str:
    return _("On track from {on_track} of the way, at risk from {at_risk}, off track below.",
             on_track=_pct(ON_TRACK), at_risk=_pct(AT_RISK))


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def _code(progress: float) -> StatusCode:
    if progress >= ON_TRACK - 1e-9:
        return "on_track"
    if progress >= AT_RISK - 1e-9:
        return "at_risk"
    return "off_track"


def progress_towards(indicator: Indicator, actual: float, target: float) -> float:
    """Share of the way from the baseline to the target that ``actual`` has gone (1.0 = reached).

    Without a baseline the way starts at zero (higher is better) or the value is
    compared with the target directly (lower is better).

    Examples
    --------
    >>> from tocmap.domain.model import Baseline
    >>> down = Indicator(id="i", element="e", name="n", direction="decrease", baseline=Baseline(value=30.0))
    >>> progress_towards(down, 25.0, 20.0)
    0.5
    >>> progress_towards(Indicator(id="i", element="e", name="n"), 45.0, 60.0)
    0.75
    """
    base = indicator.baseline.value if indicator.baseline and isinstance(indicator.baseline.value, int | float) \
        and not isinstance(indicator.baseline.value, bool) else None
    better_up = indicator.direction == "increase"
    if base is None:
        if better_up:
            return actual / target if target else (1.0 if actual >= target else 0.0)
        return (target / actual if actual else 1.0) if actual > target else 1.0
    base = float(base)
    if math.isclose(target, base):
        reached = actual >= target if better_up else actual <= target
        return 1.0 if reached else 0.0
    return (actual - base) / (target - base)


def _quantitative(indicator: Indicator, target: Target, actual: float, how: str) -> Status:
    goal = float(target.value)
    progress = progress_towards(indicator, actual, goal)
    direction = _("Higher is better") if indicator.direction == "increase" else _("Lower is better")
    aggregation = _("cumulative") if indicator.aggregation == "cumulative" else _("per period")
    base = indicator.baseline.value if indicator.baseline else None
    start = _("the baseline {value}", value=show(indicator, base)) if isinstance(base, int | float) \
        else _("zero (no baseline)")
    if not isinstance(base, int | float) and indicator.direction == "decrease":
        start = _("no baseline")
    rule = _("{direction}, {aggregation}: {actual} ({how}) is {share} of the way from {start} to the target "
             "{target} for {period}.", direction=direction, aggregation=aggregation, actual=show(indicator, actual),
             how=how, share=_pct(progress), start=start, target=show(indicator, goal),
             period=_period_name(target)) + " " + _thresholds()
    return Status(_code(progress), rule, target, actual, progress)


def _ordinal(indicator: Indicator, target: Target, actual: str, how: str) -> Status:
    scale = indicator.scale
    have, want = scale.index(actual), scale.index(target.value)
    if indicator.direction == "decrease":
        have, want = -have, -want
    short = want - have
    code: StatusCode = "on_track" if short <= 0 else "at_risk" if short == 1 else "off_track"
    rule = _("Ordinal scale ({scale}): the level is {actual} ({how}); the target for {period} is {target}. "
             "On track at the target level or beyond, at risk one level short, off track further.",
             scale=" < ".join(scale), actual=actual, how=how, period=_period_name(target), target=target.value)
    return Status(code, rule, target, actual)


def _reached(indicator: Indicator, target: Target, actual: bool, how: str, on: dt.date) -> Status:
    wanted = target.value if isinstance(target.value, bool) else True
    ended = on > target.period.end
    kind = _("Milestone") if indicator.measure == "milestone" else _("Yes/no")
    if actual == wanted:
        code: StatusCode = "on_track"
    else:
        code = "off_track" if ended else "at_risk"
    rule = _("{kind}: {actual} ({how}); the target for {period} is {target}. On track when reached, at risk "
             "while the period runs (until {end}), off track once it has ended.", kind=kind,
             actual=show(indicator, actual), how=how, period=_period_name(target), target=show(indicator, wanted),
             end=target.period.end.isoformat())
    return Status(code, rule, target, actual)


def worst(codes: list[str]) -> str | None:
    """The most worrying of several statuses (for an element with many indicators), or None.

    Examples
    --------
    >>> worst(["on_track", "no_data", "at_risk"]), worst([])
    ('at_risk', None)
    """
    found = [c for c in SEVERITY_ORDER if c in codes]
    return found[0] if found else None


def element_statuses(indicators, on: dt.date) -> dict[str, str]:
    """Element id -> the worst status among its active indicators (elements without one are left out)."""
    by_element: dict[str, list[str]] = {}
    for indicator in indicators:
        if indicator.status == "active":
            by_element.setdefault(indicator.element, []).append(status(indicator, on).code)
    return {element: worst(codes) for element, codes in by_element.items()}


# --------------------------------------------------------------------------- disaggregation


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def _number(value: float) -> str:
    """A number with the reader's separators, two decimals unless it is whole ("1,200", "1 200", "12,50")."""
    return format_number(value, 0 if float(value).is_integer() else 2)


def disaggregation_warnings(indicator: Indicator, observation: Observation) -> list[str]:
    """Where an observation's disaggregated values do not add up, as sentences (empty when they do).

    Cells are grouped by the dimensions they name: the cells of each group ("sex", or
    "sex x age" for a cross table) must add up to the total, and a cross table's rows
    and columns must match a one-dimension table of the same dimension when there is
    one. The same combination given twice is reported too. Percentages are shares, not
    counts: they are not added up.

    Examples
    --------
    >>> from tocmap.domain.model import Disaggregated as D
    >>> ind = Indicator(id="i", element="e", name="People trained")
    >>> cells = [D(dimensions={"sex": "female"}, value=60), D(dimensions={"sex": "male"}, value=50),
    ...          D(dimensions={"sex": "female", "age": "<25"}, value=20),
    ...          D(dimensions={"sex": "female", "age": "25+"}, value=30),
    ...          D(dimensions={"sex": "male", "age": "<25"}, value=25),
    ...          D(dimensions={"sex": "male", "age": "25+"}, value=25)]
    >>> for line in disaggregation_warnings(ind, Observation(id="o", value=100.0, date=dt.date(2025, 1, 1),
    ...                                                       disaggregation=cells)):
    ...     print(line)
    By sex: female 60 + male 50 = 110, but the total is 100.
    By age × sex: the cells add up to 100 while “sex = female” is 60 in the table by sex (its cells add up to 50).
    """
    cells = observation.disaggregation
    if not cells:
        return []
    if not indicator.quantitative:
        return [_("Only numbers can be disaggregated; this indicator's values are not numbers.")]
    warnings: list[str] = []
    groups: dict[tuple[str, ...], list] = {}
    for cell in cells:
        groups.setdefault(tuple(sorted(cell.dimensions)), []).append(cell)
    total = observation.value if isinstance(observation.value, int | float) and not isinstance(observation.value, bool) \
        else None
    for dims, group in sorted(groups.items(), key=lambda pair: (len(pair[0]), pair[0])):
        name = " × ".join(dims)
        keys = [tuple(cell.dimensions[d] for d in dims) for cell in group]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        for key in repeated:
            warnings.append(_("By {name}: “{cell}” is given more than once.", name=name, cell=", ".join(key)))
        if indicator.measure == "percentage":
            continue
        added = sum(cell.value for cell in group)
        if total is not None and not _close(added, float(total)):
            if len(dims) == 1:
                parts = " + ".join(f"{cell.dimensions[dims[0]]} {_number(cell.value)}" for cell in group)
                warnings.append(_("By {name}: {parts} = {added}, but the total is {total}.", name=name,
                                  parts=parts, added=_number(added), total=_number(float(total))))
            else:
                warnings.append(_("By {name}: the cells add up to {added}, but the total is {total}.", name=name,
                                  added=_number(added), total=_number(float(total))))
        if len(dims) > 1:
            warnings += _margin_warnings(dims, group, groups, total)
    return warnings


def _margin_warnings(dims: tuple[str, ...], group: list, groups: dict, total) -> list[str]:
    """A cross table's margins against the one-dimension tables of the same dimensions."""
    warnings = []
    name = " × ".join(dims)
    for dim in dims:
        single = groups.get((dim,))
        if not single:
            continue
        stated = {cell.dimensions[dim]: cell.value for cell in single}
        ordered = sorted(group, key=lambda cell: cell.dimensions[dim])
        for value, cells in groupby(ordered, key=lambda cell: cell.dimensions[dim]):
            added = sum(cell.value for cell in cells)
            if value in stated and not _close(added, stated[value]):
                warnings.append(_("By {name}: the cells add up to {added} while “{dimension} = {value}” is "
                                  "{stated} in the table by {dimension} (its cells add up to {cells}).", name=name,
                                  added=_number(sum(c.value for c in group)), dimension=dim, value=value,
                                  stated=_number(stated[value]), cells=_number(added)))
    return warnings


def parse_dimensions(text: str) -> dict[str, str]:
    """Read "sex=female; age=15-24" (or with commas) as dimensions, or refuse in words.

    Examples
    --------
    >>> parse_dimensions("sex = female, age=15-24")
    {'sex': 'female', 'age': '15-24'}
    >>> parse_dimensions("female")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Write each disaggregation as dimension=value, e.g. “sex=female; age=15-24”, not “female”.
    """
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput(_("Write each disaggregation as dimension=value, e.g. “sex=female; age=15-24”, "
                                 "not “{part}”.", part=part))
        if key.strip() in found:
            raise InvalidInput(_("The dimension “{key}” is named twice in “{text}”.", key=key.strip(), text=text))
        found[key.strip()] = value.strip()
    return found


# --------------------------------------------------------------------------- chart


@dataclass(frozen=True)
class Series:
    """What a chart of one indicator draws: numbers on a common axis, with labels."""

    baseline: tuple[dt.date | None, float | None]
    targets: list[dict] = field(default_factory=list)  # {"start", "end", "label", "value", "text"}
    actuals: list[dict] = field(default_factory=list)  # {"date", "value", "text", "definition", "id"}
    running: list[dict] = field(default_factory=list)  # cumulative indicators: {"date", "value"}
    levels: list[str] = field(default_factory=list)  # axis labels for ordinal and yes/no indicators


def plotted(indicator: Indicator, value: Any) -> float | None:
    """A value as a number on the chart's axis (levels and yes/no become 0, 1, 2...).

    Examples
    --------
    >>> plotted(Indicator(id="i", element="e", name="n", measure="ordinal", scale=["low", "mid", "high"]), "mid")
    1.0
    >>> plotted(Indicator(id="i", element="e", name="n", measure="milestone"), True)
    1.0
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if indicator.measure == "ordinal":
        return float(indicator.scale.index(value)) if value in indicator.scale else None
    if isinstance(value, int | float):
        return float(value)
    return None


def chart_series(indicator: Indicator) -> Series:
    """Baseline, targets and actuals over time, ready for a chart (narrative indicators: actuals only).

    Examples
    --------
    >>> from tocmap.domain.model import Baseline, Period
    >>> ind = Indicator(id="i", element="e", name="n", aggregation="cumulative", baseline=Baseline(value=0.0),
    ...                 observations=[Observation(id="b", value=5.0, date=dt.date(2025, 6, 1)),
    ...                               Observation(id="a", value=3.0, date=dt.date(2025, 3, 1))])
    >>> s = chart_series(ind)
    >>> [a["value"] for a in s.actuals], [r["value"] for r in s.running]
    ([3.0, 5.0], [3.0, 8.0])
    """
    base = indicator.baseline
    baseline = (base.date, plotted(indicator, base.value)) if base else (None, None)
    targets = [
        {"start": t.period.start, "end": t.period.end, "label": _period_name(t), "value": plotted(indicator, t.value),
         "text": show(indicator, t.value)}
        for t in sorted(indicator.targets, key=lambda t: (t.period.end, t.period.start))
    ]
    actuals = [
        {"date": observed_on(o), "value": plotted(indicator, o.value), "text": show(indicator, o.value),
         "definition": o.definition or 1, "id": o.id}
        for o in sorted(indicator.observations, key=observed_on)
    ]
    running = []
    if indicator.quantitative and indicator.aggregation == "cumulative":
        total = 0.0
        for point in actuals:
            total += point["value"] or 0.0
            running.append({"date": point["date"], "value": total})
    levels = list(indicator.scale) if indicator.measure == "ordinal" else (
        ["not reached", "reached"] if indicator.measure == "milestone" else
        ["no", "yes"] if indicator.measure == "yes_no" else [])
    return Series(baseline, targets, actuals, running, levels)

"""Contributions: what each partner puts in (money, staff time, in kind), planned and actual.

A contribution belongs to one partner, may serve one intervention of the map, covers a
period, and may cite evidence. Money and in-kind contributions carry an ISO 4217 currency
(in kind: its estimated value); staff time is counted in person-days. Totals are never added
across currencies or units: each (kind, unit, planned/actual) is its own measure, and the
shares per partner are worked out per measure. Pure: the services store contributions and
decide who may record them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import pycountry
from pydantic import Field

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import ItemId, ShortText, Strict, Text
from tocmap.i18n import N_, _

#: The kinds of contribution, as shown to users.
KINDS: dict[str, str] = {"money": N_("Money"), "staff_time": N_("Staff time"), "in_kind": N_("In kind")}
STATUSES: dict[str, str] = {"planned": N_("planned"), "actual": N_("actual")}
#: The unit of staff time.
STAFF_UNIT = "person-days"
AMOUNT_MAX = 1e15  # beyond any budget; keeps sums exact enough
DESCRIPTION_MAX = 500
EVIDENCE_MAX = 500

Kind = Literal["money", "staff_time", "in_kind"]
Status = Literal["planned", "actual"]


class Contribution(Strict):
    """One partner's planned or actual contribution over a period.

    Examples
    --------
    >>> c = Contribution(id=1, map_id=1, partner="moh", kind="money", status="planned", amount=5000,
    ...                  currency="EUR", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    >>> c.unit, c.measure
    ('EUR', ('money', 'EUR', 'planned'))
    """

    id: int | None = None
    map_id: int
    partner: ItemId
    kind: Kind
    status: Status
    amount: float = Field(gt=0, le=AMOUNT_MAX, allow_inf_nan=False)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    intervention: ItemId | None = None
    period_start: dt.date
    period_end: dt.date
    description: Text = ""
    evidence: Text = ""
    recorded_by: ShortText = ""
    recorded_at: dt.datetime | None = None

    @property
    def unit(self) -> str:
        """The currency code, or person-days for staff time."""
        return self.currency or STAFF_UNIT

    @property
    def measure(self) -> tuple[str, str, str]:
        """What it adds up with: (kind, unit, status)."""
        return self.kind, self.unit, self.status


def currency_code(raw: object) -> str:
    """An ISO 4217 currency code, upper-cased; refused when unknown.

    Examples
    --------
    >>> currency_code(" eur ")
    'EUR'
    >>> currency_code("EUX")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: “EUX” is not an ISO 4217 currency code; use one such as EUR, USD, KES or XOF.
    """
    code = raw.strip().upper() if isinstance(raw, str) else ""
    if not code:
        raise InvalidInput(_("Name the currency of the amount, as an ISO 4217 code such as EUR, USD, KES or XOF."))
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise InvalidInput(_("“{code}” is not an ISO 4217 currency code; use one such as EUR, USD, KES or XOF.",
                             code=str(raw).strip()[:20]))
    return code


def currency_name(code: str) -> str:
    """The name of a currency ("Euro"), or the code itself when unknown.

    >>> currency_name("KES")
    'Kenyan Shilling'
    """
    found = pycountry.currencies.get(alpha_3=code)
    return found.name if found else code


def _amount(raw: object) -> float:
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, str):
        raw = raw.strip().replace(",", "").replace(" ", "")
        try:
            raw = float(raw) if raw else None
        except ValueError:
            raise InvalidInput(_("The amount must be a number, not “{value}”.", value=raw[:30])) from None
    if not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InvalidInput(_("Give the amount as a number, such as 12500 or 12.5."))
    if raw < 0:
        raise InvalidInput(_("An amount cannot be negative ({amount}); record what the partner puts in.",
                             amount=format(raw, "g")))
    if raw == 0:
        raise InvalidInput(_("An amount of 0 is no contribution; give what the partner puts in."))
    if raw > AMOUNT_MAX:
        raise InvalidInput(_("{amount} is beyond any budget; check the amount.", amount=format(raw, "g")))
    return float(raw)


def _date(raw: object, what: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str) and raw.strip():
        try:
            return dt.date.fromisoformat(raw.strip()[:10])
        except ValueError:
            pass
    raise InvalidInput(_("Give the {what} of the period as a date (YYYY-MM-DD).", what=what))


def _text(raw: object, what: str, limit: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput(_("The {what} must be text.", what=what))
    text = raw.strip()
    if len(text) > limit:
        raise InvalidInput(_("The {what} is {length} characters long; keep it to {limit}.", what=what,
                             length=len(text), limit=limit))
    return text


FIELDS = {"partner", "kind", "status", "amount", "currency", "intervention", "period_start", "period_end",
          "description", "evidence"}


def checked(raw: object, partners: dict[str, str], interventions: dict[str, str]) -> dict:
    """A contribution's fields from a form or the API, checked; the services add who and when.

    ``partners`` and ``interventions`` map ids to names: the partnership's partners and the
    map's interventions.

    Examples
    --------
    >>> ok = checked({"partner": "moh", "kind": "money", "status": "actual", "amount": "12,500",
    ...               "currency": "kes", "period_start": "2026-01-01", "period_end": "2026-03-31"},
    ...              {"moh": "Ministry"}, {})
    >>> ok["amount"], ok["currency"], ok["intervention"]
    (12500.0, 'KES', None)
    >>> checked({**ok, "amount": -5}, {"moh": "Ministry"}, {})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: An amount cannot be negative (-5); record what the partner puts in.
    >>> checked({**ok, "kind": "staff_time", "currency": "EUR"}, {"moh": "Ministry"}, {})["currency"] is None
    True
    """
    if not isinstance(raw, dict):
        raise InvalidInput(_("A contribution is given as fields: partner, kind, status, amount, currency, period..."))
    unknown = set(raw) - FIELDS
    if unknown:
        raise InvalidInput(_("A contribution has no field {field}.", field=repr(min(unknown))))
    partner = raw.get("partner")
    if partner not in partners:
        raise InvalidInput(_("Choose the partner who contributes, from {partners}.",
                             partners=", ".join(partners.values()) or "—"))
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InvalidInput(_("A contribution is {kinds}, not “{kind}”.",
                             kinds=", ".join(_(k).lower() for k in KINDS.values()), kind=str(kind)[:20]))
    status = raw.get("status")
    if status not in STATUSES:
        raise InvalidInput(_("A contribution is planned or actual, not {status}.", status=repr(str(status)[:20])))
    amount = _amount(raw.get("amount"))
    currency = None if kind == "staff_time" else currency_code(raw.get("currency"))
    intervention = raw.get("intervention") or None
    if intervention is not None and intervention not in interventions:
        raise InvalidInput(_("The map has no such intervention; choose one of its interventions, or none."))
    start, end = _date(raw.get("period_start"), "start"), _date(raw.get("period_end"), "end")
    if end < start:
        raise InvalidInput(_("The period ends ({end}) before it starts ({start}).", end=end, start=start))
    return {"partner": partner, "kind": kind, "status": status, "amount": amount, "currency": currency,
            "intervention": intervention, "period_start": start, "period_end": end,
            "description": _text(raw.get("description"), _("description"), DESCRIPTION_MAX),
            "evidence": _text(raw.get("evidence"), _("evidence"), EVIDENCE_MAX)}


# --------------------------------------------------------------------------- totals and shares


@dataclass(frozen=True)
class Share:
    """One measure (money in EUR, actual...) split between the partners."""

    kind: str
    unit: str
    status: str
    totals: dict[str, float]  #: per partner, every partner listed (0 when it put in none)

    @property
    def total(self) -> float:
        return sum(self.totals.values())

    @property
    def label(self) -> str:
        """How the measure is named: "Pays (EUR, actual)", "Staff time (person-days, planned)"."""
        verb = {"money": "Pays", "staff_time": "Staff time", "in_kind": "In kind"}[self.kind]
        return f"{verb} ({self.unit}, {self.status})"

    def share(self, partner: str) -> float:
        """The partner's fraction of the total, 0 to 1."""
        return self.totals.get(partner, 0.0) / self.total if self.total else 0.0


def shares(contributions: list[Contribution], partners: list[str],
           intervention: str | None = None, within: tuple[dt.date, dt.date] | None = None) -> list[Share]:
    """Totals per partner for each measure, money first, planned before actual.

    ``intervention`` keeps only contributions to it; ``within`` only those whose period
    overlaps it. Nothing is added across currencies or units.

    Examples
    --------
    >>> day = dt.date(2026, 1, 1)
    >>> def c(partner, amount, currency="EUR", status="actual", kind="money"):
    ...     return Contribution(map_id=1, partner=partner, kind=kind, status=status, amount=amount,
    ...                         currency=currency, period_start=day, period_end=day)
    >>> found = shares([c("moh", 300), c("iph", 100), c("iph", 50, "USD"), c("moh", 20, None, kind="staff_time")],
    ...                ["moh", "iph"])
    >>> [(s.label, s.totals, round(s.share("moh"), 2)) for s in found]
    [('Pays (EUR, actual)', {'moh': 300.0, 'iph': 100.0}, 0.75), ('Pays (USD, actual)', {'moh': 0.0, 'iph': 50.0}, 0.0), ('Staff time (person-days, actual)', {'moh': 20.0, 'iph': 0.0}, 1.0)]
    """
    sums: dict[tuple[str, str, str], dict[str, float]] = {}
    for item in contributions:
        if intervention is not None and item.intervention != intervention:
            continue
        if within is not None and (item.period_end < within[0] or item.period_start > within[1]):
            continue
        per_partner = sums.setdefault(item.measure, {p: 0.0 for p in partners})
        per_partner[item.partner] = per_partner.get(item.partner, 0.0) + item.amount
    order = list(KINDS)
    ranked = sorted(sums, key=lambda m: (order.index(m[0]), m[1], list(STATUSES).index(m[2])))
    return [Share(kind, unit, status, {p: round(v, 2) for p, v in sums[(kind, unit, status)].items()})
            for kind, unit, status in ranked]


def planned_against_actual(contributions: list[Contribution], partners: list[str]) -> list[dict]:
    """Per partner and (kind, unit): planned, actual, and actual as a share of planned.

    Examples
    --------
    >>> day = dt.date(2026, 1, 1)
    >>> made = [Contribution(map_id=1, partner="moh", kind="money", status=s, amount=a, currency="EUR",
    ...                      period_start=day, period_end=day) for s, a in (("planned", 400), ("actual", 100))]
    >>> planned_against_actual(made, ["moh", "iph"])
    [{'partner': 'moh', 'kind': 'money', 'unit': 'EUR', 'planned': 400.0, 'actual': 100.0, 'delivered': 0.25}]
    """
    rows: dict[tuple[str, str, str], dict] = {}
    for item in contributions:
        row = rows.setdefault((item.partner, item.kind, item.unit), {
            "partner": item.partner, "kind": item.kind, "unit": item.unit, "planned": 0.0, "actual": 0.0})
        row[item.status] += item.amount
    order = {p: n for n, p in enumerate(partners)}
    found = sorted(rows.values(), key=lambda r: (order.get(r["partner"], len(order)), list(KINDS).index(r["kind"]),
                                                 r["unit"]))
    for row in found:
        row["delivered"] = round(row["actual"] / row["planned"], 2) if row["planned"] else None
    return found


def format_amount(amount: float, unit: str) -> str:
    """An amount with its unit, for tables: "12,500 EUR", "12.5 person-days".

    >>> format_amount(12500.0, "EUR"), format_amount(12.5, STAFF_UNIT)
    ('12,500 EUR', '12.5 person-days')
    """
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} {unit}"

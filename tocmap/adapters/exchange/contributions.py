"""What the files show of the equity work: contributions (IATI budgets and transactions, workbook
sheets, report rows), who decides (a row beside the contribution shares, when the map has
decisions) and the fairer reading of a health check round in the report.

``source.contributions`` is what :func:`tocmap.services.contributions.overview` returns (None
when the export was not asked for them). IATI takes money only: planned money becomes the
activity's budgets (summed per period and currency) and each partner's planned disbursements;
actual money becomes incoming-funds transactions from that partner. Staff time and in-kind
contributions have no IATI element, and are named in a comment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from lxml import etree

from tocmap.domain.contributions import KINDS, format_amount
from tocmap.i18n import N_, _

#: IATI codes used: budget type 1 (original), status 1 (indicative); planned disbursement type 1
#: (original); transaction type 1 (incoming funds).
BUDGET_ORIGINAL, BUDGET_INDICATIVE, INCOMING_FUNDS = "1", "1", "1"


def _value(parent: etree._Element, amount: float, currency: str, when: dt.date) -> None:
    shown = f"{amount:.2f}".rstrip("0").rstrip(".")
    etree.SubElement(parent, "value", currency=currency, **{"value-date": when.isoformat()}).text = shown


def _period(parent: etree._Element, start: dt.date, end: dt.date) -> None:
    etree.SubElement(parent, "period-start", **{"iso-date": start.isoformat()})
    etree.SubElement(parent, "period-end", **{"iso-date": end.isoformat()})


def _org(parent: etree._Element, tag: str, name: str) -> None:
    etree.SubElement(etree.SubElement(parent, tag), "narrative").text = name


def append_iati_finances(activity: etree._Element, overview: Any) -> None:
    """Budgets, planned disbursements and transactions, in the schema's order, after ``activity-date``."""
    if overview is None or not overview.contributions:
        return
    names = {p.id: p.name for p in overview.partnership.partners}
    money = [c for c in overview.contributions if c.kind == "money"]
    budgets: dict[tuple, float] = defaultdict(float)
    for item in money:
        if item.status == "planned":
            budgets[(item.period_start, item.period_end, item.currency)] += item.amount
    for (start, end, currency), amount in sorted(budgets.items()):
        budget = etree.SubElement(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE)
        _period(budget, start, end)
        _value(budget, amount, currency, start)
    for item in (c for c in money if c.status == "planned"):
        planned = etree.SubElement(activity, "planned-disbursement", type=BUDGET_ORIGINAL)
        _period(planned, item.period_start, item.period_end)
        _value(planned, item.amount, item.currency, item.period_start)
        _org(planned, "provider-org", names.get(item.partner, item.partner))
    for item in (c for c in money if c.status == "actual"):
        transaction = etree.SubElement(activity, "transaction")
        etree.SubElement(transaction, "transaction-type", code=INCOMING_FUNDS)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": item.period_end.isoformat()})
        _value(transaction, item.amount, item.currency, item.period_end)
        said = "; ".join(t for t in (item.description, f"Evidence: {item.evidence}" if item.evidence else "") if t)
        if said:
            _org(transaction, "description", said)
        _org(transaction, "provider-org", names.get(item.partner, item.partner))
    others = [c for c in overview.contributions if c.kind != "money"]
    if others:
        activity.append(etree.Comment(
            f" {len(others)} contributions of staff time or in kind are not listed: IATI budgets and "
            "transactions carry money only. "))


def workbook_rows(overview: Any) -> tuple[list[tuple], list[list], list[list]]:
    """Column specs and rows of the Contributions sheet, and the rows of the Contribution shares sheet
    (who decides last, its total the taken decisions carrying the partner's agreement)."""
    names = overview.names
    columns = [("ID", 8), (N_("Partner"), 20), (N_("Kind"), 12), (N_("Planned or actual"), 10),
               (N_("Amount"), 14, "number"), (N_("Unit"), 12), (N_("Intervention"), 36, "wrap"),
               (N_("Period start"), 12, "date"), (N_("Period end"), 12, "date"), (N_("Description"), 40, "wrap"),
               (N_("Evidence"), 40, "wrap"), (N_("Recorded by"), 18), (N_("Recorded at (UTC)"), 18, "datetime")]
    rows = [[c.id, names.get(c.partner, c.partner), KINDS[c.kind], c.status, c.amount, c.unit,
             overview.interventions.get(c.intervention, c.intervention or ""), c.period_start, c.period_end,
             c.description, c.evidence, c.recorded_by,
             c.recorded_at.replace(tzinfo=None) if c.recorded_at else None] for c in overview.contributions]
    shares = [[s.label, names.get(p, p), v, round(s.share(p), 4)]
              for s in overview.shares for p, v in s.totals.items()]
    deciding = overview.deciding
    if deciding is not None:
        shares += [[deciding.label, names.get(p, p), n, round(deciding.share(p), 4)] for p, n in deciding.agreed.items()]
    return columns, rows, shares


def report_section(overview: Any) -> dict | None:
    """The report's contributions: shares per measure, who decides, and planned against actual (None when
    the partners recorded no contribution and the map has no decision)."""
    if overview is None or not (overview.contributions or overview.deciding):
        return None
    names = overview.names
    partners = [p.id for p in overview.partnership.partners]
    deciding = overview.deciding
    return {
        "partners": [names[p] for p in partners],
        "colours": [p.colour for p in overview.partnership.partners],
        "shares": [{"label": s.label, "cells": [(format_amount(s.totals.get(p, 0.0), s.unit),
                                                 f"{s.share(p):.0%}", round(100 * s.share(p))) for p in partners]}
                   for s in overview.shares],
        "deciding": None if deciding is None else {
            "label": deciding.label, "taken": deciding.taken,
            "cells": [(deciding.shown(p), f"{deciding.share(p):.0%}", round(100 * deciding.share(p))) for p in partners]},
        "delivered": [{"partner": names.get(r["partner"], r["partner"]), "kind": _(KINDS[r["kind"]]),
                       "planned": format_amount(r["planned"], r["unit"]),
                       "actual": format_amount(r["actual"], r["unit"]),
                       "delivered": "—" if r["delivered"] is None else f"{r['delivered']:.0%}"}
                      for r in overview.delivered],
        "count": len(overview.contributions),
    }


def fair_health(found: Any, names: dict[str, str], partners: list[str]) -> dict:
    """The report's view of a round beyond the partners' means: the assessors' means per dimension (beside,
    never mixed in), "don't know" and "not applicable" counts, the widest splits inside a partner, anonymous
    comments, and the diagnosis with who agreed it. ``found`` is a ``tocmap.services.health.Results``."""
    dims = {d.key: d.title for d in found.round.dimensions}
    unsure = []
    for partner, per in found.not_scored.items():
        for key, counts in per.items():
            said = ", ".join(f"{n} {('don’t know' if what == 'dont_know' else 'not applicable')}"
                             for what, n in counts.items())
            unsure.append(f"{names.get(partner, 'Independent assessor')} on {dims.get(key, key)}: {said}")
    splits = [f"{names.get(p, p)} on {dims.get(k, k)}: {s.lowest} to {s.highest} ({s.count} answers)"
              for p, per in found.spreads.items() for k, s in per.items() if s.width >= 2]
    diagnosis = found.round.diagnosis
    return {
        "assessor": {g.key: f"{found.assessor_means[g.key]:.1f}" if g.key in found.assessor_means else "—"
                     for g in found.gaps} if found.assessors else None,
        "unsure": unsure, "splits": splits,
        "anonymous": [(dims.get(c.dimension, _("The round")) if c.dimension else _("The round"), c.text)
                      for c in found.anonymous],
        "diagnosis": None if not diagnosis.text else {
            "text": diagnosis.text, "agreed": diagnosis.agreed(partners),
            "by": ", ".join(names.get(p, p) for p in diagnosis.agreed_by) or _("no partner yet")},
    }

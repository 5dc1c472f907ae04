"""The shares chart of the Partners tab: who decides is a row only when the map has decisions."""

import datetime as dt

from tocmap.domain.decisions import Decision, decision_power
from tocmap.domain.model import Partner, Partnership
from tocmap.ui.editor.contributions import shares_figure

PARTNERSHIP = Partnership(id="p", name="P", partners=[Partner(id="moh", name="Ministry", colour="#1f77b4"),
                                                    Partner(id="iph", name="Institute", colour="#ff7f0e")])
BALANCE = [{"partner": "moh", "proposed": 3, "owns": 2, "agreed": 1}, {"partner": "iph", "proposed": 1, "owns": 2,
                                                                        "agreed": 1}]


def rows(figure):
    return {trace.name: dict(zip(trace.y, trace.x)) for trace in figure.data}


def test_without_decisions_the_chart_has_no_row_for_who_decides():
    assert not any(label.startswith("Decides") for label in rows(shares_figure([], BALANCE, PARTNERSHIP))["Ministry"])


def test_with_decisions_the_chart_shows_whose_agreement_the_taken_ones_carry():
    day = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    taken = [Decision(id=n, map_id=1, text="x", rule="vote", threshold=0.5, stands=stands, created_at=day,
                      taken_at=day) for n, stands in enumerate([{"moh": "agree", "iph": "object"},
                                                                 {"moh": "agree", "iph": "agree"}])]
    figure = shares_figure([], BALANCE, PARTNERSHIP, decision_power(taken, ["moh", "iph"]))
    shown = rows(figure)
    label = "Decides (2 taken decisions)"
    assert round(shown["Ministry"][label]) == 67 and round(shown["Institute"][label]) == 33
    assert figure.data[1].customdata[list(figure.data[1].y).index(label)] == "agreed 1 of 2"

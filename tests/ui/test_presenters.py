"""The editor's tables: what each row of the indicators table says."""

import datetime as dt

from tocmap.domain.model import Baseline, Element, Indicator, MapState, Observation, Partnership, Period, Target
from tocmap.ui.presenters import indicator_rows

YEAR = Period(label="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


def test_each_indicator_row_shows_its_status_on_the_day_and_retired_ones_say_so():
    measured = Indicator(id="in-1", element="oc-1", name="Reports on time", baseline=Baseline(value=0),
                         targets=[Target(period=YEAR, value=10)],
                         observations=[Observation(id="ob-1", value=9, date=dt.date(2026, 6, 1))])
    retired = measured.model_copy(update={"id": "in-2", "name": "Old measure", "status": "retired"})
    state = MapState(title="m", elements={"oc-1": Element(id="oc-1", kind="outcome", label="Outcome")},
                     indicators={"in-1": measured, "in-2": retired})
    rows = {r["id"]: r for r in indicator_rows(state, Partnership(id="p", name="P"), on=dt.date(2026, 7, 1))}
    assert rows["in-1"]["progress"] == "On track" and rows["in-2"]["progress"] == "Retired"

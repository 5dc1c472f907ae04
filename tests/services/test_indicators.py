"""Indicators through the services: who may edit them, revisions keep observations, agreement."""

import datetime as dt

import pytest

from tocmap.domain.changes import AddIndicator, AddObservation, UpdateIndicator
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import Indicator, Observation, Period, Target
from tocmap.services import accounts, history, maps
from tocmap.services.access import SYSTEM

PASSWORD = "a long enough password"


@pytest.fixture
def team(db):
    """The worked example (partners moh and iph) with one member per role."""
    map_id = maps.ensure_example(db)
    found = {}
    for role, partner in (("facilitator", "iph"), ("editor", "moh"), ("mel_lead", "moh"), ("viewer", "moh"),
                          ("mel_lead", "iph")):
        email = f"{role}-{partner}@example.org"
        user = accounts.create_user(db, email, f"{role} {partner}", PASSWORD)
        accounts.set_member(db, map_id, email, role, partner, SYSTEM)
        found[f"{role}-{partner}"] = accounts.author_of(user)
    return map_id, found


def new_indicator(ident="ind-new"):
    year = Period(label="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    return Indicator(id=ident, element="oc-3", name="Districts with a weekly review", targets=[
        Target(period=year, value=40.0)])


def observation(n, value=10.0):
    return Observation(id=f"obs-new-{n}", value=value, date=dt.date(2026, n, 1))


def state(db, map_id):
    return maps.get_map(db, map_id, who=SYSTEM)[2]


@pytest.mark.parametrize("who", ["facilitator-iph", "mel_lead-moh"])
def test_mel_leads_and_facilitators_add_indicators_and_record_values(db, team, who):
    map_id, people = team
    history.apply(db, map_id, AddIndicator(indicator=new_indicator()), people[who])
    history.apply(db, map_id, AddObservation(indicator="ind-new", observation=observation(1)), people[who])
    assert [o.value for o in state(db, map_id).indicators["ind-new"].observations] == [10.0]


@pytest.mark.parametrize("who, role", [("editor-moh", "Editors"), ("viewer-moh", "Viewers")])
def test_editors_and_viewers_are_refused_and_nothing_is_written(db, team, who, role):
    map_id, people = team
    revision = maps.list_maps(db, who=SYSTEM)[0].revision
    with pytest.raises(PermissionDenied, match=f"{role} of map {map_id} may not edit indicators"):
        history.apply(db, map_id, AddIndicator(indicator=new_indicator()), people[who])
    with pytest.raises(PermissionDenied):
        history.apply(db, map_id, AddObservation(indicator="ind-completeness", observation=observation(1)),
                      people[who])
    assert maps.list_maps(db, who=SYSTEM)[0].revision == revision


def test_a_revision_needs_a_rationale_and_writes_nothing_without_one(db, team):
    map_id, people = team
    revision = maps.list_maps(db, who=SYSTEM)[0].revision
    with pytest.raises(InvalidInput, match="is a revision: give the reason"):
        history.apply(db, map_id, UpdateIndicator(id="ind-completeness", set={"unit": "reports"}),
                      people["mel_lead-moh"])
    assert maps.list_maps(db, who=SYSTEM)[0].revision == revision


def test_a_revision_keeps_observations_through_undo_and_restore(db, team):
    map_id, people = team
    mel = people["mel_lead-moh"]
    kept = [o.id for o in state(db, map_id).indicators["ind-completeness"].observations]
    before = maps.list_maps(db, who=SYSTEM)[0].revision
    targets = [{"period": {"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}, "value": 85.0}]
    revised = history.apply(db, map_id, UpdateIndicator(
        id="ind-completeness", set={"targets": targets, "definition": "Reports received by Friday"},
        reason="The 2026 target was lowered after the strike"), mel)
    indicator = revised.state.indicators["ind-completeness"]
    assert [o.id for o in indicator.observations] == kept
    assert indicator.revisions[0].rationale == "The 2026 target was lowered after the strike"
    assert len(indicator.revisions[0].fields["targets"]) == 3
    history.apply(db, map_id, AddObservation(indicator="ind-completeness", observation=observation(3, 80.0)), mel)
    entry = history.history(db, map_id, limit=2, who=SYSTEM)[1]
    assert entry.summary.startswith("Revised indicator “Completeness of weekly IDSR reports”")

    # both partners had agreed it: undoing puts back their agreement, which only the instance may do for them
    history.undo(db, map_id, revised.revision, SYSTEM)
    undone = state(db, map_id).indicators["ind-completeness"]
    assert undone.revisions == [] and len(undone.targets) == 3
    assert [o.id for o in undone.observations] == [*kept, "obs-new-3"]

    history.restore(db, map_id, revised.revision, SYSTEM)
    db.cache.clear()
    restored = state(db, map_id).indicators["ind-completeness"]
    assert len(restored.revisions) == 1 and restored.targets[0].value == 85.0
    assert [o.id for o in restored.observations] == kept  # as at that revision: before obs-new-3...
    back = history.restore(db, map_id, revised.revision + 1, SYSTEM)
    assert [o.id for o in back.state.indicators["ind-completeness"].observations] == [*kept, "obs-new-3"]
    assert maps.get_map(db, map_id, revision=before, who=SYSTEM)[2].indicators["ind-completeness"].revisions == []


def test_every_partner_must_agree_an_indicator_and_a_change_resets_it(db, team):
    map_id, people = team
    history.apply(db, map_id, AddIndicator(indicator=new_indicator()), people["mel_lead-moh"])
    history.set_stand(db, map_id, "indicator", "ind-new", "agree", people["mel_lead-moh"])
    partners = {"moh", "iph"}
    assert state(db, map_id).indicators["ind-new"].agreement(partners) == "proposed"
    history.set_stand(db, map_id, "indicator", "ind-new", "agree", people["mel_lead-iph"])
    assert state(db, map_id).indicators["ind-new"].agreement(partners) == "agreed"
    history.apply(db, map_id, UpdateIndicator(id="ind-new", set={"data_source": "DHIS2"}), people["mel_lead-moh"])
    assert state(db, map_id).indicators["ind-new"].agreement(partners) == "proposed"
    history.set_stand(db, map_id, "indicator", "ind-new", "dispute", people["editor-moh"])
    assert state(db, map_id).indicators["ind-new"].agreement(partners) == "disputed"


def test_a_viewer_cannot_agree_an_indicator(db, team):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        history.set_stand(db, map_id, "indicator", "ind-completeness", "agree", people["viewer-moh"])
    with pytest.raises(InvalidInput, match="not on a 'map'"):
        history.set_stand(db, map_id, "map", "x", "agree", people["mel_lead-moh"])

"""Checking a stored map: after every edit, at any revision, only for those who may view it."""

from __future__ import annotations

import pytest

from tests.domain.factories import element, link
from tocmap.domain.changes import AddElement, AddLink, RemoveElement, UpdateElement
from tocmap.domain.checks import check
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author
from tocmap.services import accounts, history, maps
from tocmap.services import checks as checking
from tocmap.services.access import SYSTEM


@pytest.fixture
def example(db) -> int:
    return maps.create_map(db, "Surveillance", SYSTEM, template="example-health-data-partnership")


def rules(checked: checking.Checked) -> list[str]:
    return [f.rule for f in checked.report.findings]


def test_a_map_is_checked_at_its_head_revision(db, example):
    checked = checking.check_map(db, example, SYSTEM)
    assert checked.map_id == example and checked.revision == 1 and checked.title == "Surveillance"
    assert checked.report.counts()["error"] == 0
    assert "feedback-loop" in rules(checked)


def test_every_edit_gives_fresh_findings_and_old_revisions_keep_theirs(db, example):
    before = checking.check_map(db, example, SYSTEM)
    history.apply(db, example, AddElement(element=element("lonely", "output", "A forgotten leaflet")), SYSTEM)
    after = checking.check_map(db, example, SYSTEM)
    assert after.revision == before.revision + 1
    orphan = [f for f in after.report.findings if f.rule == "orphan"]
    assert [f.elements for f in orphan] == [["lonely"]]
    assert "“A forgotten leaflet”" in orphan[0].message
    checking.clear_cache()
    assert checking.check_map(db, example, SYSTEM, revision=before.revision).report.findings == before.report.findings


def test_a_results_chain_circle_appears_as_an_error_once_drawn(db, example):
    history.apply(db, example, AddLink(link=link("back", "impact-1", "in-1")), SYSTEM)
    checked = checking.check_map(db, example, SYSTEM)
    [circle] = [f for f in checked.report.findings if f.rule == "results-chain-cycle"]
    assert circle.severity == "error" and "back" in circle.links
    assert checked.report.fails("error")


def test_findings_name_partners_by_their_short_names(db, example):
    history.apply(db, example, RemoveElement(id="oc-3"), SYSTEM)  # a change, so the map is not only the template
    checked = checking.check_map(db, example, SYSTEM)
    disputed = [f.message for f in checked.report.findings if f.rule == "disputed"]
    assert disputed == ["The intervention “Joint technical review of national alert thresholds” is disputed by MoH Lumora."]


def test_an_unknown_map_or_revision_is_a_clear_error(db, example):
    with pytest.raises(NotFound, match="There is no map 99."):
        checking.check_map(db, 99, SYSTEM)
    with pytest.raises(NotFound, match="no revision 7"):
        checking.check_map(db, example, SYSTEM, revision=7)


def test_only_those_who_may_view_the_map_can_check_it(db, example):
    viewer = accounts.create_user(db, "viewer@example.org", "Vera", "a long enough password")
    accounts.set_member(db, example, viewer.email, "viewer", None, SYSTEM)
    outsider = accounts.create_user(db, "out@example.org", "Otto", "a long enough password")
    assert checking.check_map(db, example, accounts.author_of(viewer)).revision == 1
    with pytest.raises(PermissionDenied):
        checking.check_map(db, example, accounts.author_of(outsider))
    with pytest.raises(PermissionDenied):
        checking.map_leverage(db, example, Author(name="Signed out"))


def test_pathways_from_an_intervention_to_the_impact(db, example):
    checked, found = checking.map_pathways(db, example, SYSTEM, "in-1")
    assert [p.elements for p in found.paths] == [["in-1", "op-1", "oc-1", "impact-1"],
                                                ["in-1", "op-1", "oc-3", "oc-1", "impact-1"]]
    assert found.complete and checked.revision == 1
    with pytest.raises(NotFound, match="no element 'nope'"):
        checking.map_pathways(db, example, SYSTEM, "nope")


def test_leverage_points_by_each_measure(db, example):
    for measure in ("betweenness", "in_degree", "out_degree", "reach"):
        _, ranked = checking.map_leverage(db, example, SYSTEM, measure, limit=5)
        assert ranked.measure == measure and 0 < len(ranked.ranking) <= 5
        values = [r.value for r in ranked.ranking]
        assert values == sorted(values, reverse=True)
    _, reach = checking.map_leverage(db, example, SYSTEM, "reach", limit=1)
    assert reach.ranking[0].element == "ef-4"  # aid cuts sway the funder, and through it the whole ministry
    with pytest.raises(InvalidInput, match="no measure 'fame'"):
        checking.map_leverage(db, example, SYSTEM, "fame")


def test_each_partner_leads_and_contributes_to_pathways(db, example):
    checked, view = checking.map_partner_pathways(db, example, SYSTEM)
    names = {p.id for p in checked.partnership.partners}
    assert {s.partner for s in view.partners} == names
    for share in view.partners:
        for i in share.leads:
            assert checked.state.elements[view.paths[i].elements[0]].owner == share.partner
        assert not set(share.leads) & set(share.contributes)
    assert all(share.leads for share in view.partners)


def test_results_are_cached_per_revision(db, example):
    first = checking.check_map(db, example, SYSTEM)
    assert checking.check_map(db, example, SYSTEM) is first
    checking.clear_cache()
    again = checking.check_map(db, example, SYSTEM)
    assert again is not first
    assert (again.report.findings, again.report.loops) == (first.report.findings, first.report.loops)


def test_checks_after_an_edit_start_from_the_revision_checked_before(db, example):
    before = checking.check_map(db, example, SYSTEM)
    history.apply(db, example, UpdateElement(id="oc-1", set={"label": "Districts act on their data"}), SYSTEM)
    after = checking.check_map(db, example, SYSTEM)
    assert after.run.loops is before.run.loops  # no link changed: the loop search did not run again
    _, partnership, state = maps.get_map(db, example, who=SYSTEM)
    assert after.report.findings == check(state, checking.partner_names(partnership)).findings

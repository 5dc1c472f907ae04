"""Partners: every change is a line in the history, only facilitators make them, nothing is lost.

Run on SQLite and PostgreSQL (``real_db``).
"""

import pytest

from tests.services.conftest import make_team
from tocmap.domain.changes import AddPartner, Batch, Note
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Partner
from tocmap.services import accounts, history, maps, partners
from tocmap.services.access import SYSTEM


@pytest.fixture
def blank(real_db):
    """A blank map with two partners, made by the system."""
    map_id = maps.create_map(real_db, "Blank", SYSTEM)
    partners.add_partner(real_db, map_id, "Ministry of Health", SYSTEM, short_name="MoH", language="fr")
    partners.add_partner(real_db, map_id, "Development partners", SYSTEM, organisations="UNICEF\nWHO")
    return real_db, map_id


def summaries(db, map_id, n=1):
    return [r.summary for r in history.history(db, map_id, limit=n, who=SYSTEM)]


def test_a_blank_map_gains_partners_each_a_line_in_its_history(blank):
    db, map_id = blank
    group = partners.partnership_of(db, map_id, SYSTEM)
    assert [(p.id, p.name, p.language, p.organisations) for p in group.partners] == [
        ("moh", "Ministry of Health", "fr", []), ("development-partners", "Development partners", "", ["UNICEF", "WHO"])]
    assert group.partners[0].colour != group.partners[1].colour
    assert summaries(db, map_id, 2) == ["Added partner “Development partners”", "Added partner “Ministry of Health”"]


def test_a_partner_is_renamed_recoloured_and_given_a_short_name_and_language(blank):
    db, map_id = blank
    partners.update_partner(db, map_id, "moh", {"name": "Ministère de la Santé"}, SYSTEM)
    partners.update_partner(db, map_id, "moh", {"colour": "#112233", "short_name": "MS", "language": "pt-BR"}, SYSTEM)
    moh = partners.partnership_of(db, map_id, SYSTEM).find("moh")
    assert (moh.name, moh.colour, moh.short_name, moh.language) == ("Ministère de la Santé", "#112233", "MS", "pt-BR")
    assert summaries(db, map_id, 2) == ["Changed colour, short name, language of partner “Ministère de la Santé”",
                                        "Renamed partner “Ministry of Health” to “Ministère de la Santé”"]


def test_the_organisations_of_a_group_are_listed_and_changed(blank):
    db, map_id = blank
    partners.update_partner(db, map_id, "development-partners", {"organisations": "UNICEF; WHO; World Bank"}, SYSTEM)
    group = partners.partnership_of(db, map_id, SYSTEM).find("development-partners")
    assert group.organisations == ["UNICEF", "WHO", "World Bank"]


@pytest.mark.parametrize("name", ["Ministry of Health", "ministry of health ", "MoH"])
def test_a_duplicate_partner_name_is_refused_and_changes_nothing(blank, name):
    db, map_id = blank
    revision = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    with pytest.raises(InvalidInput, match="already a partner called “Ministry of Health”"):
        partners.add_partner(db, map_id, name, SYSTEM)
    with pytest.raises(InvalidInput, match="already a partner"):
        partners.update_partner(db, map_id, "development-partners", {"name": name}, SYSTEM)
    assert maps.get_map(db, map_id, who=SYSTEM)[0].revision == revision
    assert len(partners.partnership_of(db, map_id, SYSTEM).partners) == 2


@pytest.mark.parametrize("fields, message", [
    ({"colour": "red"}, "colour"), ({"language": "not a language"}, "language"), ({"name": ""}, "name"),
    ({"id": "other"}, "not 'id'"), ({}, "Say what to change"),
])
def test_bad_partner_values_get_one_clear_message(blank, fields, message):
    db, map_id = blank
    with pytest.raises(InvalidInput, match=message):
        partners.update_partner(db, map_id, "moh", fields, SYSTEM)


def test_retiring_a_partner_keeps_what_it_proposed_and_agreed(blank):
    db, map_id = blank
    element = {"op": "add_element", "element": {"id": "oc-1", "kind": "outcome", "label": "Data used",
                                                "owner": "development-partners", "proposed_by": "development-partners",
                                                "agreed_by": ["development-partners", "moh"]}}
    history.apply(db, map_id, history.CHANGE.validate_python(element), SYSTEM)
    partners.retire_partner(db, map_id, "development-partners", SYSTEM)
    info, group, state = maps.get_map(db, map_id, who=SYSTEM)
    assert [p.id for p in group.partners] == ["moh"] and [p.id for p in group.former] == ["development-partners"]
    item = state.elements["oc-1"]
    assert (item.owner, item.proposed_by, item.agreed_by) == ("development-partners", "development-partners",
                                                              ["development-partners", "moh"])
    assert item.agreement(group.partner_ids()) == "agreed"  # every partner working together now agreed
    assert summaries(db, map_id) == ["Retired partner “Development partners”"]
    # and the document exports and imports again with the retired partner's name
    copy = maps.import_document(db, maps.export_document(db, map_id, who=SYSTEM), SYSTEM).map_id
    assert maps.get_map(db, copy, who=SYSTEM)[1].find("development-partners").name == "Development partners"


def test_retiring_a_partner_that_still_has_members_is_refused(blank):
    db, map_id = blank
    user = accounts.create_user(db, "amina@moh.example", "Amina", "a long enough password")
    accounts.set_member(db, map_id, user.email, "editor", "moh", SYSTEM)
    with pytest.raises(InvalidInput, match="still has 1 member"):
        partners.retire_partner(db, map_id, "moh", SYSTEM)
    assert partners.partnership_of(db, map_id, SYSTEM).find("moh").merged_into is None
    assert [p.id for p in partners.partnership_of(db, map_id, SYSTEM).former] == []


def test_a_retired_partner_is_reinstated_and_cannot_be_given_members_while_retired(blank):
    db, map_id = blank
    partners.retire_partner(db, map_id, "moh", SYSTEM)
    accounts.create_user(db, "amina@moh.example", "Amina", "a long enough password")
    with pytest.raises(InvalidInput, match="not a partner"):
        accounts.set_member(db, map_id, "amina@moh.example", "editor", "moh", SYSTEM)
    with pytest.raises(InvalidInput, match="is retired; reinstate it first"):
        partners.update_partner(db, map_id, "moh", {"name": "Ministry"}, SYSTEM)
    with pytest.raises(InvalidInput, match="reinstate it rather than adding it again"):
        partners.add_partner(db, map_id, "Ministry of Health", SYSTEM)
    partners.reinstate_partner(db, map_id, "moh", SYSTEM)
    assert "moh" in partners.partnership_of(db, map_id, SYSTEM).partner_ids()
    with pytest.raises(InvalidInput, match="is not retired"):
        partners.reinstate_partner(db, map_id, "moh", SYSTEM)
    assert summaries(db, map_id) == ["Reinstated partner “Ministry of Health”"]


def test_merging_moves_the_members_and_keeps_both_records(blank):
    db, map_id = blank
    user = accounts.create_user(db, "kofi@unicef.example", "Kofi", "a long enough password")
    accounts.set_member(db, map_id, user.email, "editor", "development-partners", SYSTEM)
    partners.merge_partners(db, map_id, "development-partners", "moh", SYSTEM)
    group = partners.partnership_of(db, map_id, SYSTEM)
    assert [p.id for p in group.partners] == ["moh"]
    assert group.find("development-partners").merged_into == "moh"
    assert accounts.membership_of(db, map_id, accounts.author_of(user)).partner == "moh"
    assert summaries(db, map_id) == [
        "Merged partner “Development partners” into “Ministry of Health” (1 member moved)"]
    with pytest.raises(InvalidInput, match="two different partners"):
        partners.merge_partners(db, map_id, "moh", "moh", SYSTEM)
    with pytest.raises(NotFound, match="no partner 'nobody'"):
        partners.merge_partners(db, map_id, "nobody", "moh", SYSTEM)


def test_a_partner_change_is_undone_like_any_other(blank):
    db, map_id = blank
    applied = partners.update_partner(db, map_id, "moh", {"name": "Ministry"}, SYSTEM)
    history.undo(db, map_id, applied.revision, SYSTEM)
    assert partners.partnership_of(db, map_id, SYSTEM).find("moh").name == "Ministry of Health"
    added = partners.add_partner(db, map_id, "University", SYSTEM)
    history.undo(db, map_id, added.revision, SYSTEM)
    assert [p.id for p in partners.partnership_of(db, map_id, SYSTEM).former] == ["university"]


def test_partner_changes_are_refused_inside_a_batch(blank):
    db, map_id = blank
    batch = Batch(ops=[AddPartner(partner=Partner(id="x", name="X")), Note(text="x")])
    with pytest.raises(InvalidInput, match="one at a time"):
        history.apply(db, map_id, batch, SYSTEM)


def test_only_facilitators_change_partners(real_db):
    map_id, people = make_team(real_db)
    for key in ("ana", "ben", "mel", "vic", "nop"):
        with pytest.raises(PermissionDenied, match="may not manage"):
            partners.add_partner(real_db, map_id, "University", people[key])
        with pytest.raises(PermissionDenied):
            partners.update_partner(real_db, map_id, "moh", {"name": "Ministry"}, people[key])
    with pytest.raises(PermissionDenied, match="not a member"):
        partners.retire_partner(real_db, map_id, "iph", people["out"])
    partners.add_partner(real_db, map_id, "University", people["fac"])
    assert history.history(real_db, map_id, limit=1, who=SYSTEM)[0].author.name == "Fac"

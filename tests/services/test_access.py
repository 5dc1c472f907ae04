"""Who may do what: roles, membership, agreement on behalf of one's own partner."""

import pytest

from tests.domain.factories import element
from tocmap.domain.access import Permission
from tocmap.domain.roles import Role
from tocmap.domain.changes import AddElement, AddIndicator, UpdateElement
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author, Indicator
from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM, authorize, authorize_change, check_agreement, visible_maps


@pytest.fixture
def people(db):
    """A map (of the peer partnership template) and one account per role, plus an outsider."""
    map_id = maps.create_map(db, "Twinning", SYSTEM, template="peer-partnership")
    partners = [p.id for p in maps.get_map(db, map_id, who=SYSTEM)[1].partners]
    found = {}
    for role in [*Role, "outsider"]:
        name = role.title if isinstance(role, Role) else role.title()
        user = accounts.create_user(db, f"{role}@example.org", name, "a long enough password")
        if role != "outsider":
            accounts.set_member(db, map_id, user.email, role, None if role == Role.ASSESSOR else partners[0], SYSTEM)
        found[str(role)] = accounts.author_of(user)
    found["admin"] = accounts.author_of(accounts.create_user(db, "boss@example.org", "Boss", "a long enough password",
                                                             is_admin=True))
    return map_id, partners, found


def allowed(db, map_id, who, permission) -> bool:
    try:
        with db.store() as store:
            authorize(store, map_id, who, permission)
        return True
    except PermissionDenied:
        return False


@pytest.mark.parametrize("who, can", [
    ("facilitator", set(Permission)),
    ("editor", {Permission.VIEW, Permission.EDIT_MAP, Permission.AGREE, Permission.COMMENT,
                Permission.RECORD_LEARNING, Permission.TRANSLATE}),
    ("mel_lead", {Permission.VIEW, Permission.EDIT_INDICATORS, Permission.AGREE, Permission.COMMENT,
                  Permission.RECORD_LEARNING, Permission.TRANSLATE}),
    ("viewer", {Permission.VIEW, Permission.COMMENT}),
    ("assessor", {Permission.VIEW, Permission.COMMENT}),
    ("outsider", set()),
    ("admin", set(Permission)),
])
def test_each_role_gets_exactly_its_permissions(db, people, who, can):
    map_id, _, found = people
    assert {p for p in Permission if allowed(db, map_id, found[who], p)} == can


def test_signed_out_requests_are_refused(db, people):
    map_id, _, _ = people
    assert not allowed(db, map_id, Author(name="Nobody"), Permission.VIEW)


def test_the_recorded_author_takes_name_and_partner_from_the_account(db, people):
    map_id, partners, found = people
    forged = found["editor"].model_copy(update={"name": "Someone else", "partner": partners[1]})
    with db.store() as store:
        recorded = authorize(store, map_id, forged, Permission.EDIT_MAP)
    assert (recorded.name, recorded.partner) == ("Editor", partners[0])


def test_a_mel_lead_edits_indicators_but_not_the_map(db, people):
    map_id, _, found = people
    indicator = AddIndicator(indicator=Indicator(id="i9", element="x", name="Share"))
    with db.store() as store:
        authorize_change(store, map_id, found["mel_lead"], indicator)
        with pytest.raises(PermissionDenied, match="MEL leads of map"):
            authorize_change(store, map_id, found["mel_lead"], AddElement(element=element("n")))


def test_members_agree_only_on_behalf_of_their_own_partner(db, people):
    _, partners, found = people
    own = UpdateElement(id="x", set={"agreed_by": [partners[0]]}, before={"agreed_by": []})
    other = UpdateElement(id="x", set={"agreed_by": [partners[1]]}, before={"agreed_by": []})
    mine = found["viewer"].model_copy(update={"partner": partners[0]})
    check_agreement(mine, own, own)
    with pytest.raises(PermissionDenied, match="your own partner"):
        check_agreement(mine, other, other)


def test_editing_an_agreed_element_resets_agreement_without_speaking_for_anyone(db, people):
    from tocmap.services import history

    map_id, partners, found = people
    element_id = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].elements))
    history.apply(db, map_id, UpdateElement(id=element_id, set={"agreed_by": partners}), SYSTEM)
    applied = history.apply(db, map_id, UpdateElement(id=element_id, set={"label": "Reworded"}), found["editor"])
    assert applied.state.elements[element_id].agreed_by == []


def test_members_see_only_their_maps_and_admins_see_all(db, people):
    map_id, _, found = people
    with db.store() as store:
        assert visible_maps(store, found["viewer"]) == {map_id}
        assert visible_maps(store, found["outsider"]) == set()
        assert visible_maps(store, found["admin"]) is None


def test_only_facilitators_manage_members_and_a_map_keeps_one(db, people):
    map_id, _, found = people
    with pytest.raises(PermissionDenied):
        accounts.set_member(db, map_id, "outsider@example.org", "editor", None, found["editor"])
    accounts.set_member(db, map_id, "outsider@example.org", "viewer", None, found["facilitator"])
    facilitator = found["facilitator"]
    with pytest.raises(InvalidInput, match="at least one facilitator"):
        accounts.remove_member(db, map_id, facilitator.user_id, facilitator)
    with pytest.raises(InvalidInput, match="role is one of"):
        accounts.set_member(db, map_id, "outsider@example.org", "owner", None, facilitator)
    with pytest.raises(NotFound, match="no account"):
        accounts.set_member(db, map_id, "ghost@example.org", "viewer", None, facilitator)


def test_a_workshop_makes_guests_editors_until_it_closes(db, people):
    map_id, partners, found = people
    workshop = accounts.open_workshop(db, map_id, found["facilitator"])
    assert accounts.open_workshop(db, map_id, found["facilitator"]).code == workshop.code  # one at a time
    guest, joined = accounts.join_workshop(db, workshop.code.lower(), "Kofi", partners[1])
    assert joined == map_id and guest.is_guest
    assert allowed(db, map_id, accounts.author_of(guest), Permission.EDIT_MAP)
    accounts.close_workshop(db, map_id, found["facilitator"])
    assert not allowed(db, map_id, accounts.author_of(guest), Permission.VIEW)
    with pytest.raises(NotFound, match="no open workshop"):
        accounts.join_workshop(db, workshop.code, "Late", None)


def test_only_facilitators_open_workshops(db, people):
    map_id, _, found = people
    with pytest.raises(PermissionDenied):
        accounts.open_workshop(db, map_id, found["editor"])


def test_the_history_service_refuses_edits_without_the_role_and_writes_nothing(db, people):
    from tocmap.services import history

    map_id, _, found = people
    before = maps.list_maps(db, who=SYSTEM)[0].revision
    for who in ("viewer", "mel_lead", "outsider"):
        with pytest.raises(PermissionDenied):
            history.apply(db, map_id, AddElement(element=element(f"by-{who}")), found[who])
    with pytest.raises(PermissionDenied, match="Sign in"):
        history.apply(db, map_id, AddElement(element=element("anon")), Author(name="Anonymous"))
    with pytest.raises(PermissionDenied):
        history.restore(db, map_id, 0, found["viewer"])
    assert maps.list_maps(db, who=SYSTEM)[0].revision == before
    applied = history.apply(db, map_id, AddElement(element=element("by-editor")), found["editor"])
    assert (applied.record.author.name, applied.record.author.partner) == ("Editor", maps.get_map(db, map_id, who=SYSTEM)[1].partners[0].id)


def test_only_facilitators_archive_and_name_snapshots(db, people):
    map_id, _, found = people
    with pytest.raises(PermissionDenied):
        maps.archive_map(db, map_id, found["editor"])
    with pytest.raises(PermissionDenied):
        maps.add_snapshot(db, map_id, "Agreed", found["editor"])
    maps.add_snapshot(db, map_id, "Agreed", found["facilitator"])


def test_whoever_creates_a_map_facilitates_it(db, people):
    _, _, found = people
    map_id = maps.create_map(db, "Mine", found["outsider"])
    assert accounts.membership_of(db, map_id, found["outsider"]).role == "facilitator"
    with pytest.raises(PermissionDenied, match="Sign in"):
        maps.create_map(db, "Nobody's", Author(name="Anonymous"))


def test_each_partner_endorses_a_snapshot_for_itself(db, people):
    map_id, partners, found = people
    maps.add_snapshot(db, map_id, "Agreed in March", found["facilitator"])
    assert maps.endorse_snapshot(db, map_id, "Agreed in March", found["editor"]).endorsed_by == [partners[0]]
    assert maps.endorse_snapshot(db, map_id, "Agreed in March", found["editor"], endorse=False).endorsed_by == []
    with pytest.raises(PermissionDenied):
        maps.endorse_snapshot(db, map_id, "Agreed in March", found["outsider"])
    with pytest.raises(NotFound):
        maps.endorse_snapshot(db, map_id, "Never", found["editor"])
    with pytest.raises(InvalidInput, match="speak for a partner"):
        maps.endorse_snapshot(db, map_id, "Agreed in March", found["admin"])


def test_two_partners_agreeing_from_the_same_revision_both_count(db, people):
    from tocmap.services import history

    map_id, partners, found = people
    other = accounts.create_user(db, "other@example.org", "Other", "a long enough password")
    accounts.set_member(db, map_id, other.email, "editor", partners[1], SYSTEM)
    element_id = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].elements))
    history.set_stand(db, map_id, "element", element_id, "agree", found["editor"])
    applied = history.set_stand(db, map_id, "element", element_id, "agree", accounts.author_of(other))
    assert applied.state.elements[element_id].agreed_by == sorted(partners)
    with pytest.raises(InvalidInput, match="speak for a partner"):
        history.set_stand(db, map_id, "element", element_id, "agree", found["admin"])
    with pytest.raises(PermissionDenied):
        history.set_stand(db, map_id, "element", element_id, "agree", found["outsider"])

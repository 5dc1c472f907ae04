"""Who may do what on a map: roles, permissions, and what a change needs.

Pure policy; the services apply it (tocmap/services/access.py) on every request, so a
Dash callback or API call POSTed directly gets exactly the same answer as the UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from tocmap.domain.changes import AGREEMENT_FIELDS, NEUTRAL_FIELDS, PARTNER_OPS, Change
from tocmap.domain.errors import InvalidInput, PermissionDenied, TocmapError
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _


def check_member(role: Role, partner: str | None) -> None:
    """Refuse a membership that makes no sense: an independent assessor who speaks for a partner.

    >>> check_member(Role.ASSESSOR, None)
    >>> check_member(Role.ASSESSOR, "moh")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: An independent assessor speaks for no partner; leave the partner empty.
    """
    if role is Role.ASSESSOR and partner:
        raise InvalidInput(_("An independent assessor speaks for no partner; leave the partner empty."))


_MEMBERS = {"facilitator": N_("Facilitators"), "editor": N_("Editors"), "mel_lead": N_("MEL leads"),
            "viewer": N_("Viewers"), "assessor": N_("Independent assessors")}


class Permission(StrEnum):
    """Something a member may be allowed to do."""

    VIEW = "view"  # open the map, its history, exports
    EDIT_MAP = "edit the map"  # elements, links, positions, title
    EDIT_INDICATORS = "edit indicators"  # indicators and observations
    AGREE = "agree on behalf of a partner"
    COMMENT = "comment"
    MANAGE = "manage members, snapshots and workshops"
    RECORD_LEARNING = "record learning and evidence"  # the learning log, assumptions' evidence logs
    TRANSLATE = "translate the map's texts"  # write them in another language than the map's


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FACILITATOR: frozenset(Permission),
    Role.EDITOR: frozenset(
        {Permission.VIEW, Permission.EDIT_MAP, Permission.AGREE, Permission.COMMENT, Permission.RECORD_LEARNING,
         Permission.TRANSLATE}
    ),
    Role.MEL_LEAD: frozenset(
        {Permission.VIEW, Permission.EDIT_INDICATORS, Permission.AGREE, Permission.COMMENT, Permission.RECORD_LEARNING,
         Permission.TRANSLATE}
    ),
    Role.VIEWER: frozenset({Permission.VIEW, Permission.COMMENT}),
    Role.ASSESSOR: frozenset({Permission.VIEW, Permission.COMMENT}),
}

_INDICATOR_OPS = {"add_indicator", "update_indicator", "remove_indicator", "add_observation", "remove_observation"}
_LEARNING_OPS = {"add_learning", "update_learning", "remove_learning", "add_evidence", "remove_evidence"}


def needed(change: Change) -> set[Permission]:
    """The permissions a change needs.

    Examples
    --------
    >>> from tocmap.domain.changes import UpdateElement, RemoveIndicator
    >>> [str(p) for p in needed(UpdateElement(id="a", set={"agreed_by": ["p"]}))]
    ['agree on behalf of a partner']
    >>> [str(p) for p in needed(RemoveIndicator(id="i"))]
    ['edit indicators']
    """
    if change.op == "batch":
        return set().union(*(needed(op) for op in change.ops)) if change.ops else set()
    if change.op in _LEARNING_OPS:
        return {Permission.RECORD_LEARNING}
    if change.op == "translate":
        return {Permission.TRANSLATE}  # a translation changes no meaning
    if change.op == "update_map" and "language" in change.set:
        return {Permission.MANAGE}  # a facilitator says which language the map is written in
    if change.op == "note":
        return {Permission.MANAGE}  # events (a health check round revealed...) are recorded by facilitators
    if change.op in _INDICATOR_OPS:
        if change.op == "update_indicator" and AGREEMENT_FIELDS.issuperset(change.set):
            return {Permission.AGREE}
        return {Permission.EDIT_INDICATORS}
    if change.op in ("update_element", "update_link") and AGREEMENT_FIELDS.issuperset(change.set):
        return {Permission.AGREE}
    if change.op == "update_foundation" and AGREEMENT_FIELDS.issuperset(change.set):
        return {Permission.AGREE}  # agreeing a purpose, principle, responsibility or endorsing a version
    if change.op in PARTNER_OPS:
        return {Permission.MANAGE}  # facilitators shape the partnership
    if change.op in ("rearticulate", "drop_version"):
        return {Permission.MANAGE}  # a facilitator records a re-articulation
    return {Permission.EDIT_MAP}


def check(role: Role | None, permission: Permission, map_id: int) -> None:
    """Raise :class:`PermissionDenied` unless the role grants the permission.

    Examples
    --------
    >>> check(Role.EDITOR, Permission.EDIT_MAP, 1)
    >>> check(Role.VIEWER, Permission.EDIT_MAP, 1)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.PermissionDenied: Viewers of map 1 may not edit the map; ask a facilitator for another role.
    """
    if role is None:
        raise PermissionDenied(_("You are not a member of map {map_id}.", map_id=map_id))
    if permission not in ROLE_PERMISSIONS[role]:
        raise PermissionDenied(_("{members} of map {map} may not {action}; ask a facilitator for another role.",
                                 members=_(_MEMBERS[role.value]), map=map_id, action=_(_ACTIONS[permission])))


def agreement_problem(before: dict, after: dict, partner: str | None, changed: Iterable[str] = ()
                      ) -> TocmapError | None:
    """Why a change of agreement may not be recorded (None when it may).

    A member agrees, disputes or withdraws on behalf of their own partner only, and only
    when that changes something: re-sending a stand that is already recorded (above all
    another partner's) would write it into the history again, in the sender's name.

    Parameters
    ----------
    before, after
        The agreement fields (``agreed_by``, ``disputed_by``) as they were and as the
        author asked for them (only the fields the author sent).
    partner
        The partner the author speaks for (None for nobody).
    changed
        The other fields the same change really alters. When they alter what was agreed,
        the earlier agreement lapses, so restating it is agreeing anew.

    Examples
    --------
    >>> agreement_problem({"agreed_by": []}, {"agreed_by": ["moh"]}, "moh") is None
    True
    >>> agreement_problem({"agreed_by": []}, {"agreed_by": ["iph"]}, "moh")
    PermissionDenied('You can agree or dispute only on behalf of your own partner.')
    >>> agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["iph"]}, "moh")
    PermissionDenied("You can agree or dispute only on behalf of your own partner; the other partners' stands are theirs to send.")
    >>> agreement_problem({"agreed_by": ["moh"]}, {"agreed_by": ["moh"]}, "moh")
    InvalidInput("Nothing to record: your partner's stand on this is already as you sent it.")
    >>> agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["iph"]}, "moh", changed=["label"])
    PermissionDenied('You can agree or dispute only on behalf of your own partner.')
    >>> agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["iph"]}, "moh", changed=["x"]) is None
    True
    """
    content_changed = bool(set(changed) - NEUTRAL_FIELDS)
    lapsed = {**before, "agreed_by": []} if content_changed else before
    touched: set[str] = set()
    named: set[str] = set()
    for field in AGREEMENT_FIELDS & set(after):
        touched |= set(lapsed.get(field) or []) ^ set(after[field] or [])
        named |= set(after[field] or [])
    if touched and (partner is None or touched != {partner}):
        return PermissionDenied(_("You can agree or dispute only on behalf of your own partner."))
    if touched or set(changed):
        return None
    if named - {partner}:
        return PermissionDenied(_("You can agree or dispute only on behalf of your own partner; "
                                  "the other partners' stands are theirs to send."))
    return InvalidInput(_("Nothing to record: your partner's stand on this is already as you sent it."))


def stand_change(item, partner: str, how: str) -> dict:
    """The agreement fields after a partner agrees, disputes or withdraws.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> stand_change(Element(id="e", kind="impact", label="E", disputed_by=["a"]), "a", "agree")
    {'agreed_by': ['a'], 'disputed_by': []}
    >>> stand_change(Element(id="e", kind="impact", label="E", agreed_by=["a"]), "a", "agree")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Your partner already agrees with this; nothing to record.
    """
    if how not in ("agree", "dispute", "withdraw"):
        raise InvalidInput(_("A partner can agree, dispute or withdraw, not {how}.", how=repr(str(how)[:20])))
    agreed = [p for p in item.agreed_by if p != partner] + ([partner] if how == "agree" else [])
    disputed = [p for p in item.disputed_by if p != partner] + ([partner] if how == "dispute" else [])
    if set(agreed) == set(item.agreed_by) and set(disputed) == set(item.disputed_by):
        raise InvalidInput(_(_ALREADY[how]))
    return {"agreed_by": sorted(agreed), "disputed_by": sorted(disputed)}


#: What each permission lets a member do, in a refusal ("may not edit the map").
_ACTIONS: dict[Permission, str] = {
    Permission.VIEW: N_("view"), Permission.EDIT_MAP: N_("edit the map"),
    Permission.EDIT_INDICATORS: N_("edit indicators"), Permission.AGREE: N_("agree on behalf of a partner"),
    Permission.COMMENT: N_("comment"), Permission.MANAGE: N_("manage members, snapshots and workshops"),
    Permission.RECORD_LEARNING: N_("record learning and evidence"),
    Permission.TRANSLATE: N_("translate the map's texts"),
}
_ALREADY = {
    "agree": N_("Your partner already agrees with this; nothing to record."),
    "dispute": N_("Your partner already disputes this; nothing to record."),
    "withdraw": N_("Your partner has no stand on this to withdraw; nothing to record."),
}

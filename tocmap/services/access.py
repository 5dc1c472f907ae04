"""Authorization, checked by every service: the same answer for the UI, a direct POST or the API."""

from __future__ import annotations

from tocmap.domain.access import Permission, agreement_problem, check, needed
from tocmap.domain.changes import AGREEMENT_FIELDS, Change
from tocmap.domain.errors import NotSignedIn, PermissionDenied
from tocmap.domain.model import Author, SystemAuthor
from tocmap.domain.roles import Role
from tocmap.i18n import _
from tocmap.services.ports import Repositories

#: The author of work the instance does itself, and of the command line (run by whoever
#: holds the database): every permission.
SYSTEM = SystemAuthor(name="tocmap")


def authorize(store: Repositories, map_id: int, who: Author, permission: Permission) -> Author:
    """Refuse unless ``who`` may do this on the map; return the author as recorded.

    The recorded author takes its name and partner from the account and membership, so
    nobody can write history in someone else's name or partner.
    """
    return authorize_all(store, map_id, who, {permission})


def authorize_all(store: Repositories, map_id: int, who: Author, permissions: set[Permission]) -> Author:
    """:func:`authorize` for several permissions at once: the account and membership are read once."""
    if who.system:
        return who
    found = store.user_on(map_id, who.user_id) if who.user_id is not None else None
    if found is None or found[0].disabled:
        raise NotSignedIn(_("Sign in first."))
    user, role, partner = found
    if not user.is_admin:
        for permission in sorted(permissions):
            check(Role(role) if role else None, permission, map_id)
    return Author(user_id=user.id, name=user.name, partner=partner)


def viewers(store: Repositories, map_id: int, user_ids: set[int]) -> set[int]:
    """Which of these users may view the map (as :func:`authorize` would say), in one query."""
    return set(viewer_sessions(store, map_id, user_ids))


def viewer_sessions(store: Repositories, map_id: int, user_ids: set[int]) -> dict[int, int]:
    """Which of these users may view the map, each with their current session generation; one query."""
    allowed = {}
    for user_id, (admin, role, generation) in store.roles_on(map_id, user_ids).items():
        try:
            if not admin:
                check(Role(role) if role else None, Permission.VIEW, map_id)
        except PermissionDenied:
            continue
        allowed[user_id] = generation
    return allowed


def may(store: Repositories, map_id: int, who: Author, permission: Permission) -> bool:
    """Whether :func:`authorize` would let ``who`` do this (for showing or hiding what they may not)."""
    try:
        authorize(store, map_id, who, permission)
    except PermissionDenied:
        return False
    return True


def private_until_reveal(store: Repositories, map_id: int, who: Author, revealed: bool) -> set[str] | None:
    """Whose private answers (health check scores, SWOT cards) someone may read: None means everyone's.

    After the reveal, everyone on the map reads all; before it, a facilitator reads all and a
    member only their own partner's (nothing, for a member who speaks for no partner).
    """
    author = authorize(store, map_id, who, Permission.VIEW)
    if revealed or may(store, map_id, who, Permission.MANAGE):
        return None
    return {author.partner} if author.partner else set()


def authorize_change(store: Repositories, map_id: int, who: Author, change: Change) -> Author:
    """:func:`authorize` for every permission a change needs, reading the account once."""
    return authorize_all(store, map_id, who, needed(change) or {Permission.EDIT_MAP})


def check_agreement(author: Author, asked: Change, recorded: Change) -> None:
    """Refuse agreeing or disputing on behalf of a partner other than the author's own, or to no effect.

    Only what the author asked for counts: an agreed item that goes back to "proposed"
    because its content changed is not anyone's agreement.
    """
    if author.system:
        return
    if asked.op == "batch":
        for asked_op, recorded_op in zip(asked.ops, recorded.ops, strict=True):
            check_agreement(author, asked_op, recorded_op)
        return
    if asked.op.startswith("update_") and asked.op != "update_map" and AGREEMENT_FIELDS & set(asked.set):
        before, now = recorded.before or {}, recorded.set
        after = {f: now.get(f, asked.set[f]) for f in AGREEMENT_FIELDS & set(asked.set)}
        was = {f: before.get(f, after[f]) for f in after}  # a field the change left out did not change
        changed = [f for f in now if f not in AGREEMENT_FIELDS and before.get(f) != now[f]]
        problem = agreement_problem(was, after, author.partner, changed)
        if problem:
            raise problem


def visible_maps(store: Repositories, who: Author) -> set[int] | None:
    """Ids of the maps someone may see; None means all of them."""
    if who.system:
        return None
    user = store.user(who.user_id) if who.user_id is not None else None
    if user is None or user.disabled:
        raise NotSignedIn(_("Sign in first."))
    return None if user.is_admin else store.map_ids_of(user.id)

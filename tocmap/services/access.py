"""Authorization, checked by every service: the same answer for the UI, a direct POST or the API."""

from __future__ import annotations

from tocmap.adapters.database import Store
from tocmap.domain.access import Permission, Role, agreement_problem, check, needed
from tocmap.domain.changes import AGREEMENT_FIELDS, Change
from tocmap.domain.errors import NotSignedIn, PermissionDenied
from tocmap.domain.model import Author, SystemAuthor

#: The author of work the instance does itself, and of the command line (run by whoever
#: holds the database): every permission.
SYSTEM = SystemAuthor(name="tocmap")


def authorize(store: Store, map_id: int, who: Author, permission: Permission) -> Author:
    """Refuse unless ``who`` may do this on the map; return the author as recorded.

    The recorded author takes its name and partner from the account and membership, so
    nobody can write history in someone else's name or partner.
    """
    if who.system:
        return who
    user = store.user(who.user_id) if who.user_id is not None else None
    if user is None or user.disabled:
        raise NotSignedIn("Sign in first.")
    member = store.membership(map_id, user.id)
    if not user.is_admin:
        check(Role(member.role) if member else None, permission, map_id)
    return Author(user_id=user.id, name=user.name, partner=member.partner if member else None)


def may(store: Store, map_id: int, who: Author, permission: Permission) -> bool:
    """Whether :func:`authorize` would let ``who`` do this (for showing or hiding what they may not)."""
    try:
        authorize(store, map_id, who, permission)
    except PermissionDenied:
        return False
    return True


def private_until_reveal(store: Store, map_id: int, who: Author, revealed: bool) -> set[str] | None:
    """Whose private answers (health check scores, SWOT cards) someone may read: None means everyone's.

    After the reveal, everyone on the map reads all; before it, a facilitator reads all and a
    member only their own partner's (nothing, for a member who speaks for no partner).
    """
    author = authorize(store, map_id, who, Permission.VIEW)
    if revealed or may(store, map_id, who, Permission.MANAGE):
        return None
    return {author.partner} if author.partner else set()


def authorize_change(store: Store, map_id: int, who: Author, change: Change) -> Author:
    """:func:`authorize` for every permission a change needs."""
    author = who
    for permission in sorted(needed(change)) or [Permission.EDIT_MAP]:
        author = authorize(store, map_id, who, permission)
    return author


def check_agreement(author: Author, asked: Change, recorded: Change) -> None:
    """Refuse agreeing or disputing on behalf of a partner other than the author's own.

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
        wanted = {f: recorded.set[f] for f in AGREEMENT_FIELDS & set(asked.set) if f in recorded.set}
        problem = agreement_problem(recorded.before or {}, wanted, author.partner)
        if problem:
            raise PermissionDenied(problem)


def visible_maps(store: Store, who: Author) -> set[int] | None:
    """Ids of the maps someone may see; None means all of them."""
    if who.system:
        return None
    user = store.user(who.user_id) if who.user_id is not None else None
    if user is None or user.disabled:
        raise NotSignedIn("Sign in first.")
    return None if user.is_admin else store.map_ids_of(user.id)

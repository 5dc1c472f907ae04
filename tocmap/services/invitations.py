"""Invitations: a facilitator invites someone by email to speak for a partner in a role on a map.

tocmap makes a one-time link (stored only as a digest), shown to copy and sent by email when
a mail server is configured. The invitee opens it, sets a name and password (or signs in,
when the email has an account already) and lands on the map. A link works once, even when
opened twice at the same moment, and not after :data:`INVITATION_DAYS`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace

from tocmap import i18n
from tocmap.adapters.mail import Mailer, MailNotSent
from tocmap.domain.access import Permission
from tocmap.domain.clock import now_ms, to_datetime
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author
from tocmap.domain.people import OneTimeLink, User
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _, ngettext
from tocmap.services.access import authorize
from tocmap.services.accounts import (
    _check_partner,
    _email,
    _name,
    _role,
    digest,
    hash_password,
)
from tocmap.services.ports import Repositories, Storage

INVITATION_DAYS = 14
DAY_MS = 24 * 3600 * 1000
USED = N_("This invitation has expired or was already used. Ask the facilitator for a new one.")


@dataclass(frozen=True)
class Invitation:
    """An invitation as the facilitator sees it; ``link`` only right after it is made."""

    id: int
    email: str
    role: str
    partner: str | None
    invited_by: str
    expires_at: dt.datetime
    link: str = ""
    emailed: bool = False
    mail_problem: str = ""


@dataclass(frozen=True)
class Invited:
    """What the invitee sees before accepting."""

    map_id: int
    map_title: str
    email: str
    role: str
    partner_name: str | None
    invited_by: str
    has_account: bool


def invite(db: Storage, map_id: int, email: str, role: str, partner: str | None, who: Author, *,
           base_url: str, mailer: Mailer | None = None) -> Invitation:
    """Invite someone to the map (a facilitator's job); email them the link when a mailer is given.

    The invitation is stored before any email is tried, so a mail server that refuses still leaves a
    link to copy (``mail_problem`` says why it was not sent).
    """
    email, role = _email(email), _role(role)
    token = secrets.token_urlsafe(32)
    with db.store(write=True) as store:
        author = authorize(store, map_id, who, Permission.MANAGE)
        _check_partner(store, map_id, partner or None)
        existing = store.user_by_email(email)
        if existing is not None and store.membership(map_id, existing.id) is not None:
            raise InvalidInput(_("{email} is already a member of this map; change their role in the People tab.", email=email))
        stamp = now_ms()
        link_id = store.add_link("invite", digest(token), email, created_ms=stamp,
                                 expires_ms=stamp + INVITATION_DAYS * DAY_MS, created_by=author.name,
                                 map_id=map_id, role=role, partner=partner or None)
        title = store.map(map_id).title
        partner_name = _partner_name(store, map_id, partner)
        language = _invitee_language(store, map_id, existing, partner)
    link = f"{base_url.rstrip('/')}/invite/{token}"
    invitation = Invitation(link_id, email, role, partner or None, author.name,
                            to_datetime(stamp + INVITATION_DAYS * DAY_MS), link)
    if mailer is None:
        return invitation
    with i18n.using(language):
        subject, text = _invitation_mail(author.name, title, Role(role), partner_name, link)
    try:
        mailer.send(email, subject, text)
    except MailNotSent as problem:
        return replace(invitation, mail_problem=str(problem))
    return replace(invitation, emailed=True)


def _invitation_mail(inviter: str, title: str, role: Role, partner_name: str | None, link: str) -> tuple[str, str]:
    """The subject and text of an invitation, in the language of this context (the invitee's)."""
    values = {"inviter": inviter, "map": title, "role": role.title.lower(), "partner": partner_name}
    invites = (_("{inviter} invites you to work on the map “{map}” as {role} for {partner}.", **values) if partner_name
               else _("{inviter} invites you to work on the map “{map}” as {role}.", **values))
    accept = ngettext("Open this link to accept (it works once, for {n} day):",
                      "Open this link to accept (it works once, for {n} days):", INVITATION_DAYS)
    return _("Invitation to the map “{map}” on tocmap", map=title), f"{invites}\n\n{accept}\n{link}\n"


def open_invitations(db: Storage, map_id: int, who: Author) -> list[Invitation]:
    """Invitations not yet accepted and not expired, newest first (facilitators only)."""
    with db.store() as store:
        authorize(store, map_id, who, Permission.MANAGE)
        return [_invitation(link) for link in store.open_invitations(map_id, now_ms())]


def withdraw(db: Storage, map_id: int, invitation_id: int, who: Author) -> None:
    """End an invitation before it is used."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        if not any(link.id == invitation_id for link in store.open_invitations(map_id, now_ms())):
            raise NotFound(_("That invitation was already used, withdrawn or has expired."))
        store.expire_links("invite", link_id=invitation_id, now_ms=now_ms())


def invitation(db: Storage, token: str) -> Invited:
    """What an invitation link offers, for the page the invitee opens; refused when used or expired."""
    with db.store() as store:
        link = _usable(store, token)
        info = store.map(link.map_id)
        return Invited(link.map_id, info.title, link.email, link.role, _partner_name(store, link.map_id, link.partner),
                       link.created_by, store.user_by_email(link.email) is not None)


def accept(db: Storage, token: str, *, name: str = "", password: str = "", signed_in: User | None = None
           ) -> tuple[User, int]:
    """Use an invitation: the account (new, or the one signed in with its email) joins the map.

    Returns the user and the map id. Exactly one request wins a link, however many arrive at once.
    """
    with db.store() as store:
        email = _usable(store, token).email
    hashed = None if signed_in is not None else hash_password(password, about=(email, name))
    with db.store(write=True) as store:
        link = _usable(store, token)
        if not store.claim_link(link.id, now_ms()):  # first: a second request waits here, then loses
            raise PermissionDenied(_(USED))
        user = _invitee(store, link, signed_in, name, hashed)
        _check_partner(store, link.map_id, link.partner)
        store.set_membership(link.map_id, user.id, link.role, link.partner)
        store.set_link_user(link.id, user.id)
        return user, link.map_id


def keep_guest(db: Storage, map_id: int, user_id: int, who: Author) -> None:
    """Keep a workshop participant as a member of the map after the workshop closes."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        if not store.keep_member(map_id, user_id):
            raise InvalidInput(_("Only someone who joined through a workshop can be kept as a member."))


def _invitee(store: Repositories, link: OneTimeLink, signed_in: User | None, name: str, hashed: str | None) -> User:
    existing = store.user_by_email(link.email)
    if signed_in is not None:
        if signed_in.email != link.email:
            raise PermissionDenied(_("This invitation is for {email}; sign out and open the link again.", email=link.email))
        return signed_in
    if existing is not None:
        raise PermissionDenied(_("There is already an account for {email}: sign in to accept the invitation.", email=link.email))
    user_id = store.add_user(link.email, _name(name), hashed, created_ms=now_ms())
    return store.user(user_id)


def _usable(store: Repositories, token: str) -> OneTimeLink:
    link = store.link("invite", digest(token or ""))
    if link is None or link.used_ms is not None or link.expires_ms <= now_ms():
        raise PermissionDenied(_(USED))
    return link


def _invitee_language(store: Repositories, map_id: int, existing: User | None, partner: str | None) -> str:
    """The language to write an invitation in: the account's own choice; for someone without an account, the
    working language of the partner they are invited to speak for (set by the partnership for its people),
    else the language the inviter reads tocmap in."""
    found = store.partnership(store.map(map_id).partnership_id).find(partner) if partner else None
    working = [(found.language, 1.0)] if found is not None and found.language else []
    return i18n.choose(existing.language if existing is not None else "", [*working, (i18n.current(), 0.5)])


def _partner_name(store: Repositories, map_id: int, partner: str | None) -> str | None:
    if partner is None:
        return None
    found = store.partnership(store.map(map_id).partnership_id).find(partner)
    return found.name if found else partner


def _invitation(link: OneTimeLink) -> Invitation:
    return Invitation(link.id, link.email, link.role or Role.VIEWER.value, link.partner, link.created_by,
                      to_datetime(link.expires_ms))

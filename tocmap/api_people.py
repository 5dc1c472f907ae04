"""The API's partnership routes: partners, invitations, keeping a workshop guest (under /api/v1).

Registered by :func:`tocmap.api.register_api`, which hands over its helpers (who is asking, the
JSON body, errors as JSON with their status), so the same rules and answers hold here.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify, request

from tocmap import api_bodies as bodies
from tocmap.adapters.mail import Mailer
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Author, Partner
from tocmap.i18n import _
from tocmap.services import invitations, partners
from tocmap.services.history import Applied
from tocmap.settings import Settings


def register_people_api(api: Blueprint, db, settings: Settings | None, endpoint: Callable,
                        who: Callable[[], Author], parsed: Callable[[type], bodies.Body]) -> None:
    """Add the partner and invitation routes to the API blueprint (``parsed`` reads a checked JSON body)."""
    mailer = Mailer.from_settings(settings) if settings else None

    @api.get("/maps/<int:map_id>/partners")
    @endpoint
    def list_partners(map_id: int):
        partnership = partners.partnership_of(db, map_id, who())
        return jsonify(partners=[_partner(p) for p in partnership.partners],
                       former=[_partner(p) for p in partnership.former])

    @api.post("/maps/<int:map_id>/partners")
    @endpoint
    def add_partner(map_id: int):
        data = parsed(bodies.NewPartner)
        applied = partners.add_partner(db, map_id, data.name, who(), short_name=data.short_name, colour=data.colour,
                                       language=data.language, organisations=data.organisations or ())
        return _applied(applied) | {"id": applied.record.change.partner.id}, 201

    @api.patch("/maps/<int:map_id>/partners/<partner_id>")
    @endpoint
    def update_partner(map_id: int, partner_id: str):
        fields = dict(parsed(bodies.Body).model_extra or {})
        return _applied(partners.update_partner(db, map_id, partner_id, fields, who())), 201

    @api.post("/maps/<int:map_id>/partners/<partner_id>/<action>")
    @endpoint
    def partner_action(map_id: int, partner_id: str, action: str):
        if action == "merge":
            into = parsed(bodies.Merge).into
            return _applied(partners.merge_partners(db, map_id, partner_id, into, who())), 201
        actions = {"retire": partners.retire_partner, "reinstate": partners.reinstate_partner}
        if action not in actions:
            raise InvalidInput(_("A partner can be retired, reinstated or merged, not {action}.", action=repr(action)))
        return _applied(actions[action](db, map_id, partner_id, who())), 201

    @api.get("/maps/<int:map_id>/invitations")
    @endpoint
    def list_invitations(map_id: int):
        return jsonify([_invitation(i) for i in invitations.open_invitations(db, map_id, who())])

    @api.post("/maps/<int:map_id>/invitations")
    @endpoint
    def invite(map_id: int):
        data = parsed(bodies.Invite)
        sent = invitations.invite(db, map_id, data.email, data.role, data.partner or None, who(),
                                  base_url=(settings.base_url if settings and settings.base_url else request.host_url),
                                  mailer=mailer)
        return jsonify(_invitation(sent) | {"link": sent.link, "emailed": sent.emailed,
                                            "mail_problem": sent.mail_problem or None}), 201

    @api.delete("/maps/<int:map_id>/invitations/<int:invitation_id>")
    @endpoint
    def withdraw(map_id: int, invitation_id: int):
        invitations.withdraw(db, map_id, invitation_id, who())
        return jsonify(withdrawn=invitation_id)

    @api.post("/maps/<int:map_id>/members/<int:user_id>/keep")
    @endpoint
    def keep_guest(map_id: int, user_id: int):
        invitations.keep_guest(db, map_id, user_id, who())
        return jsonify(kept=user_id)


def _applied(applied: Applied) -> dict:
    return {"revision": applied.revision, "summary": applied.record.summary}


def _partner(partner: Partner) -> dict:
    return partner.model_dump(mode="json", exclude_none=True)


def _invitation(invitation: invitations.Invitation) -> dict:
    return {"id": invitation.id, "email": invitation.email, "role": invitation.role, "partner": invitation.partner,
            "invited_by": invitation.invited_by, "expires_at": invitation.expires_at.isoformat()}


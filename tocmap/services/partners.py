"""The partners of a map's partnership: add, edit, retire, reinstate and merge them.

Each is a typed change through :func:`tocmap.services.history.apply`, so it is a line in
the map's history, facilitators alone may make it, and it can be undone. Nothing a partner
proposed, agreed or answered is ever deleted: a retired partner keeps its id and name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tocmap.domain.access import Permission
from tocmap.domain.changes import (
    AddPartner,
    MergePartner,
    ReinstatePartner,
    RetirePartner,
    UpdatePartner,
)
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import LANGUAGE_TAG, Author, Partner, Partnership, validated
from tocmap.domain.partners import EDITABLE, next_colour, partner_id_for
from tocmap.i18n import N_, _
from tocmap.services.access import authorize, may
from tocmap.services.history import Applied, apply
from tocmap.services.ports import Storage


def partnership_of(db: Storage, map_id: int, who: Author) -> Partnership:
    """The partnership of a map, current and former partners, for anyone who may view the map."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.partnership(info.partnership_id)


def may_manage(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may change the partnership and invite people (facilitators, administrators)."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.MANAGE)


def add_partner(db: Storage, map_id: int, name: object, who: Author, *, short_name: object = "",
                colour: object = None, language: object = "", organisations: object = ()) -> Applied:
    """Add a partner by name (an id is made from it); a colour is chosen when none is given."""
    partnership = partnership_of(db, map_id, who)
    fields = {"name": _text(name, N_("name")), "short_name": _text(short_name, N_("short name")),
              "language": _text(language, N_("working language")), "organisations": organisation_list(organisations)}
    fields["colour"] = _text(colour, N_("colour")) or next_colour(partnership)
    fields["id"] = partner_id_for(fields["short_name"] or fields["name"], partnership.known_ids())
    return apply(db, map_id, AddPartner(partner=validated(Partner, _checked(fields), "partner")), who)


def update_partner(db: Storage, map_id: int, partner_id: str, fields: dict, who: Author) -> Applied:
    """Change some of a partner's name, short name, colour, working language and organisations."""
    if not isinstance(fields, dict) or not fields:
        raise InvalidInput(_("Say what to change: {fields}.", fields=", ".join(EDITABLE).replace("_", " ")))
    fields = dict(fields)
    if "organisations" in fields:
        fields["organisations"] = organisation_list(fields["organisations"])
    return apply(db, map_id, UpdatePartner(id=partner_id, set=_checked(fields)), who)


def retire_partner(db: Storage, map_id: int, partner_id: str, who: Author) -> Applied:
    """Retire a partner that nobody speaks for any more; its record stays."""
    return apply(db, map_id, RetirePartner(id=partner_id), who)


def reinstate_partner(db: Storage, map_id: int, partner_id: str, who: Author) -> Applied:
    """Bring a retired or merged partner back."""
    return apply(db, map_id, ReinstatePartner(id=partner_id), who)


def merge_partners(db: Storage, map_id: int, partner_id: str, into: str, who: Author) -> Applied:
    """Merge one partner into another: its members move, it is retired, its record stays."""
    return apply(db, map_id, MergePartner(id=partner_id, into=into), who)


def organisation_list(value: object) -> list[str]:
    """Organisations from a list or from text with one per line (or separated by ';').

    Examples
    --------
    >>> organisation_list("UNICEF\\nWHO; World Bank\\n\\n")
    ['UNICEF', 'WHO', 'World Bank']
    """
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", "\n").splitlines()
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(_("Organisations are a list of names."))
    return [v.strip() for v in value if v.strip()]


def _checked(fields: dict) -> dict:
    """Refuse a colour or working language that is not written as one, in words people can act on."""
    colour, language = fields.get("colour"), fields.get("language")
    if isinstance(colour, str) and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise InvalidInput(_("A colour is written #rrggbb, e.g. #2b8a3e, not {colour}.", colour=repr(colour)))
    if isinstance(language, str) and not re.fullmatch(LANGUAGE_TAG, language):
        raise InvalidInput(_("A working language is a language tag such as fr, en or pt-BR, not {language}.", language=repr(language)))
    return fields


def _text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("A partner's {field} is text, not {value}.", field=_(what), value=repr(value)))
    return value.strip()

"""The partnership's own rules: adding, editing, retiring, reinstating and merging partners.

Pure: :func:`change_partnership` takes the partnership, a partner change and how many
members speak for each partner, and returns the partnership after it with the change
as recorded (``before`` values and names filled in). Nothing a partner proposed, agreed
or answered is touched: a retired or merged partner moves to ``former`` and keeps its id.
"""

from __future__ import annotations

import re
import unicodedata

from tocmap.domain.changes import (
    AddPartner,
    Change,
    MergePartner,
    ReinstatePartner,
    RetirePartner,
    UpdatePartner,
)
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.field_names import field_name
from tocmap.domain.model import PARTNERS_MAX, Partner, Partnership, validated
from tocmap.i18n import _, ngettext

#: Fields of a partner a change may set.
EDITABLE = ("name", "short_name", "colour", "language", "organisations")
#: Colours given to new partners in turn (readable on white, distinct from the element kinds).
PALETTE = ("#4c6ef5", "#e8590c", "#2b8a3e", "#ae3ec9", "#1098ad", "#c92a2a", "#5c940d", "#d6336c", "#495057",
           "#f08c00")


def next_colour(partnership: Partnership) -> str:
    """The first palette colour no current partner uses.

    Examples
    --------
    >>> next_colour(Partnership(id="p", name="P", partners=[Partner(id="a", name="A", colour="#4c6ef5")]))
    '#e8590c'
    """
    used = {p.colour.lower() for p in partnership.partners}
    return next((c for c in PALETTE if c not in used), PALETTE[len(partnership.partners) % len(PALETTE)])


def partner_id_for(name: str, taken: set[str]) -> str:
    """A readable id made from a name, not among ``taken``.

    Examples
    --------
    >>> partner_id_for("Ministère de la Santé", set())
    'ministere-de-la-sante'
    >>> partner_id_for("UNICEF", {"unicef"})
    'unicef-2'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or "partner"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def change_partnership(partnership: Partnership, change: Change, members: dict[str, int]
                       ) -> tuple[Partnership, Change]:
    """Apply a partner change; return the partnership after it and the change as recorded.

    ``members`` counts, per partner id, the people who speak for it on the partnership's maps.

    Examples
    --------
    >>> ps = Partnership(id="p", name="P", partners=[Partner(id="moh", name="Ministry of Health")])
    >>> ps, _ = change_partnership(ps, AddPartner(partner=Partner(id="iph", name="Institute")), {})
    >>> ps, recorded = change_partnership(ps, UpdatePartner(id="iph", set={"short_name": "IPH"}), {})
    >>> [p.short_name or p.name for p in ps.partners], recorded.before
    (['Ministry of Health', 'IPH'], {'short_name': ''})
    >>> change_partnership(ps, RetirePartner(id="moh"), {"moh": 2})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: “Ministry of Health” still has 2 members; move them to another partner or take them off first.
    """
    match change:
        case AddPartner(partner=partner):
            return _add(partnership, partner), change
        case UpdatePartner():
            return _update(partnership, change)
        case RetirePartner(id=partner_id):
            partner = _current(partnership, partner_id)
            if members.get(partner_id):
                raise InvalidInput(ngettext(
                    "“{name}” still has {n} member; move them to another partner or take them off first.",
                    "“{name}” still has {n} members; move them to another partner or take them off first.",
                    members[partner_id], name=partner.name))
            return _retire(partnership, partner), change.model_copy(update={"label": partner.name})
        case ReinstatePartner(id=partner_id):
            return _reinstate(partnership, partner_id, change)
        case MergePartner(id=partner_id, into=into):
            partner, target = _current(partnership, partner_id), _current(partnership, into)
            if partner.id == target.id:
                raise InvalidInput(_("Choose two different partners to merge."))
            recorded = change.model_copy(update={"label": partner.name, "into_label": target.name,
                                                 "members_moved": members.get(partner_id, 0)})
            return _retire(partnership, partner, merged_into=target.id), recorded
    raise InvalidInput(_("'{op}' is not a change of the partnership.", op=change.op))


def _current(partnership: Partnership, partner_id: str) -> Partner:
    for partner in partnership.partners:
        if partner.id == partner_id:
            return partner
    former = partnership.find(partner_id)
    if former is not None:
        raise InvalidInput(_("“{name}” is retired; reinstate it first.", name=former.name))
    raise NotFound(_("There is no partner '{partner_id}' in this partnership.", partner_id=partner_id))


def _name_free(partnership: Partnership, name: str, short_name: str, but: str | None = None) -> None:
    """Refuse a name (or short name) another current partner has; a former one suggests reinstating."""
    wanted = {n.strip().casefold() for n in (name, short_name) if n.strip()}
    for partner in partnership.partners:
        if partner.id != but and wanted & {n.casefold() for n in (partner.name, partner.short_name) if n}:
            raise InvalidInput(_("There is already a partner called “{name}”; choose another name.", name=partner.name))
    for partner in partnership.former:
        if partner.id != but and name.strip().casefold() == partner.name.casefold():
            raise InvalidInput(_("“{name}” is a retired partner; reinstate it rather than adding it again.", name=partner.name))


def _add(partnership: Partnership, partner: Partner) -> Partnership:
    if len(partnership.partners) >= PARTNERS_MAX:
        raise InvalidInput(_("A partnership has at most {partners_max} partners at once; retire one first.", partners_max=PARTNERS_MAX))
    if partner.id in partnership.known_ids():
        raise InvalidInput(_("The id '{id}' is already used by a partner.", id=partner.id))
    if partner.merged_into is not None:
        raise InvalidInput(_("A new partner cannot be merged already."))
    _name_free(partnership, partner.name, partner.short_name)
    return partnership.model_copy(update={"partners": [*partnership.partners, partner]})


def _update(partnership: Partnership, change: UpdatePartner) -> tuple[Partnership, Change]:
    unknown = sorted(set(change.set) - set(EDITABLE))
    if unknown:
        raise InvalidInput(_("A partner's {fields} can be changed, not '{field}'.",
                             fields=", ".join(field_name(f) for f in EDITABLE), field=unknown[0]))
    partner = _current(partnership, change.id)
    fields = partner.model_dump(mode="json")
    edited = validated(Partner, {**fields, **change.set}, "partner")
    _name_free(partnership, edited.name, edited.short_name, but=partner.id)
    after = edited.model_dump(mode="json")
    changed = {f: after[f] for f in change.set if after[f] != fields[f]}
    if not changed:
        raise InvalidInput(_("“{name}” already has these values; nothing to change.", name=partner.name))
    partners = [edited if p.id == partner.id else p for p in partnership.partners]
    recorded = change.model_copy(update={"set": changed, "before": {f: fields[f] for f in changed},
                                         "label": edited.name})
    return partnership.model_copy(update={"partners": partners}), recorded


def _retire(partnership: Partnership, partner: Partner, merged_into: str | None = None) -> Partnership:
    return partnership.model_copy(update={
        "partners": [p for p in partnership.partners if p.id != partner.id],
        "former": [*partnership.former, partner.model_copy(update={"merged_into": merged_into})],
    })


def _reinstate(partnership: Partnership, partner_id: str, change: ReinstatePartner) -> tuple[Partnership, Change]:
    partner = next((p for p in partnership.former if p.id == partner_id), None)
    if partner is None:
        if partnership.find(partner_id) is not None:
            raise InvalidInput(_("“{name}” is not retired.", name=partnership.find(partner_id).name))
        raise NotFound(_("There is no partner '{partner_id}' in this partnership.", partner_id=partner_id))
    if len(partnership.partners) >= PARTNERS_MAX:
        raise InvalidInput(_("A partnership has at most {partners_max} partners at once; retire one first.", partners_max=PARTNERS_MAX))
    _name_free(partnership, partner.name, partner.short_name, but=partner.id)
    back = partner.model_copy(update={"merged_into": None})
    updated = partnership.model_copy(update={
        "partners": [*partnership.partners, back], "former": [p for p in partnership.former if p.id != partner_id],
    })
    return updated, change.model_copy(update={"label": partner.name})

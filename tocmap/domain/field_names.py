"""The names of the fields and things a message speaks of, in the reader's language ("element label", "libellé").

A validation message names the field it is about (see :func:`tocmap.domain.model.explain`). The
names are the models' own field names (``short_name``) and the things a message is about
(``learning entry``), each written for people and translated under the context ``field``, so a
name never takes the translation of the same English word used as a verb or a title elsewhere. A
test fails when a domain model gains a field that is not named here.
"""

from __future__ import annotations

from tocmap.i18n import _, pgettext


def field_names() -> dict[str, str]:
    """Every field (and subject) name → how the reader calls it.

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> field_names()["short_name"]
    'short name'
    >>> with using("fr"):
    ...     field_names()["short_name"], field_names()["learning entry"]
    ('nom court', "entrée d'apprentissage")
    """
    return {
        "about": pgettext("field", "about"),
        "actions": pgettext("field", "actions"),
        "actor": pgettext("field", "actor"),
        "actor_of": pgettext("field", "actor changed"),
        "aggregation": pgettext("field", "aggregation"),
        "agreed_by": pgettext("field", "agreed by"),
        "agreement": pgettext("field", "agreement"),
        "amount": pgettext("field", "amount"),
        "applies_to": pgettext("field", "applies to"),
        "assessor": pgettext("field", "assessor"),
        "assumption_status": pgettext("field", "assumption status"),
        "at": pgettext("field", "moment"),
        "attached_to": pgettext("field", "attached to"),
        "attendance": pgettext("field", "attendance"),
        "author": pgettext("field", "author"),
        "baseline": pgettext("field", "baseline"),
        "because": pgettext("field", "reason"),
        "before": pgettext("field", "before"),
        "before_status": pgettext("field", "status before"),
        "by": pgettext("field", "by"),
        "centre": pgettext("field", "centre"),
        "change": pgettext("field", "change"),
        "choices": pgettext("field", "choices"),
        "colour": pgettext("field", "colour"),
        "colour_by": pgettext("field", "colour by"),
        "comments": pgettext("field", "comments"),
        "complete": pgettext("field", "complete"),
        "confidence": pgettext("field", "confidence"),
        "confirmed": pgettext("field", "confirmed"),
        "consulted": pgettext("field", "consulted"),
        "contains": pgettext("field", "contains"),
        "content": pgettext("field", "content"),
        "contributes": pgettext("field", "contributes"),
        "correction": pgettext("field", "correction"),
        "created_at": pgettext("field", "created on"),
        "created_by": pgettext("field", "created by"),
        "currency": pgettext("field", "currency"),
        "custom": pgettext("field", "custom fields"),
        "data_source": pgettext("field", "data source"),
        "date": pgettext("field", "date"),
        "definition": pgettext("field", "definition"),
        "description": pgettext("field", "description"),
        "detached": pgettext("field", "detached"),
        "diagnosis": pgettext("field", "diagnosis"),
        "dimension": pgettext("field", "dimension"),
        "dimensions": pgettext("field", "dimensions"),
        "direction": pgettext("field", "direction"),
        "disaggregation": pgettext("field", "disaggregation"),
        "display": pgettext("field", "display"),
        "disputed_by": pgettext("field", "disputed by"),
        "due": pgettext("field", "due date"),
        "element": pgettext("field", "element"),
        "element_id": pgettext("field", "element"),
        "elements": pgettext("field", "elements"),
        "end": pgettext("field", "end"),
        "endorsed_by": pgettext("field", "endorsed by"),
        "ends": pgettext("field", "ends"),
        "entry": pgettext("field", "entry"),
        "evidence": pgettext("field", "evidence"),
        "exact": pgettext("field", "exact"),
        "exported_at": pgettext("field", "exported on"),
        "field": pgettext("field", "field"),
        "fields": pgettext("field", "fields"),
        "findings": pgettext("field", "findings"),
        "focus": pgettext("field", "focus"),
        "format": pgettext("field", "format"),
        "former": pgettext("field", "former"),
        "frequency": pgettext("field", "frequency"),
        "held_on": pgettext("field", "held on"),
        "high": pgettext("field", "high"),
        "hint": pgettext("field", "hint"),
        "history": pgettext("field", "history"),
        "id": pgettext("field", "id"),
        "indicator": pgettext("field", "indicator"),
        "indicators": pgettext("field", "indicators"),
        "intervention": pgettext("field", "intervention"),
        "into": pgettext("field", "into"),
        "into_label": pgettext("field", "label of the merged one"),
        "items": pgettext("field", "items"),
        "key": pgettext("field", "key"),
        "kind": pgettext("field", "kind"),
        "kinds": pgettext("field", "kinds"),
        "label": pgettext("field", "label"),
        "language": pgettext("field", "language"),
        "leads": pgettext("field", "leads to"),
        "learning": pgettext("field", "learning"),
        "line": pgettext("field", "line"),
        "link": pgettext("field", "link"),
        "links": pgettext("field", "links"),
        "loops": pgettext("field", "loops"),
        "low": pgettext("field", "low"),
        "map_id": pgettext("field", "map"),
        "map_type": pgettext("field", "map type"),
        "means_of_verification": pgettext("field", "means of verification"),
        "measure": pgettext("field", "measure"),
        "members_moved": pgettext("field", "members moved"),
        "merged_into": pgettext("field", "merged into"),
        "message": pgettext("field", "message"),
        "name": pgettext("field", "name"),
        "negative": pgettext("field", "negative"),
        "note": pgettext("field", "note"),
        "notes": pgettext("field", "notes"),
        "number": pgettext("field", "number"),
        "observation": pgettext("field", "value"),
        "observations": pgettext("field", "values"),
        "of": pgettext("field", "of"),
        "on": pgettext("field", "on"),
        "op": pgettext("field", "operation"),
        "opened_at": pgettext("field", "opened on"),
        "opened_by": pgettext("field", "opened by"),
        "ops": pgettext("field", "operations"),
        "organisations": pgettext("field", "organisations"),
        "owner": pgettext("field", "owner"),
        "owner_id": pgettext("field", "owner"),
        "owner_name": pgettext("field", "owner's name"),
        "owners": pgettext("field", "owners"),
        "parallel": pgettext("field", "parallel"),
        "partner": pgettext("field", "partner"),
        "partners": pgettext("field", "partners"),
        "partnership": pgettext("field", "partnership"),
        "paths": pgettext("field", "pathways"),
        "period": pgettext("field", "period"),
        "period_end": pgettext("field", "period end"),
        "period_start": pgettext("field", "period start"),
        "points": pgettext("field", "points"),
        "polarity": pgettext("field", "polarity"),
        "position": pgettext("field", "position"),
        "positions": pgettext("field", "positions"),
        "places": pgettext("field", "places"),
        "pre_reading": pgettext("field", "pre-reading"),
        "previous": pgettext("field", "previous"),
        "principle": pgettext("field", "principle"),
        "principles": pgettext("field", "principles"),
        "proposed_by": pgettext("field", "proposed by"),
        "proxy_for": pgettext("field", "proxy for"),
        "purpose": pgettext("field", "joint purpose"),
        "quadrant": pgettext("field", "quadrant"),
        "ranking": pgettext("field", "ranking"),
        "rationale": pgettext("field", "rationale"),
        "reason": pgettext("field", "reason"),
        "recorded_at": pgettext("field", "recorded on"),
        "recorded_by": pgettext("field", "recorded by"),
        "ref": pgettext("field", "reference"),
        "removed": pgettext("field", "removed"),
        "reported_by": pgettext("field", "reported by"),
        "resolved_at": pgettext("field", "resolved on"),
        "resolved_by": pgettext("field", "resolved by"),
        "responsibilities": pgettext("field", "responsibilities"),
        "responsibility": pgettext("field", "responsibility"),
        "responsible_partner": pgettext("field", "responsible partner"),
        "results_chain": pgettext("field", "results chain"),
        "revealed_at": pgettext("field", "revealed on"),
        "revealed_by": pgettext("field", "revealed by"),
        "revision": pgettext("field", "revision"),
        "revisions": pgettext("field", "revisions"),
        "round_id": pgettext("field", "round"),
        "rule": pgettext("field", "rule"),
        "scale": pgettext("field", "scale"),
        "scale_min": pgettext("field", "lowest score"),
        "scores": pgettext("field", "scores"),
        "search": pgettext("field", "search"),
        "seconds": pgettext("field", "seconds"),
        "session_id": pgettext("field", "session"),
        "set": pgettext("field", "changes"),
        "set_status": pgettext("field", "new status"),
        "severity": pgettext("field", "severity"),
        "short_name": pgettext("field", "short name"),
        "size_by": pgettext("field", "size by"),
        "snapshots": pgettext("field", "snapshots"),
        "source": pgettext("field", "source"),
        "stage_id": pgettext("field", "stage"),
        "stands": pgettext("field", "stands"),
        "start": pgettext("field", "start"),
        "started_at": pgettext("field", "started on"),
        "started_by": pgettext("field", "started by"),
        "starts": pgettext("field", "starts"),
        "statement": pgettext("field", "statement"),
        "status": pgettext("field", "status"),
        "subject_id": pgettext("field", "subject"),
        "subject_kind": pgettext("field", "kind of subject"),
        "tags": pgettext("field", "tags"),
        "taken_at": pgettext("field", "taken on"),
        "target": pgettext("field", "target"),
        "targets": pgettext("field", "targets"),
        "text": pgettext("field", "text"),
        "threshold": pgettext("field", "threshold"),
        "title": pgettext("field", "title"),
        "translations": pgettext("field", "translations"),
        "type": pgettext("field", "type"),
        "undone": pgettext("field", "undone"),
        "unit": pgettext("field", "unit"),
        "unowned": pgettext("field", "without owner"),
        "updated_at": pgettext("field", "updated on"),
        "url": pgettext("field", "web address"),
        "user_id": pgettext("field", "user"),
        "user_name": pgettext("field", "user's name"),
        "value": pgettext("field", "value"),
        "values": pgettext("field", "values"),
        "version": pgettext("field", "version"),
        "versions": pgettext("field", "versions"),
        "view": pgettext("field", "view"),
        "views": pgettext("field", "views"),
        "x": pgettext("field", "horizontal position"),
        "y": pgettext("field", "vertical position"),
        "zoom": pgettext("field", "zoom"),
        "learning entry": pgettext("field", "learning entry"),
        "re-articulation": pgettext("field", "re-articulation"),
        "account": pgettext("field", "account"),
        "map": pgettext("field", "map"),
        "translation": pgettext("field", "translation"),
        "result title": pgettext("field", "result title"),
        "indicator title": pgettext("field", "indicator title"),
    }


def field_name(name: str) -> str:
    """How the reader calls the field ``name``; a name not in the table as it is (it may be translated already)."""
    return field_names().get(name, name)


def field_path(location: tuple | list) -> str:
    """Where in a model a problem lies, as the reader calls it ("baseline › value", "target no. 2 › value").

    Examples
    --------
    >>> field_path(("targets", 1, "value")), field_path(("label",)), field_path((0,))
    ('targets no. 2 › value', 'label', '')
    """
    names = field_names()
    parts: list[str] = []
    for step in location:
        if isinstance(step, int):
            if parts:
                parts[-1] = _("{name} no. {n}", name=parts[-1], n=step + 1)
        else:
            parts.append(names.get(str(step), str(step)))
    return " › ".join(parts)

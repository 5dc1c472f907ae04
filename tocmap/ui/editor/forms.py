"""The editor's side panel: forms for an element and a link, and what their values mean.

Layout builders return Dash components; the functions below them are pure (form values
in, domain field values out) so they are tested without a browser.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from tocmap.domain.model import (
    LABEL_MAX,
    TEXT_MAX,
    ElementKind,
    Link,
    LinkKind,
    MapState,
    Partnership,
)
from tocmap.i18n import N_, _
from tocmap.ui.editor import ids
from tocmap.ui.editor.languages import EL_LANGUAGE, LINK_LANGUAGE

LINK_KINDS = (
    (LinkKind.CONTRIBUTES_TO.value, N_("contributes to (causal)")),
    (LinkKind.INFLUENCES.value, N_("influences (actor to actor)")),
    (LinkKind.RELATES_TO.value, N_("relates to (systems map)")),
)
ASSUMPTION_STATUSES = (
    ("untested", N_("Untested")), ("holding", N_("Holding")), ("challenged", N_("Challenged")),
    ("disproved", N_("Disproved")),
)
CONFIDENCES = (("low", N_("Low")), ("medium", N_("Medium")), ("high", N_("High")))
NOBODY = "__none__"  # not a valid partner or element id


def options(pairs) -> list[dict]:
    """Dropdown options from (value, English label) pairs, labelled in the reader's language."""
    return [{"label": _(label), "value": value} for value, label in pairs]


def kind_options() -> list[dict]:
    """Every element kind, by its title in the reader's language."""
    return [{"label": kind.title, "value": kind.value} for kind in ElementKind]

ELEMENT_FIELDS = ("label", "kind", "description", "owner", "tags", "actor", "attached_to", "assumption_status")
LINK_FIELDS = ("kind", "polarity", "confidence", "label", "rationale", "evidence")


def _field(label: str, control, help_text: str | None = None, row_id: str | None = None) -> html.Div:
    children = [dbc.Label(label, html_for=getattr(control, "id", None), className="tm-field-label"), control]
    if help_text:
        children.append(dbc.FormText(help_text))
    return html.Div(children, className="mb-2", **({"id": row_id} if row_id else {}))


def _conflict_buttons(form: str) -> html.Div:
    return html.Div(
        [
            dbc.Button(_("Keep mine"), id={"type": ids.KEEP_MINE, "form": form}, size="sm", color="warning", className="me-2"),
            dbc.Button(_("Take theirs"), id={"type": ids.TAKE_THEIRS, "form": form}, size="sm", color="secondary", outline=True),
        ],
        className="tm-conflict-actions",
    )


def element_form() -> html.Div:
    """The element form (hidden until an element is selected)."""
    return html.Div(
        [
            html.Div(id=ids.EL_MESSAGE),
            _field(_("Label"), dbc.Textarea(id=ids.EL_LABEL, maxLength=LABEL_MAX, rows=2, debounce=False),
                   _("What this element says, in at most {n} characters. Enter saves.", n=LABEL_MAX)),
            html.Div(id=EL_LANGUAGE, className="tm-language-marks"),  # the marks: see editor.languages
            _field(_("Kind"), dbc.Select(id=ids.EL_KIND, options=kind_options())),
            _field(_("Description"), dbc.Textarea(id=ids.EL_DESCRIPTION, maxLength=TEXT_MAX, rows=3)),
            _field(_("Owner"), dbc.Select(id=ids.EL_OWNER)),
            _field(_("Tags"), dbc.Input(id=ids.EL_TAGS), _("Separate tags with commas, e.g. data, capacity")),
            _field(_("Whose change is it?"), dbc.Select(id=ids.EL_ACTOR),
                   _("The actor whose behaviour or capacity changes."),
                   row_id=ids.EL_ACTOR_ROW),
            html.Div(
                [
                    _field(_("Underpins"), dcc.Dropdown(id=ids.EL_ATTACHED, multi=True, placeholder=_("Elements or links")),
                           _("The elements and links this assumption holds up.")),
                    _field(_("Status"), dbc.Select(id=ids.EL_STATUS, options=options(ASSUMPTION_STATUSES))),
                ],
                id=ids.EL_ASSUMPTION_ROWS,
            ),
            _field(_("Leads to"), html.Div([
                dcc.Dropdown(id=ids.CONNECT_TO, placeholder=_("Choose an element…"), className="tm-connect-to"),
                dbc.Button([html.I(className="bi bi-bezier2 me-1"), _("Link")], id=ids.CONNECT_TO_BUTTON,
                           color="light", size="sm"),
            ], className="tm-connect-row"), _("Links this element to another one, without the mouse.")),
            html.Div(
                [
                    dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save")], id=ids.EL_SAVE, color="primary",
                               title=_("Save (Enter in the label)")),
                    dbc.Button([html.I(className="bi bi-trash me-1"), _("Delete")], id=ids.EL_DELETE,
                               color="danger", outline=True, title=_("Delete (the Delete key on the map)")),
                ],
                className="tm-panel-actions",
            ),
        ],
        id=ids.ELEMENT_FORM,
        style={"display": "none"},
    )


def link_form() -> html.Div:
    """The link form (hidden until a link is selected)."""
    return html.Div(
        [
            html.Div(id=ids.LINK_ENDS, className="tm-link-ends"),
            html.Div(id=ids.LINK_MESSAGE),
            html.Div(id=LINK_LANGUAGE, className="tm-language-marks"),  # the marks: see editor.languages
            _field(_("Kind"), dbc.Select(id=ids.LINK_KIND, options=options(LINK_KINDS))),
            _field(_("Polarity"), dbc.RadioItems(
                id=ids.LINK_POLARITY, inline=True,
                options=[{"label": _("+ more leads to more"), "value": "+"},
                         {"label": _("− more leads to less"), "value": "-"}],
            )),
            _field(_("Confidence"), dbc.RadioItems(id=ids.LINK_CONFIDENCE, inline=True, options=options(CONFIDENCES))),
            _field(_("Label"), dbc.Input(id=ids.LINK_LABEL, maxLength=LABEL_MAX)),
            _field(_("Rationale"), dbc.Textarea(id=ids.LINK_RATIONALE, maxLength=TEXT_MAX, rows=3),
                   _("Why partners expect this to happen.")),
            _field(_("Evidence"), dbc.Textarea(id=ids.LINK_EVIDENCE, maxLength=TEXT_MAX, rows=2)),
            html.Div(
                [
                    dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save")], id=ids.LINK_SAVE, color="primary"),
                    dbc.Button([html.I(className="bi bi-trash me-1"), _("Delete")], id=ids.LINK_DELETE,
                               color="danger", outline=True),
                ],
                className="tm-panel-actions",
            ),
        ],
        id=ids.LINK_FORM,
        style={"display": "none"},
    )


def conflict_message(message: str, form: str) -> dbc.Alert:
    """A conflict: what the other person did, and the two ways out."""
    return dbc.Alert([html.Div(message, className="mb-2"), _conflict_buttons(form)], color="warning", className="mb-2")


# --------------------------------------------------------------------------- pure


def partner_options(partnership: Partnership) -> list[dict]:
    """Choices for an owner: every partner, or nobody."""
    return [{"label": _("— nobody yet —"), "value": NOBODY}] + [{"label": p.name, "value": p.id} for p in partnership.partners]


def actor_options(state: MapState) -> list[dict]:
    """Choices for an outcome's actor."""
    actors = sorted((e for e in state.elements.values() if e.kind == ElementKind.ACTOR), key=lambda e: e.label.lower())
    return [{"label": _("— none —"), "value": NOBODY}] + [{"label": a.label, "value": a.id} for a in actors]


def attachable_options(state: MapState, assumption_id: str) -> list[dict]:
    """What an assumption can be attached to: other elements, then links."""
    elements = [{"label": e.label, "value": e.id} for e in state.elements.values() if e.id != assumption_id]
    links = [{"label": _("Link: {label}", label=state.label_of(i)), "value": i} for i in state.links]
    return sorted(elements, key=lambda o: o["label"].lower()) + links


def element_values(state: MapState, element_id: str) -> dict:
    """The form's values for an element (empty strings for nothing).

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="outcome", label="A", tags=["x", "y"])})
    >>> element_values(state, "a")["tags"]
    'x, y'
    """
    e = state.elements[element_id]
    return {
        "label": e.label, "kind": e.kind.value, "description": e.description, "owner": e.owner or NOBODY,
        "tags": ", ".join(e.tags), "actor": e.actor or NOBODY, "attached_to": list(e.attached_to),
        "assumption_status": e.assumption_status or "untested",
    }


def link_values(link: Link) -> dict:
    """The form's values for a link."""
    return {f: getattr(link, f).value if f == "kind" else getattr(link, f) for f in LINK_FIELDS}


def changed_fields(loaded: dict, form: dict) -> dict:
    """The domain fields a form changes compared with what it was filled with.

    Empty selections become None, tags become a list, and kind-specific fields are
    dropped when they do not apply to the (new) kind.

    Examples
    --------
    >>> loaded = {"label": "A", "kind": "outcome", "tags": "", "owner": NOBODY, "actor": NOBODY, "attached_to": [],
    ...           "assumption_status": "untested", "description": ""}
    >>> changed_fields(loaded, {**loaded, "label": "B ", "tags": "data,  policy,", "owner": "moh"})
    {'label': 'B ', 'owner': 'moh', 'tags': ['data', 'policy']}
    """
    kind = form.get("kind") or loaded.get("kind")
    changes = {}
    for field, value in form.items():
        if value == loaded.get(field) or value is None and loaded.get(field) in ("", [], NOBODY):
            continue
        if field == "tags":
            value = [tag.strip() for tag in (value or "").split(",") if tag.strip()]
        elif field in ("owner", "actor"):
            value = None if value in (NOBODY, "", None) else value
        changes[field] = value
    if kind != ElementKind.OUTCOME.value:
        changes.pop("actor", None)
        if loaded.get("actor") and "kind" in changes:
            changes["actor"] = None
    if kind != ElementKind.ASSUMPTION.value:
        changes.pop("attached_to", None)
        changes.pop("assumption_status", None)
        if loaded.get("kind") == ElementKind.ASSUMPTION.value and "kind" in changes:
            changes.update(attached_to=[], assumption_status=None)
    elif loaded.get("kind") != ElementKind.ASSUMPTION.value:
        changes.setdefault("assumption_status", form.get("assumption_status") or "untested")
    return dict(sorted(changes.items(), key=lambda item: ELEMENT_FIELDS.index(item[0]) if item[0] in ELEMENT_FIELDS else 99))


def link_kind_for(source_kind: str, target_kind: str) -> str:
    """The link kind a new connection between two kinds gets.

    Examples
    --------
    >>> link_kind_for("actor", "actor"), link_kind_for("output", "outcome"), link_kind_for("actor", "outcome")
    ('influences', 'contributes_to', 'contributes_to')
    """
    if source_kind == target_kind == ElementKind.ACTOR.value:
        return LinkKind.INFLUENCES.value
    return LinkKind.CONTRIBUTES_TO.value

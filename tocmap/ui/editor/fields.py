"""The map's own fields in the editor: defined in the "Fields" tab, valued in the Edit tab, used on the canvas.

- The "Fields" tab lists the map's fields (number, text, date, choice; for elements, links or both)
  and adds, changes and removes them.
- Under the element and link forms, the selected item's values of those fields, with their own Save.
- The toolbar's "Fields" button unfolds a strip above the canvas: a filter on one field (options of a
  choice field, a range of numbers or dates, text a value contains) that dims what does not match,
  for this viewer only; and "Size by" / "Colour by", a setting of the map that every participant,
  picture and report follows (it is in the history).

The canvas learns what to restyle from the deltas (``restyle``: the map's settings changed, or the map
is sized or coloured by a field), so a map without fields costs no request.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.errors import TocmapError
from tocmap.domain.fields import FieldFilter, checked_filter, matching
from tocmap.domain.model import FIELD_TYPE_TITLES, LABEL_MAX, FieldDefinition, MapState
from tocmap.i18n import N_, _, format_number, ngettext
from tocmap.presentation import display_legend, tint
from tocmap.services import fields as own_fields
from tocmap.services import maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.canvas import display_stylesheet, field_filter_rules
from tocmap.ui.components import error_alert
from tocmap.ui.editor.machinery import EDIT_OUTPUTS, EDIT_STATES, NOTHING, Editor, push

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

TAB = "fields"
# the strip above the canvas
TOGGLE = "fields-toggle"
BAR = "fields-bar"
META = "fields-meta"  # {field id: {"name", "type", "choices", "applies_to"}}: what the controls offer
DUE = "fields-due"  # a revision: the canvas's field styles are to be read again
DISPLAY_STYLE = "fields-display-style"
FILTER_STYLE = "fields-filter-style"
LEGEND = "fields-legend"
NONE_YET = "fields-none-yet"
FILTER_FIELD = "fields-filter-field"
FILTER_CHOICES = "fields-filter-choices"
FILTER_LOW = "fields-filter-low"
FILTER_HIGH = "fields-filter-high"
FILTER_TEXT = "fields-filter-text"
FILTER_RANGE = "fields-filter-range"
FILTER_COUNT = "fields-filter-count"
SIZE_BY = "fields-size-by"
COLOUR_BY = "fields-colour-by"
# the tab
LIST = "fields-list"
NAME = "fields-name"
TYPE = "fields-type"
APPLIES = "fields-applies"
CHOICES = "fields-choices"
CHOICES_ROW = "fields-choices-row"
EDITING = "fields-editing"  # the id of the field the form changes (None: a new field)
SAVE = "fields-save"
CANCEL = "fields-cancel"
EDIT = "fields-edit"  # {"type": EDIT, "field": id}
REMOVE = "fields-remove"  # {"type": REMOVE, "field": id}
MESSAGE = "fields-message"
# the selected item's values
VALUES = "fields-values"
VALUE = "fields-value"  # {"type": VALUE, "field": id}
VALUES_SAVE = "fields-values-save"
VALUES_MESSAGE = "fields-values-message"

TYPES = tuple(FIELD_TYPE_TITLES.items())
APPLIES_TO = (("elements", N_("Elements")), ("links", N_("Links")), ("both", N_("Elements and links")))
NO_FIELDS = N_("This map has no fields of its own yet: define them in the Fields tab (number, text, date "
               "or choice), then filter by them, size or colour the map by them.")


def _options(pairs) -> list[dict]:
    return [{"label": _(label), "value": value} for value, label in pairs]


def field_meta(state: MapState) -> dict:
    """What the controls need to know of each field."""
    return {f.id: {"name": f.name, "type": f.type, "choices": f.choices, "applies_to": f.applies_to}
            for f in state.fields.values()}


def show_options(meta: dict, wanted: str) -> list[dict]:
    """The fields elements can be sized by (``number``) or coloured by (``choice``)."""
    return [{"label": f["name"], "value": key} for key, f in meta.items()
            if f["type"] == wanted and f["applies_to"] != "links"]


# --------------------------------------------------------------------------- layout


def stores(state: MapState) -> list:
    """What the page keeps of the fields, filled from the map as it opens (no request)."""
    return [dcc.Store(id=META, data=field_meta(state)), dcc.Store(id=DUE),
            dcc.Store(id=DISPLAY_STYLE, data=display_stylesheet(state)), dcc.Store(id=FILTER_STYLE, data=[])]


def toolbar_toggle() -> dbc.Button:
    """The toolbar button that unfolds the fields strip."""
    return dbc.Button([html.I(className="bi bi-ui-checks-grid me-1"), _("Fields")], id=TOGGLE, color="light",
                      size="sm", title=_("Filter by the map's own fields; size or colour the map by them"))


def bar(state: MapState) -> dbc.Collapse:
    """The strip above the canvas: the filter by a field, and what sizes and colours the map."""
    meta = field_meta(state)
    field_choices = [{"label": f["name"], "value": key} for key, f in meta.items()]
    return dbc.Collapse(
        html.Div(
            [
                html.Span(_("Filter by"), className="tm-fields-word"),
                dcc.Dropdown(id=FILTER_FIELD, options=field_choices, placeholder=_("Field"),
                             className="tm-fields-pick"),
                dcc.Dropdown(id=FILTER_CHOICES, multi=True, placeholder=_("Any option"),
                             className="tm-fields-choices", style={"display": "none"}),
                html.Span([dbc.Input(id=FILTER_LOW, size="sm", placeholder=_("from"), debounce=True,
                                     className="tm-fields-bound"),
                           html.Span("–"),
                           dbc.Input(id=FILTER_HIGH, size="sm", placeholder=_("to"), debounce=True,
                                     className="tm-fields-bound")],
                          id=FILTER_RANGE, className="tm-fields-range", style={"display": "none"}),
                dbc.Input(id=FILTER_TEXT, size="sm", placeholder=_("contains…"), debounce=True,
                          className="tm-fields-text", style={"display": "none"}),
                html.Span(id=FILTER_COUNT, className="tm-fields-count", role="status"),
                html.Span(className="tm-fields-gap"),
                html.Label(_("Size by"), htmlFor=SIZE_BY, className="tm-fields-word"),
                dcc.Dropdown(id=SIZE_BY, options=show_options(meta, "number"), value=state.display.size_by,
                             placeholder=_("usual size"), className="tm-fields-pick"),
                html.Label(_("Colour by"), htmlFor=COLOUR_BY, className="tm-fields-word"),
                dcc.Dropdown(id=COLOUR_BY, options=show_options(meta, "choice"), value=state.display.colour_by,
                             placeholder=_("kind"), className="tm-fields-pick"),
                html.Small(_(NO_FIELDS), id=NONE_YET, className="tm-fields-none text-secondary",
                           style=None if not meta else {"display": "none"}),
            ],
            className="tm-fields-bar",
        ),
        id=BAR, is_open=False,
    )


def legend(state: MapState) -> list:
    """The legend's entries for what sizes and colours the map (each colour named in words)."""
    entries = []
    for colour, words in display_legend(state):
        mark = (html.Span(className="tm-kind-dot", style={"background": tint(colour, 0.7), "border": f"2px solid {colour}"})
                if colour else html.I(className="bi bi-arrows-angle-expand me-1"))
        entries.append(html.Span([mark, words], className="tm-legend-item tm-legend-field"))
    return entries


def panel(state: MapState) -> html.Div:
    """The "Fields" tab: the map's fields and a form to add or change one."""
    return html.Div(
        [
            dcc.Store(id=EDITING),
            html.P(_("Fields the partnership defines for its elements and links (a budget, a priority, a start "
                     "date…). Filter by them, and size or colour the map by them, with the “Fields” button."),
                   className="small text-secondary"),
            html.Div(field_list(state), id=LIST),
            html.H6(_("Add a field"), id=f"{NAME}-title", className="mt-3"),
            dbc.Label(_("Name"), html_for=NAME, className="tm-field-label"),
            dbc.Input(id=NAME, maxLength=LABEL_MAX, placeholder=_("e.g. Budget (EUR)")),
            html.Div([
                html.Div([dbc.Label(_("Type"), html_for=TYPE, className="tm-field-label"),
                          dbc.Select(id=TYPE, options=_options(TYPES), value="number")], className="flex-fill"),
                html.Div([dbc.Label(_("For"), html_for=APPLIES, className="tm-field-label"),
                          dbc.Select(id=APPLIES, options=_options(APPLIES_TO), value="elements")],
                         className="flex-fill"),
            ], className="d-flex gap-2 mt-2"),
            html.Div([dbc.Label(_("Options, one per line"), html_for=CHOICES, className="tm-field-label mt-2"),
                      dbc.Textarea(id=CHOICES, rows=3, placeholder=_("High\nMedium\nLow"))],
                     id=CHOICES_ROW, style={"display": "none"}),
            html.Div([dbc.Button(_("Save field"), id=SAVE, color="primary", size="sm", className="me-2"),
                      dbc.Button(_("Cancel"), id=CANCEL, color="secondary", outline=True, size="sm")],
                     className="mt-2"),
            html.Div(id=MESSAGE, className="mt-2"),
        ],
        className="tm-fields-panel",
    )


def field_list(state: MapState) -> html.Div:
    """The map's fields, each with its type, what it is for, its options, and buttons to change or remove it."""
    if not state.fields:
        return html.P(_("No fields yet."), className="text-secondary small")
    types, applies = dict(TYPES), dict(APPLIES_TO)
    rows = []
    for field in state.fields.values():
        held = sum(field.id in item.custom for item in [*state.elements.values(), *state.links.values()])
        about = [_(types[field.type]), _(applies[field.applies_to]),
                 ngettext("{n} value", "{n} values", held)]
        rows.append(dbc.ListGroupItem([
            html.Div([html.Strong(field.name), html.Small(" · ".join(about), className="text-secondary ms-2")]),
            html.Small(", ".join(field.choices), className="d-block text-secondary") if field.choices else None,
            html.Div([
                dbc.Button(_("Edit"), id={"type": EDIT, "field": field.id}, size="sm", color="link",
                           className="p-0 me-3"),
                dbc.Button(_("Remove"), id={"type": REMOVE, "field": field.id}, size="sm", color="link",
                           className="p-0 text-danger",
                           title=_("Removes the field and every value it holds; undo brings them back")),
            ]),
        ]))
    return dbc.ListGroup(rows, flush=True)


def values_block() -> html.Div:
    """Where the selected element's or link's values of the map's fields are shown and changed."""
    return html.Div(id=VALUES, className="tm-field-values")


def value_inputs(state: MapState, kind: str, item_id: str) -> list:
    """The selected item's values, one input per field that applies to it (empty list: none applies)."""
    item = (state.elements if kind == "element" else state.links).get(item_id)
    fields = [f for f in state.fields.values() if f.applies_to in ("both", f"{kind}s")]
    if item is None or not fields:
        return []
    rows = [html.Div(_("Fields"), className="tm-field-label mt-3")]
    for field in fields:
        rows.append(html.Div([dbc.Label(field.name, html_for=dom_id(_value_key(field)), className="small mb-0"),
                              _value_input(field, item.custom.get(field.id))], className="mb-1"))
    rows += [dbc.Button(_("Save fields"), id=VALUES_SAVE, color="primary", outline=True, size="sm",
                        className="mt-1"), html.Div(id=VALUES_MESSAGE, className="mt-1")]
    return [html.Div(rows, **{"data-item": item_id})]


def _value_key(field: FieldDefinition) -> dict:
    return {"type": VALUE, "field": field.id}


def dom_id(key: dict) -> str:
    """The id a pattern-matching component has in the page (what a label's ``for`` names).

    >>> dom_id({"type": "fields-value", "field": "budget"})
    '{"field":"budget","type":"fields-value"}'
    """
    return json.dumps(key, sort_keys=True, separators=(",", ":"))


def _value_input(field: FieldDefinition, value):
    """One field's input, as its type needs."""
    key = _value_key(field)
    if field.type == "choice":
        options = [{"label": "—", "value": ""}] + [{"label": c, "value": c} for c in field.choices]
        return dbc.Select(id=key, options=options, value=value or "", size="sm", placeholder="—")
    if field.type == "number":
        shown = "" if value is None else (format_number(value) if isinstance(value, float) else str(value))
        return dbc.Input(id=key, value=shown, size="sm", inputmode="decimal")
    return dbc.Input(id=key, value=value or "", size="sm", type="date" if field.type == "date" else "text",
                     maxLength=LABEL_MAX if field.type == "text" else None)


# --------------------------------------------------------------------------- what the canvas shows


def wanted_filter(field: str | None, choices, low, high, text) -> FieldFilter | None:
    """The filter the strip's controls describe (None when no field is chosen)."""
    if not field:
        return None
    bounds = {"low": low if low not in ("", None) else None, "high": high if high not in ("", None) else None}
    return FieldFilter.model_validate({"field": field, "values": choices or [], "contains": text or "", **bounds})


def filter_rules(state: MapState, wanted: FieldFilter) -> tuple[list[dict], str]:
    """The rules that dim what does not match, and how many match ("3 of 12 match")."""
    field = checked_filter(state.fields, wanted)
    kept = matching(state, wanted)
    total = (len(state.elements) if field.applies_to != "links" else 0) + \
            (len(state.links) if field.applies_to != "elements" else 0)
    return field_filter_rules(kept, field.applies_to), _("{n} of {total} match", n=format_number(len(kept)),
                                                         total=format_number(total))


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    """Wire the fields' callbacks onto this app instance."""
    editor = Editor(db)

    app.clientside_callback(
        "function(n, open) { window.tocmapView && window.tocmapView.resizeSoon(); return [!open, !open]; }",
        Output(BAR, "is_open"), Output(TOGGLE, "active"), Input(TOGGLE, "n_clicks"), State(BAR, "is_open"),
        prevent_initial_call=True,
    )

    # the field styles are read again when a delta said so, or when the filter is on and anything changed
    app.clientside_callback(
        """function(meta, applied, field) {
            const due = window.tmRestyle || (field && window.tmChanged);
            window.tmRestyle = false; window.tmChanged = false;
            return due && meta ? meta.revision : window.dash_clientside.no_update;
        }""",
        Output(DUE, "data"), Input(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.DELTA_APPLIED, "data"),
        State(FILTER_FIELD, "value"), prevent_initial_call=True,
    )

    @app.callback(
        Output(META, "data"), Output(DISPLAY_STYLE, "data"), Output(LEGEND, "children"),
        Output(SIZE_BY, "options"), Output(SIZE_BY, "value"), Output(COLOUR_BY, "options"),
        Output(COLOUR_BY, "value"), Output(FILTER_FIELD, "options"), Output(LIST, "children"),
        Output(NONE_YET, "style"), Input(DUE, "data"), State(ids.EDITOR_MAP_SHOWN, "data"), State(META, "data"), State(DISPLAY_STYLE, "data"),
        prevent_initial_call=True,
    )
    def follow(_due, meta, known, styled):
        if not meta:
            return (no_update,) * 10
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        fresh, style = field_meta(state), display_stylesheet(state)
        unchanged = no_update if fresh == known else fresh
        return (unchanged, no_update if style == styled else style, legend(state),
                show_options(fresh, "number"), state.display.size_by, show_options(fresh, "choice"),
                state.display.colour_by, [{"label": f["name"], "value": k} for k, f in fresh.items()],
                field_list(state), {"display": "none"} if fresh else None)

    @app.callback(
        Output(FILTER_CHOICES, "options"), Output(FILTER_CHOICES, "value"), Output(FILTER_CHOICES, "style"),
        Output(FILTER_RANGE, "style"), Output(FILTER_LOW, "type"), Output(FILTER_HIGH, "type"),
        Output(FILTER_LOW, "value"), Output(FILTER_HIGH, "value"), Output(FILTER_TEXT, "style"),
        Output(FILTER_TEXT, "value"),
        Input(FILTER_FIELD, "value"), State(META, "data"), prevent_initial_call=True,
    )
    def controls(field, meta):
        chosen = (meta or {}).get(field or "")
        hide, show = {"display": "none"}, {}
        kind = chosen["type"] if chosen else None
        choices = [{"label": c, "value": c} for c in chosen["choices"]] if chosen else []
        bound = "date" if kind == "date" else "number"
        return (choices, [], show if kind == "choice" else hide, show if kind in ("number", "date") else hide,
                bound, bound, None, None, show if kind == "text" else hide, "")

    @app.callback(
        Output(FILTER_STYLE, "data"), Output(FILTER_COUNT, "children"),
        Input(FILTER_FIELD, "value"), Input(FILTER_CHOICES, "value"), Input(FILTER_LOW, "value"),
        Input(FILTER_HIGH, "value"), Input(FILTER_TEXT, "value"), Input(DUE, "data"),
        State(ids.EDITOR_MAP_SHOWN, "data"), prevent_initial_call=True,
    )
    def filter_by(field, choices, low, high, text, _due, meta):
        if not field or not meta:
            return [], None
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        if field not in state.fields:
            return [], None
        try:
            rules, count = filter_rules(state, wanted_filter(field, choices, low, high, text))
        except (TocmapError, ValueError) as error:
            return no_update, html.Span(str(error).splitlines()[-1].split(", input_value")[0],
                                        className="text-danger")
        return rules, count

    @app.callback(*EDIT_OUTPUTS, Input(SIZE_BY, "value"), Input(COLOUR_BY, "value"), *EDIT_STATES,
                  prevent_initial_call=True)
    def show_by(size_by, colour_by, meta, undo):
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        if (size_by or None, colour_by or None) == (state.display.size_by, state.display.colour_by):
            return NOTHING  # the strip was only brought up to date
        return editor.commit(meta, undo, lambda author, base: own_fields.show_by(
            db, meta["map_id"], author, size_by=size_by, colour_by=colour_by, base_revision=base))

    # ------------------------------------------------------------- the tab

    app.clientside_callback(
        "function(type) { return type === 'choice' ? {} : {display: 'none'}; }",
        Output(CHOICES_ROW, "style"), Input(TYPE, "value"),
    )

    @app.callback(
        Output(EDITING, "data"), Output(NAME, "value"), Output(TYPE, "value"), Output(APPLIES, "value"),
        Output(CHOICES, "value"), Output(f"{NAME}-title", "children"),
        Input({"type": EDIT, "field": ALL}, "n_clicks"), Input(CANCEL, "n_clicks"), State(META, "data"),
        prevent_initial_call=True,
    )
    def pick(clicks, _cancel, meta):
        chosen = (meta or {}).get(ctx.triggered_id["field"]) if isinstance(ctx.triggered_id, dict) else None
        if ctx.triggered_id != CANCEL and (not any(clicks) or chosen is None):
            return (no_update,) * 6
        if chosen is None:
            return None, "", "number", "elements", "", _("Add a field")
        return (ctx.triggered_id["field"], chosen["name"], chosen["type"], chosen["applies_to"],
                "\n".join(chosen["choices"]), _("Change the field “{name}”", name=chosen["name"]))

    @app.callback(
        *EDIT_OUTPUTS, Output(MESSAGE, "children"), Output(EDITING, "data", allow_duplicate=True),
        Output(NAME, "value", allow_duplicate=True), Output(CHOICES, "value", allow_duplicate=True),
        Input(SAVE, "n_clicks"), Input({"type": REMOVE, "field": ALL}, "n_clicks"),
        State(NAME, "value"), State(TYPE, "value"), State(APPLIES, "value"), State(CHOICES, "value"),
        State(EDITING, "data"), *EDIT_STATES, prevent_initial_call=True,
    )
    def change(_save, removes, name, kind, applies, choices, editing, meta, undo):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict):
            if not any(removes):
                return *NOTHING, no_update, no_update, no_update, no_update
            make = lambda author, base: own_fields.remove_field(db, meta["map_id"], trigger["field"], author,
                                                                base)
            said = _("The field was removed, with its values. Undo brings them back.")
        else:
            make = lambda author, base: own_fields.define_field(
                db, meta["map_id"], author, name or "", kind or "text", (choices or "").splitlines(),
                applies or "elements", field_id=editing, base_revision=base)
            said = _("Saved the field “{name}”.", name=(name or "").strip())
        outputs = editor.commit(meta, undo, make)
        if outputs[0] is no_update:  # refused: said in the tab, beside the form
            return *NOTHING, outputs[2], no_update, no_update, no_update
        note = dbc.Alert(said, color="success", duration=4000, className="py-1 mb-0")
        return *outputs, note, None, "", ""

    # ------------------------------------------------------------- the selected item's values

    @app.callback(Output(VALUES, "children"), Input(ids.SELECTION, "data"), Input(META, "data"),
                  State(ids.EDITOR_MAP, "data"), prevent_initial_call=True)  # nothing is selected on opening
    def show_values(selection, _meta, meta):
        if not selection or not meta or not selection.get("id"):
            return []
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        return value_inputs(state, selection["type"], selection["id"])

    @app.callback(
        *EDIT_OUTPUTS, Output(VALUES_MESSAGE, "children"),
        Input(VALUES_SAVE, "n_clicks"), State({"type": VALUE, "field": ALL}, "value"),
        State({"type": VALUE, "field": ALL}, "id"), State(ids.SELECTION, "data"), *EDIT_STATES,
        prevent_initial_call=True,
    )
    def save_values(clicks, values, keys, selection, meta, undo):
        if not clicks or not selection:
            return *NOTHING, no_update
        said = {key["field"]: value for key, value in zip(keys, values)}
        author = current_author()
        try:
            applied = own_fields.set_values(db, meta["map_id"], selection["type"], selection["id"], said, author,
                                            meta["revision"])
        except TocmapError as error:
            return *NOTHING, error_alert(str(error), _("Not saved"))
        if applied is None:
            return *NOTHING, dbc.Alert(_("Nothing to save: no field changed."), color="secondary", duration=3000,
                                       className="py-1 mb-0")
        outputs = editor.answer(meta, applied, undo=push(undo, meta["map_id"], applied.revision))
        return *outputs, dbc.Alert(_("Saved."), color="success", duration=2500, className="py-1 mb-0")

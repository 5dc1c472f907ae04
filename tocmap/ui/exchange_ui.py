"""Exports from the map page and imports from the home page.

The map page's **Export** menu holds plain links to the download routes
(:mod:`tocmap.ui.downloads`): the browser downloads the file (or opens the report in a
new tab) without a callback, in the reader's language. "Another version…" opens a form to
export a named snapshot or an earlier revision, in any language tocmap offers. The home page's **Import** form takes a file (dcc.Upload), guesses
its format, offers the activities of an IATI file, and imports it as a new map or into an
existing one; what the file could not bring along is listed in the confirmation.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from tocmap import i18n
from tocmap.adapters.exchange import FORMATS, IMPORTS, MAX_FILE_BYTES, guess_format
from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.domain.limits import Limits, size_words
from tocmap.i18n import N_, _, format_number, ngettext
from tocmap.services import exchange, maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert, notice
from tocmap.ui.map_list import listing

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

ICONS = {
    "png": "file-earmark-image", "svg": "vector-pen", "report": "file-earmark-richtext",
    "xlsx": "file-earmark-spreadsheet", "csv": "filetype-csv", "iati": "globe2", "kumu": "diagram-3",
    "graphml": "share", "gexf": "share-fill", "json": "filetype-json",
}
SHORT = {
    "png": N_("Picture (PNG)"), "svg": N_("Picture (SVG)"), "report": N_("Joint purpose map report"),
    "xlsx": N_("Logframe workbook (XLSX)"), "csv": N_("Logframe tables (CSV, zip)"),
    "iati": N_("IATI 2.03 results (XML)"), "kumu": "Kumu (JSON)", "graphml": "GraphML", "gexf": "GEXF (Gephi)",
    "json": N_("tocmap JSON (full fidelity)"),
}
GROUPS = (N_("Picture"), N_("Report"), N_("Spreadsheet"), N_("Open data and other tools"))
#: The format select's "from the file name", and the target select's "a new map".
AUTO, NEW = "auto", "new"
#: The version form's language select (the language the file is made in).
EXPORT_LANGUAGE = "export-language"


def export_href(map_id: int, fmt: str, revision: int | None = None, snapshot: str | None = None,
                language: str | None = None) -> str:
    """The address that downloads a map in a format (the report opens as a page), in a language if one is asked.

    Examples
    --------
    >>> export_href(3, "xlsx"), export_href(3, "report", snapshot="March workshop", language="fr")
    ('/maps/3/export/xlsx', '/maps/3/report?snapshot=March+workshop&lang=fr')
    """
    base = f"/maps/{map_id}/report" if fmt == "report" else f"/maps/{map_id}/export/{fmt}"
    query = {"snapshot": snapshot} if snapshot else {"revision": revision} if revision is not None else {}
    if language:
        query["lang"] = language
    return f"{base}?{urlencode(query)}" if query else base


# --------------------------------------------------------------------------- the export menu


def export_menu(map_id: int) -> html.Span:
    """The map page's Export menu (every format, for the current revision) and its version form."""
    items: list = []
    for group in GROUPS:
        keys = [k for k, f in FORMATS.items() if f.exports and f.group == group]
        if items:
            items.append(dbc.DropdownMenuItem(divider=True))
        items.append(dbc.DropdownMenuItem(_(group), header=True))
        for key in keys:
            report = key == "report"
            items.append(dbc.DropdownMenuItem(
                [html.I(className=f"bi bi-{ICONS[key]} me-2"), _(SHORT[key])],
                href=export_href(map_id, key), external_link=True, target="_blank" if report else None,
                className=f"tm-export-item tm-export-{key}",
            ))
    items += [
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem([html.I(className="bi bi-clock-history me-2"), _("Another version…")],
                             id=ids.EXPORT_VERSION_OPEN),
    ]
    return html.Span(
        [
            dbc.DropdownMenu(
                items, id=ids.EXPORT_MENU, label=[html.I(className="bi bi-download me-1"), _("Export")],
                color="light", size="sm", align_end=True, class_name="tm-export-menu",
            ),
            version_modal(map_id),
        ],
        className="tm-export",
    )


def download_link(map_id, version: str | None, revision, fmt: str, language: str | None) -> tuple:
    """The version form's Download button (href, disabled, target) and whether the revision row shows.

    Examples
    --------
    >>> download_link(3, "", None, "xlsx", None)
    ('/maps/3/export/xlsx', False, None, {'display': 'none'})
    >>> download_link(3, "revision", -1, "report", None)
    ('', True, '_blank', {'display': 'block'})
    """
    hidden, shown = {"display": "none"}, {"display": "block"}
    if not isinstance(map_id, int) or fmt not in FORMATS:
        return "", True, None, hidden
    target = "_blank" if fmt == "report" else None
    language = language if language in i18n.available() else None
    version = version or ""
    if version == "revision":
        if not isinstance(revision, int | float) or revision < 0 or revision != int(revision):
            return "", True, target, shown
        return export_href(map_id, fmt, revision=int(revision), language=language), False, target, shown
    if version.startswith("snapshot:"):
        snapshot = version.removeprefix("snapshot:")
        return export_href(map_id, fmt, snapshot=snapshot, language=language), False, target, hidden
    return export_href(map_id, fmt, language=language), False, target, hidden


def version_modal(map_id: int) -> dbc.Modal:
    """Export a named snapshot or an earlier revision, in any format and any language tocmap offers."""
    href, disabled, target, _row = download_link(map_id, "", None, "report", i18n.current())
    formats = [{"label": _(SHORT[k]), "value": k} for k, f in FORMATS.items() if f.exports]
    languages = [{"label": name, "value": code} for code, name in i18n.available().items()]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Export another version"))),
            dbc.ModalBody(
                [
                    html.Div(id=ids.EXPORT_VERSION_ALERT),
                    html.Div([dbc.Label(_("Version"), html_for=ids.EXPORT_VERSION),
                              dbc.Select(id=ids.EXPORT_VERSION, options=[], value="")], className="mb-3"),
                    html.Div([dbc.Label(_("Revision"), html_for=ids.EXPORT_REVISION),
                              dbc.Input(id=ids.EXPORT_REVISION, type="number", min=0, step=1)],
                             id=ids.EXPORT_REVISION_ROW, className="mb-3", style={"display": "none"}),
                    html.Div([dbc.Label(_("Format"), html_for=ids.EXPORT_FORMAT),
                              dbc.Select(id=ids.EXPORT_FORMAT, options=formats, value="report")], className="mb-3"),
                    html.Div([dbc.Label(_("Language"), html_for=EXPORT_LANGUAGE),
                              dbc.Select(id=EXPORT_LANGUAGE, options=languages, value=i18n.current())]),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Close"), id=ids.EXPORT_VERSION_CANCEL, color="secondary", outline=True),
                    dbc.Button([html.I(className="bi bi-download me-1"), _("Download")], id=ids.EXPORT_DOWNLOAD,
                               color="primary", external_link=True, target=target, href=href, disabled=disabled),
                ]
            ),
        ],
        id=ids.EXPORT_VERSION_MODAL, is_open=False,
    )


# --------------------------------------------------------------------------- the import form


def import_button() -> dbc.Button:
    """The home page's Import button (next to "New map")."""
    return dbc.Button([html.I(className="bi bi-upload me-1"), _("Import")], id=ids.IMPORT_OPEN, color="primary",
                      outline=True)


def import_modal(sizes: Limits | None = None) -> dbc.Modal:
    """Choose a file, check what it is, and import it as a new map or into one (``sizes``: the instance's limits)."""
    sizes = sizes or Limits()
    formats = [{"label": _("From the file name"), "value": AUTO}] + [
        {"label": _(FORMATS[k].title), "value": k} for k in IMPORTS]
    limits = _("tocmap JSON, XLSX or CSV (also in Kumu's spreadsheet layout), Kumu JSON, GraphML, GEXF, or the "
               "results of an IATI activity (XML). Up to {size} and {elements} elements.",
               size=size_words(sizes.upload_bytes), elements=format_number(sizes.import_elements))
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Import a map"))),
            dbc.ModalBody(
                [
                    html.Div(id=ids.IMPORT_ALERT),
                    dcc.Upload(
                        html.Div([html.I(className="bi bi-cloud-arrow-up tm-upload-icon"),
                                  html.Div([_("Drop a file here, or "), html.Span(_("choose one"), className="tm-upload-link",
                                                                             style={"color": "#0d6efd", "textDecoration": "underline"})]),
                                  html.Div(limits, className="tm-upload-hint")]),
                        id=ids.IMPORT_UPLOAD, multiple=False, className="tm-upload",
                        style={"border": "2px dashed #adb5bd", "borderRadius": "8px", "padding": "18px",
                               "textAlign": "center", "cursor": "pointer", "background": "#f8f9fa"},
                    ),
                    html.Div(id=ids.IMPORT_FILE, className="tm-import-file mt-2"),
                    html.Div([dbc.Label(_("Format"), html_for=ids.IMPORT_FORMAT),
                              dbc.Select(id=ids.IMPORT_FORMAT, options=formats, value=AUTO)], className="mt-3"),
                    html.Div([dbc.Label(_("IATI activity"), html_for=ids.IMPORT_ACTIVITY),
                              dbc.Select(id=ids.IMPORT_ACTIVITY, options=[]),
                              dbc.FormText(_("The file holds several activities: whose results become the map?"))],
                             id=ids.IMPORT_ACTIVITY_ROW, className="mt-3", style={"display": "none"}),
                    html.Div([dbc.Label(_("Import into"), html_for=ids.IMPORT_INTO),
                              dbc.Select(id=ids.IMPORT_INTO, options=[{"label": _("A new map"), "value": NEW}],
                                         value=NEW),
                              dbc.FormText(_("Into an existing map, the file's items are added (or replace those "
                                             "with the same id) as one change in its history, which can be undone."))],
                             className="mt-3"),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.IMPORT_CANCEL, color="secondary", outline=True),
                    dbc.Button([html.I(className="bi bi-upload me-1"), _("Import")], id=ids.IMPORT_CONFIRM,
                               color="primary"),
                ]
            ),
        ],
        id=ids.IMPORT_MODAL, is_open=False, size="lg",
    )


def decode_upload(contents: str | None, filename: str | None, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an uploaded file (dcc.Upload gives a data: URL), refused when too large or broken."""
    if not contents or not isinstance(contents, str) or "," not in contents:
        raise InvalidInput(_("Choose a file first."))
    encoded = contents.split(",", 1)[1]
    if len(encoded) * 3 // 4 > max_bytes + 3:
        if filename:
            raise InvalidInput(_("{file} is larger than {size} MB, the most one import may bring.", file=filename,
                                 size=format_number(round(max_bytes / 2**20, 1))))
        raise InvalidInput(_("The file is larger than {size} MB, the most one import may bring.",
                             size=format_number(round(max_bytes / 2**20, 1))))
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        if filename:
            raise InvalidInput(_("{file} did not arrive whole; choose it again.", file=filename)) from None
        raise InvalidInput(_("The file did not arrive whole; choose it again.")) from None


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{max(1, round(count / 1024))} KB"


def _skipped_list(skipped: list[str]) -> html.Details | None:
    if not skipped:
        return None
    return html.Details(
        [html.Summary(_("Not brought along or changed on the way ({n})", n=len(skipped))),
         html.Ul([html.Li(s) for s in skipped[:40]], className="mb-0 small")],
        className="mt-2 tm-import-skipped",
    )


def _maps_options(db: Database) -> list[dict]:
    options = [{"label": _("A new map"), "value": NEW}]
    for info in maps.list_maps(db, include_archived=False, who=current_author()):
        options.append({"label": _("{title} (map {id})", title=info.title, id=info.id), "value": str(info.id)})
    return options


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    """Wire the version form of the Export menu and the home page's Import form."""

    @app.callback(
        Output(ids.EXPORT_VERSION_MODAL, "is_open"), Output(ids.EXPORT_VERSION, "options"),
        Output(ids.EXPORT_VERSION, "value"), Output(ids.EXPORT_VERSION_ALERT, "children"),
        Input(ids.EXPORT_VERSION_OPEN, "n_clicks"), Input(ids.EXPORT_VERSION_CANCEL, "n_clicks"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def open_versions(_opened, _closed, meta):
        if ctx.triggered_id == ids.EXPORT_VERSION_CANCEL:
            return False, no_update, no_update, no_update
        options = [{"label": _("Current revision"), "value": ""}]
        try:
            map_id = _map_id((meta or {}).get("map_id"))
            named = maps.snapshots(db, map_id, who=current_author())
        except TocmapError as error:
            return True, options, "", error_alert(str(error))
        options += [{"label": _("“{name}” (revision {revision}, {date})", name=s.name, revision=s.revision,
                               date=i18n.format_date(s.created_at)),
                     "value": f"snapshot:{s.name}"} for s in reversed(named)]
        options.append({"label": _("An earlier revision…"), "value": "revision"})
        return True, options, (options[1]["value"] if named else ""), None

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "href"), Output(ids.EXPORT_DOWNLOAD, "disabled"),
        Output(ids.EXPORT_DOWNLOAD, "target"), Output(ids.EXPORT_REVISION_ROW, "style"),
        Input(ids.EXPORT_VERSION, "value"), Input(ids.EXPORT_REVISION, "value"), Input(ids.EXPORT_FORMAT, "value"),
        Input(EXPORT_LANGUAGE, "value"), State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,  # the page opens with the link to the current revision's report
    )
    def version_link(version, revision, fmt, language, meta):
        return download_link((meta or {}).get("map_id"), version, revision, fmt, language)

    # ------------------------------------------------------------- import (home page)

    @app.callback(
        Output(ids.IMPORT_MODAL, "is_open"), Output(ids.IMPORT_UPLOAD, "contents"),
        Output(ids.IMPORT_UPLOAD, "filename"), Output(ids.IMPORT_FILE, "children", allow_duplicate=True),
        Output(ids.IMPORT_ALERT, "children", allow_duplicate=True), Output(ids.IMPORT_INTO, "options"),
        Output(ids.IMPORT_INTO, "value"), Output(ids.IMPORT_FORMAT, "value", allow_duplicate=True),
        Output(ids.IMPORT_ACTIVITY_ROW, "style", allow_duplicate=True),
        Input(ids.IMPORT_OPEN, "n_clicks"), Input(ids.IMPORT_CANCEL, "n_clicks"), prevent_initial_call=True,
    )
    def open_import(_opened, _closed):
        if ctx.triggered_id == ids.IMPORT_CANCEL:
            return (False,) + (no_update,) * 8
        try:
            options = _maps_options(db)
        except TocmapError as error:
            return True, None, None, None, error_alert(str(error)), no_update, NEW, AUTO, {"display": "none"}
        return True, None, None, None, None, options, NEW, AUTO, {"display": "none"}

    @app.callback(
        Output(ids.IMPORT_FILE, "children"), Output(ids.IMPORT_FORMAT, "value"),
        Output(ids.IMPORT_ACTIVITY, "options"), Output(ids.IMPORT_ACTIVITY, "value"),
        Output(ids.IMPORT_ACTIVITY_ROW, "style"), Output(ids.IMPORT_ALERT, "children"),
        Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), prevent_initial_call=True,
    )
    def inspect(contents, filename):
        if not contents:
            raise PreventUpdate
        hidden = {"display": "none"}
        try:
            data = decode_upload(contents, filename, db.limits.upload_bytes)
            fmt = guess_format(filename, data)
            activities = exchange.iati_activities(data, filename) if fmt == "iati" else []
        except TocmapError as error:
            chosen = _chosen(filename, None, None)
            return chosen, AUTO, [], None, hidden, error_alert(str(error), _("Cannot import this file"))
        options = [{"label": ngettext("{title} ({id}; {n} result)", "{title} ({id}; {n} results)", a.results,
                                      title=a.title or a.identifier, id=a.identifier),
                    "value": a.identifier} for a in activities]
        first = next((a.identifier for a in activities if a.results), activities[0].identifier if activities else None)
        style = {"display": "block"} if len(activities) > 1 else hidden
        return _chosen(filename, len(data), fmt), fmt, options, first, style, None

    @app.callback(
        Output(ids.IMPORT_MODAL, "is_open", allow_duplicate=True),
        Output(ids.IMPORT_ALERT, "children", allow_duplicate=True),
        Output(ids.HOME_MAPS, "children", allow_duplicate=True), Output(ids.HOME_COUNT, "children", allow_duplicate=True),
        Output(ids.HOME_ALERTS, "children", allow_duplicate=True),
        Input(ids.IMPORT_CONFIRM, "n_clicks"),
        State(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), State(ids.IMPORT_FORMAT, "value"),
        State(ids.IMPORT_ACTIVITY, "value"), State(ids.IMPORT_INTO, "value"), State(ids.HOME_SHOW_ARCHIVED, "value"),
        prevent_initial_call=True,
    )
    def do_import(_clicked, contents, filename, fmt, activity, into, show_archived):
        try:
            data = decode_upload(contents, filename, db.limits.upload_bytes)
            target = _into(into)
            result = exchange.import_file(
                db, data, fmt if isinstance(fmt, str) and fmt not in ("", AUTO) else None, current_author(), into=target,
                filename=filename if isinstance(filename, str) else None,
                activity=activity if isinstance(activity, str) and activity else None)
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Nothing was imported")), no_update, no_update, no_update
        href = f"/maps/{result.map_id}"
        if result.created:
            words = [_("Imported “{title}”: {elements}, {links}, {indicators}. ", title=result.title,
                       elements=ngettext("{n} element", "{n} elements", result.elements),
                       links=ngettext("{n} link", "{n} links", result.links),
                       indicators=ngettext("{n} indicator", "{n} indicators", result.indicators))]
        else:
            words = [_("Imported {file} into “{title}” as revision {revision} (undo it from the map's history). ",
                       file=filename or _("the file"), title=result.title, revision=result.revision)]
        message = notice(*words, dcc.Link(_("Open it"), href=href, className="alert-link"),
                         _skipped_list(result.skipped))
        message.duration = None if result.skipped else 8000
        cards, count = listing(db, bool(show_archived))
        return False, None, cards, count, message


def _chosen(filename, size: int | None, fmt: str | None) -> html.Div:
    parts = [html.I(className="bi bi-file-earmark me-1"), html.Strong(filename or _("file"))]
    if size is not None:
        parts.append(f" · {_size(size)}")
    if fmt:
        parts.append(f" · {_(FORMATS[fmt].title)}")
    return html.Div(parts, className="small")


def _map_id(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidInput(_("That map is not known here; reload the page."))


def _into(value) -> int | None:
    if value in (None, "", NEW):
        return None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise InvalidInput(_("Choose a map to import into, or “A new map”."))

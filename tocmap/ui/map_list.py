"""The cards of the maps one may open: the home page shows them, and an import refreshes them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import dcc, html

from tocmap.i18n import _, format_number, ngettext, pgettext
from tocmap.services import maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.presenters import map_card

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def listing(db: Database, show_archived: bool) -> tuple[html.Div, str]:
    """The map cards (archived ones too when asked) and the count shown next to the heading."""
    infos = maps.list_maps(db, include_archived=True, who=current_author())
    live = [info for info in infos if not info.archived]
    shown = infos if show_archived else live
    partnerships = {}
    cards = []
    for info in shown:
        if info.partnership_id not in partnerships:
            partnerships[info.partnership_id] = maps.get_partnership(db, info.partnership_id)
        cards.append(_card(map_card(info, partnerships[info.partnership_id]), info.archived))
    archived = len(infos) - len(live)
    count = (ngettext("{n} map · {archived} archived", "{n} maps · {archived} archived", len(live), archived=archived)
             if archived else ngettext("{n} map", "{n} maps", len(live)))
    return (dbc.Row(cards, className="g-3") if cards else _empty(archived)), count


def _card(card: dict, archived: bool) -> dbc.Col:
    partners = [dbc.Badge(name, color="light", text_color="dark", className="me-1 tm-partner") for name in card["partners"]]
    flag = [dbc.Badge([html.I(className="bi bi-archive me-1"), _("Archived")], color="secondary", className="me-1")]
    return dbc.Col(
        html.Div(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            [
                                html.H2(
                                    dcc.Link(card["title"], href=card["href"], className="stretched-link tm-card-open"),
                                    className="h5 tm-card-title",
                                ),
                                _menu(card, archived),
                            ],
                            className="tm-card-head",
                        ),
                        html.Div((flag if archived else []) + partners, className="mb-3"),
                        html.Div(
                            [
                                html.Span([html.I(className="bi bi-bounding-box me-1"),
                                           ngettext("{n} element", "{n} elements", card["elements"])]),
                                html.Span([html.I(className="bi bi-clock-history me-1"),
                                           _("revision {revision}", revision=format_number(card["revision"]))]),
                                html.Span(card["updated"]),
                            ],
                            className="tm-card-meta",
                        ),
                    ]
                ),
                className="tm-map-card h-100" + (" tm-archived" if archived else ""),
            ),
            className="h-100",
            **{"data-map-id": str(card["id"])},
        ),
        xs=12, md=6, xl=4,
    )


def _menu(card: dict, archived: bool) -> dbc.DropdownMenu:
    """The three-dots menu of one card."""
    def item(icon: str, text: str, kind: str) -> dbc.DropdownMenuItem:
        return dbc.DropdownMenuItem([html.I(className=f"bi bi-{icon} me-2"), text], id={"type": kind, "index": card["id"]})

    last = item("arrow-counterclockwise", _("Restore"), ids.HOME_MENU_RESTORE) if archived else item(
        "archive", _("Archive…"), ids.HOME_MENU_ARCHIVE)
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem([html.I(className="bi bi-box-arrow-up-right me-2"), pgettext("verb", "Open")], href=card["href"]),
            item("pencil", _("Rename…"), ids.HOME_MENU_RENAME),
            item("copy", _("Duplicate…"), ids.HOME_MENU_DUPLICATE),
            dbc.DropdownMenuItem(divider=True),
            last,
        ],
        label=[html.I(className="bi bi-three-dots-vertical"),
               html.Span(_("Actions for {title}", title=card["title"]), className="visually-hidden")],
        caret=False, color="link", align_end=True, class_name="tm-card-menu", toggle_class_name="tm-card-menu-toggle",
    )


def _empty(archived: int) -> html.Div:
    if archived:
        lead = _("No maps in use.")
        hint = ngettext("{n} map archived: turn on “Show archived” to see it.",
                        "{n} maps archived: turn on “Show archived” to see them.", archived)
    else:
        lead, hint = _("No maps yet."), _("Start one with “New map”: from a blank page or from a template.")
    return html.Div(
        [html.I(className="bi bi-diagram-3 tm-empty-icon"), html.P(lead, className="lead mb-1"), html.P(hint)],
        className="tm-empty",
    )

"""The home page: the maps in this database."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap.adapters.database import Database
from tocmap.services import maps
from tocmap.ui import ids
from tocmap.ui.presenters import map_card, plural


def layout(db: Database) -> dbc.Container:
    infos = maps.list_maps(db)
    cards = [_card(map_card(info, _partnership(db, info))) for info in infos]
    body = dbc.Row(cards, className="g-3") if cards else _empty()
    return dbc.Container(
        [
            html.Div(
                [html.H1("Maps", className="h3 mb-0"), html.Span(plural(len(infos), "map"), className="text-secondary")],
                className="tm-page-head",
            ),
            html.Div(body, id=ids.HOME_MAPS),
        ],
        fluid="lg",
    )


def _partnership(db: Database, info):
    return maps.get_partnership(db, info.partnership_id)


def _card(card: dict) -> dbc.Col:
    partners = [dbc.Badge(name, color="light", text_color="dark", className="me-1 tm-partner") for name in card["partners"]]
    return dbc.Col(
        html.A(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(card["title"], className="h5 tm-card-title"),
                        html.Div(partners, className="mb-3"),
                        html.Div(
                            [
                                html.Span([html.I(className="bi bi-bounding-box me-1"), f"{card['elements']} elements"]),
                                html.Span([html.I(className="bi bi-clock-history me-1"), f"revision {card['revision']}"]),
                                html.Span(card["updated"]),
                            ],
                            className="tm-card-meta",
                        ),
                    ]
                ),
                className="tm-map-card h-100",
            ),
            href=card["href"],
            className="tm-card-link",
            **{"data-map-id": str(card["id"])},
        ),
        xs=12, md=6, xl=4,
    )


def _empty() -> html.Div:
    return html.Div(
        [
            html.I(className="bi bi-diagram-3 tm-empty-icon"),
            html.P("No maps yet.", className="lead mb-1"),
            html.P(["Create one from the command line: ", html.Code("tocmap new --template blank-theory-of-change --title 'Our map'")]),
        ],
        className="tm-empty",
    )


def register_callbacks(app, db: Database) -> None:
    """The home page has no callbacks of its own yet."""

"""The results framework page: the map read as a logframe (being built)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap.adapters.database import Database
from tocmap.services import maps


def layout(db: Database, map_id: int) -> dbc.Container:
    _, _, state = maps.get_map(db, map_id)
    return dbc.Container([html.H1(f"Results framework: {state.title}", className="h3")], fluid="lg")


def register_callbacks(app, db: Database) -> None:
    """No callbacks yet."""

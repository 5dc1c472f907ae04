"""``/maps/<id>/swot``: the Partnership page opened on its SWOT tab (see :mod:`tocmap.ui.pages.foundations`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from tocmap.ui.pages import foundations

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def layout(db: Database, map_id: int) -> html.Div:
    return foundations.layout(db, map_id, tab="swot")


def register_callbacks(app, db: Database) -> None:
    """Nothing of its own: the foundations page's callbacks serve both addresses."""

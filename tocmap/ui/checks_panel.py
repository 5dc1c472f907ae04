"""The editor's checks and insights panel (being built)."""

from __future__ import annotations

from dash import html

from tocmap.adapters.database import Database


def panel() -> html.Div:
    """The panel's content, mounted in the editor's side panel under "Checks"."""
    return html.Div("Checks of the map's logic will appear here.", className="text-secondary p-2")


def register_callbacks(app, db: Database) -> None:
    """No callbacks yet."""

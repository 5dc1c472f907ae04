"""Export and import controls shown on the map and home pages (being built)."""

from __future__ import annotations

from tocmap.adapters.database import Database


def export_menu(map_id: int):
    """The map page's export menu (None until exports exist)."""
    return None


def register_callbacks(app, db: Database) -> None:
    """No callbacks yet."""

"""Plain HTTP routes for files: exports of a map (being built)."""

from __future__ import annotations

from flask import Flask

from tocmap.adapters.database import Database


def register_routes(server: Flask, db: Database) -> None:
    """No routes yet."""

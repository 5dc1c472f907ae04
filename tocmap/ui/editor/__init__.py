"""The map editor: canvas, side panel (forms and one module per tab), history, and its machinery.

``page`` lays out the map page and wires the canvas and forms; ``machinery`` holds the steps every
edit shares (apply through a service, answer with a canvas delta, the undo stack); ``indicators``,
``checks``, ``people``, ``comments`` and ``learning`` are the side panel's tabs; ``contributions``
sits under the ownership balance on the Partners tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tocmap.ui.editor import checks, comments, contributions, indicators, languages, learning, page, people
from tocmap.ui.editor.page import layout

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

__all__ = ["layout", "register_callbacks"]


def register_callbacks(app, db: Database) -> None:
    """Wire the editor page and every side-panel tab onto this app instance."""
    for part in (page, checks, people, comments, learning, indicators, contributions, languages):
        part.register_callbacks(app, db)

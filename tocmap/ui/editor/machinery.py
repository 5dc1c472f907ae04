"""The editor's shared machinery: the outputs every edit answers, and the steps every edit takes.

Every edit callback (canvas, forms, indicators, checks) applies a change through a service and
answers with the same four outputs: a canvas delta, the map's new revision, an alert, the undo stack.
The most frequent edits, the side panel's Save and a drop on the canvas, answer with one store instead
(:meth:`Editor.lean_answer`), which the browser spreads over those outputs: a Save costs well under 1 kB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Output, State, no_update

from tocmap.domain.changes import Change
from tocmap.domain.errors import TocmapError
from tocmap.services import history, maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.canvas import cy_elements, delta
from tocmap.ui.components import error_alert

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

UNDO_DEPTH = 100


EDIT_OUTPUTS = [
    Output(ids.DELTA, "data", allow_duplicate=True),
    Output(ids.EDITOR_MAP, "data", allow_duplicate=True),
    Output(ids.ALERTS, "children", allow_duplicate=True),
    Output(ids.UNDO, "data", allow_duplicate=True),
]
EDIT_STATES = [State(ids.EDITOR_MAP, "data"), State(ids.UNDO, "data")]
NOTHING = (no_update, no_update, no_update, no_update)


class Editor:
    """The editing callbacks' shared steps: who edits, apply through a service, answer with a delta."""

    def __init__(self, db: Database):
        self.db = db

    def commit(self, meta, undo, make, select=None, undoable=True, center=False):
        """Run ``make(author, base_revision)`` (a service call returning Applied); answer with a delta."""
        author = current_author()
        try:
            applied = make(author, meta["revision"])
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error)), no_update
        return self.answer(meta, applied, select=select, undo=push(undo, meta["map_id"], applied.revision)
                           if undoable else no_update, center=center)

    def answer(self, meta, applied, select=None, undo=no_update, center=False):
        """The edit outputs for a change that was applied."""
        partnership = maps.get_partnership(self.db, meta["partnership_id"])
        if applied.revision == meta["revision"] + 1:
            change = delta(applied.state, partnership, applied.record.change, select)
        else:  # others changed the map meanwhile: send it whole
            change = {"replace": cy_elements(applied.state, partnership), "select": select}
        change.update(seq=applied.revision, **({"center": True} if center else {}))
        return change, {**meta, "revision": applied.revision}, None, undo

    def meta_of(self, map_id: int, seen: int) -> dict:
        """The editor map store as the browser holds it, rebuilt from a lean request's map id and the revision
        its canvas shows (the rest is the server's to know)."""
        _info, partnership, _state = maps.get_map(self.db, map_id, who=current_author())
        return {"map_id": map_id, "partnership_id": partnership.id, "revision": seen}

    def lean_answer(self, meta, applied, select=None) -> dict:
        """An applied edit as one store: the canvas delta, the new revision, and the revision for this tab's undo
        stack. assets/editor.js (spreadAnswer) puts each where it belongs, so nothing unchanged travels."""
        change = self.answer(meta, applied, select=select)[0]
        return {"delta": change, "revision": applied.revision, "undo": applied.revision}

    def apply(self, meta, change: Change):
        """A function that applies ``change`` for an author from a base revision."""
        return lambda author, base: history.apply(self.db, meta["map_id"], change, author, base)


def push(undo: dict | None, map_id: int, revision: int, stack: str = "undo", clear_redo: bool = True) -> dict:
    """Record one of this tab's own revisions on its undo (or redo) stack.

    Examples
    --------
    >>> push(None, 1, 7)
    {'map_id': 1, 'undo': [7], 'redo': []}
    >>> push({"map_id": 2, "undo": [3], "redo": [4]}, 1, 7)
    {'map_id': 1, 'undo': [7], 'redo': []}
    """
    undo = undo if undo and undo.get("map_id") == map_id else {"map_id": map_id, "undo": [], "redo": []}
    undo = {**undo, stack: (undo[stack] + [revision])[-UNDO_DEPTH:]}
    if clear_redo and stack == "undo":
        undo["redo"] = []
    return undo

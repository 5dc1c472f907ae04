"""The course correction in progress: the learning page and the map editor's learning tab show the same banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import html

from tocmap.i18n import _
from tocmap.ui import ids

if TYPE_CHECKING:  # a type only
    from tocmap.services import learning


def active_banner(log: learning.Log, may_record: bool, on_map_page: bool = False) -> html.Div | None:
    """The course correction in progress, if any: what it is, and how to finish it."""
    if log.active is None:
        return None
    entry = log.state.learning[log.active]
    finish = dbc.Button([html.I(className="bi bi-flag-fill me-1"), _("Finish the course correction")],
                        id={"type": ids.LN_FINISH, "entry": entry.id}, color="warning", size="sm",
                        className="ms-2") if may_record and not on_map_page else None
    where = (dbc.Button(_("Open the learning log"), href=f"/maps/{log.map_id}/learning", color="link", size="sm")
             if on_map_page else
             dbc.Button([html.I(className="bi bi-diagram-3 me-1"), _("Change the map")], href=f"/maps/{log.map_id}",
                        color="light", size="sm", className="ms-2"))
    return dbc.Alert(
        [
            html.I(className="bi bi-signpost-split-fill me-2"),
            html.Strong(_("Course correction in progress:")), " ",
            html.Span(_("“{headline}”.", headline=entry.headline)), " ",
            html.Span(_("Map changes made now are linked to this entry in the history."), className="me-1"),
            where, finish,
        ],
        color="warning", className="tm-ln-active",
    )

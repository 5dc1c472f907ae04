"""The catalogue of maps: what the list of maps knows about each one, without loading its content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MapInfo:
    """What the maps table says about one map (its head revision summarised)."""

    id: int
    partnership_id: str
    title: str
    revision: int
    checkpoint_revision: int
    element_count: int
    template: str
    created_at: dt.datetime
    updated_at: dt.datetime
    archived: bool

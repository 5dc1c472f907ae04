"""Moments as the store keeps them: milliseconds since the epoch, UTC."""

from __future__ import annotations

import datetime as dt


def now_ms() -> int:
    """Milliseconds since the epoch, as stored."""
    return int(dt.datetime.now(dt.UTC).timestamp() * 1000)


def to_datetime(ms: int) -> dt.datetime:
    """A stored timestamp as an aware UTC datetime."""
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def to_ms(moment: dt.datetime) -> int:
    """An aware datetime as stored milliseconds."""
    return int(moment.timestamp() * 1000)

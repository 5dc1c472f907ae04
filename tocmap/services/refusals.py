"""The record of refusals: written after the refusing transaction is over, read by administrators."""

from __future__ import annotations

from tocmap.domain.model import Author
from tocmap.domain.people import Refusal
from tocmap.services.account_admin import _admin
from tocmap.services.ports import Storage

#: How many refusals the administrators' page shows.
SHOWN = 200


def record(db: Storage, refusals: list[Refusal], keep: int) -> None:
    """Write refusals in a short transaction of their own, keeping the ``keep`` most recent.

    Called once the request's own transaction has rolled back, so the record survives it.
    """
    if refusals:
        with db.store(write=True) as store:
            store.add_refusals(refusals, keep)


def recent(db: Storage, who: Author, limit: int = SHOWN) -> list[Refusal]:
    """The most recent refusals, newest first (administrators only)."""
    with db.store() as store:
        _admin(store, who)
        return store.refusals(limit)

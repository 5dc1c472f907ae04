"""Use cases for checking a map: findings and loops, pathways, leverage points, partners' pathways.

Anyone who may view a map may check it (``who`` is authorized first, every time).
Results are cached per database, map and revision. A revision never changes, so a cached
result is never stale; the cache is small, per process, and may be dropped at any time.
A revision is checked from the nearest revision of the same map checked before (usually
the one just before it): only what the edits since touched is worked out again.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tocmap import i18n
from tocmap.domain.checks import CheckReport, CheckRun, run_checks
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.graph import causal_graph, flow_graph
from tocmap.domain.insights import (
    MEASURES,
    Leverage,
    PartnerPathways,
    Pathways,
    leverage,
    partner_pathways,
    pathways,
)
from tocmap.domain.model import Author, MapState, Partnership
from tocmap.i18n import _
from tocmap.services import maps
from tocmap.services.ports import Storage

CACHE_SIZE = 64  # results kept per database


@dataclass(frozen=True)
class Checked:
    """A map at one revision and what the checks found in it."""

    map_id: int
    revision: int
    partnership: Partnership
    state: MapState
    run: CheckRun

    @property
    def report(self) -> CheckReport:
        """What the checks found."""
        return self.run.report

    @property
    def title(self) -> str:
        """The map's title at that revision."""
        return self.state.title


def partner_names(partnership: Partnership) -> dict[str, str]:
    """Partner id -> the name findings use (the short name when there is one)."""
    return {p.id: p.short_name or p.name for p in partnership.everyone}


def check_map(db: Storage, map_id: int, who: Author, revision: int | None = None) -> Checked:
    """Run every check on a map (at its head revision by default)."""
    info, partnership, state = maps.get_map(db, map_id, revision, who=who)  # refuses those who may not view it
    at = info.revision if revision is None else revision

    def work() -> Checked:
        previous = _nearest(db, map_id, at)
        return Checked(map_id, at, partnership, state, run_checks(state, partner_names(partnership), previous))

    return _cached(db, (map_id, at, "check"), work)


def map_pathways(
    db: Storage, map_id: int, who: Author, source: str, revision: int | None = None
) -> tuple[Checked, Pathways]:
    """Every pathway (bounded) from one element, usually an intervention, to the impacts."""
    checked = check_map(db, map_id, who, revision)
    if source not in checked.state.elements:
        raise NotFound(_("Map {map_id} has no element '{source}'.", map_id=map_id, source=source))
    found = _cached(db, (map_id, checked.revision, "paths", source),
                    lambda: pathways(causal_graph(checked.state), source))
    return checked, found


def map_leverage(
    db: Storage, map_id: int, who: Author, measure: str = "betweenness", revision: int | None = None,
    limit: int = 10,
) -> tuple[Checked, Leverage]:
    """The elements that score highest on a leverage measure (betweenness, in/out degree, reach)."""
    if measure not in MEASURES:
        raise InvalidInput(_("There is no measure '{measure}'. Measures: {measures}.", measure=measure,
                             measures=", ".join(MEASURES)))
    checked = check_map(db, map_id, who, revision)
    ranked = _cached(db, (map_id, checked.revision, "leverage", measure, limit),
                     lambda: leverage(flow_graph(checked.state), measure, limit=limit))
    return checked, ranked


def map_partner_pathways(
    db: Storage, map_id: int, who: Author, revision: int | None = None
) -> tuple[Checked, PartnerPathways]:
    """Which pathways each partner leads or contributes to."""
    checked = check_map(db, map_id, who, revision)
    view = _cached(db, (map_id, checked.revision, "partners"),
                   lambda: partner_pathways(checked.state, [p.id for p in checked.partnership.partners]))
    return checked, view


# --------------------------------------------------------------------------- cache

_caches: weakref.WeakKeyDictionary[Storage, OrderedDict] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _cached(db: Storage, key: tuple, compute: Callable[[], Any]) -> Any:
    """The value stored under ``key`` for this database and the reader's language (findings are sentences),
    computed (outside the lock) when missing."""
    key = (*key, i18n.current())
    with _lock:
        cache = _caches.setdefault(db, OrderedDict())
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = compute()
    with _lock:
        cache[key] = value
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return value


def _nearest(db: Storage, map_id: int, revision: int) -> CheckRun | None:
    """The run of the cached revision of this map nearest to ``revision``, if any."""
    with _lock:
        language = i18n.current()  # a run in another language would mix its sentences in
        revisions = [key[1] for key in _caches.get(db, {})
                     if key[0] == map_id and key[2] == "check" and key[-1] == language]
        if not revisions:
            return None
        nearest = min(revisions, key=lambda r: (abs(r - revision), -r))
        return _caches[db][(map_id, nearest, "check", language)].run


def clear_cache() -> None:
    """Forget every cached result (tests; nothing else needs it)."""
    with _lock:
        _caches.clear()

"""Automatic arrangement of a map: positions computed in Python, returned as data.

Both layouts return ``{element id: (x, y)}`` in canvas pixels (y grows downwards), rounded
to one decimal, for every element of the map. Spacing suits labels up to about 200 px wide
wrapped on three or four lines: neighbours in a line are :data:`X_STEP` apart, and no two
label boxes (:data:`LABEL_BOX`) overlap.

- :func:`level_layout` reads the results framework off the map: impacts on top, then
  outcomes, outputs and interventions, actors in a band below, external factors in a band
  at the right and assumptions next to what they underpin.
- :func:`free_layout` is a force-directed arrangement for systems maps.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from tocmap.domain.model import RESULTS_LEVEL, Element, ElementKind, MapState

Point = tuple[float, float]

X_STEP = 230.0  #: horizontal distance between neighbours in a line
LINE_STEP = 130.0  #: vertical distance between the wrapped lines of one band
LEVEL_STEP = 200.0  #: vertical distance from the last line of a band to the first of the next
PER_LINE = 12  #: at most this many elements side by side in a band
SIDE_COLUMNS = 2  #: columns of the side bands (external factors, assumptions)
SWEEPS = 4  #: down-and-up barycenter sweeps that reduce link crossings
LABEL_BOX = (210.0, 90.0)  #: a wrapped label and its margin: centres closer on both axes overlap
NUDGE = (X_STEP / 2, 50.0)  #: the lattice on which a label looks for a free spot nearby
ASSUMPTION_REACH = 6  #: rings of that lattice searched around a link's midpoint (about 700 px)
ACTOR_BAND = len(RESULTS_LEVEL)  #: actors sit in the band below the interventions


# --------------------------------------------------------------------------- level layout


def level_layout(state: MapState) -> dict[str, Point]:
    """Arrange a map by results level, reducing link crossings.

    Impacts form the top band, then outcomes, outputs and interventions, then actors.
    Within each band the elements are ordered by a few barycenter sweeps over the links
    between bands (as in Sugiyama layouts; outcomes are also drawn towards the actor
    they name). A band of more than :data:`PER_LINE` elements wraps onto several lines,
    filled column by column so that its left-to-right order survives the wrapping and the
    results chain of a 2,000-element map stays under 3,000 px wide. External factors go in a band at the
    right, each at the height of what it links to. An assumption attached first to an
    element of a band follows it in that band (beside or just below it); one attached first
    to a link takes the free spot nearest to the link's midpoint; with no room nearby, or
    attached to nothing placed, it goes in a band at the left. The same map always gives
    the same positions; current positions are ignored.

    Parameters
    ----------
    state : MapState
        The map to arrange.

    Returns
    -------
    dict of str to (float, float)
        A position for every element, in pixels, rounded to one decimal.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link
    >>> kinds = {"i": "impact", "o": "outcome", "p": "output", "a": "intervention"}
    >>> state = MapState(title="m",
    ...     elements={k: Element(id=k, kind=kind, label=k) for k, kind in kinds.items()},
    ...     links={s + t: Link(id=s + t, source=s, target=t) for s, t in ["ap", "po", "oi"]})
    >>> level_layout(state)
    {'i': (0.0, 0.0), 'o': (0.0, 200.0), 'p': (0.0, 400.0), 'a': (0.0, 600.0)}
    >>> level_layout(MapState(title="empty"))
    {}
    """
    positions = _stack(_followed_by_assumptions(_ordered_bands(state), state))
    factors = [e.id for e in _by_id(state) if e.kind == ElementKind.EXTERNAL_FACTOR]
    positions |= _side_band(_linked_heights(state, factors, positions), _beyond(positions, +1), +1)
    positions |= _place_assumptions(state, positions)
    return {element_id: _rounded(positions[element_id]) for element_id in state.elements}


def _by_id(state: MapState) -> list[Element]:
    """Elements in id order: a starting order that does not depend on how the map was built."""
    return sorted(state.elements.values(), key=lambda e: e.id)


def _band_of(kind: ElementKind) -> int | None:
    """Index of the band an element kind sits in (0 = impacts, at the top); None for the sides."""
    return ACTOR_BAND if kind == ElementKind.ACTOR else RESULTS_LEVEL.get(kind)


def _ordered_bands(state: MapState) -> list[list[str]]:
    """Ids of each band, ordered to reduce link crossings; empty bands left out."""
    bands: list[list[str]] = [[] for _ in range(ACTOR_BAND + 1)]
    for element in _by_id(state):
        if (band := _band_of(element.kind)) is not None:
            bands[band].append(element.id)
    band_of = {element_id: i for i, band in enumerate(bands) for element_id in band}
    neighbours = _neighbours_across_bands(state, band_of)
    x = {element_id: _column_x(i, len(band)) for band in bands for i, element_id in enumerate(band)}
    downwards = [(i, -1) for i in range(1, len(bands))]
    upwards = [(i, +1) for i in reversed(range(len(bands) - 1))]
    for i, looking in (downwards + upwards) * SWEEPS:
        bands[i] = _by_barycenter(bands[i], x, neighbours, band_of, looking)
        x.update((element_id, _column_x(j, len(bands[i]))) for j, element_id in enumerate(bands[i]))
    return [band for band in bands if band]


def _followed_by_assumptions(bands: list[list[str]], state: MapState) -> list[list[str]]:
    """The bands with each assumption right after the banded element it is first attached to.

    Bands fill column by column, so the assumption lands just below its element (or at
    the top of the next column).
    """
    banded = {element_id for band in bands for element_id in band}
    followers: dict[str, list[str]] = defaultdict(list)
    for element in _by_id(state):
        if element.kind == ElementKind.ASSUMPTION and element.attached_to and element.attached_to[0] in banded:
            followers[element.attached_to[0]].append(element.id)
    return [[member for element_id in band for member in (element_id, *followers[element_id])] for band in bands]


def _neighbours_across_bands(state: MapState, band_of: dict[str, int]) -> dict[str, list[str]]:
    """For each banded element, the elements of other bands it is linked to, either way."""
    pairs = [(link.source, link.target) for link in state.links.values()]
    pairs += [(e.id, e.actor) for e in state.elements.values() if e.actor]
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        if a in band_of and b in band_of and band_of[a] != band_of[b]:
            neighbours[a].append(b)
            neighbours[b].append(a)
    return neighbours


def _by_barycenter(band: list[str], x: dict[str, float], neighbours: dict[str, list[str]],
                   band_of: dict[str, int], looking: int) -> list[str]:
    """The band sorted by the mean x of its neighbours above (``looking`` -1) or below (+1).

    Elements without such neighbours keep their place; ties keep the current order.
    """
    def barycenter(element_id: str) -> float:
        xs = [x[n] for n in neighbours.get(element_id, ()) if (band_of[n] - band_of[element_id]) * looking > 0]
        return sum(xs) / len(xs) if xs else x[element_id]

    return sorted(band, key=lambda element_id: (barycenter(element_id), x[element_id]))


def _grid(count: int) -> tuple[int, int]:
    """Lines and columns of a band of ``count`` elements wrapped at :data:`PER_LINE`."""
    lines = max(1, math.ceil(count / PER_LINE))
    return lines, max(1, math.ceil(count / lines))


def _column_x(index: int, count: int) -> float:
    """x of the column holding the ``index``-th of ``count`` elements, the band centred on 0."""
    lines, columns = _grid(count)
    return (index // lines - (columns - 1) / 2) * X_STEP


def _stack(bands: list[list[str]]) -> dict[str, Point]:
    """Positions of the banded elements: bands top to bottom, each filled column by column.

    The lines of a wrapped band are staggered by half a step, so that a link leaving a
    lower line passes between two labels of the line above rather than through one.
    """
    positions: dict[str, Point] = {}
    top = 0.0
    for band in bands:
        lines, _ = _grid(len(band))
        stagger = X_STEP / 4 if lines > 1 else 0.0
        for index, element_id in enumerate(band):
            line = index % lines
            x = _column_x(index, len(band)) + (stagger if line % 2 else -stagger)
            positions[element_id] = (x, top + line * LINE_STEP)
        top += (lines - 1) * LINE_STEP + LEVEL_STEP
    return positions


def _beyond(positions: dict[str, Point], side: int) -> float:
    """x of a side band right (``side`` +1) or left (-1) of everything in ``positions``."""
    xs = [x for x, _ in positions.values()] or [0.0]
    return (max(xs) if side > 0 else min(xs)) + side * 1.5 * X_STEP


def _linked_heights(state: MapState, element_ids: list[str],
                    positions: dict[str, Point]) -> dict[str, float | None]:
    """For each element, the mean height of the placed elements it links to (None if none)."""
    heights: dict[str, list[float]] = {element_id: [] for element_id in element_ids}
    for link in state.links.values():
        for end, other in [(link.source, link.target), (link.target, link.source)]:
            if end in heights and other in positions:
                heights[end].append(positions[other][1])
    return {element_id: sum(ys) / len(ys) if ys else None for element_id, ys in heights.items()}


def _side_band(wanted: dict[str, float | None], x: float, side: int) -> dict[str, Point]:
    """Place elements in a band of side columns, each as near its wanted height as it can.

    The :data:`SIDE_COLUMNS` columns run from ``x`` outwards (``side`` +1 to the right,
    -1 to the left). Elements that want no particular height come last, under the
    shortest column.
    """
    bottoms: list[float | None] = [None] * SIDE_COLUMNS
    placed: dict[str, Point] = {}
    for element_id in sorted(wanted, key=lambda i: (wanted[i] is None, wanted[i] or 0.0, i)):
        want = wanted[element_id] or 0.0
        spots = [want if bottom is None else max(want, bottom + LINE_STEP) for bottom in bottoms]
        column = min(range(SIDE_COLUMNS), key=lambda c: spots[c])
        bottoms[column] = spots[column]
        placed[element_id] = (x + side * column * X_STEP, spots[column])
    return placed


def _place_assumptions(state: MapState, positions: dict[str, Point]) -> dict[str, Point]:
    """Each assumption in a free spot next to what it is attached to, else in the left band."""
    free = _FreeSpots(positions.values())
    placed, homeless = dict(positions), {}
    for element in _by_id(state):
        if element.kind != ElementKind.ASSUMPTION or element.id in positions:
            continue
        anchor = _anchor(state, element.attached_to, placed)
        spot = free.take_near(anchor, range(1, ASSUMPTION_REACH + 1)) if anchor else None
        if spot:
            placed[element.id] = spot
        else:
            homeless[element.id] = anchor[1] if anchor else None
    left_band = _side_band(homeless, _beyond(placed, -1), -1)
    return {element_id: spot for element_id, spot in (placed | left_band).items() if element_id not in positions}


def _anchor(state: MapState, attached_to: list[str], positions: dict[str, Point]) -> Point | None:
    """Where the first placed item an assumption is attached to sits (for a link, its midpoint)."""
    for ref in attached_to:
        if ref in positions:
            return positions[ref]
        link = state.links.get(ref)
        if link and link.source in positions and link.target in positions:
            (x1, y1), (x2, y2) = positions[link.source], positions[link.target]
            return (x1 + x2) / 2, (y1 + y2) / 2
    return None


# --------------------------------------------------------------------------- free spots


@functools.cache
def _ring(radius: int) -> tuple[Point, ...]:
    """Offsets on the :data:`NUDGE` lattice ``radius`` steps from a point, nearest first.

    Ties go below before above, right before left.
    """
    steps = range(-radius, radius + 1)
    cells = [(i, j) for i in steps for j in steps if max(abs(i), abs(j)) == radius]
    offsets = [(i * NUDGE[0], j * NUDGE[1]) for i, j in cells]
    return tuple(sorted(offsets, key=lambda o: (math.hypot(*o), -o[1], -o[0])))


class _FreeSpots:
    """Label boxes placed so far, bucketed in box-sized cells, and the free spots between them."""

    def __init__(self, points: Iterable[Point] = ()):
        self.cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in points:
            self.cells[self._cell(point)].append(point)

    @staticmethod
    def _cell(point: Point) -> tuple[int, int]:
        return math.floor(point[0] / LABEL_BOX[0]), math.floor(point[1] / LABEL_BOX[1])

    def is_free(self, point: Point) -> bool:
        """True when a label centred at ``point`` would overlap no label placed so far."""
        cx, cy = self._cell(point)
        return not any(
            abs(point[0] - x) < LABEL_BOX[0] and abs(point[1] - y) < LABEL_BOX[1]
            for i in (-1, 0, 1) for j in (-1, 0, 1) for x, y in self.cells.get((cx + i, cy + j), ())
        )

    def take_near(self, anchor: Point, rings: Iterable[int]) -> Point | None:
        """Claim the free spot nearest to ``anchor`` on the given rings around it, if any."""
        for radius in rings:
            for dx, dy in _ring(radius):
                spot = (anchor[0] + dx, anchor[1] + dy)
                if self.is_free(spot):
                    self.cells[self._cell(spot)].append(spot)
                    return spot
        return None


def _rounded(point: Point) -> Point:
    """A point rounded to one decimal, without negative zeros."""
    return round(float(point[0]), 1) + 0.0, round(float(point[1]), 1) + 0.0


# --------------------------------------------------------------------------- free layout

PIXELS_PER_UNIT = np.array([X_STEP, 140.0])  #: the force model works in label-sized units
SPRING = 1.3  #: length a link pulls towards, in units
NEAR = 2.0 * SPRING  #: elements closer than this repel one another exactly
FAR_GRID = 8  #: farther ones repel through the centres of mass of an 8 x 8 grid over the map
FAR_WEIGHT = 0.1  #: weight of that far repulsion: more spreads clusters apart, and the map with them
GRAVITY = 0.2  #: pull towards the centre that keeps the map compact and loose pieces close
ITERATIONS = 100
JITTER = 0.05  #: random nudge (in units) that separates elements starting at the same point


def free_layout(state: MapState, seed: int = 0) -> dict[str, Point]:
    """Arrange a map by forces, for systems maps without a results chain to follow.

    Links (and assumptions' attachments, and outcomes' named actors) pull their ends
    together; elements push one another apart. Elements start from their current
    positions, and those without one from :func:`level_layout`, so rearranging a map
    keeps its overall shape. Afterwards every label is settled in the free spot nearest to
    where the forces put it, working outwards from the centre, so no two labels overlap.

    Trade-off: networkx's ``spring_layout`` repels every pair of elements (above 500 it
    loops over them in Python) and takes about 9 s at 2,000 elements. Here only elements
    within :data:`NEAR` of each other repel exactly (a k-d tree finds them); farther ones
    repel through the centres of mass of a coarse grid, in :data:`ITERATIONS` vectorised
    steps: 0.4-0.6 s at 2,000 elements and about 2.5 s at 10,000 (``bench/layout.py``).
    The grid and the pull towards the centre pack clusters closer together than an exact
    simulation would, which keeps the map compact (about three times the area per element
    of the level layout) at the price of less white space between clusters.

    Parameters
    ----------
    state : MapState
        The map to arrange.
    seed : int
        Seed of the jitter that separates elements starting at the same point; the same
        map and seed always give the same positions.

    Returns
    -------
    dict of str to (float, float)
        A position for every element, in pixels, rounded to one decimal.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link
    >>> state = MapState(title="m",
    ...     elements={k: Element(id=k, kind="actor", label=k) for k in "abc"},
    ...     links={"ab": Link(id="ab", kind="influences", source="a", target="b")})
    >>> positions = free_layout(state)
    >>> sorted(positions), positions == free_layout(state)
    (['a', 'b', 'c'], True)
    >>> free_layout(MapState(title="empty"))
    {}
    """
    ids = sorted(state.elements)
    if not ids:
        return {}
    index = {element_id: i for i, element_id in enumerate(ids)}
    points = _relax(_starting_points(state, ids, seed), _springs(state, index))
    settled = _settle(ids, points * PIXELS_PER_UNIT)
    return {element_id: _rounded(settled[element_id]) for element_id in state.elements}


def _starting_points(state: MapState, ids: list[str], seed: int) -> np.ndarray:
    """Current positions (else level-layout ones) in units, scaled to the forces' size.

    The points are centred and scaled to the spread the forces settle at, plus a little
    seeded jitter.
    """
    elements = [state.elements[i] for i in ids]
    guide = level_layout(state) if any(e.x is None for e in elements) else {}
    points = np.array([(e.x, e.y) if e.x is not None else guide[e.id] for e in elements]) / PIXELS_PER_UNIT
    points -= points.mean(axis=0)
    spread = math.sqrt((points**2).sum(axis=1).mean())
    if spread > 0:
        points *= SPRING * math.sqrt(len(ids) / (2 * math.pi)) / spread
    return points + np.random.default_rng(seed).normal(scale=JITTER, size=points.shape)


def _springs(state: MapState, index: dict[str, int]) -> np.ndarray:
    """Index pairs that pull together, sorted.

    Links, outcomes and the actor they name, assumptions and what they are attached to
    (both ends of a link). Sorting makes the sums come out the same whatever order the
    map lists its items in.
    """
    pairs = [(link.source, link.target) for link in state.links.values()]
    for element in state.elements.values():
        pairs += [(element.id, element.actor)] if element.actor else []
        for ref in element.attached_to:
            link = state.links.get(ref)
            pairs += [(element.id, link.source), (element.id, link.target)] if link else [(element.id, ref)]
    return np.array(sorted((index[a], index[b]) for a, b in pairs), dtype=int).reshape(-1, 2)


def _relax(points: np.ndarray, springs: np.ndarray) -> np.ndarray:
    """Move the points along the forces, as in Fruchterman and Reingold's method.

    Each of the :data:`ITERATIONS` steps is capped by a temperature that cools linearly.
    """
    hottest = SPRING * math.sqrt(len(points)) / 10
    for step in range(ITERATIONS):
        temperature = hottest * (1 - step / ITERATIONS) + 0.02
        force = _near_push(points) + FAR_WEIGHT * _far_push(points) - _pull(points, springs)
        force -= GRAVITY * (points - points.mean(axis=0))
        length = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-9)
        points = points + force * (np.minimum(length, temperature) / length)[:, None]
    return points


def _pairwise(points: np.ndarray, pairs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per point, the sum of ``weight * (this - other)`` over the pairs it belongs to."""
    first, second = pairs[:, 0], pairs[:, 1]
    delta = (points[first] - points[second]) * weights[:, None]
    size = len(points)
    sums = [np.bincount(first, delta[:, a], size) - np.bincount(second, delta[:, a], size) for a in (0, 1)]
    return np.stack(sums, axis=1)


def _near_push(points: np.ndarray) -> np.ndarray:
    """Repulsion ``SPRING**2 / distance`` between points closer than :data:`NEAR`."""
    pairs = _close_pairs(points, NEAR)
    squared = np.maximum(((points[pairs[:, 0]] - points[pairs[:, 1]]) ** 2).sum(axis=1), 1e-4)
    return _pairwise(points, pairs, SPRING**2 / squared)


_NEIGHBOUR_CELLS = ((1, -1), (1, 0), (1, 1), (0, 1))  #: half the ring around a cell: each pair once


def _close_pairs(points: np.ndarray, radius: float) -> np.ndarray:
    """Index pairs ``(i, j)``, ``i < j`` within a cell, of points at most ``radius`` apart.

    A grid of ``radius``-sized cells: only points in the same or a neighbouring cell can be
    that close, so the search stays near-linear without a spatial-index library.

    >>> _close_pairs(np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]]), 2.0).tolist()
    [[0, 1]]
    """
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, cell in enumerate(np.floor(points / radius).astype(np.int64).tolist()):
        cells[tuple(cell)].append(index)
    found = [_pairs_between(points, np.array(members), np.array(members), radius, same=True) for members in cells.values()]
    for (x, y), members in cells.items():
        for dx, dy in _NEIGHBOUR_CELLS:
            if (x + dx, y + dy) in cells:
                others = np.array(cells[(x + dx, y + dy)])
                found.append(_pairs_between(points, np.array(members), others, radius, same=False))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def _pairs_between(points: np.ndarray, here: np.ndarray, there: np.ndarray, radius: float, same: bool) -> np.ndarray:
    first, second = (grid.ravel() for grid in np.meshgrid(here, there, indexing="ij"))
    if same:
        first, second = first[first < second], second[first < second]
    close = ((points[first] - points[second]) ** 2).sum(axis=1) <= radius**2
    return np.stack([first[close], second[close]], axis=1)


def _far_push(points: np.ndarray) -> np.ndarray:
    """Repulsion of every point by the mass of each occupied cell of a coarse grid."""
    low = points.min(axis=0)
    cell_size = (points.max(axis=0) - low).max() / FAR_GRID + 1e-9
    cells = np.floor((points - low) / cell_size).astype(int)
    keys = cells[:, 0] * (FAR_GRID + 1) + cells[:, 1]
    _, cell_of, mass = np.unique(keys, return_inverse=True, return_counts=True)
    centres = np.stack([np.bincount(cell_of, points[:, a]) for a in (0, 1)], 1) / mass[:, None]
    dx, dy = points[:, :1] - centres[:, 0], points[:, 1:] - centres[:, 1]
    weight = SPRING**2 * mass / (dx**2 + dy**2 + cell_size**2)
    return np.stack([(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)], 1)


def _pull(points: np.ndarray, springs: np.ndarray) -> np.ndarray:
    """Attraction along springs, growing with their length (``distance`` per unit)."""
    return _pairwise(points, springs, np.ones(len(springs)))


def _settle(ids: list[str], pixels: np.ndarray) -> dict[str, Point]:
    """Give every label the free spot nearest to its position, working outwards from the centre."""
    distance = np.hypot(*(pixels - pixels.mean(axis=0)).T)
    free = _FreeSpots()
    settled = {}
    for i in np.lexsort((np.arange(len(ids)), distance)):
        settled[ids[i]] = free.take_near(tuple(np.round(pixels[i], 1)), itertools.count())
    return settled


# --------------------------------------------------------------------------- a new element


def _band_of(kind: ElementKind) -> int | None:
    """The band a kind sits in when arranged by level (actors below interventions); None for side kinds."""
    return ACTOR_BAND if kind == ElementKind.ACTOR else RESULTS_LEVEL.get(kind)


def _band_y(state: MapState, kind: ElementKind, x: float) -> float | None:
    """Where a new element of ``kind`` sits vertically: on the line of its kind nearest to ``x``, or where its
    band would be, read from the bands above and below it; None when the map says nothing about it."""
    placed = [e for e in state.elements.values() if e.x is not None and e.y is not None]
    same = [e for e in placed if e.kind == kind]
    if same:
        return min(same, key=lambda e: (abs(e.x - x), e.y)).y
    band = _band_of(kind)
    if band is None:
        return None
    by_band = defaultdict(list)
    for e in placed:
        if _band_of(e.kind) is not None:
            by_band[_band_of(e.kind)].append(e.y)
    above = [b for b in by_band if b < band]
    below = [b for b in by_band if b > band]
    if above:
        nearest = max(above)
        return max(by_band[nearest]) + LEVEL_STEP * (band - nearest)
    if below:
        nearest = min(below)
        return min(by_band[nearest]) - LEVEL_STEP * (nearest - band)
    return None


def spot_for_new(state: MapState, kind: ElementKind | str, near: Point, beside: str | None = None) -> Point:
    """Where a new element goes: on its results level, beside ``beside`` (what it will connect to), on a free spot.

    Its height is that of its kind's line nearest to the element it goes beside (or to ``near``, the middle
    of the view, when nothing is selected); a kind not on the map yet takes the height its level would have
    below or above the levels that are. Side kinds (assumptions, external factors) go at the height of what
    they go beside. Then the nearest free spot along that line, first to the right.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> state = MapState(title="m", elements={
    ...     "i": Element(id="i", kind="impact", label="I", x=0.0, y=0.0),
    ...     "o": Element(id="o", kind="outcome", label="O", x=0.0, y=200.0)})
    >>> spot_for_new(state, "output", near=(900.0, 900.0), beside="o")
    (0.0, 400.0)
    >>> spot_for_new(state, "outcome", near=(900.0, 900.0), beside="o")
    (230.0, 200.0)
    >>> spot_for_new(MapState(title="m"), "outcome", near=(5.0, 6.0))
    (5.0, 6.0)
    """
    kind = ElementKind(kind)
    anchor = state.elements.get(beside) if beside else None
    if anchor is not None and anchor.x is not None and anchor.y is not None:
        x = anchor.x
        y = anchor.y if anchor.kind == kind or _band_of(kind) is None else _band_y(state, kind, anchor.x)
        if y is None:  # a level the map does not have yet: one level step from the anchor's
            y = anchor.y + LEVEL_STEP * ((_band_of(kind) or 0) - (_band_of(anchor.kind) or 0))
    else:
        x = near[0]
        y = _band_y(state, kind, near[0])
        y = near[1] if y is None else y
    placed = [(e.x, e.y) for e in state.elements.values() if e.x is not None and e.y is not None]

    def free(px: float) -> bool:
        return all(abs(px - ex) >= LABEL_BOX[0] or abs(y - ey) >= LABEL_BOX[1] for ex, ey in placed)

    for step in range(0, 200):
        for offset in ((step, -step) if step else (0,)):
            px = round(x + offset * X_STEP, 1)
            if free(px):
                return px, round(y, 1)
    return round(x, 1), round(y, 1)

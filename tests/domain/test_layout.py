"""Automatic arrangement: the level layout and the free (force-directed) layout."""

import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from tests.domain.factories import element, link, small_map
from tocmap.domain.layout import LABEL_BOX, PER_LINE, X_STEP, free_layout, level_layout
from tocmap.domain.model import RESULTS_LEVEL, MapState

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from mapgen import realistic_map  # noqa: E402

LAYOUTS = [level_layout, free_layout]


@pytest.fixture(scope="module")
def big_map() -> MapState:
    return realistic_map(2000, seed=3)


@pytest.fixture(scope="module")
def big_level(big_map):
    return level_layout(big_map)


@pytest.fixture(scope="module")
def big_free(big_map):
    return free_layout(big_map)


def make_map(elements, links=()) -> MapState:
    return MapState(title="m", elements={e.id: e for e in elements}, links={lk.id: lk for lk in links})


def with_element(state, extra) -> MapState:
    return MapState(title=state.title, elements={**state.elements, extra.id: extra}, links=state.links)


def overlapping_labels(positions) -> int:
    """Pairs of elements whose label boxes overlap (centres closer than a box on both axes)."""
    points = np.array(list(positions.values()))
    overlaps = 0
    for start in range(0, len(points), 500):
        gaps = np.abs(points[start:start + 500, None, :] - points[None, :, :])
        overlaps += int(((gaps[..., 0] < LABEL_BOX[0] - 0.2) & (gaps[..., 1] < LABEL_BOX[1] - 0.2)).sum())
    return (overlaps - len(points)) // 2  # every point overlaps itself


def crossings(state, positions) -> int:
    """Pairs of links between two rows that cross (their ends come in opposite orders)."""
    segments = [(positions[lk.source], positions[lk.target]) for lk in state.links.values()]
    return sum(
        1
        for (a1, a2), (b1, b2) in combinations(segments, 2)
        if a1[1] == b1[1] and a2[1] == b2[1] and (a1[0] - b1[0]) * (a2[0] - b2[0]) < 0
    )


# --------------------------------------------------------------------------- both layouts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_empty_map_has_no_positions(layout):
    assert layout(MapState(title="empty")) == {}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_element_gets_a_position_rounded_to_one_decimal(layout):
    state = realistic_map(300)
    positions = layout(state)
    assert positions.keys() == state.elements.keys()
    assert all(round(v, 1) == v for point in positions.values() for v in point)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_layout_is_deterministic_and_ignores_the_order_elements_were_added_in(layout):
    state = realistic_map(300)
    shuffled = MapState.model_validate(
        {**state.model_dump(), "elements": dict(reversed(state.model_dump()["elements"].items()))}
    )
    assert layout(state) == layout(state) == layout(shuffled)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_single_element_is_placed(layout):
    assert list(layout(make_map([element("only", "actor")]))) == ["only"]


# --------------------------------------------------------------------------- level layout


def test_impacts_sit_above_outcomes_above_outputs_above_activities_above_actors():
    state = realistic_map(300)
    positions = level_layout(state)
    rows = ["impact", "outcome", "output", "intervention", "actor"]
    ys = {kind: [positions[e.id][1] for e in state.elements.values() if e.kind == kind] for kind in rows}
    for upper, lower in zip(rows, rows[1:]):
        assert max(ys[upper]) < min(ys[lower]), f"{upper} should sit above {lower}"


def test_no_two_labels_overlap_in_the_level_layout(big_level):
    assert overlapping_labels(big_level) == 0


def test_neighbours_in_a_row_are_a_full_step_apart(big_map, big_level):
    rows: dict[float, list[float]] = {}
    for e in big_map.elements.values():
        if e.kind in RESULTS_LEVEL:
            x, y = big_level[e.id]
            rows.setdefault(y, []).append(x)
    gaps = [b - a for xs in rows.values() for a, b in zip(sorted(xs), sorted(xs)[1:])]
    assert min(gaps) >= X_STEP


def test_long_rows_wrap_so_a_2000_element_map_stays_narrow(big_map, big_level):
    xs = [x for x, _ in big_level.values()]
    ys = [y for _, y in big_level.values()]
    assert max(xs) - min(xs) < 5000 < max(ys) - min(ys)
    per_line: dict[tuple[str, float], int] = {}
    for e in big_map.elements.values():
        if e.kind in RESULTS_LEVEL:
            key = (e.kind, big_level[e.id][1])
            per_line[key] = per_line.get(key, 0) + 1
    assert max(per_line.values()) <= PER_LINE


def test_ordering_by_barycenters_removes_the_crossings_of_the_naive_order():
    """Ids in alphabetical order put every link across every other; the sweeps untangle them."""
    outcomes = [element(f"c{i}", "outcome") for i in range(4)]
    outputs = [element(f"b{i}", "output") for i in range(4)]
    activities = [element(f"a{i}", "intervention") for i in range(4)]
    links = [link(f"l{i}", f"b{i}", f"c{3 - i}") for i in range(4)]
    links += [link(f"m{i}", f"a{i}", f"b{(i + 2) % 4}") for i in range(4)]
    state = make_map(outcomes + outputs + activities, links)
    naive = {e.id: (float(e.id[1]), float("abc".index(e.id[0]))) for e in state.elements.values()}
    assert crossings(state, naive) > 0
    assert crossings(state, level_layout(state)) == 0


def test_external_factors_sit_in_a_band_at_the_right(big_map, big_level):
    factors = [big_level[e.id][0] for e in big_map.elements.values() if e.kind == "external_factor"]
    chain = [big_level[e.id][0] for e in big_map.elements.values() if e.kind in RESULTS_LEVEL]
    assert min(factors) > max(chain)


def test_an_assumption_sits_next_to_the_element_it_is_attached_to():
    positions = level_layout(with_element(small_map(), element("as2", "assumption", attached_to=["out"])))
    assert distance(positions["as2"], positions["out"]) <= 1.5 * X_STEP


def test_an_assumption_on_a_link_sits_near_the_middle_of_the_link():
    positions = level_layout(small_map())  # as1 underpins out -> oc
    middle = np.mean([positions["out"], positions["oc"]], axis=0)
    assert distance(positions["as1"], middle) <= X_STEP


def test_most_assumptions_sit_near_what_they_underpin_even_in_a_big_map(big_map, big_level):
    near = [
        distance(big_level[a.id], anchor_point(big_map, a.attached_to[0], big_level)) < 3 * X_STEP
        for a in big_map.elements.values()
        if a.kind == "assumption"
    ]
    assert sum(near) / len(near) > 0.5


def test_an_assumption_attached_to_nothing_goes_to_the_left_band():
    positions = level_layout(with_element(small_map(), element("as2", "assumption")))
    assert positions["as2"][0] < min(x for key, (x, _) in positions.items() if key != "as2")


def distance(a, b) -> float:
    return float(np.hypot(a[0] - b[0], a[1] - b[1]))


def anchor_point(state, ref, positions):
    if ref in positions:
        return positions[ref]
    lk = state.links[ref]
    return tuple(np.mean([positions[lk.source], positions[lk.target]], axis=0))


# --------------------------------------------------------------------------- free layout


def test_no_two_labels_overlap_in_the_free_layout(big_free):
    assert overlapping_labels(big_free) == 0


def test_the_free_layout_keeps_a_minimum_spread_between_elements(big_free):
    points = np.array(list(big_free.values()))
    nearest = [np.sort(np.hypot(*(points - p).T))[1] for p in points[:300]]
    assert min(nearest) >= LABEL_BOX[1] - 0.2


def test_the_free_layout_keeps_linked_elements_closer_than_unlinked_ones(big_map, big_free):
    linked = [distance(big_free[lk.source], big_free[lk.target]) for lk in big_map.links.values()]
    ids = sorted(big_free)
    rng = np.random.default_rng(0)
    random_pairs = [distance(big_free[ids[a]], big_free[ids[b]]) for a, b in rng.integers(0, len(ids), (2000, 2))]
    assert np.median(linked) < np.median(random_pairs) / 3


def test_the_free_layout_starts_from_current_positions():
    """Two separate chains drawn left and right stay left and right."""
    left = [element(f"l{i}", "actor", x=-3000.0 + 100 * i, y=0.0) for i in range(5)]
    right = [element(f"r{i}", "actor", x=3000.0 + 100 * i, y=0.0) for i in range(5)]
    chains = [link(f"to-{s}{i + 1}", f"{s}{i}", f"{s}{i + 1}", kind="influences") for s in "lr" for i in range(4)]
    positions = free_layout(make_map(left + right, chains))
    mean_x = {side: np.mean([positions[f"{side}{i}"][0] for i in range(5)]) for side in "lr"}
    assert mean_x["l"] < mean_x["r"]


def test_elements_starting_on_the_same_point_are_pulled_apart():
    state = make_map([element(f"e{i}", "actor", x=10.0, y=10.0) for i in range(20)])
    assert overlapping_labels(free_layout(state)) == 0


def test_another_seed_gives_another_free_layout():
    state = realistic_map(100)
    assert free_layout(state, seed=1) != free_layout(state, seed=2)

"""Real concurrent writers (threads with their own connections): no lost updates."""

import threading

import pytest

from tests.domain.factories import element
from tocmap.domain.changes import AddElement, UpdateElement
from tocmap.domain.errors import Conflict
from tocmap.domain.model import SystemAuthor
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM

WRITERS = 8


def run_together(work, count):
    """Start ``count`` threads at the same moment; return what each returned or raised."""
    barrier, results = threading.Barrier(count), [None] * count

    def runner(n):
        barrier.wait()
        try:
            results[n] = work(n)
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[n] = error

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def shared_map(real_db, ana):
    map_id = maps.create_map(real_db, "Workshop", ana)
    for n in range(WRITERS):
        history.apply(real_db, map_id, AddElement(element=element(f"e{n}")), ana)
    return map_id


def test_writers_editing_different_elements_all_succeed(real_db, shared_map):
    base = maps.list_maps(real_db, who=SYSTEM)[0].revision

    def edit(n):
        author = SystemAuthor(name=f"user{n}")
        return history.apply(real_db, shared_map, UpdateElement(id=f"e{n}", set={"label": f"by {n}"}), author, base)

    results = run_together(edit, WRITERS)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.revision for r in results) == list(range(base + 1, base + WRITERS + 1))
    state = maps.get_map(real_db, shared_map, who=SYSTEM)[2]
    assert [state.elements[f"e{n}"].label for n in range(WRITERS)] == [f"by {n}" for n in range(WRITERS)]


def test_writers_editing_different_fields_of_one_element_all_succeed(real_db, shared_map):
    base = maps.list_maps(real_db, who=SYSTEM)[0].revision
    fields = {0: {"label": "New label"}, 1: {"description": "New description"}, 2: {"tags": ["data"]}}

    def edit(n):
        return history.apply(real_db, shared_map, UpdateElement(id="e0", set=fields[n]), SystemAuthor(name=f"u{n}"), base)

    results = run_together(edit, 3)
    assert all(not isinstance(r, Exception) for r in results), results
    e0 = maps.get_map(real_db, shared_map, who=SYSTEM)[2].elements["e0"]
    assert (e0.label, e0.description, e0.tags) == ("New label", "New description", ["data"])


def test_writers_changing_the_same_field_from_the_same_base_lose_nothing_silently(real_db, shared_map):
    base = maps.list_maps(real_db, who=SYSTEM)[0].revision

    def edit(n):
        return history.apply(real_db, shared_map, UpdateElement(id="e0", set={"label": f"by {n}"}), SystemAuthor(name=f"u{n}"), base)

    results = run_together(edit, WRITERS)
    winners = [r for r in results if not isinstance(r, Exception)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(conflicts) == WRITERS - 1, results
    label = maps.get_map(real_db, shared_map, who=SYSTEM)[2].elements["e0"].label
    assert label == winners[0].state.elements["e0"].label
    assert all(c.conflicts[0]["current"] == label for c in conflicts)


def test_many_writers_appending_at_once_get_distinct_gapless_revisions(real_db, shared_map):
    start = maps.list_maps(real_db, who=SYSTEM)[0].revision

    def burst(n):
        return [history.apply(real_db, shared_map, AddElement(element=element(f"w{n}-{k}")), SystemAuthor(name=f"u{n}")).revision
                for k in range(10)]

    results = run_together(burst, WRITERS)
    revisions = sorted(r for batch in results for r in batch)
    assert revisions == list(range(start + 1, start + WRITERS * 10 + 1))
    assert maps.list_maps(real_db, who=SYSTEM)[0].element_count == WRITERS + WRITERS * 10

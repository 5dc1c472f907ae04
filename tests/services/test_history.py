"""History services over an in-memory database: apply, conflicts, rebuild, restore, undo."""

import pytest

from tests.domain.factories import element
from tocmap.domain.changes import AddElement, MoveElements, RemoveElement, UpdateElement, UpdateIndicator
from tocmap.domain.errors import Conflict, InvalidInput, NotFound
from tocmap.domain.model import MapState
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM


@pytest.fixture
def map_id(db, ana):
    return maps.create_map(db, "Data use", ana)


def add(db, map_id, author, *ids, kind="outcome"):
    return [history.apply(db, map_id, AddElement(element=element(i, kind)), author) for i in ids][-1]


def test_every_change_gets_the_next_revision_with_its_author(db, map_id, ana, ben):
    add(db, map_id, ana, "a")
    add(db, map_id, ben, "b")
    entries = history.history(db, map_id, who=SYSTEM)
    assert [(e.revision, e.author.name) for e in entries] == [(3, "Ben"), (2, "Ana"), (1, "Ana")]
    assert entries[0].summary == "Added outcome “outcome b”"


def test_the_state_at_any_revision_can_be_rebuilt(db, map_id, ana):
    add(db, map_id, ana, "a", "b", "c")
    history.apply(db, map_id, RemoveElement(id="b"), ana)
    db.cache.clear()
    _, _, at_3 = maps.get_map(db, map_id, revision=3, who=SYSTEM)
    _, _, head = maps.get_map(db, map_id, who=SYSTEM)
    assert set(at_3.elements) == {"a", "b"} and set(head.elements) == {"a", "c"}


def test_an_unknown_revision_is_refused(db, map_id):
    with pytest.raises(NotFound, match="no revision 99"):
        maps.get_map(db, map_id, revision=99, who=SYSTEM)


def test_edits_from_the_same_base_to_different_fields_both_succeed(db, map_id, ana, ben):
    base = add(db, map_id, ana, "a").revision
    history.apply(db, map_id, UpdateElement(id="a", set={"label": "Ana's"}), ana, base)
    history.apply(db, map_id, UpdateElement(id="a", set={"description": "Ben's"}), ben, base)
    element_a = maps.get_map(db, map_id, who=SYSTEM)[2].elements["a"]
    assert (element_a.label, element_a.description) == ("Ana's", "Ben's")


def test_the_same_field_from_the_same_base_conflicts_and_writes_nothing(db, map_id, ana, ben):
    base = add(db, map_id, ana, "a").revision
    history.apply(db, map_id, UpdateElement(id="a", set={"label": "Ana's"}), ana, base)
    with pytest.raises(Conflict) as caught:
        history.apply(db, map_id, UpdateElement(id="a", set={"label": "Ben's"}), ben, base)
    assert caught.value.conflicts[0]["current"] == "Ana's"
    assert caught.value.conflicts[0]["user"] == "Ana"
    assert maps.get_map(db, map_id, who=SYSTEM)[2].elements["a"].label == "Ana's"
    assert maps.list_maps(db, who=SYSTEM)[0].revision == base + 1


def test_a_base_revision_from_the_future_is_refused(db, map_id, ana):
    with pytest.raises(InvalidInput, match="unknown"):
        history.apply(db, map_id, MoveElements(positions={"x": (1.0, 1.0)}), ana, 50)


def test_a_partner_outside_the_partnership_is_refused(db, map_id, ana):
    with pytest.raises(InvalidInput, match="not a partner in this partnership"):
        history.apply(db, map_id, AddElement(element=element("a", owner="stranger")), ana)


def test_restoring_a_revision_is_a_new_change(db, map_id, ana):
    add(db, map_id, ana, "a", "b")
    history.apply(db, map_id, UpdateElement(id="a", set={"label": "Renamed"}), ana)
    restored = history.restore(db, map_id, 2, ana)
    assert restored.revision == 5
    assert restored.record.summary == "Restored revision 2"
    assert set(restored.state.elements) == {"a"} and restored.state.elements["a"].label == "outcome a"
    assert maps.get_map(db, map_id, revision=4, who=SYSTEM)[2].elements["a"].label == "Renamed"


def test_restoring_the_current_state_says_nothing_would_change(db, map_id, ana):
    add(db, map_id, ana, "a")
    with pytest.raises(InvalidInput, match="already"):
        history.restore(db, map_id, 2, ana)


def test_undo_reverts_one_change_and_keeps_later_work(db, map_id, ana, ben):
    add(db, map_id, ana, "a")
    renamed = history.apply(db, map_id, UpdateElement(id="a", set={"label": "Renamed"}), ana)
    add(db, map_id, ben, "b")
    history.undo(db, map_id, renamed.revision, ana)
    state = maps.get_map(db, map_id, who=SYSTEM)[2]
    assert state.elements["a"].label == "outcome a" and "b" in state.elements


def test_undo_refuses_when_someone_changed_the_same_field_since(db, map_id, ana, ben):
    add(db, map_id, ana, "a")
    renamed = history.apply(db, map_id, UpdateElement(id="a", set={"label": "Ana's"}), ana)
    history.apply(db, map_id, UpdateElement(id="a", set={"label": "Ben's"}), ben)
    with pytest.raises(Conflict, match="Ben"):
        history.undo(db, map_id, renamed.revision, ana)


def test_checkpoints_keep_rebuilds_correct_across_many_changes(db, map_id, ana, monkeypatch):
    monkeypatch.setattr(history, "CHECKPOINT_EVERY", 5)
    add(db, map_id, ana, "a")
    for n in range(23):
        history.apply(db, map_id, UpdateElement(id="a", set={"label": f"v{n}"}), ana)
    db.cache.clear()
    with db.store() as store:
        assert store.checkpoint(map_id, 25)[0] >= 20
    assert maps.get_map(db, map_id, revision=13, who=SYSTEM)[2].elements["a"].label == "v10"
    assert maps.get_map(db, map_id, who=SYSTEM)[2].elements["a"].label == "v22"


def test_a_request_cannot_pass_off_a_revision_as_an_old_record_or_rewrite_earlier_definitions(db, ana):
    map_id = maps.ensure_example(db) or 1
    indicator_id, indicator = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].indicators.items()))
    sneaky = UpdateIndicator(id=indicator_id, set={"unit": "per cent of districts"}, before={"unit": indicator.unit})
    with pytest.raises(InvalidInput, match="give the reason"):
        history.apply(db, map_id, sneaky, SYSTEM)
    with pytest.raises(InvalidInput, match="earlier definitions are kept"):
        history.apply(db, map_id, UpdateIndicator(id=indicator_id, set={"revisions": []}), SYSTEM)
    assert maps.get_map(db, map_id, who=SYSTEM)[2].indicators[indicator_id] == indicator


def test_a_bigger_map_waits_proportionally_more_changes_for_its_next_checkpoint():
    small = MapState(title="Small", elements={"a": element("a")})
    big = MapState(title="Big", elements={f"e{n}": element(f"e{n}") for n in range(2 * history.CHECKPOINT_ITEMS)})
    every = history.CHECKPOINT_EVERY
    assert history.checkpoint_due(small, every, 200) and not history.checkpoint_due(small, every - 1, 200)
    assert history.checkpoint_due(big, 2 * every, 200) and not history.checkpoint_due(big, 2 * every - 1, 200)
    assert history.checkpoint_due(big, 1, history.CHECKPOINT_AFTER_BYTES)  # an import or a restore, at once

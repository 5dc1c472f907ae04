"""Map types and loop names through the services: recorded, undone, authorized, and followed by the checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import checks as checking
from tocmap.services import exchange, history, systems

DATA = Path(__file__).parents[1] / "data"


def imported(db, author) -> int:
    data = (DATA / "kumu-debt-cycle.json").read_bytes()
    return exchange.import_file(db, data, "kumu", author, filename="kumu-debt-cycle.json").map_id


def test_an_imported_kumu_map_is_a_systems_map_with_its_named_loops_and_parallel_links(real_db, ana):
    map_id = imported(real_db, ana)
    checked = checking.check_map(real_db, map_id, ana)
    assert checked.state.map_type == "systems_map"
    assert len(checked.state.links) == 13
    assert {lp.name for lp in checked.report.loops.loops if lp.name} == {"Short-Term Debt Cycle", "Debt burden"}
    assert not {f.rule for f in checked.report.findings} & {"no-impact", "no-indicator", "no-owner"}


def test_the_type_can_be_changed_and_the_checks_follow(db, ana):
    map_id = imported(db, ana)
    applied = systems.set_map_type(db, map_id, "theory_of_change", ana)
    assert "no-impact" in {f.rule for f in checking.check_map(db, map_id, ana).report.findings}
    assert applied.record.summary == "Made the map a theory of change"
    with pytest.raises(InvalidInput, match="not 'mind map'"):
        systems.set_map_type(db, map_id, "mind map", ana)


def test_a_loop_is_named_renamed_and_unnamed_through_the_history(db, ana):
    map_id = imported(db, ana)
    loop = next(lp for lp in checking.check_map(db, map_id, ana).report.loops.loops if not lp.name)
    systems.name_loop(db, map_id, loop.links, "Jobs and wages", ana, description="Work pays, people spend.")
    named = {lp.name: lp for lp in checking.check_map(db, map_id, ana).report.loops.loops if lp.name}
    assert named["Jobs and wages"].description == "Work pays, people spend."
    renamed = systems.name_loop(db, map_id, loop.links, "Wage spiral", ana)
    assert len(renamed.state.loops) == 3 and "Wage spiral" in {lp.name for lp in renamed.state.loops.values()}
    loop_id = next(i for i, lp in renamed.state.loops.items() if lp.name == "Wage spiral")
    unnamed = systems.unname_loop(db, map_id, loop_id, ana)
    assert loop_id not in unnamed.state.loops
    history.undo(db, map_id, unnamed.revision, ana)
    assert "Wage spiral" in {lp.name for lp in checking.check_map(db, map_id, ana).state.loops.values()}


def test_a_loop_name_must_not_be_empty(db, ana):
    map_id = imported(db, ana)
    loop = checking.check_map(db, map_id, ana).report.loops.loops[0]
    with pytest.raises(InvalidInput, match="name"):
        systems.name_loop(db, map_id, loop.links, "   ", ana)


def test_a_viewer_cannot_change_the_type(db):
    from tests.services.conftest import make_team

    map_id, people = make_team(db)
    with pytest.raises(PermissionDenied):
        systems.set_map_type(db, map_id, "systems_map", people["vic"])
    systems.set_map_type(db, map_id, "systems_map", people["ana"])

"""`tocmap check`: findings on the terminal, JSON for scripts, exit codes for pipelines."""

from __future__ import annotations

import json

import pytest

from tests.domain.factories import link
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.cli import FINDINGS_EXIT, main
from tocmap.domain.changes import AddLink
from tocmap.services import history
from tocmap.services.access import SYSTEM


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'check.db'}"


@pytest.fixture
def run(url, capsys, monkeypatch):
    monkeypatch.setenv("TOCMAP_DATABASE_URL", url)

    def invoke(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def example(run) -> int:
    assert run("new", "--template", "example-health-data-partnership", "--title", "Surveillance")[0] == 0
    return 1


def add_link(url: str, map_id: int, source: str, target: str) -> None:
    db = Database(url)
    upgrade(db)
    history.apply(db, map_id, AddLink(link=link(f"{source}-{target}", source, target)), SYSTEM)
    db.dispose()


def test_findings_are_listed_with_a_summary_and_the_exit_status_is_0(run, example):
    code, out, err = run("check", example)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Map 1 “Surveillance”, revision 1: 0 errors, 7 warnings, ")  # 7th: the disproved assumption as-4
    assert any(line.startswith("warning  disputed ") and "is disputed by MoH Lumora." in line for line in lines)
    assert any(line.startswith("info     feedback-loop ") and "Reinforcing loop" in line for line in lines)


def test_fail_on_warning_exits_2_when_there_are_warnings(run, example):
    code, out, _ = run("check", example, "--fail-on", "warning")
    assert code == FINDINGS_EXIT == 3
    assert "7 warnings" in out.splitlines()[0]


def test_fail_on_error_passes_while_there_are_only_warnings_and_fails_once_there_is_an_error(run, url, example):
    assert run("check", example, "--fail-on", "error")[0] == 0
    add_link(url, example, "impact-1", "in-1")  # the impact "causes" an activity: the chain goes round
    code, out, _ = run("check", example, "--fail-on", "error")
    assert code == FINDINGS_EXIT
    assert out.splitlines()[0].startswith("Map 1 “Surveillance”, revision 2: 1 error, ")
    assert "error    results-chain-cycle" in out


def test_json_lists_counts_findings_and_loops(run, example):
    code, out, _ = run("check", example, "--json")
    assert code == 0
    report = json.loads(out)
    assert {k: report[k] for k in ("map_id", "title", "revision")} == {"map_id": 1, "title": "Surveillance", "revision": 1}
    assert report["counts"]["error"] == 0 and report["counts"]["warning"] == 7
    disputed = next(f for f in report["findings"] if f["rule"] == "disputed")
    assert disputed == {"rule": "disputed", "severity": "warning", "elements": ["in-8"], "links": [],
                        "message": disputed["message"], "hint": disputed["hint"]}
    assert report["loops"]["complete"] is True and report["loops"]["loops"][0]["kind"] == "reinforcing"


def test_json_and_fail_on_together(run, example):
    code, out, _ = run("check", example, "--json", "--fail-on", "warning")
    assert code == FINDINGS_EXIT and json.loads(out)["counts"]["warning"] == 7


def test_an_earlier_revision_can_be_checked(run, url, example):
    add_link(url, example, "impact-1", "in-1")
    assert run("check", example, "--revision", 1, "--fail-on", "error")[0] == 0
    assert run("check", example, "--fail-on", "error")[0] == FINDINGS_EXIT


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", 99], "error: There is no map 99."),
        (["check", 1, "--revision", 9], "no revision 9"),
        (["check", 1, "--database", "nope://x"], "error: cannot open the database"),
    ],
)
def test_errors_are_one_line_and_exit_1(run, example, args, message):
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_a_map_from_the_blank_template_has_warnings_but_no_errors(run):
    run("new", "--template", "blank-theory-of-change", "--title", "Blank")
    assert run("check", 1, "--fail-on", "error")[0] == 0
    assert run("check", 1, "--fail-on", "warning")[0] == FINDINGS_EXIT

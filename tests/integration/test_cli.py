"""The `tocmap` command, run in-process against a SQLite file."""

import io
import json

import pytest

from tocmap.cli import main


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TOCMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    def invoke(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_a_new_map_from_a_template_is_listed(run):
    assert run("new", "--template", "blank-theory-of-change", "--title", "Our map")[0] == 0
    code, out, _ = run("maps", "--json")
    assert code == 0
    assert json.loads(out) == [{**json.loads(out)[0], "id": 1, "title": "Our map", "revision": 1, "elements": 14}]
    assert "Our map" in run("maps")[1]


def test_export_then_import_gives_an_equal_map(run, tmp_path):
    run("new", "--template", "example-health-data-partnership", "--title", "Example")
    target = tmp_path / "map.json"
    assert run("export", 1, "--format", "json", "-o", target)[0] == 0
    assert run("import", target)[0] == 0
    first, second = (json.loads(run("export", n)[1]) for n in (1, 2))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_import_reads_standard_input(run, tmp_path, monkeypatch):
    run("new", "--template", "peer-partnership", "--title", "Twinning")
    exported = run("export", 1, "--history")[1]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(exported.encode())))
    code, out, _ = run("import", "-")
    assert code == 0 and "Imported map 2" in out


def test_history_lists_changes_and_restore_appends_one(run):
    run("new", "--template", "blank-theory-of-change", "--title", "Restorable")
    code, out, _ = run("restore", 1, "--revision", 0)
    assert code == 0 and "as revision 2" in out
    entries = json.loads(run("history", 1, "--json")[1])
    assert [e["revision"] for e in entries] == [2, 1]
    assert entries[0]["summary"] == "Restored revision 0"
    header, _, latest = run("history", 1)[1].splitlines()[:3]
    assert header.split()[:2] == ["revision", "time"] and "Restored revision 0" in latest


def test_snapshots_name_revisions_for_export(run):
    run("new", "--template", "blank-theory-of-change", "--title", "Snap")
    run("restore", 1, "--revision", 0)
    assert run("snapshot", 1, "First draft", "--revision", 1)[0] == 0
    exported = json.loads(run("export", 1, "--snapshot", "First draft")[1])
    assert exported["revision"] == 1 and len(exported["elements"]) == 14


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", 99], "error: There is no map 99."),
        (["history", 99], "error: There is no map 99."),
        (["restore", 1, "--revision", 50], "no revision 50"),
        (["new", "--template", "nope", "--title", "x"], "no template named 'nope'"),
        (["new", "--template", "blank-theory-of-change", "--title", " "], "title"),
        (["import", "/does/not/exist.json"], "cannot read /does/not/exist.json"),
        (["export", 1, "--snapshot", "never"], "no snapshot named"),
        (["maps", "--database", "nope://x"], "cannot open the database"),
    ],
)
def test_errors_print_one_clear_line_and_exit_non_zero(run, args, message):
    run("new", "--template", "blank-theory-of-change", "--title", "Exists")
    code, out, err = run(*args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_a_bad_file_is_refused_and_nothing_is_written(run, tmp_path):
    for content in ["not json", '{"format": "tocmap.map/1"}', "[1, 2]"]:
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        code, _, err = run("import", bad)
        assert code == 1 and err.startswith("error: ")
    assert json.loads(run("maps", "--json")[1]) == []


def test_a_map_id_must_be_a_number(run):
    with pytest.raises(SystemExit) as exit_:
        run("export", "abc")
    assert exit_.value.code == 2

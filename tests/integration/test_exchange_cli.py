"""`tocmap export --format F` and `tocmap import FILE [--format F] [--into MAP_ID]`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocmap.cli import main
from tocmap.services import exchange

IATI = Path(__file__).parents[1] / "data" / "partnership-activities.xml"  # four activities of one funder


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TOCMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    def invoke(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    invoke("new", "--template", "example-health-data-partnership", "--title", "Example")
    return invoke


@pytest.mark.parametrize("fmt", exchange.EXPORTS)
def test_every_format_exports_to_a_file(run, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    code, _, err = run("export", 1, "--format", fmt, "-o", target)
    assert code == 0 and f"Wrote map 1 (revision 1) to {target}" in err
    assert target.stat().st_size > 1000
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "kumu", "graphml", "gexf"])
def test_an_exported_file_imports_with_its_format_guessed_from_the_name(run, tmp_path, fmt):
    extension = {"xlsx": "xlsx", "csv": "zip", "kumu": "kumu.json", "graphml": "graphml", "gexf": "gexf"}[fmt]
    target = tmp_path / f"map.{extension}"
    run("export", 1, "--format", fmt, "-o", target)
    code, out, err = run("import", target)
    assert code == 0 and out.startswith("Imported map 2 at revision 1: Example"), err
    first, second = (json.loads(run("export", n)[1]) for n in (1, 2))
    for document in (first, second):
        document.pop("exported_at"), document.pop("snapshots")
        for table in ("elements", "links", "indicators"):
            document[table] = sorted(document[table], key=lambda item: item["id"])
    assert first == second


def test_text_formats_go_to_standard_output(run):
    code, out, _ = run("export", 1, "--format", "iati")
    assert code == 0 and "<iati-activities" in out


def test_import_into_a_map_records_one_revision(run, tmp_path):
    csv = tmp_path / "more.csv"
    csv.write_text("Label,Type\nA new outcome,Outcome\n")
    code, out, _ = run("import", csv, "--into", 1)
    assert code == 0 and out.startswith(f"Imported {csv} into map 1 as revision 2")
    assert "Imported more.csv" in run("history", 1)[1]


def test_an_iati_activity_is_chosen_by_its_identifier(run):
    code, _, err = run("import", IATI)
    assert code == 1 and "choose the one whose results to import" in err
    code, out, err = run("import", IATI, "--activity", "XM-DAC-41114-PRJ-0003")
    assert code == 0 and "District health information" in out


def test_a_snapshot_or_revision_is_exported_by_name(run, tmp_path):
    run("snapshot", 1, "March workshop")
    run("restore", 1, "--revision", 0)
    target = tmp_path / "march.xlsx"
    code, _, err = run("export", 1, "--format", "xlsx", "--snapshot", "March workshop", "-o", target)
    assert code == 0 and "(revision 1)" in err


@pytest.mark.parametrize("args, message", [
    (["export", 1, "--format", "xlsx", "--history"], "Only the tocmap JSON format can carry the history"),
    (["import", "map.png"], "cannot read map.png"),
    (["export", 1, "--format", "png", "--revision", 7, "-o", "x.png"], "no revision 7"),
])
def test_errors_print_one_line(run, args, message):
    code, _, err = run(*args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_a_picture_is_not_importable(run, tmp_path):
    picture = tmp_path / "map.png"
    run("export", 1, "--format", "png", "-o", picture)
    code, _, err = run("import", picture)
    assert code == 1 and "is a picture or a report: tocmap cannot import it" in err


def test_export_takes_the_language_of_its_headings(run, tmp_path):
    target = tmp_path / "rapport.html"
    code, _, err = run("export", 1, "--format", "report", "--language", "fr", "-o", target)
    assert code == 0 and "Cadre de résultats" in target.read_text(encoding="utf-8")
    code, _, err = run("export", 1, "--format", "report", "--language", "xx", "-o", target)
    assert code != 0 and "tocmap has no language 'xx'" in err

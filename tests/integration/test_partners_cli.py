"""`tocmap partners ...` and `tocmap invite ...`, in-process against a SQLite file."""

import json

import pytest

from tests.mailbox import smtp_server
from tocmap.cli import main


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TOCMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("TOCMAP_SMTP_HOST", raising=False)

    def invoke(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_partners_are_added_edited_merged_and_listed_each_a_line_in_the_history(run):
    run("new", "--template", "blank-theory-of-change", "--title", "Water")
    assert run("partners", "add", 1, "Ministry of Water", "--short-name", "MoW", "--language", "fr")[1] == (
        "Revision 2: Added partner “Ministry of Water”\n")
    run("partners", "add", 1, "Development partners", "--organisation", "UNICEF", "--organisation", "WHO")
    assert run("partners", "edit", 1, "mow", "--colour", "#112233")[0] == 0
    assert run("partners", "merge", 1, "development-partners", "--into", "mow")[0] == 0
    listed = {p["id"]: p for p in json.loads(run("partners", "list", 1, "--json")[1])}
    assert listed["mow"]["colour"] == "#112233" and listed["mow"]["language"] == "fr"
    assert listed["development-partners"]["status"] == "merged into mow"
    assert listed["development-partners"]["organisations"] == ["UNICEF", "WHO"]
    history = run("history", 1, "--limit", 1)[1]
    assert "Merged partner “Development partners” into “Ministry of Water”" in history


@pytest.mark.parametrize("args, message", [
    (("partners", "add", 1, "Partner A"), "already a partner called “Partner A”"),
    (("partners", "edit", 1, "partner-a", "--colour", "blue"), "A colour is written #rrggbb"),
    (("partners", "retire", 1, "nobody"), "no partner 'nobody'"),
    (("partners", "reinstate", 1, "partner-a"), "is not retired"),
    (("invite", 1, "not-an-email"), "Enter an email address"),
    (("invite", 1, "a@b.org", "--partner", "nobody"), "not a partner"),
])
def test_bad_input_prints_one_error_line_and_changes_nothing(run, args, message):
    run("new", "--template", "blank-theory-of-change", "--title", "Water")
    code, out, err = run(*args)
    assert code == 1 and err.startswith("error: ") and message in err and err.count("\n") == 1
    assert run("history", 1, "--json")[1].count('"revision"') == 1


def test_an_invitation_link_is_printed_and_emailed_when_a_mail_server_is_set(run, monkeypatch):
    run("new", "--template", "blank-theory-of-change", "--title", "Water")
    code, out, _ = run("invite", 1, "amina@water.example", "--partner", "partner-a", "--role", "mel_lead")
    assert code == 0 and out.startswith("http://127.0.0.1:8050/invite/") and "not emailed" in out
    with smtp_server() as (mailbox, port):
        for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("TLS", "0")):
            monkeypatch.setenv(f"TOCMAP_SMTP_{name}", value)
        monkeypatch.setenv("TOCMAP_BASE_URL", "https://toc.example.org")
        code, out, _ = run("invite", 1, "kofi@dp.example")
    assert code == 0 and "emailed to kofi@dp.example" in out
    assert mailbox.links("/invite/") == [out.splitlines()[0]] and out.startswith("https://toc.example.org/invite/")

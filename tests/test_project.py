"""The project's promises about itself: README lists every setting, Procfile and CI are in place."""

from pathlib import Path

import pytest

from tocmap.domain.errors import InvalidInput
from tocmap.settings import SETTINGS, load_settings

ROOT = Path(__file__).parents[1]


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert [s.env for s in SETTINGS if f"`{s.env}`" not in readme] == []


def test_flags_win_over_the_environment_and_the_environment_over_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("TOCMAP_PORT", "9000")
    monkeypatch.setenv("TOCMAP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TOCMAP_DATABASE_URL", raising=False)
    assert load_settings().port == 9000
    assert load_settings(port=9100).port == 9100
    assert load_settings().database_url == f"sqlite:///{tmp_path / 'tocmap.db'}"


def test_ci_runs_exactly_the_readme_test_command():
    readme, ci = (ROOT / "README.md").read_text(), (ROOT / ".ci" / "run").read_text()
    command = "pip install '.[test]' && pytest"
    assert command in readme and command in ci


def test_the_procfile_serves_the_app_with_live_push():
    assert (ROOT / "Procfile").read_text().startswith("web: uvicorn --factory tocmap.wsgi:front ")


def test_an_unknown_yes_or_no_value_is_refused_naming_the_variable(monkeypatch):
    monkeypatch.setenv("TOCMAP_LOAD_EXAMPLE", "maybe")
    with pytest.raises(InvalidInput, match="TOCMAP_LOAD_EXAMPLE"):
        load_settings()
    monkeypatch.setenv("TOCMAP_LOAD_EXAMPLE", "off")
    assert load_settings().load_example is False

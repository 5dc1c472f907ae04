"""One English word, two meanings: each meaning is translated under its own context (gettext msgctxt)."""

from pathlib import Path

import pytest

from tocmap import i18n
from tocmap.i18n import _, npgettext, pgettext

PLURAL_CATALOGUE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgctxt "stage"
msgid "{n} step"
msgid_plural "{n} steps"
msgstr[0] "{n} étape"
msgstr[1] "{n} étapes"

msgid "{n} step"
msgid_plural "{n} steps"
msgstr[0] "{n} pas"
msgstr[1] "{n} pas"
'''


@pytest.fixture
def operator_catalogue(tmp_path: Path):
    """A catalogue an operator adds, with a plural under a context and the same plural without one."""
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "steps.po").write_text(PLURAL_CATALOGUE, encoding="utf-8")
    i18n.add_catalogues(tmp_path)
    yield
    i18n.remove_catalogues(tmp_path)


def test_a_verb_and_a_status_spelled_alike_read_differently():
    with i18n.using("fr"):
        assert (pgettext("verb", "Open"), _("Open")) == ("Ouvrir", "Ouverte")
        assert (pgettext("verb", "Comment"), _("Comment")) == ("Commenter", "Commentaire")
    with i18n.using("es"):
        assert (pgettext("verb", "Open"), _("Open")) == ("Abrir", "Abierta")


def test_a_period_starts_and_ends_unlike_a_link():
    with i18n.using("fr"):
        assert [pgettext("period", "From"), pgettext("period", "To")] == ["Du", "Au"]
        assert [_("From"), _("To")] == ["De", "Vers"]
    with i18n.using("es"):
        assert [pgettext("period", "From"), pgettext("period", "To")] == ["Desde", "Hasta"]


def test_a_total_column_is_not_a_filter():
    with i18n.using("fr"):
        assert (pgettext("total", "All"), _("All")) == ("Total", "Tout")


def test_english_and_an_unknown_context_show_the_source_text():
    assert pgettext("verb", "Open") == "Open"
    with i18n.using("fr"):
        assert pgettext("nowhere", "Open") == "Open"
        assert pgettext("nowhere", "Hello {name}", name="Ada") == "Hello Ada"


def test_plural_forms_under_a_context(operator_catalogue):
    with i18n.using("fr"):
        assert npgettext("stage", "{n} step", "{n} steps", 1) == "1 étape"
        assert npgettext("stage", "{n} step", "{n} steps", 3) == "3 étapes"
        assert i18n.ngettext("{n} step", "{n} steps", 3) == "3 pas"
    assert npgettext("stage", "{n} step", "{n} steps", 3) == "3 steps"

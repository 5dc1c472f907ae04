"""IATI results titled by their category, placeholder actuals and other languages (a World Bank-style file)."""

from __future__ import annotations

from pathlib import Path

from tocmap.adapters.exchange import ReadOptions, iati

FILE = Path(__file__).parents[1] / "data" / "iati-world-bank-style.xml"


def parsed():
    return iati.read(FILE.read_bytes(), ReadOptions(filename=FILE.name))


def test_a_result_titled_by_its_category_takes_its_indicator_or_description_and_keeps_the_category_as_a_tag():
    results = [e for e in parsed().document.elements if e.kind.value != "intervention"]
    assert [e.label for e in results] == [
        "People provided with access to improved water sources",
        "Water points still working two years after construction.",
        'Water user committees trained, "with women members", in each district',
    ]
    assert [e.tags[-1] for e in results] == ["PDO Indicator", "PDO Indicator", "Intermediate Results Indicator"]


def test_a_placeholder_actual_is_kept_as_text_without_a_made_up_date():
    indicator = parsed().document.indicators[0]
    placeholder, real = indicator.observations
    assert placeholder.date is None and placeholder.value is None
    assert "As at Appraisal" in placeholder.note
    assert placeholder.period.end.isoformat() == "2024-12-31"
    assert real.value == 31250 and real.date.isoformat() == "2025-12-31"


def test_every_language_is_kept_as_translations_and_listed_in_the_note():
    result = parsed()
    activity = result.document.elements[0]
    assert activity.translations["fr"]["label"].text == "Projet d'accès à l'eau en milieu rural"
    assert result.document.indicators[0].translations["fr"]["name"].text.startswith("Personnes ayant accès")
    assert "[fr]" not in activity.description
    assert any("other languages (fr) became translations" in line for line in result.skipped)

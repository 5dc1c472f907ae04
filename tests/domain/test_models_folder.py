"""The ready map models in models/: templates and worked examples load, and the schema is current."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tocmap.domain.document import MapDocument, json_schema, read_document

MODELS = Path(__file__).parents[2] / "models"
SCHEMA = MODELS / "tocmap-map.schema.json"
EXAMPLE = MODELS / "example-health-data-partnership.json"
TEMPLATES = ["blank-theory-of-change", "peer-partnership"]
REGENERATE = (
    "python -c 'import json, pathlib, tocmap.domain.document as d; "
    'pathlib.Path("models/tocmap-map.schema.json").write_text('
    "json.dumps(d.json_schema(), indent=2, sort_keys=True) + \"\\n\")'"
)

MAP_FILES = sorted(p for p in MODELS.glob("*.json") if p != SCHEMA)


def load(path: Path) -> MapDocument:
    """Read one model file as a map document."""
    return read_document(path.read_text(encoding="utf-8"), source=path.name)


def test_the_models_folder_holds_the_templates_and_the_worked_example():
    names = {p.stem for p in MAP_FILES}
    assert {*TEMPLATES, EXAMPLE.stem} <= names


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_every_model_file_is_a_valid_map_document(path):
    document = load(path)
    assert document.format == "tocmap.map/1"
    assert document.elements


def test_the_schema_file_equals_the_schema_the_domain_generates():
    fresh = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    assert SCHEMA.read_text(encoding="utf-8") == fresh, (
        f"{SCHEMA.name} is out of date; regenerate it from the repository root with:\n    {REGENERATE}"
    )


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_every_element_has_a_position(path):
    unplaced = [e.id for e in load(path).elements if e.x is None or e.y is None]
    assert not unplaced, f"{path.name}: elements without a position: {unplaced}"


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_no_two_elements_sit_on_top_of_each_other(path):
    elements = load(path).elements
    crowded = [
        (a.id, b.id)
        for a, b in itertools.combinations(elements, 2)
        if abs(a.x - b.x) < 200 and abs(a.y - b.y) < 100
    ]
    assert not crowded, f"{path.name}: elements too close to read: {crowded}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_have_two_partners(name):
    document = load(MODELS / f"{name}.json")
    assert len(document.partnership.partners) == 2


def test_the_peer_template_has_a_learning_outcome_on_each_side():
    document = load(MODELS / "peer-partnership.json")
    owners = {e.owner for e in document.elements if e.kind == "outcome" and e.actor}
    assert owners == document.partnership.partner_ids()


def test_the_worked_example_has_at_least_25_elements():
    assert len(load(EXAMPLE).elements) >= 25


def test_the_worked_example_has_links_and_assumptions_attached_to_them():
    document = load(EXAMPLE)
    assumptions = [e for e in document.elements if e.kind == "assumption"]
    assert document.links
    assert assumptions
    assert all(a.attached_to for a in assumptions)


def test_the_worked_example_has_three_indicators_with_baseline_targets_and_observations():
    complete = [i for i in load(EXAMPLE).indicators if i.baseline and i.targets and i.observations]
    assert len(complete) >= 3


def test_the_worked_example_shows_agreed_proposed_and_disputed_items():
    document = load(EXAMPLE)
    partners = document.partnership.partner_ids()
    statuses = {e.agreement(partners) for e in document.elements}
    assert statuses == {"agreed", "proposed", "disputed"}


def test_the_readme_names_every_model_file():
    readme = (MODELS / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in [*MAP_FILES, SCHEMA] if p.name not in readme]
    assert not missing

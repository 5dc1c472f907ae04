"""What a French or Spanish reader meets in a refusal is in their language: the field names too."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from pydantic import BaseModel, ValidationError

import tocmap.domain
from tocmap.domain.changes import UpdateElement, apply_change
from tocmap.domain.errors import InvalidInput
from tocmap.domain.field_names import field_names, field_path
from tocmap.domain.model import Element, Indicator, MapState, explain
from tocmap.i18n import using


def domain_models() -> list[type[BaseModel]]:
    found = []
    for module in pkgutil.iter_modules(tocmap.domain.__path__):
        for value in vars(importlib.import_module(f"tocmap.domain.{module.name}")).values():
            if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__.startswith("tocmap"):
                found.append(value)
    return found


def test_every_field_of_every_domain_model_has_a_name_a_reader_can_be_shown():
    unnamed = {f"{model.__name__}.{field}" for model in domain_models() for field in model.model_fields
               if field not in field_names()}
    assert not unnamed, f"name these fields in tocmap/domain/field_names.py: {sorted(unnamed)}"


def test_an_element_refused_for_its_empty_label_names_the_label_in_french():
    state = MapState(title="m", elements={"a": Element(id="a", kind="outcome", label="Data")})
    with using("fr"), pytest.raises(InvalidInput) as refused:
        apply_change(state, UpdateElement(id="a", set={"label": ""}))
    assert str(refused.value) == "libellé (élément) : doit comporter au moins 1 caractère"


def test_a_nested_problem_names_each_step_and_counts_from_one_in_spanish():
    with pytest.raises(ValidationError) as problem:
        Indicator.model_validate({"id": "i", "element": "a", "name": "Share", "targets": [{"value": "many"}]})
    with using("es"):
        said = explain(problem.value, "indicator")
        assert said.startswith("metas n.º 1 › período (indicador): es obligatorio")
        assert "targets" not in said and "period" not in said
    assert field_path(("targets", 0, "value")) == "targets no. 1 › value"


def test_the_private_round_refusals_read_whole_in_french_and_spanish():
    from dataclasses import dataclass

    from tocmap.domain.health import ROUND
    from tocmap.domain.model import Author
    from tocmap.domain.swot import SWOT

    @dataclass
    class Exercise:
        title: str
        revealed: bool

    with using("fr"):
        with pytest.raises(InvalidInput, match="^L'analyse FFOM « Revue » est encore ouverte ; dévoilez-la"):
            SWOT.one_open([Exercise("Revue", revealed=False)])
        with pytest.raises(InvalidInput, match="^Le cycle « Mars » a été dévoilé ; les réponses ne peuvent plus"):
            ROUND.still_open(Exercise("Mars", revealed=True), "answers can no longer change")
        with pytest.raises(Exception, match="^Seuls les membres qui parlent au nom d'un partenaire ajoutent"):
            SWOT.speaker(Author(name="Ana"))
    with using("es"), pytest.raises(InvalidInput, match="^El FODA “Revisión” ya se había revelado"):
        SWOT.not_yet_revealed(Exercise("Revisión", revealed=True))


def test_a_broken_map_says_what_is_broken_in_french():
    from tocmap.domain.model import Link, integrity_problems

    state = MapState.model_construct(title="m", elements={"a": Element(id="a", kind="outcome", label="Data")},
                                     links={"l": Link(id="l", source="a", target="ghost")})
    with using("fr"):
        assert "le lien « l » renvoie à l'élément absent « ghost »" in integrity_problems(state)


def test_the_results_framework_names_its_levels_and_codes_in_french():
    from tocmap.domain.framework import code_order, level_codes, level_of

    state = MapState(title="m", elements={
        "i": Element(id="i", kind="impact", label="Lives"),
        "o1": Element(id="o1", kind="outcome", label="Staff use data", x=0, y=0),
        "o2": Element(id="o2", kind="outcome", label="Plans cite data", x=100, y=0)})
    with using("fr"):
        codes = level_codes(state)
        assert codes == {"i": "Impact", "o1": "Effet 1", "o2": "Effet 2"}
        assert sorted(codes.values(), key=code_order) == ["Impact", "Effet 1", "Effet 2"]
        assert level_of("intervention").names() == "Activités"


def test_a_history_line_names_the_changed_fields_in_french():
    from tocmap.domain.changes import summarize

    with using("fr"):
        said = summarize(UpdateElement(id="o1", set={"description": "B", "means_of_verification": "x"},
                                       before={"description": "A", "means_of_verification": ""}, label="Data"))
    assert "description, moyens de vérification" in said and "means" not in said


"""The domain speaks the reader's language: kind names, refusals and history lines in French and Spanish."""

import pytest

from tests.domain.factories import small_map
from tocmap import i18n
from tocmap.domain.changes import (
    AddLink,
    MoveElements,
    RemoveElement,
    UpdateElement,
    apply_change,
    summarize,
)
from tocmap.domain.checks import RULES, check
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.graph import sketch
from tocmap.domain.model import ElementKind, Link, LinkKind
from tocmap.presentation import AGREEMENT_LABEL


def test_kind_names_are_in_the_readers_language():
    with i18n.using("fr"):
        assert [ElementKind.OUTCOME.title, ElementKind.EXTERNAL_FACTOR.title] == ["Effet", "Facteur externe"]
        assert ElementKind.ASSUMPTION.with_article == "une hypothèse"
        assert LinkKind.CONTRIBUTES_TO.title == "contribue à"
        assert AGREEMENT_LABEL["agreed"] == "Approuvé par tous"
    with i18n.using("es"):
        assert ElementKind.OUTPUT.title == "Producto"
    assert ElementKind.OUTCOME.title == "Outcome"


def test_refusals_are_in_french():
    with i18n.using("fr"), pytest.raises(NotFound, match="Il n'y a pas d'élément « nope » sur cette carte"):
        apply_change(small_map(), UpdateElement(id="nope", set={"label": "X"}))
    with i18n.using("fr"), pytest.raises(InvalidInput, match="Impossible de relier .* ne peuvent pas aboutir à un effet"):
        apply_change(small_map(), AddLink(link=Link(id="lx", kind="influences", source="act", target="oc")))


def test_history_lines_are_in_the_readers_language():
    _after, removed = apply_change(small_map(), RemoveElement(id="out"))
    with i18n.using("fr"):
        assert summarize(removed) == "Suppression de l'élément « Dashboards in every district » avec 2 liens"
        assert summarize(MoveElements(positions={"a": (1.0, 2.0), "b": (3.0, 4.0)})) == "2 éléments déplacés"
    with i18n.using("es"):
        assert summarize(UpdateElement(id="o", set={"label": "B"}, before={"label": "A"}, label="B")) == (
            "“A” renombrado como “B”")


def test_check_findings_and_rule_titles_are_in_the_readers_language():
    with i18n.using("fr"):
        report = check(sketch("act:intervention -> out:output", "imp:impact"))
        messages = {f.rule: f.message for f in report.findings}
        assert messages["no-path-to-outcome"] == "L'intervention “act” ne mène à aucun effet."
        assert RULES["orphan"].title == "Reliés à rien"
    assert RULES["orphan"].title == "Not connected to anything"


def test_an_indicator_status_and_its_rule_read_in_french():
    import datetime as dt

    from tocmap.domain.indicators import disaggregation_warnings, parse_value, status
    from tocmap.domain.model import (
        Baseline,
        Disaggregated,
        Indicator,
        Observation,
        Period,
        Target,
    )

    year = Period(label="2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    reports = Indicator(id="i", element="e", name="Reports on time", measure="percentage",
                        baseline=Baseline(value=40.0), targets=[Target(period=year, value=80.0)],
                        observations=[Observation(id="o", value=74.0, date=dt.date(2025, 6, 30))])
    with i18n.using("fr"):
        judged = status(reports, dt.date(2025, 7, 1))
        assert judged.label == "À risque"
        assert judged.rule.startswith("Plus haut, c'est mieux, valeurs par période : 74 % (la dernière valeur de 2025")
        assert "hors trajectoire en dessous" in judged.rule and "of the way" not in judged.rule
        with pytest.raises(InvalidInput, match="doit être l'un des niveaux Low, High"):
            parse_value(Indicator(id="s", element="e", name="n", measure="ordinal", scale=["Low", "High"]), "Mid",
                        "valeur")
        counted = Indicator(id="c", element="e", name="People trained")
        cells = [Disaggregated(dimensions={"sex": "female"}, value=1200), Disaggregated(dimensions={"sex": "male"},
                                                                                        value=50)]
        [warning] = disaggregation_warnings(counted, Observation(id="o", value=100.0, date=dt.date(2025, 1, 1),
                                                                  disaggregation=cells))
        assert warning == "Par sex : female 1\u202f200 + male 50 = 1\u202f250, mais le total est 100."
    with i18n.using("es"):
        assert status(reports, dt.date(2025, 7, 1)).label == "En riesgo"


def test_every_permission_has_its_words_in_a_refusal():
    from tocmap.domain.access import _ACTIONS, Permission

    assert set(_ACTIONS) == set(Permission), "a permission without words would fail the refusal that names it"

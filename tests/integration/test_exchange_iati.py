"""IATI 2.03: the export validates against the official schema; real publishers' files import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import need
from tocmap.adapters.exchange import ExportSource, ReadOptions, iati
from tocmap.adapters.exchange.iati import XML_LANG
from tocmap.domain.document import MapDocument
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    Baseline,
    Disaggregated,
    Element,
    Indicator,
    Link,
    Observation,
    Partner,
    Partnership,
    Period,
    Target,
    Translation,
    fingerprint,
)
from tocmap.domain.translations import read_in, shown
from tocmap.services import exchange, maps
from tocmap.services.access import SYSTEM

DATA = Path(__file__).parents[3] / "shared" / "data" / "iati"
GDIHUB = "gdihub-activity.xml"
ANNOTATED = "activity-standard-example-annotated.xml"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    need((DATA / "iati-activities-schema.xsd").exists(), f"the IATI schema is not in {DATA}")
    return etree.XMLSchema(etree.parse(str(DATA / "iati-activities-schema.xsd")))


def read(name: str) -> bytes:
    need((DATA / name).exists(), f"{name} is not in {DATA}")
    return (DATA / name).read_bytes()


def every_measure() -> MapDocument:
    """A small map with one indicator of each measure, undated observations and empty values."""
    year = lambda y: Period(label=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31))  # noqa: E731
    kinds = {"i": "impact", "o": "outcome", "p": "output", "a": "intervention"}
    elements = [Element(id=k, kind=v, label=f"The {v}") for k, v in kinds.items()]
    elements.append(Element(id="orphan", kind="outcome", label="An outcome without indicators -- yet"))
    links = [Link(id="l1", source="a", target="p"), Link(id="l2", source="p", target="o"),
             Link(id="l3", source="o", target="i")]
    indicators = [
        Indicator(id="n", element="p", name="People trained", measure="number", unit="people",
                  baseline=Baseline(value=0.0, date=dt.date(2023, 12, 31)), targets=[Target(period=year(2024), value=40.0)],
                  observations=[Observation(id="1", value=25.0, date=dt.date(2024, 6, 30),
                                            disaggregation=[Disaggregated(dimensions={"sex": "female"}, value=12.0)]),
                                Observation(id="2", value=None, date=dt.date(2024, 12, 31), note="not counted")]),
        Indicator(id="pc", element="o", name="Share of districts", measure="percentage", direction="decrease",
                  baseline=Baseline(value=50.0), targets=[Target(period=year(2025), value=20.0)]),
        Indicator(id="cur", element="o", name="Budget", measure="currency", currency="EUR",
                  targets=[Target(period=year(2025), value=1000.0)]),
        Indicator(id="yn", element="i", name="Law passed", measure="yes_no",
                  observations=[Observation(id="1", value=False, period=year(2024))]),
        Indicator(id="ord", element="i", name="Maturity", measure="ordinal", scale=["low", "mid", "high"],
                  baseline=Baseline(value="low", date=dt.date(2023, 1, 1)),
                  targets=[Target(period=year(2026), value="high")],
                  observations=[Observation(id="1", value="mid", date=dt.date(2025, 3, 1))]),
        Indicator(id="nar", element="p", name="Stories of change", measure="narrative",
                  baseline=Baseline(value="Little use of data", date=dt.date(2023, 1, 1)),
                  observations=[Observation(id="1", value="Districts cite data", period=year(2024))]),
    ]
    partnership = Partnership(id="ps", name="P", partners=[Partner(id="moh", name="Ministry")])
    return MapDocument(title="Every measure", partnership=partnership, elements=elements, links=links,
                       indicators=indicators)


def exported(document: MapDocument) -> etree._Element:
    return etree.fromstring(iati.export(ExportSource(document, 7)))


def test_the_worked_example_exports_valid_iati(db, ana, schema):
    map_id = maps.create_map(db, "Example", ana, template=maps.EXAMPLE)
    data = exchange.export_map(db, map_id, "iati", who=SYSTEM).data
    tree = etree.fromstring(data)
    assert schema.validate(tree), schema.error_log
    assert len(tree.findall(".//result")) == 6 and len(tree.findall(".//indicator")) == 8


def test_every_measure_exports_valid_iati_that_keeps_the_rules_beyond_the_schema(schema):
    tree = exported(every_measure())
    assert schema.validate(tree), schema.error_log
    for indicator in tree.iter("indicator"):
        measure = indicator.get("measure")
        for node in indicator.findall("baseline") + indicator.findall("period/target") + indicator.findall(
                "period/actual"):
            assert (node.get("value") is not None) == (measure != "5"), etree.tostring(node)
        for period in indicator.findall("period"):
            start, end = (period.find(f"period-{w}").get("iso-date") for w in ("start", "end"))
            assert start < end
    assert {i.get("measure") for i in tree.iter("indicator")} == {"1", "2", "3", "4", "5"}
    assert [r.get("type") for r in tree.iter("result")] == ["3", "2", "1"]
    assert "without an indicator" in etree.tostring(tree, encoding=str)


def test_the_order_traps_of_baseline_target_and_actual_are_kept(schema):
    document = every_measure()
    people = document.indicators[0].model_copy(update={"baseline": Baseline(value=0.0, date=dt.date(2023, 1, 1),
                                                                            note="From the register")})
    tree = exported(document.model_copy(update={"indicators": [people]}))
    actual = tree.find(".//actual[@value='25']")
    assert [c.tag for c in tree.find(".//baseline")] == ["comment"]
    assert tree.find(".//actual/dimension[@name='sex']").get("value") == "female"
    assert schema.validate(tree)
    assert actual is not None


def test_a_file_with_several_activities_asks_which_one(db, ana):
    data = read(GDIHUB)
    with pytest.raises(InvalidInput, match="holds 4 activities; choose") as refused:
        exchange.import_file(db, data, None, ana, filename=GDIHUB)
    assert "GB-COH-11126312-Cluster2" in str(refused.value)
    assert [a.identifier for a in exchange.iati_activities(data)][:2] == ["GB-COH-11126312-Cluster1",
                                                                         "GB-COH-11126312-Cluster2"]
    assert maps.list_maps(db, who=SYSTEM) == []


@pytest.mark.parametrize("activity", [f"GB-COH-11126312-Cluster{n}" for n in (1, 2, 3, 4)])
def test_every_activity_of_a_real_publishers_file_imports(db, ana, activity):
    result = exchange.import_file(db, read(GDIHUB), None, ana, filename=GDIHUB, activity=activity)
    info, partnership, state = maps.get_map(db, result.map_id, who=SYSTEM)
    assert state.title.startswith("AT2030 - Cluster")
    assert {e.kind.value for e in state.elements.values()} == {"intervention", "output"}
    assert len(state.links) == 1 and state.indicators
    assert all(e.x is not None for e in state.elements.values())
    assert "Global Disability Innovation Hub" in [p.name for p in partnership.partners]
    for indicator in state.indicators.values():
        assert indicator.baseline.value == 0.0 and indicator.targets and indicator.observations
        assert all(o.period and o.date == o.period.end for o in indicator.observations)


def test_money_written_as_text_becomes_a_currency_indicator(db, ana):
    result = exchange.import_file(db, read(GDIHUB), "iati", ana, activity="GB-COH-11126312-Cluster4")
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    funding = next(i for i in state.indicators.values() if i.name.startswith("Value of matched funding"))
    assert (funding.measure, funding.currency) == ("currency", "GBP")
    assert [t.value for t in funding.targets] == [3_500_000.0, 5_600_000.0, 13_000_000.0]
    assert funding.observations[-1].value == 13_594_502.0
    assert funding.targets[0].period.label == "Oct 2019 – Mar 2020"


def test_the_standards_annotated_example_imports_and_says_what_it_left_out(db, ana):
    result = exchange.import_file(db, read(ANNOTATED), None, ana, filename=ANNOTATED)
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    assert state.title == "Activity title"
    (indicator,) = state.indicators.values()
    (observation,) = indicator.observations
    assert observation.value is None and observation.disaggregation[0].dimensions == {"sex": "female", "age": "adult"}
    assert indicator.baseline.value == 10.0 and "Baseline comment text" in indicator.baseline.note
    assert "Results Indicator Report 2013" in indicator.means_of_verification
    said = " ".join(result.skipped)
    for left_out in ("other languages (es, fr) became translations", "reference codes", "locations"):
        assert left_out in said


MESSY = b"""<iati-activities version="2.03"><iati-activity xml:lang="en" default-currency="USD">
      <iati-identifier>XM-1</iati-identifier><reporting-org ref="XM" type="10"><narrative>Org</narrative></reporting-org>
      <title><narrative>Messy</narrative><narrative xml:lang="fr">Desordre</narrative></title>
      <result type="3"><title><narrative>Better lives</narrative></title>
        <indicator measure="5"><title><narrative>Stories</narrative></title>
          <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
            <actual><comment><narrative>People speak up in meetings</narrative></comment></actual></period>
        </indicator></result>
      <result type="2"><title><narrative>Staff use data</narrative></title>
        <indicator measure="1"><title><narrative>Reports</narrative></title>
          <period><period-start iso-date="2021-01-01"/></period>
          <period><period-start iso-date="2021-12-31"/><period-end iso-date="2021-01-01"/></period>
          <period><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
            <target value="about ten"/><actual value="1,200"/></period>
        </indicator></result>
      <result type="1"><title><narrative>Guidelines published</narrative></title>
        <indicator measure="2"><title><narrative>Share</narrative></title></indicator></result>
      <result type="9"><title><narrative>Something else</narrative></title>
        <indicator measure="1"><title><narrative>Count</narrative></title></indicator></result>
    </iati-activity></iati-activities>"""


def test_messy_values_periods_and_types_are_tolerated_and_reported():
    xml = MESSY
    parsed = iati.read(xml, ReadOptions(filename="messy.xml"))
    state = parsed.document.state()
    kinds = {e.label: e.kind.value for e in state.elements.values()}
    assert kinds == {"Messy": "intervention", "Better lives": "impact", "Staff use data": "outcome",
                     "Guidelines published": "output", "Something else": "outcome"}
    reports = next(i for i in state.indicators.values() if i.name == "Reports")
    assert [o.value for o in reports.observations] == [1200.0]
    assert reports.targets[0].value is None and "about ten" in reports.targets[0].note
    stories = next(i for i in state.indicators.values() if i.name == "Stories")
    assert stories.measure == "narrative" and stories.observations[0].value == "People speak up in meetings"
    ends = {(state.elements[lk.source].label, state.elements[lk.target].label) for lk in state.links.values()}
    assert ends == {("Messy", "Guidelines published"), ("Guidelines published", "Staff use data"),
                    ("Staff use data", "Better lives"), ("Something else", "Better lives")}
    said = " ".join(parsed.skipped)
    for left_out in ("without a start or end date", "ends before it starts", "not a number", "type “other”",
                     "other languages (fr) became translations"):
        assert left_out in said


def test_what_an_import_left_out_is_said_whole_in_french_where_included():
    from tocmap.i18n import using

    with using("fr"):
        said = " ".join(iati.read(MESSY, ReadOptions(filename="messy.xml")).skipped)
    assert "par exemple période 1 de l'indicateur 1 de « Staff use data »" in said
    assert "« about ten » dans une cible de l'indicateur 1 de « Staff use data »" in said
    assert "résultat 4" in said and "les textes en d'autres langues (fr) sont devenus des traductions" in said
    for english in (" of ", " in ", "period", "indicator", "result ", "text in other"):
        assert english not in said, english


@pytest.mark.parametrize("xml, message", [
    (b"<iati-activities version='2.03'><iati-activity>", r"not well-formed XML \(line 1\)"),
    (b"<graphml/>", "not an IATI activity file"),
    (b"<iati-activities version='2.03'/>", "holds no iati-activity"),
    (b"<iati-activities><iati-activity><iati-identifier>A</iati-identifier></iati-activity></iati-activities>",
     "has no results"),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>', "entities"),
])
def test_broken_iati_files_are_refused_with_a_reason(db, ana, xml, message):
    with pytest.raises(InvalidInput, match=message):
        exchange.import_file(db, xml, "iati", ana, filename="bad.xml")
    assert maps.list_maps(db, who=SYSTEM) == []


def bilingual() -> MapDocument:
    """A small map written in English with French translations of its texts."""
    fr = lambda **texts: {"fr": {f: Translation(text=t, of=fingerprint(src)) for f, (t, src) in texts.items()}}
    outcome = Element(id="o", kind="outcome", label="Districts use data", description="Plans cite figures",
                      translations=fr(label=("Les districts utilisent les données", "Districts use data"),
                                      description=("Les plans citent des chiffres", "Plans cite figures")))
    indicator = Indicator(id="n", element="o", name="Plans citing data", measure="number", definition="Count of plans",
                          targets=[Target(period=Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)),
                                          value=10.0)],
                          translations=fr(name=("Plans citant des données", "Plans citing data"),
                                          definition=("Nombre de plans", "Count of plans")))
    partnership = Partnership(id="ps", name="P", partners=[Partner(id="moh", name="Ministry")])
    return MapDocument(title="Health data", partnership=partnership, elements=[outcome], indicators=[indicator],
                       translations=fr(title=("Données de santé", "Health data")))


def test_texts_in_two_languages_export_as_narratives_that_validate_and_import_as_translations(db, ana, schema):
    tree = exported(bilingual())
    assert schema.validate(tree), schema.error_log
    activity = tree.find("iati-activity")
    assert activity.get(XML_LANG) == "en"
    assert [n.get(XML_LANG) for n in activity.find("title")] == [None, "fr"]
    assert [n.text for n in tree.find(".//result/title")] == ["Districts use data", "Les districts utilisent les données"]

    result = exchange.import_file(db, etree.tostring(tree), None, ana, filename="bilingual.xml")
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    assert state.language == "en" and state.translations["fr"]["title"].text == "Données de santé"
    (outcome,) = [e for e in state.elements.values() if e.kind == "outcome"]
    assert outcome.label == "Districts use data"
    assert outcome.translations["fr"]["label"].text == "Les districts utilisent les données"
    assert shown(outcome, "label", "fr").needs_review is False  # each translates the text it came with
    assert read_in(state, "fr").indicators[next(iter(state.indicators))].name == "Plans citant des données"
    assert any("other languages (fr) became translations" in note for note in result.skipped)


def test_a_french_activity_becomes_a_french_map_with_its_english_as_translations(db, ana):
    xml = b"""<iati-activities version="2.03"><iati-activity xml:lang="FR">
      <iati-identifier>XM-FR</iati-identifier>
      <title><narrative>Eau potable</narrative><narrative xml:lang="en">Drinking water</narrative></title>
      <result type="2"><title><narrative>Acces a l'eau</narrative><narrative xml:lang="en">Access to water</narrative>
        <narrative xml:lang="not a tag!">x</narrative></title>
        <indicator measure="1"><title><narrative>Menages servis</narrative></title></indicator></result>
    </iati-activity></iati-activities>"""
    result = exchange.import_file(db, xml, None, ana, filename="fr.xml")
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    assert state.language == "fr" and state.title == "Eau potable"
    assert state.translations["en"]["title"].text == "Drinking water"
    (outcome,) = [e for e in state.elements.values() if e.kind == "outcome"]
    assert list(outcome.translations) == ["en"] and outcome.translations["en"]["label"].text == "Access to water"

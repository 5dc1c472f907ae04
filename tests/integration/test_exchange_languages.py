"""Files people read show the map in the language they are exported in; JSON and IATI keep every language."""

from tocmap import i18n
from tocmap.domain.changes import Translate
from tocmap.services import exchange, history, maps
from tocmap.services.access import SYSTEM

FRENCH = "Un libellé en français"


def translated_example(db, who) -> tuple[int, str]:
    """The worked example with one element's label translated into French; its English label."""
    map_id = maps.create_map(db, "Health data", who, template=maps.EXAMPLE)
    element = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].elements.values()))
    history.apply(db, map_id, Translate(kind="element", id=element.id, language="fr", field="label", text=FRENCH), who)
    return map_id, element.label


def test_a_report_and_a_picture_in_french_show_the_french_texts(db, ana):
    map_id, english = translated_example(db, ana)
    with i18n.using("fr"):
        report = exchange.export_map(db, map_id, "report", who=ana).data.decode()
        picture = exchange.export_map(db, map_id, "svg", who=ana).data.decode()
    assert FRENCH in report and FRENCH in picture and english not in picture


def test_in_english_the_source_texts_show_and_json_keeps_every_language(db, ana):
    map_id, english = translated_example(db, ana)
    report = exchange.export_map(db, map_id, "report", who=ana).data.decode()
    assert FRENCH not in report and english in report
    with i18n.using("fr"):
        kept = exchange.export_map(db, map_id, "json", who=ana).data.decode()
    assert english in kept and FRENCH in kept

"""A map with texts in several languages still exports to every format; the tocmap JSON keeps its translations."""

import pytest

from tests.domain.factories import small_map
from tocmap.adapters.exchange import EXPORTS, FORMATS, ExportSource, ReadOptions
from tocmap.domain.changes import Translate, UpdateLink, apply_change
from tocmap.domain.document import MapDocument
from tocmap.domain.model import Partner, Partnership


def translated_document() -> MapDocument:
    state = small_map()
    for change in (UpdateLink(id="l1", set={"label": "builds"}),
                   Translate(kind="element", id="oc", language="fr", field="label", text="Les districts agissent"),
                   Translate(kind="link", id="l1", language="fr", field="label", text="forme"),
                   Translate(kind="indicator", id="ind1", language="es", field="name", text="Proporción"),
                   Translate(kind="map", id="map", language="fr", field="title", text="Données de surveillance")):
        state, _ = apply_change(state, change)
    partnership = Partnership(id="ps", name="P", partners=[Partner(id="moh", name="Ministry", language="fr")])
    return MapDocument.of(state, partnership)


@pytest.mark.parametrize("fmt", EXPORTS)
def test_a_translated_map_exports_to_every_format(fmt):
    spec = FORMATS[fmt]
    written = getattr(spec.exporter(), spec.export_function)(ExportSource(document=translated_document(), map_id=1))
    assert written


@pytest.mark.parametrize("fmt", [f for f in ("json", "graphml", "gexf", "kumu") if FORMATS[f].imports])
def test_a_translated_map_comes_back_from_the_formats_that_import(fmt):
    spec = FORMATS[fmt]
    document = translated_document()
    written = getattr(spec.exporter(), spec.export_function)(ExportSource(document=document, map_id=1))
    data = written.encode() if isinstance(written, str) else written
    back = spec.exporter().read(data, ReadOptions(filename=f"map{spec.extension}")).document
    assert [e.label for e in back.elements] == [e.label for e in document.elements]
    if fmt == "json":
        assert back.state() == document.state()

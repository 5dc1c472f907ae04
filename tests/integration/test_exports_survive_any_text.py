"""Any text that passes validation survives every exporter, and each file stays well-formed.

Hypothesis draws any Unicode text (``st.text()``: control characters, lone surrogates,
non-characters, line and paragraph separators, right-to-left marks, astral characters,
markup and formula look-alikes); what the domain would refuse is taken out with
:func:`tocmap.domain.text.printable`, as stored data is on reading, and the rest goes
into every text field of a map: title, descriptions, labels, tags, link texts, partner
names, custom fields, loops, indicators and their observations.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import struct
import zipfile
import zlib
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from tocmap.adapters.exchange import EXPORTS, FORMATS, ExportSource
from tocmap.domain.document import MapDocument
from tocmap.domain.model import (
    Element,
    FieldDefinition,
    Indicator,
    Link,
    MapState,
    NamedLoop,
    Observation,
    Partner,
    Partnership,
)
from tocmap.domain.text import FORBIDDEN, printable

TRICKY = st.sampled_from(["]]>", "<script>alert(1)</script>", "&amp;", "=HYPERLINK(\"x\")", "@SUM(A1)", "\u2028",
                          "\u2029", "\u200f", "\ufeff", "\U0001d54f", "\t", "\n", '"', "'", ",", ";", "[[x]]", "{{",
                          "\x00", "\x1b[31m", "\ud800", "\uffff", "\r\n", "\x85"])
RAW = st.one_of(st.text(), st.lists(st.one_of(st.text(max_size=5), TRICKY), max_size=6).map("".join))


def fitted(raw: str, limit: int, needed: bool = False) -> str:
    """The text as validation would let it in: forbidden characters dropped, cut to the field's length."""
    text = printable(raw).strip()[:limit].strip()
    return text or ("x" if needed else "")


def texts(limit: int = 5000):
    return RAW.map(lambda raw: fitted(raw, limit))


def labels(limit: int = 200):
    return RAW.map(lambda raw: fitted(raw, limit, needed=True))


@st.composite
def maps_of_any_text(draw) -> MapDocument:
    fields = {"note": FieldDefinition(id="note", name=draw(labels()), type="text", applies_to="both")}
    kinds = ["impact", "outcome", "output", "intervention", "actor"]
    elements = {}
    for number, kind in enumerate(kinds):
        elements[f"e{number}"] = Element(
            id=f"e{number}", kind=kind, label=draw(labels()), description=draw(texts()),
            tags=draw(st.lists(labels(50), max_size=3)), owner="p1", x=float(number * 120), y=float(number * 80),
            custom={"note": draw(texts())})
    links = {f"l{n}": Link(id=f"l{n}", source=f"e{n + 1}", target=f"e{n}", label=draw(texts(200)),
                           rationale=draw(texts()), evidence=draw(texts()), custom={"note": draw(texts())})
             for n in range(3)}
    links["back"] = Link(id="back", kind="relates_to", source="e0", target="e3", polarity="-")
    observation = Observation(id="o1", value=draw(st.one_of(st.just(3.0), labels())), date=dt.date(2026, 3, 1),
                              evidence=draw(texts()), reported_by=draw(texts(200)), note=draw(texts()))
    indicator = Indicator(id="i1", element="e1", name=draw(labels()), definition=draw(texts()),
                          measure="narrative" if isinstance(observation.value, str) else "number",
                          means_of_verification=draw(texts()), data_source=draw(texts(200)),
                          observations=[observation])
    loops = {"lp": NamedLoop(id="lp", name=draw(labels()), description=draw(texts()), links=["l2", "back"])}
    state = MapState(title=draw(labels()), description=draw(texts()), elements=elements, links=links,
                     indicators={"i1": indicator}, fields=fields, loops=loops,
                     map_type=draw(st.sampled_from(["theory_of_change", "systems_map"])))
    partnership = Partnership(id="ps", name=draw(labels()), partners=[
        Partner(id="p1", name=draw(labels()), short_name=draw(texts(20))),
        Partner(id="p2", name=draw(labels()))])
    return MapDocument.of(state, partnership)


# --------------------------------------------------------------------------- well-formed, per format


def _png(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, image = 8, [], b""
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body, crc = data[at + 8:at + 8 + length], struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append(kind)
        image += body if kind == b"IDAT" else b""
        at += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    zlib.decompress(image)


def _xml(data: bytes) -> None:
    etree.fromstring(data, etree.XMLParser(resolve_entities=False))  # strict: raises on anything ill-formed


def _html(data: bytes) -> None:
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and not FORBIDDEN.search(text)
    HTMLParser().feed(text)
    assert "<script>alert(1)" not in text  # markup in the map's text stays text


def _xlsx(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and FORBIDDEN.search(value))


def _csv_zip(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))


def _json(data: bytes) -> None:
    json.loads(data)


WELL_FORMED = {"png": _png, "svg": _xml, "report": _html, "xlsx": _xlsx, "csv": _csv_zip, "iati": _xml,
               "kumu": _json, "graphml": _xml, "gexf": _xml, "json": _json}


def test_every_export_format_is_checked_here():
    assert set(WELL_FORMED) == set(EXPORTS)


@pytest.mark.parametrize("fmt", EXPORTS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=maps_of_any_text())
def test_any_text_that_passes_validation_survives_every_exporter(fmt, document):
    spec = FORMATS[fmt]
    written = getattr(spec.exporter(), spec.export_function)(ExportSource(document=document, map_id=1))
    data = written.encode() if isinstance(written, str) else written
    assert data
    WELL_FORMED[fmt](data)


# --------------------------------------------------------------------------- the SWOT board and the health check


@st.composite
def partnerships(draw) -> Partnership:
    return Partnership(id="ps", name=draw(labels()), partners=[
        Partner(id="p1", name=draw(labels()), short_name=draw(texts(20))), Partner(id="p2", name=draw(labels()))])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "svg", "png"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(partnership=partnerships(), data=st.data())
def test_any_text_survives_the_swot_board_exports(fmt, partnership, data):
    from tocmap.adapters import swot_export
    from tocmap.domain.swot import Card, Exercise, board

    cards = [Card(id=n, partner=partner, quadrant=quadrant, text=data.draw(labels(500)),
                  user_name=data.draw(texts(200)))
             for n, (partner, quadrant) in enumerate([("p1", "strength"), ("p2", "strength"), ("p1", "threat")])]
    exercise = Exercise(id=1, map_id=1, title=data.draw(labels()), opened_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                        revealed_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    shown = board(cards, partners=["p1", "p2"])
    if fmt == "csv":
        list(csv.reader(io.StringIO(swot_export.board_csv(exercise, shown, partnership).decode("utf-8-sig"))))
    elif fmt == "xlsx":
        _xlsx(swot_export.board_xlsx(exercise, shown, partnership))
    else:
        svg = swot_export.board_svg(exercise, shown, partnership)
        _xml(svg.encode()) if fmt == "svg" else _png(swot_export.board_png(svg))


@pytest.mark.parametrize("fmt", ["csv", "svg", "png"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(partnership=partnerships(), data=st.data())
def test_any_text_survives_the_health_check_exports(fmt, partnership, data):
    from tocmap.adapters import health_export
    from tocmap.domain.health import Answer, Dimension, Round, gaps, partner_means

    dimensions = [Dimension(key=key, title=data.draw(labels()), statement=data.draw(texts())) for key in ("a", "b")]
    round_ = Round(id=1, map_id=1, title=data.draw(labels()), dimensions=dimensions,
                   started_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC), revealed_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    answers = [Answer(round_id=1, user_id=n, user_name=data.draw(texts(200)), partner=partner,
                      scores={"a": 2 + n, "b": 4 - n}, comments={"a": data.draw(texts())})
               for n, partner in enumerate(["p1", "p2"])]
    means = partner_means(dimensions, answers)
    if fmt == "csv":
        written = health_export.results_csv(round_, answers, means, gaps(dimensions, means), partnership)
        list(csv.reader(io.StringIO(written.decode("utf-8-sig"))))
    else:
        svg = health_export.radar_svg(round_, means, partnership, subtitle=data.draw(texts(200)))
        _xml(svg.encode()) if fmt == "svg" else _png(health_export.radar_png(svg))

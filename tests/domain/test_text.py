"""Plain text at the domain's edge: control characters are refused, naming the field."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocmap.domain.changes import CHANGE
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Element, Link, MapState, Partner, validated
from tocmap.domain.text import (
    FORBIDDEN,
    checked_text,
    printable,
    reading_stored_text,
    text_problem,
)

REFUSED = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe",
           "\uffff"]


@pytest.mark.parametrize("char", REFUSED)
def test_a_label_with_a_control_character_is_refused_naming_the_field(char):
    expected = "unicode string" if "\ud800" <= char <= "\udfff" else "control character U\\+"  # pydantic's own
    with pytest.raises(InvalidInput, match=rf"^element label: .*{expected}"):
        validated(Element, {"id": "e", "kind": "outcome", "label": f"Better{char}data"}, "element")


def test_tab_and_newline_are_kept_and_crlf_becomes_lf():
    element = Element(id="e", kind="outcome", label="One\ttwo", description="line\r\nnext\rlast")
    assert element.label == "One\ttwo" and element.description == "line\nnext\nlast"


def test_every_text_field_is_checked_not_only_labels():
    with pytest.raises(InvalidInput, match="description"):
        validated(Element, {"id": "e", "kind": "outcome", "label": "ok", "description": "bad\x00"})
    with pytest.raises(InvalidInput, match="tags"):
        validated(Element, {"id": "e", "kind": "outcome", "label": "ok", "tags": ["fine", "bell\x07"]})
    with pytest.raises(InvalidInput, match="rationale"):
        validated(Link, {"id": "l", "source": "a", "target": "b", "rationale": "\x1b[31mred"})
    with pytest.raises(InvalidInput, match="name"):
        validated(Partner, {"id": "p", "name": "Ministry\x00"})
    with pytest.raises(InvalidInput, match="title"):
        validated(MapState, {"title": "Map\x7f"})


def test_assignment_is_checked_too():
    element = Element(id="e", kind="outcome", label="ok")
    with pytest.raises(ValueError, match="label contains the control character U\\+0000"):
        element.label = "no\x00"
    assert element.label == "ok"


def test_a_recorded_change_cannot_carry_a_control_character():
    with pytest.raises(ValueError, match="label"):
        CHANGE.validate_python({"op": "update_element", "id": "e", "set": {"label": "x"}} | {
            "op": "add_element", "element": {"id": "e", "kind": "outcome", "label": "x\x00"}})


def test_stored_text_is_cleaned_instead_of_refused():
    with reading_stored_text():
        element = Element(id="e", kind="outcome", label="Old\x00 label\uffff")
    assert element.label == "Old label"
    with pytest.raises(ValueError):
        Element(id="e", kind="outcome", label="Old\x00 label")


@given(st.text())
def test_printable_text_always_passes_the_check(text):
    cleaned = printable(text)
    assert text_problem(cleaned) is None
    assert checked_text(cleaned, "label") == cleaned


@given(st.text())
def test_a_text_is_refused_exactly_when_it_holds_a_forbidden_character(text):
    text = text.replace("\r", "")
    if FORBIDDEN.search(text):
        with pytest.raises(ValueError, match="^label contains"):
            checked_text(text, "label")
    else:
        assert checked_text(text, "label") == text

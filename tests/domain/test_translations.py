"""Texts in several languages: translating, falling back, needing review, undoing, restoring."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.factories import small_map
from tocmap.domain.access import ROLE_PERMISSIONS, Permission, needed
from tocmap.domain.changes import (
    ChangeRecord,
    Translate,
    UpdateElement,
    UpdateFoundation,
    UpdateMap,
    apply_change,
    as_asked,
    diff_states,
    find_conflicts,
    inverse,
    parse_change,
    summarize,
)
from tocmap.domain.document import MapDocument, read_document
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import (
    Author,
    LearningEntry,
    MapState,
    Partnership,
    Principle,
    Purpose,
    Responsibility,
)
from tocmap.domain.roles import Role
from tocmap.domain.translations import (
    gap_counts,
    gaps,
    map_languages,
    read_in,
    shown,
    status_of,
    texts,
)
from tocmap.i18n import using


def translated(state, text="Les districts utilisent les données", item="oc", field="label", language="fr"):
    return apply_change(state, Translate(kind="element", id=item, language=language, field=field, text=text))


def agreed_map():
    state = small_map()
    oc = state.elements["oc"].model_copy(update={"agreed_by": ["iph", "moh"]})
    return state.model_copy(update={"elements": {**state.elements, "oc": oc}})


def test_a_translation_shows_in_its_language_and_leaves_the_agreement_as_it_was():
    state, recorded = translated(agreed_map())
    oc = state.elements["oc"]
    assert oc.label == "Districts act on surveillance data" and oc.agreed_by == ["iph", "moh"]
    assert shown(oc, "label", "fr").text == "Les districts utilisent les données"
    assert shown(oc, "label", "en").text == "Districts act on surveillance data"
    assert recorded.before is None and recorded.label == "Districts act on surveillance data"
    assert not recorded.because


def test_a_reader_whose_language_has_no_translation_sees_the_source_text_marked_as_a_fallback():
    state, _ = translated(small_map())
    seen = shown(state.elements["oc"], "label", "es")
    assert (seen.text, seen.language, seen.fallback) == ("Districts act on surveillance data", "en", True)
    assert not shown(state.elements["oc"], "description", "es").fallback  # nothing to show, nothing to mark


def test_a_regional_reader_reads_the_translation_of_their_language():
    state, _ = translated(small_map())
    assert shown(state.elements["oc"], "label", "fr-CA").text == "Les districts utilisent les données"


def test_a_change_of_the_source_text_keeps_the_translation_which_then_needs_review():
    state, _ = translated(agreed_map())
    state, _ = apply_change(state, UpdateElement(id="oc", set={"label": "Districts use surveillance data"}))
    oc = state.elements["oc"]
    assert oc.agreed_by == []  # a meaning change, as any edit
    seen = shown(oc, "label", "fr")
    assert seen.text == "Les districts utilisent les données" and seen.needs_review
    assert status_of(oc, "label", "fr") == "needs_review"
    state, _ = translated(state, "Les districts se servent des données")  # the translator reviews it
    assert not shown(state.elements["oc"], "label", "fr").needs_review


def test_confirming_a_translation_unchanged_after_review_marks_it_reviewed():
    state, _ = translated(small_map())
    state, _ = apply_change(state, UpdateElement(id="oc", set={"label": "Districts use the data"}))
    state, _ = translated(state)
    assert status_of(state.elements["oc"], "label", "fr") == "done"


def test_sending_the_same_translation_again_changes_nothing():
    state, _ = translated(small_map())
    with pytest.raises(InvalidInput, match="already"):
        translated(state)


def test_the_source_language_is_edited_not_translated():
    with pytest.raises(InvalidInput, match="written in"):
        translated(small_map(), language="en")
    state, _ = apply_change(small_map(), UpdateMap(set={"language": "fr"}))
    assert state.language == "fr"
    state, _ = translated(state, "Districts use the data", language="en")
    assert shown(state.elements["oc"], "label", "en").text == "Districts use the data"
    assert shown(state.elements["oc"], "label", "fr").text == "Districts act on surveillance data"


def test_an_empty_text_takes_the_translation_away_and_undo_brings_it_back_as_it_was():
    state, _ = translated(small_map())
    state, _ = apply_change(state, UpdateElement(id="oc", set={"label": "Districts use the data"}))
    state, removed = translated(state, "")
    assert state.elements["oc"].translations == {}
    assert summarize(removed) == "Removed the French translation of “Districts use the data” (label)"
    state, _ = apply_change(state, inverse(removed))
    assert status_of(state.elements["oc"], "label", "fr") == "needs_review"  # as it was, not reviewed by undo


def test_undoing_a_first_translation_takes_it_away():
    before = small_map()
    state, recorded = translated(before)
    state, _ = apply_change(state, inverse(recorded))
    assert state == before


def test_the_history_says_what_was_translated_in_the_readers_language():
    _, recorded = translated(small_map())
    assert summarize(recorded) == "Translated “Districts act on surveillance data” (label) into French"
    with using("fr"):
        assert "français" in summarize(recorded)


@pytest.mark.parametrize("kind, item_id, field", [
    ("map", "map", "title"), ("purpose", "purpose", "text"), ("principle", "p1", "text"),
    ("responsibility", "r1", "text"), ("link", "l1", "rationale"), ("indicator", "ind1", "name"),
    ("learning", "le1", "text"), ("element", "oc", "description"),
])
def test_every_text_a_partnership_writes_can_be_translated(kind, item_id, field):
    state = small_map().model_copy(update={
        "purpose": Purpose(text="Better data"), "principles": {"p1": Principle(id="p1", text="Joint budget")},
        "responsibilities": {"r1": Responsibility(id="r1", partner="moh", text="Host the warehouse")},
        "learning": {"le1": LearningEntry(id="le1", date=dt.date(2026, 3, 1), text="SMS works better")},
    })
    state = state.model_copy(update={"links": {**state.links, "l1": state.links["l1"].model_copy(
        update={"rationale": "Trained staff build dashboards"})}})
    state = state.model_copy(update={"elements": {**state.elements, "oc": state.elements["oc"].model_copy(
        update={"description": "They decide with data"})}})
    assert any(t.key == f"{kind}:{item_id}:{field}" and t.status == "missing" for t in texts(state, "es"))
    after, _ = apply_change(state, Translate(kind=kind, id=item_id, language="es", field=field, text="Texto"))
    assert read_in(after, "es") != read_in(state, "es")
    assert not any(t.key == f"{kind}:{item_id}:{field}" for t in gaps(after, "es"))


def test_only_texts_can_be_translated():
    with pytest.raises(InvalidInput, match="no text"):
        apply_change(small_map(), Translate(kind="element", id="oc", language="fr", field="owner", text="x"))
    with pytest.raises(InvalidInput, match="at most 200"):
        translated(small_map(), "x" * 201)
    with pytest.raises(NotFound, match="no element"):
        translated(small_map(), item="gone")


def test_translations_change_only_by_a_translation():
    with pytest.raises(InvalidInput, match="translations"):
        apply_change(small_map(), UpdateElement(id="oc", set={"translations": {}}))


def test_a_request_cannot_say_which_source_text_it_translates():
    asked = as_asked(parse_change({"op": "translate", "kind": "element", "id": "oc", "language": "FR",
                                   "field": "label", "text": "x", "of": "00000000"}))
    assert asked.of is None and asked.language == "fr"


def test_read_in_puts_every_translated_text_in_place_and_leaves_the_rest():
    state, _ = translated(small_map())
    state, _ = apply_change(state, Translate(kind="map", id="map", language="fr", field="title", text="Données"))
    french = read_in(state, "fr")
    assert french.title == "Données" and french.elements["oc"].label == "Les districts utilisent les données"
    assert french.elements["imp"] == state.elements["imp"] and french.links == state.links
    assert read_in(state, "es").elements["oc"].label == "Districts act on surveillance data"


def test_the_maps_languages_are_its_own_its_partners_and_those_it_has_translations_in():
    state, _ = translated(small_map(), language="pt-br")
    assert map_languages(state, ["fr", ""]) == ["en", "fr", "pt-br"]


def test_gaps_count_missing_and_stale_translations_per_language():
    state, _ = translated(small_map())
    state, _ = translated(state, "Moins de décès évitables", item="imp")
    state, _ = apply_change(state, UpdateElement(id="imp", set={"label": "Fewer deaths"}))
    counts = gap_counts(state, ["en", "fr"])
    assert list(counts) == ["fr"]
    assert counts["fr"]["done"] == 1 and counts["fr"]["needs_review"] == 1
    assert counts["fr"]["missing"] == len(texts(state, "fr")) - 2
    assert gaps(state, "en") == []


def test_restoring_a_revision_brings_its_translations_back():
    old, _ = translated(small_map())
    new, _ = translated(old, "Autre texte")
    new, _ = apply_change(new, Translate(kind="element", id="imp", language="es", field="label", text="Menos"))
    new, _ = apply_change(new, UpdateElement(id="oc", set={"label": "Changed"}))
    back, _ = apply_change(new, diff_states(new, old))
    assert back == old


def test_two_translators_writing_the_same_text_clash_but_not_with_the_source_text():
    base = small_map()
    state, recorded = translated(base)
    since = [ChangeRecord(revision=1, at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC), author=Author(name="Ana"),
                          change=recorded)]
    mine = Translate(kind="element", id="oc", language="fr", field="label", text="Autre")
    conflicts = find_conflicts(mine, since, state)
    assert [(c["item"], c["field"], c["current"]) for c in conflicts] == [
        ("oc", "label (fr)", "Les districts utilisent les données")]
    assert find_conflicts(UpdateElement(id="oc", set={"label": "x"}), since, state) == []
    assert find_conflicts(mine.model_copy(update={"language": "es"}), since, state) == []


def test_viewers_cannot_translate_but_editors_mel_leads_and_facilitators_can():
    assert needed(Translate(kind="element", id="oc", language="fr", field="label", text="x")) == {Permission.TRANSLATE}
    can = {role for role, permissions in ROLE_PERMISSIONS.items() if Permission.TRANSLATE in permissions}
    assert can == {Role.FACILITATOR, Role.EDITOR, Role.MEL_LEAD}


def test_a_map_without_translations_writes_the_same_json_as_before():
    element = small_map().elements["oc"]
    assert "translations" not in element.model_dump() and "translations" not in element.model_dump_json()
    assert "translations" not in small_map().model_dump_json(exclude_defaults=True)


def test_the_map_document_keeps_the_language_and_every_translation():
    state, _ = translated(small_map())
    state, _ = apply_change(state, Translate(kind="map", id="map", language="fr", field="title", text="Données"))
    state, _ = apply_change(state, UpdateFoundation(kind="purpose", id="purpose", set={"text": "Better data"}))
    state, _ = apply_change(state, Translate(kind="purpose", id="purpose", language="fr", field="text", text="Mieux"))
    partnership = Partnership(id="p", name="P")
    document = read_document(MapDocument.of(state, partnership).model_dump_json())
    assert document.state() == state


LABELS = st.sampled_from(["Data", "Better data", "Data use", "Use of data"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), LABELS), min_size=1, max_size=8))
def test_a_translation_needs_review_exactly_when_the_source_changed_since_it_was_written(steps):
    state = small_map()
    translated_from = None
    for translate, label in steps:
        try:
            if translate:
                state, _ = translated(state, f"fr {label}")
                translated_from = state.elements["oc"].label
            else:
                state, _ = apply_change(state, UpdateElement(id="oc", set={"label": label}))
        except InvalidInput:
            continue  # the same translation again: nothing to change
    expected = "missing" if translated_from is None else (
        "done" if translated_from == state.elements["oc"].label else "needs_review")
    assert status_of(state.elements["oc"], "label", "fr") == expected
    assert MapState.model_validate(state.model_dump()) == state


TEXT_FIELDS = {"label", "description", "rationale", "name", "definition", "text", "title"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["oc", "imp", "out"]), st.sampled_from(["fr", "es", "pt-br"]),
                          st.sampled_from(["label", "description"]), st.sampled_from(["", "Un", "Deux"])), max_size=8),
       st.sampled_from(["en", "fr", "es", "pt", "de"]))
def test_reading_a_map_in_a_language_changes_its_texts_only(translations, reader):
    state = small_map()
    state = state.model_copy(update={"elements": {**state.elements, "oc": state.elements["oc"].model_copy(
        update={"description": "They act"})}})
    for item, language, field, text in translations:
        try:
            state, _ = apply_change(state, Translate(kind="element", id=item, language=language, field=field,
                                                     text=text))
        except InvalidInput:
            continue  # nothing to change, or no text to translate
    read = read_in(state, reader)
    assert read_in(state, "en") is state
    for element_id, element in state.elements.items():
        shown_element = read.elements[element_id]
        differs = {f for f in type(element).model_fields if getattr(element, f) != getattr(shown_element, f)}
        assert differs <= TEXT_FIELDS
        for field in ("label", "description"):
            assert getattr(shown_element, field) == shown(element, field, reader).text

"""Content in several languages through the services: who may translate, what a save in a language does."""

import pytest

from tests.services.conftest import make_team
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.translations import shown, status_of
from tocmap.services import history, partners
from tocmap.services import translations as tl
from tocmap.services.access import SYSTEM

LABEL = "District health officers act on weekly surveillance data"
FRENCH = "Les médecins-chefs de district agissent sur les données hebdomadaires"


def element(db, map_id, who, item_id="oc-1"):
    return tl.languages(db, map_id, who=who).state.elements[item_id]


def test_editors_mel_leads_and_facilitators_translate_and_the_agreement_stays(db, team):
    map_id, people = team
    agreed = element(db, map_id, people["vic"]).agreed_by
    for key, language in (("ana", "fr"), ("mel", "es"), ("fac", "pt")):
        applied = tl.translate(db, map_id, "element", "oc-1", language, "label", f"{language} text", people[key])
        assert applied.record.author.name == key.title()
    oc = element(db, map_id, people["vic"])
    assert oc.agreed_by == agreed
    assert shown(oc, "label", "es").text == "es text"
    assert history.history(db, map_id, limit=1, who=people["vic"])[0].summary.startswith("Translated “District")


def test_viewers_and_outsiders_do_not_translate(db, team):
    map_id, people = team
    for key in ("vic", "out"):
        with pytest.raises(PermissionDenied):
            tl.translate(db, map_id, "element", "oc-1", "fr", "label", "Non", people[key])
    assert element(db, map_id, people["fac"]).translations == {}


def test_a_save_in_the_maps_language_is_an_edit_and_in_another_a_translation(db, team):
    map_id, people = team
    history.set_stand(db, map_id, "element", "oc-1", "agree", people["ana"])
    [applied] = tl.write(db, map_id, "element", "oc-1", "fr", {"label": FRENCH, "description": ""}, people["ben"])
    assert applied.record.change.op == "translate"
    assert element(db, map_id, people["ben"]).agreed_by == ["moh"]
    [edit] = tl.write(db, map_id, "element", "oc-1", "en", {"label": "Officers use the data", "description": ""},
                      people["ana"])
    assert edit.record.change.op == "update_element"
    oc = element(db, map_id, people["ana"])
    assert oc.agreed_by == [] and status_of(oc, "label", "fr") == "needs_review"
    assert [(t.id, t.field) for t in tl.gaps(db, map_id, "fr", who=people["vic"]) if t.status == "needs_review"] == [
        ("oc-1", "label")]


def test_a_save_that_changes_nothing_records_nothing(db, team):
    map_id, people = team
    oc = element(db, map_id, people["ana"])
    assert tl.write(db, map_id, "element", "oc-1", "fr", {"label": LABEL, "description": oc.description},
                    people["ana"]) == []


def test_the_maps_languages_follow_its_partners_working_languages(db, team):
    map_id, people = team
    assert tl.languages(db, map_id, who=people["vic"]).languages == ["en"]
    partners.update_partner(db, map_id, "moh", {"language": "fr"}, SYSTEM)
    found = tl.languages(db, map_id, who=people["vic"])
    assert found.languages == ["en", "fr"] and not found.may_translate
    assert tl.languages(db, map_id, who=people["mel"]).may_translate


def test_a_language_code_that_is_not_one_is_refused(db, team):
    map_id, people = team
    with pytest.raises(InvalidInput, match="not a language code"):
        tl.translate(db, map_id, "element", "oc-1", "français!", "label", "x", people["ana"])


@pytest.mark.parametrize("backend", ["real"])
def test_translations_are_stored_undone_and_restored_like_any_change(real_db, backend):
    map_id, people = make_team(real_db)
    start = real_db.cache and history.history(real_db, map_id, limit=1, who=people["ana"])[0].revision
    tl.translate(real_db, map_id, "element", "oc-1", "fr", "label", FRENCH, people["ana"])
    applied = tl.translate(real_db, map_id, "map", "map", "fr", "title", "Partenariat", people["ben"])
    real_db.cache.clear()  # read back from storage
    state = tl.languages(real_db, map_id, who=people["vic"]).state
    assert shown(state, "title", "fr").text == "Partenariat"
    history.undo(real_db, map_id, applied.revision, people["ben"])
    assert tl.languages(real_db, map_id, who=people["vic"]).state.translations == {}
    history.restore(real_db, map_id, start, people["fac"])
    real_db.cache.clear()
    assert element(real_db, map_id, people["vic"]).translations == {}


def test_a_facilitator_says_which_language_the_map_is_written_in(db, team):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        tl.set_source_language(db, map_id, "fr", people["ana"])
    tl.set_source_language(db, map_id, "FR", people["fac"])
    assert tl.languages(db, map_id, who=people["vic"]).source == "fr"
    with pytest.raises(InvalidInput, match="written in"):
        tl.translate(db, map_id, "element", "oc-1", "fr", "label", "x", people["ana"])


def test_swot_cards_are_translated_by_those_who_see_them_and_kept(real_db):
    from tocmap.services import swot

    map_id, people = make_team(real_db)
    exercise = swot.open_exercise(real_db, map_id, "Review", SYSTEM)
    card = swot.add_card(real_db, map_id, exercise.id, "threat", "Budget cuts", people["ana"])
    with pytest.raises(NotFound):  # before the reveal, another partner's card does not exist for a member
        swot.translate_card(real_db, map_id, exercise.id, card.id, "fr", "Coupes budgétaires", people["ben"])
    translated = swot.translate_card(real_db, map_id, exercise.id, card.id, "fr", "Coupes budgétaires", people["ana"])
    assert shown(translated, "text", "fr").text == "Coupes budgétaires"
    swot.reveal(real_db, map_id, exercise.id, SYSTEM)
    with pytest.raises(PermissionDenied):
        swot.translate_card(real_db, map_id, exercise.id, card.id, "es", "Recortes", people["vic"])
    swot.translate_card(real_db, map_id, exercise.id, card.id, "es", "Recortes", people["ben"])
    [kept] = swot.cards(real_db, map_id, exercise.id, people["vic"])
    assert kept.text == "Budget cuts" and sorted(kept.translations) == ["es", "fr"]
    assert "translations" not in swot.cards(real_db, map_id, exercise.id, people["vic"])[0].model_copy(
        update={"translations": {}}).model_dump()  # a card without translations dumps as before

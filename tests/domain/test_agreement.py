"""The pure agreement rule: a member speaks for their own partner only, and only to change something."""

import pytest

from tocmap.domain.access import agreement_problem, stand_change
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import Element


def test_agreeing_or_disputing_for_ones_own_partner_passes():
    assert agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["iph", "moh"]}, "moh") is None
    assert agreement_problem({"disputed_by": ["moh"]}, {"disputed_by": []}, "moh") is None


@pytest.mark.parametrize("before, after, partner", [
    ({"agreed_by": []}, {"agreed_by": ["iph"]}, "moh"),  # another partner's agreement
    ({"agreed_by": ["iph"]}, {"agreed_by": []}, "moh"),  # taking away another's
    ({"agreed_by": []}, {"agreed_by": ["moh", "iph"]}, "moh"),  # one's own and another's at once
    ({"agreed_by": []}, {"agreed_by": ["moh"]}, None),  # someone who speaks for no partner
    ({"agreed_by": ["iph"]}, {"agreed_by": ["iph"]}, "moh"),  # re-sending another's existing agreement
])
def test_speaking_for_another_partner_is_refused(before, after, partner):
    assert isinstance(agreement_problem(before, after, partner), PermissionDenied)


def test_a_content_change_lets_no_other_partners_agreement_survive():
    kept = agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["iph"]}, "moh", changed=["label"])
    assert isinstance(kept, PermissionDenied)
    assert agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": ["moh"]}, "moh", changed=["label"]) is None
    assert agreement_problem({"agreed_by": ["iph"]}, {"agreed_by": []}, "moh", changed=["label"]) is None


def test_a_change_that_changes_nothing_is_refused_as_nothing_to_record():
    problem = agreement_problem({"agreed_by": ["moh"], "disputed_by": []}, {"agreed_by": ["moh"], "disputed_by": []},
                                "moh")
    assert isinstance(problem, InvalidInput) and "Nothing to record" in str(problem)
    assert agreement_problem({"agreed_by": ["moh"]}, {"agreed_by": ["moh"]}, "moh", changed=["x"]) is None


@pytest.mark.parametrize("agreed, disputed, how, message", [
    (["moh"], [], "agree", "already agrees"),
    ([], ["moh"], "dispute", "already disputes"),
    (["iph"], [], "withdraw", "no stand on this to withdraw"),
])
def test_a_stand_that_is_already_recorded_is_refused(agreed, disputed, how, message):
    item = Element(id="e", kind="outcome", label="E", agreed_by=agreed, disputed_by=disputed)
    with pytest.raises(InvalidInput, match=message):
        stand_change(item, "moh", how)


def test_a_stand_moves_only_the_senders_partner():
    item = Element(id="e", kind="outcome", label="E", agreed_by=["iph", "moh"], disputed_by=[])
    assert stand_change(item, "moh", "dispute") == {"agreed_by": ["iph"], "disputed_by": ["moh"]}

"""Who decides: of the decisions taken, the share that carries each partner's agreement."""

import datetime as dt

from tocmap.domain.decisions import Decision, decision_power

JAN, MAR, JUN = (dt.datetime(2026, m, 1, tzinfo=dt.UTC) for m in (1, 3, 6))
PARTNERS = ["moh", "iph"]


def decision(stands, created=JAN, taken=MAR, rule="vote"):
    return Decision(id=1, map_id=1, text="Share data", rule=rule, threshold=0.5 if rule == "vote" else None,
                    stands=stands, created_at=created, taken_at=taken)


def test_partners_who_take_every_decision_together_decide_equally():
    power = decision_power([decision({"moh": "agree", "iph": "agree"}, rule="each_partner")] * 3, PARTNERS)
    assert power.agreed == {"moh": 3, "iph": 3} and power.share("moh") == power.share("iph") == 0.5


def test_a_partner_outvoted_or_standing_aside_decided_less():
    power = decision_power([decision({"moh": "agree", "iph": "object"}),
                            decision({"moh": "agree", "iph": "stand_aside"}, rule="consensus"),
                            decision({"moh": "agree", "iph": "agree"})], PARTNERS)
    assert power.agreed == {"moh": 3, "iph": 1} and (power.share("moh"), power.share("iph")) == (0.75, 0.25)


def test_open_decisions_decide_nothing_but_are_counted_as_open():
    power = decision_power([decision({"iph": "agree"}, taken=None)], PARTNERS)
    assert (power.taken, power.open, power.share("iph")) == (0, 1, 0.0)
    assert power.label == "Decides (no decision taken yet, 1 open)" and power.shown("iph") == "none taken yet"


def test_as_things_stood_then_later_decisions_and_later_takings_are_left_out():
    made = [decision({"moh": "agree", "iph": "agree"}, taken=JUN), decision({"moh": "agree"}, created=JUN)]
    then = decision_power(made, PARTNERS, until=MAR)
    assert (then.taken, then.open, then.agreed) == (0, 1, {"moh": 0, "iph": 0})
    assert decision_power(made, PARTNERS, until=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)) is None


def test_stands_of_a_partner_no_longer_in_the_partnership_are_not_counted():
    power = decision_power([decision({"moh": "agree", "old": "agree"})], PARTNERS)
    assert power.agreed == {"moh": 1, "iph": 0} and power.share("moh") == 1.0


def test_a_map_without_decisions_has_no_row_for_who_decides():
    assert decision_power([], PARTNERS) is None

"""Contributions through the services: every rule, on SQLite and PostgreSQL."""

import pytest

from tests.services.conftest import make_team
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import contributions, history, maps

MONEY = {"kind": "money", "status": "planned", "amount": "12500", "currency": "EUR",
         "period_start": "2026-01-01", "period_end": "2026-12-31", "evidence": "Signed budget, annex 2"}


@pytest.fixture
def team(real_db):
    return make_team(real_db)


def _intervention(db, map_id, who):
    state = maps.get_map(db, map_id, who=who)[2]
    return next(e.id for e in state.elements.values() if e.kind == "intervention")


def test_a_member_records_their_partners_contribution_and_everyone_sees_the_shares(real_db, team):
    map_id, people = team
    before = maps.get_map(real_db, map_id, who=people["ana"])[0].revision
    ana = contributions.record(real_db, map_id, MONEY, people["ana"])
    assert (ana.partner, ana.amount, ana.currency, ana.recorded_by) == ("moh", 12500.0, "EUR", "Ana")
    intervention = _intervention(real_db, map_id, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "amount": 37500, "intervention": intervention}, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "kind": "staff_time", "status": "actual", "amount": "40",
                                           "currency": ""}, people["mel"])
    seen = contributions.overview(real_db, map_id, people["vic"])
    pays = seen.shares[0]
    assert (pays.label, pays.totals, pays.share("iph")) == ("Pays (EUR, planned)", {"moh": 12500.0, "iph": 37500.0},
                                                             0.75)
    assert seen.shares[1].label == "Staff time (person-days, actual)"
    assert [c.intervention for c in seen.contributions] == [None, intervention, None]
    assert maps.get_map(real_db, map_id, who=people["ana"])[0].revision == before + 3
    lines = [r.change.text for r in history.history(real_db, map_id, limit=3, who=people["ana"])]
    assert "Recorded AIPH's actual contribution: staff time, 40 person-days, 2026-01-01 to 2026-12-31" in lines


@pytest.mark.parametrize("change, message", [
    ({"amount": "-200"}, "cannot be negative"),
    ({"amount": "0"}, "is no contribution"),
    ({"amount": "lots"}, "must be a number"),
    ({"currency": "EUX"}, "not an ISO 4217 currency code"),
    ({"currency": ""}, "Name the currency"),
    ({"kind": "favours"}, "money, staff time, in kind"),
    ({"status": "hoped"}, "planned or actual"),
    ({"period_end": "2025-01-01"}, "ends .* before it starts"),
    ({"period_start": "soon"}, "as a date"),
    ({"intervention": "nowhere"}, "no such intervention"),
    ({"evidence": "x" * 501}, "keep it to 500"),
    ({"surprise": 1}, "no field 'surprise'"),
])
def test_bad_contributions_are_refused_with_a_message_and_nothing_is_written(real_db, team, change, message):
    map_id, people = team
    revision = maps.get_map(real_db, map_id, who=people["ana"])[0].revision
    with pytest.raises(InvalidInput, match=message):
        contributions.record(real_db, map_id, {**MONEY, **change}, people["ana"])
    with pytest.raises(InvalidInput, match="Choose the partner"):
        contributions.record(real_db, map_id, {**MONEY, "partner": "who"}, people["fac"])
    assert contributions.listing(real_db, map_id, people["ana"]) == []
    assert maps.get_map(real_db, map_id, who=people["ana"])[0].revision == revision


def test_only_a_facilitator_records_for_another_partner(real_db, team):
    map_id, people = team
    with pytest.raises(PermissionDenied, match="your own partner's contributions only"):
        contributions.record(real_db, map_id, {**MONEY, "partner": "iph"}, people["ana"])
    with pytest.raises(PermissionDenied):
        contributions.record(real_db, map_id, MONEY, people["vic"])  # viewers read, never record
    with pytest.raises(PermissionDenied, match="speak for a partner"):
        contributions.record(real_db, map_id, MONEY, people["nop"])
    with pytest.raises(PermissionDenied):
        contributions.listing(real_db, map_id, people["out"])
    assert contributions.record(real_db, map_id, {**MONEY, "partner": "iph"}, people["fac"]).partner == "iph"


def test_a_contribution_is_removed_by_its_partner_and_the_history_keeps_it(real_db, team):
    map_id, people = team
    made = contributions.record(real_db, map_id, MONEY, people["ana"])
    with pytest.raises(PermissionDenied):
        contributions.remove(real_db, map_id, made.id, people["ben"])
    contributions.remove(real_db, map_id, made.id, people["ana"])
    assert contributions.listing(real_db, map_id, people["ana"]) == []
    assert history.history(real_db, map_id, limit=1, who=people["ana"])[0].change.text.startswith(
        "Removed MoH Lumora's planned contribution: money, 12,500 EUR")


def test_planned_against_actual_is_kept_per_currency_never_added_across(real_db, team):
    map_id, people = team
    contributions.record(real_db, map_id, MONEY, people["ana"])
    contributions.record(real_db, map_id, {**MONEY, "status": "actual", "amount": 5000}, people["ana"])
    contributions.record(real_db, map_id, {**MONEY, "status": "actual", "amount": 100, "currency": "usd"},
                         people["ana"])
    rows = contributions.overview(real_db, map_id, people["ben"]).delivered
    assert [(r["unit"], r["planned"], r["actual"], r["delivered"]) for r in rows] == [
        ("EUR", 12500.0, 5000.0, 0.4), ("USD", 0.0, 100.0, None)]


def test_the_report_workbook_and_iati_file_carry_the_contributions(real_db, team):
    import io

    import openpyxl
    from lxml import etree

    from tests.conftest import need
    from tests.integration.test_exchange_iati import DATA
    from tocmap.services import exchange

    map_id, people = team
    contributions.record(real_db, map_id, MONEY, people["ana"])
    contributions.record(real_db, map_id, {**MONEY, "amount": 30000}, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "status": "actual", "amount": 4000.5}, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "kind": "in_kind", "amount": 900}, people["ben"])
    report = exchange.export_map(real_db, map_id, "report", who=people["vic"]).data.decode()
    assert "Who contributes" in report and "Pays (EUR, planned)" in report and "30,000 EUR" in report
    book = openpyxl.load_workbook(io.BytesIO(exchange.export_map(real_db, map_id, "xlsx", who=people["vic"]).data))
    rows = list(book["Contributions"].iter_rows(values_only=True))
    assert rows[0][:6] == ("ID", "Partner", "Kind", "Planned or actual", "Amount", "Unit") and len(rows) == 5
    assert ("Pays (EUR, planned)", "AIPH", 30000, 0.7059) in list(book["Contribution shares"].iter_rows(values_only=True))
    xml = exchange.export_map(real_db, map_id, "iati", who=people["vic"]).data
    need((DATA / "iati-activities-schema.xsd").exists(), f"the IATI schema is not in {DATA}")
    etree.XMLSchema(etree.parse(str(DATA / "iati-activities-schema.xsd"))).assertValid(etree.fromstring(xml))
    activity = etree.fromstring(xml).find("iati-activity")
    assert activity.findtext("budget/value") == "42500"
    assert [p.findtext("provider-org/narrative") for p in activity.findall("planned-disbursement")] == [
        "Ministry of Health, Republic of Lumora", "Aldria Institute of Public Health"]
    assert activity.findtext("transaction/value") == "4000.5"
    assert activity.find("transaction/transaction-type").get("code") == "1"


def test_who_decides_counts_the_taken_decisions_that_carry_each_partners_agreement(real_db, team):
    from tocmap.services import decisions

    map_id, people = team
    assert contributions.overview(real_db, map_id, people["vic"]).deciding is None  # no decisions: no row
    both = decisions.propose(real_db, map_id, text="Share district data monthly", rule="each_partner",
                             who=people["ana"])
    decisions.state_stand(real_db, map_id, both.id, "agree", people["ana"])
    decisions.state_stand(real_db, map_id, both.id, "agree", people["ben"])
    over = decisions.propose(real_db, map_id, text="Move the budget to the ministry", rule="vote", threshold=0.5,
                             who=people["fac"])
    decisions.state_stand(real_db, map_id, over.id, "object", people["ben"])
    decisions.state_stand(real_db, map_id, over.id, "agree", people["ana"])  # taken over AIPH's objection
    decisions.propose(real_db, map_id, text="Hire a data manager", rule="consensus", who=people["ben"])
    deciding = contributions.overview(real_db, map_id, people["vic"]).deciding
    assert (deciding.agreed, deciding.taken, deciding.open) == ({"moh": 2, "iph": 1}, 2, 1)
    assert (round(deciding.share("moh"), 4), deciding.shown("iph")) == (0.6667, "agreed 1 of 2")
    assert deciding.label == "Decides (2 taken decisions)"


def test_the_report_and_workbook_show_who_decides_beside_who_pays(real_db, team):
    import io

    import openpyxl

    from tocmap.services import decisions, exchange

    map_id, people = team
    made = decisions.propose(real_db, map_id, text="Pause the SMS pilot", rule="consensus", who=people["ana"])
    decisions.state_stand(real_db, map_id, made.id, "agree", people["ana"])
    decisions.state_stand(real_db, map_id, made.id, "stand_aside", people["ben"])
    report = exchange.export_map(real_db, map_id, "report", who=people["vic"]).data.decode()
    assert "Who contributes and who decides" in report and "Decides (1 taken decision)" in report
    assert "agreed 1 of 1" in report and "agreed 0 of 1" in report and "Planned</th>" not in report
    book = openpyxl.load_workbook(io.BytesIO(exchange.export_map(real_db, map_id, "xlsx", who=people["vic"]).data))
    assert "Contributions" not in book.sheetnames  # nothing recorded, yet who decides is there
    assert list(book["Contribution shares"].iter_rows(values_only=True))[1:] == [
        ("Decides (1 taken decision)", "MoH Lumora", 1, 1), ("Decides (1 taken decision)", "AIPH", 0, 0)]
    contributions.record(real_db, map_id, MONEY, people["ana"])
    book = openpyxl.load_workbook(io.BytesIO(exchange.export_map(real_db, map_id, "xlsx", who=people["vic"]).data))
    measures = [row[0] for row in book["Contribution shares"].iter_rows(values_only=True)]
    assert measures[1:] == ["Pays (EUR, planned)"] * 2 + ["Decides (1 taken decision)"] * 2
    report = exchange.export_map(real_db, map_id, "report", who=people["vic"]).data.decode()
    assert report.index("Pays (EUR, planned)") < report.index("Decides (1 taken decision)")

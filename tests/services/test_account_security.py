"""Account security in the services: strong passwords everywhere, sessions that end, one-time set-up,
join codes that expire and are renewed."""

import pytest

from tests.services.conftest import PASSWORD
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import account_admin, accounts, invitations

WEAK = ["aaaaaaaaaa", "password123", "qwertyuiop", "1234567890", "iloveyou2024"]
RULES = accounts.SessionRules.of(idle_minutes=60, max_hours=5)
HOUR_MS = 3600 * 1000


@pytest.fixture
def admin(db):
    return accounts.author_of(accounts.create_user(db, "root@example.org", "Root", PASSWORD, is_admin=True))


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize("weak", WEAK)
def test_a_weak_password_is_refused_on_every_path_that_sets_one(db, team, admin, weak):
    map_id, people = team
    with pytest.raises(InvalidInput, match="too easy to guess"):
        accounts.create_user(db, "amina@moh.example", "Amina Diallo", weak)
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    with pytest.raises(InvalidInput, match="too easy to guess"):
        account_admin.change_password(db, accounts.author_of(user), PASSWORD, weak)
    token = account_admin.reset_link(db, user.id, admin, base_url="http://x").rsplit("/", 1)[1]
    with pytest.raises(InvalidInput, match="too easy to guess"):
        account_admin.reset_password(db, token, weak)
    invitation = invitations.invite(db, map_id, "kofi@unicef.example", "editor", None, people["fac"],
                                    base_url="http://x")
    with pytest.raises(InvalidInput, match="too easy to guess"):
        invitations.accept(db, invitation.link.rsplit("/", 1)[1], name="Kofi", password=weak)
    assert accounts.authenticate(db, "amina@moh.example", PASSWORD).id == user.id  # nothing was changed


def test_the_first_administrator_needs_a_strong_password_too(db):
    token = accounts.setup_token(db)
    with pytest.raises(InvalidInput, match="too easy to guess"):
        accounts.complete_setup(db, token, "root@example.org", "Root", "password123")
    assert accounts.complete_setup(db, token, "root@example.org", "Root", PASSWORD).is_admin  # the link still works


def test_a_password_made_of_ones_own_name_or_email_is_refused():
    assert accounts.password_problem("amina diallo", about=("amina@moh.example", "Amina Diallo"))
    assert accounts.password_problem("plum kettle orbit lantern", about=("amina@moh.example", "Amina Diallo")) is None


def test_a_short_password_is_told_the_minimum_length():
    assert accounts.password_problem("Zx9!kq") == "A password needs at least 10 characters."


def test_a_very_long_password_is_checked_quickly_and_accepted():
    assert accounts.password_problem("plum kettle " * 2000) is None


# --------------------------------------------------------------------------- sessions


def test_the_remember_token_works_once_and_its_replacement_carries_on(db):
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    first = accounts.remember(db, user, RULES)
    again, second, _ = accounts.use_remember_token(db, first, RULES)
    assert again.id == user.id and second != first
    assert accounts.use_remember_token(db, first, RULES) is None
    assert accounts.use_remember_token(db, second, RULES)[0].id == user.id
    assert accounts.use_remember_token(db, "forged", RULES) is None


@pytest.mark.parametrize("ending", ["sign out", "password change", "password reset", "disabled"])
def test_these_end_every_remember_token_and_session_generation_of_the_account(db, admin, ending):
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    token = accounts.remember(db, user, RULES)
    who = accounts.author_of(user)
    match ending:
        case "sign out":
            accounts.sign_out(db, who)
        case "password change":
            account_admin.change_password(db, who, PASSWORD, "copper meadow violin 7")
        case "password reset":
            link = account_admin.reset_link(db, user.id, admin, base_url="http://x")
            account_admin.reset_password(db, link.rsplit("/", 1)[1], "copper meadow violin 7")
        case "disabled":
            account_admin.set_disabled(db, user.id, True, admin)
            account_admin.set_disabled(db, user.id, False, admin)
    assert accounts.get_user(db, user.id).session_generation == user.session_generation + 1
    assert accounts.use_remember_token(db, token, RULES) is None


def test_a_remember_token_expires_after_the_idle_time_and_never_outlives_the_absolute_time(db, monkeypatch):
    clock = {"now": 10**12}
    monkeypatch.setattr(accounts, "now_ms", lambda: clock["now"])
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    token = accounts.remember(db, user, RULES)
    clock["now"] += 61 * 60 * 1000
    assert accounts.use_remember_token(db, token, RULES) is None
    token = accounts.remember(db, user, RULES)
    for _ in range(9):  # used every 30 minutes: replaced each time
        clock["now"] += 30 * 60 * 1000
        _, token, _ = accounts.use_remember_token(db, token, RULES)
    clock["now"] += 31 * 60 * 1000  # 5 hours and a minute after signing in
    assert accounts.use_remember_token(db, token, RULES) is None


# --------------------------------------------------------------------------- set-up link


def test_the_set_up_link_works_once(db):
    token = accounts.setup_token(db)
    accounts.complete_setup(db, token, "root@example.org", "Root", PASSWORD)
    with pytest.raises(PermissionDenied, match="expired or was already used"):
        accounts.complete_setup(db, token, "other@example.org", "Other", PASSWORD)


# --------------------------------------------------------------------------- join codes


def test_a_join_code_expires_after_its_hours_and_a_renewed_code_works(db, team, monkeypatch):
    map_id, people = team
    clock = {"now": 10**12}
    monkeypatch.setattr(accounts, "now_ms", lambda: clock["now"])
    old = accounts.open_workshop(db, map_id, people["fac"]).code
    clock["now"] += 11 * HOUR_MS
    assert accounts.join_workshop(db, old, "Early", "moh", code_hours=12)[1] == map_id
    clock["now"] += 2 * HOUR_MS
    with pytest.raises(NotFound, match="expired"):
        accounts.workshop_partners(db, old, code_hours=12)
    with pytest.raises(NotFound, match="expired"):
        accounts.join_workshop(db, old, "Late", "moh", code_hours=12)
    new = accounts.renew_workshop_code(db, map_id, people["fac"]).code
    assert new != old
    assert accounts.join_workshop(db, new, "Late", "moh", code_hours=12)[1] == map_id
    with pytest.raises(NotFound, match="no open workshop"):
        accounts.join_workshop(db, old, "Later", "moh", code_hours=12)
    assert "Early" in {m.name for m in accounts.members(db, map_id, people["fac"])}  # who joined stays


def test_only_a_facilitator_renews_a_join_code(db, team):
    map_id, people = team
    with pytest.raises(InvalidInput, match="no open workshop"):
        accounts.renew_workshop_code(db, map_id, people["fac"])
    code = accounts.open_workshop(db, map_id, people["fac"]).code
    with pytest.raises(PermissionDenied):
        accounts.renew_workshop_code(db, map_id, people["ana"])
    assert accounts.current_workshop(db, map_id, people["fac"]).code == code

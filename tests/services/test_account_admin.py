"""Accounts in the app: one's own name, password and language; administrators disable, promote, reset.

Run on SQLite and PostgreSQL (``real_db``).
"""

import pytest

from tests.mailbox import smtp_server
from tests.services.conftest import PASSWORD
from tocmap.adapters.mail import Mailer
from tocmap.domain.errors import InvalidInput, NotSignedIn, PermissionDenied
from tocmap.services import account_admin, accounts, maps

BASE = "http://toc.example"


@pytest.fixture
def people(real_db):
    """An administrator and two members."""
    admin = accounts.create_user(real_db, "admin@example.org", "Admin", PASSWORD, is_admin=True)
    amina = accounts.create_user(real_db, "amina@example.org", "Amina", PASSWORD)
    kofi = accounts.create_user(real_db, "kofi@example.org", "Kofi", PASSWORD)
    return real_db, accounts.author_of(admin), accounts.author_of(amina), accounts.author_of(kofi)


def test_everyone_changes_their_own_name_language_and_password(people):
    db, _, amina, _ = people
    user = account_admin.update_profile(db, amina, name="  Amina   Diallo ", language="fr")
    assert (user.name, user.language) == ("Amina Diallo", "fr")
    with pytest.raises(PermissionDenied, match="current password is not right"):
        account_admin.change_password(db, amina, "wrong password", "another long password")
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        account_admin.change_password(db, amina, PASSWORD, "short")
    account_admin.change_password(db, amina, PASSWORD, "another long password")
    assert accounts.authenticate(db, "amina@example.org", "another long password").name == "Amina Diallo"


@pytest.mark.parametrize("fields, message", [({"name": ""}, "between 1 and 200"), ({"language": "no such"}, "language")])
def test_a_bad_profile_value_gets_one_clear_message_and_changes_nothing(people, fields, message):
    db, _, amina, _ = people
    with pytest.raises(InvalidInput, match=message):
        account_admin.update_profile(db, amina, **fields)
    assert accounts.get_user(db, amina.user_id).name == "Amina"


def test_administrators_see_every_account_and_others_may_not(people):
    db, admin, amina, _ = people
    assert [a.user.name for a in account_admin.accounts(db, admin)] == ["Admin", "Amina", "Kofi"]
    with pytest.raises(PermissionDenied, match="Only administrators"):
        account_admin.accounts(db, amina)
    for action in (lambda: account_admin.set_disabled(db, admin.user_id, True, amina),
                   lambda: account_admin.set_admin(db, amina.user_id, True, amina),
                   lambda: account_admin.reset_link(db, admin.user_id, amina, base_url=BASE)):
        with pytest.raises(PermissionDenied):
            action()


def test_a_disabled_account_can_no_longer_sign_in_use_tokens_or_reach_maps(people):
    db, admin, amina, _ = people
    token = accounts.create_token(db, accounts.get_user(db, amina.user_id), "script")
    map_id = maps.create_map(db, "Amina's map", amina)
    account_admin.set_disabled(db, amina.user_id, True, admin)
    with pytest.raises(PermissionDenied):
        accounts.authenticate(db, "amina@example.org", PASSWORD)
    assert accounts.user_for_token(db, token) is None
    with pytest.raises(NotSignedIn):
        maps.get_map(db, map_id, who=amina)
    account_admin.set_disabled(db, amina.user_id, False, admin)
    assert accounts.authenticate(db, "amina@example.org", PASSWORD).name == "Amina"


def test_tocmap_keeps_one_administrator_who_cannot_disable_themselves(people):
    db, admin, amina, _ = people
    with pytest.raises(InvalidInput, match="your own account"):
        account_admin.set_disabled(db, admin.user_id, True, admin)
    with pytest.raises(InvalidInput, match="last administrator"):
        account_admin.set_admin(db, admin.user_id, False, admin)
    account_admin.set_admin(db, amina.user_id, True, admin)
    account_admin.set_admin(db, admin.user_id, False, amina)
    assert not accounts.get_user(db, admin.user_id).is_admin
    with pytest.raises(InvalidInput, match="last administrator"):
        account_admin.set_admin(db, amina.user_id, False, amina)


def test_an_administrator_issues_a_one_time_reset_link(people):
    db, admin, amina, _ = people
    link = account_admin.reset_link(db, amina.user_id, admin, base_url=BASE)
    token = link.rsplit("/", 1)[1]
    assert account_admin.reset_email(db, token) == "amina@example.org"
    with pytest.raises(InvalidInput, match="at least 10"):
        account_admin.reset_password(db, token, "short")
    account_admin.reset_password(db, token, "a brand new password")
    assert accounts.authenticate(db, "amina@example.org", "a brand new password").id == amina.user_id
    with pytest.raises(PermissionDenied, match="expired or was already used"):
        account_admin.reset_password(db, token, "yet another password")


def test_only_the_newest_reset_link_works(people):
    db, admin, amina, _ = people
    first = account_admin.reset_link(db, amina.user_id, admin, base_url=BASE).rsplit("/", 1)[1]
    account_admin.reset_link(db, amina.user_id, admin, base_url=BASE)
    with pytest.raises(PermissionDenied, match="expired"):
        account_admin.reset_password(db, first, "a brand new password")


def test_a_forgotten_password_gets_a_reset_link_by_email_and_strangers_learn_nothing(people):
    db, _, amina, _ = people
    with smtp_server() as (mailbox, port):
        mailer = Mailer("127.0.0.1", port, tls=False)
        assert account_admin.forgot_password(db, "Amina@example.org", base_url=BASE, mailer=mailer)
        assert account_admin.forgot_password(db, "nobody@example.org", base_url=BASE, mailer=mailer)
    assert [m["To"] for m in mailbox.messages] == ["amina@example.org"]
    [link] = mailbox.links("/reset/")
    account_admin.reset_password(db, link.rsplit("/", 1)[1], "a brand new password")
    assert accounts.authenticate(db, "amina@example.org", "a brand new password").name == "Amina"
    assert account_admin.forgot_password(db, "amina@example.org", base_url=BASE, mailer=None) is False


def test_a_workshop_guest_keeps_their_account_with_an_email_and_password(people):
    db, admin, amina, _ = people
    map_id = maps.create_map(db, "Workshop map", admin)
    code = accounts.open_workshop(db, map_id, admin).code
    guest, _ = accounts.join_workshop(db, code, "Esi", None)
    with pytest.raises(InvalidInput, match="already an account"):
        account_admin.keep_guest_account(db, accounts.author_of(guest), "amina@example.org", PASSWORD)
    account_admin.keep_guest_account(db, accounts.author_of(guest), "esi@example.org", PASSWORD)
    assert accounts.authenticate(db, "esi@example.org", PASSWORD).id == guest.id
    with pytest.raises(InvalidInput, match="already signs in"):
        account_admin.keep_guest_account(db, amina, "amina2@example.org", PASSWORD)

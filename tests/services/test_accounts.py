"""Accounts: passwords, API tokens, the first administrator."""

import pytest

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import accounts


def test_a_password_is_stored_hashed_and_checked(db):
    user = accounts.create_user(db, "Amina@Ministry.example", "Amina Diallo", "correct horse battery")
    with db.store() as store:
        stored = store.user(user.id).password_hash
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert accounts.authenticate(db, "amina@ministry.example", "correct horse battery").id == user.id


@pytest.mark.parametrize("email, password", [("amina@ministry.example", "wrong password!"), ("nobody@x.org", "whatever123")])
def test_a_failed_sign_in_says_the_same_whatever_was_wrong(db, email, password):
    accounts.create_user(db, "amina@ministry.example", "Amina", "correct horse battery")
    with pytest.raises(PermissionDenied, match="do not match an account"):
        accounts.authenticate(db, email, password)


@pytest.mark.parametrize("email, name, password, words", [
    ("not-an-email", "A", "long enough pass", "email address"),
    ("a@b.org", "", "long enough pass", "name needs"),
    ("a@b.org", "A", "short", "at least 10"),
])
def test_bad_account_details_are_refused(db, email, name, password, words):
    with pytest.raises(InvalidInput, match=words):
        accounts.create_user(db, email, name, password)


def test_an_email_has_one_account(db):
    accounts.create_user(db, "a@b.org", "A", "long enough pass")
    with pytest.raises(InvalidInput, match="already an account"):
        accounts.create_user(db, "A@B.org", "B", "long enough pass")


def test_api_tokens_are_shown_once_and_stored_as_digests(db):
    user = accounts.create_user(db, "a@b.org", "A", "long enough pass")
    token = accounts.create_token(db, user, "MEL system")
    assert accounts.user_for_token(db, token).id == user.id
    assert accounts.user_for_token(db, token + "x") is None and accounts.user_for_token(db, "") is None
    with db.store() as store:
        assert token not in str(store.tokens(user.id))


def test_the_set_up_link_works_once_and_only_without_an_administrator(db):
    token = accounts.setup_token(db)
    with pytest.raises(PermissionDenied):
        accounts.complete_setup(db, "guess", "root@x.org", "Root", "long enough pass")
    admin = accounts.complete_setup(db, token, "root@x.org", "Root", "long enough pass")
    assert admin.is_admin
    with pytest.raises(PermissionDenied, match="expired"):
        accounts.complete_setup(db, token, "other@x.org", "Other", "long enough pass")
    assert accounts.setup_token(db) is None


def test_the_administrator_from_settings_is_created_once(db):
    accounts.ensure_admin(db, "root@x.org", "long enough pass")
    accounts.ensure_admin(db, "root@x.org", "long enough pass")
    assert accounts.authenticate(db, "root@x.org", "long enough pass").is_admin


def test_the_session_key_is_made_once_and_shared(db):
    assert accounts.session_key(db) == accounts.session_key(db)
    assert accounts.session_key(db, "configured") == "configured"


def test_processes_starting_at_once_all_sign_with_the_same_key(real_db):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: accounts.session_key(real_db), range(16)))
    assert len(keys) == 1

"""Invitations: one-time links to a map, shown to copy and emailed; one person on several maps.

Run on SQLite and PostgreSQL (``real_db``).
"""

import threading

import pytest

from tests.mailbox import smtp_server
from tests.services.conftest import PASSWORD, make_team
from tocmap.adapters.mail import Mailer
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import accounts, invitations, maps, partners
from tocmap.services.access import SYSTEM

BASE = "http://toc.example"


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


@pytest.fixture
def blank(real_db):
    """A blank map with two partners; its facilitator is an account."""
    fac = accounts.author_of(accounts.create_user(real_db, "fac@example.org", "Fatou", PASSWORD))
    map_id = maps.create_map(real_db, "Blank", fac)
    partners.add_partner(real_db, map_id, "Ministry of Health", fac, short_name="MoH")
    partners.add_partner(real_db, map_id, "Peer institute", fac, short_name="IPH")
    return real_db, map_id, fac


def test_an_invitee_sets_a_name_and_password_and_lands_on_the_map_for_their_partner(blank):
    db, map_id, fac = blank
    sent = invitations.invite(db, map_id, "Amina@Ministry.example", "editor", "moh", fac, base_url=BASE)
    assert sent.link.startswith(f"{BASE}/invite/") and not sent.emailed and sent.email == "amina@ministry.example"
    offered = invitations.invitation(db, token_of(sent.link))
    assert (offered.map_title, offered.partner_name, offered.role, offered.has_account) == (
        "Blank", "Ministry of Health", "editor", False)
    user, landed = invitations.accept(db, token_of(sent.link), name="Amina Diallo", password=PASSWORD)
    assert landed == map_id and user.name == "Amina Diallo"
    member = accounts.membership_of(db, map_id, accounts.author_of(user))
    assert (member.role, member.partner) == ("editor", "moh")
    assert accounts.authenticate(db, "amina@ministry.example", PASSWORD).id == user.id
    assert invitations.open_invitations(db, map_id, fac) == []


def test_a_used_invitation_is_refused_and_changes_nothing(blank):
    db, map_id, fac = blank
    token = token_of(invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE).link)
    invitations.accept(db, token, name="Amina", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="expired or was already used"):
        invitations.accept(db, token, name="Someone else", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="expired or was already used"):
        invitations.invitation(db, token)
    assert [m.name for m in accounts.members(db, map_id, SYSTEM)] == ["Amina", "Fatou"]


def test_an_expired_or_withdrawn_invitation_is_refused(blank):
    db, map_id, fac = blank
    sent = invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE)
    with db.store(write=True) as store:
        store.expire_links("invite", link_id=sent.id, now_ms=now_ms())
    with pytest.raises(PermissionDenied, match="expired"):
        invitations.accept(db, token_of(sent.link), name="Amina", password=PASSWORD)
    other = invitations.invite(db, map_id, "kofi@iph.example", "viewer", "iph", fac, base_url=BASE)
    invitations.withdraw(db, map_id, other.id, fac)
    with pytest.raises(PermissionDenied, match="expired"):
        invitations.accept(db, token_of(other.link), name="Kofi", password=PASSWORD)


def test_an_invitation_works_once_even_when_sixteen_accept_it_at_the_same_moment(blank):
    db, map_id, fac = blank
    token = token_of(invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE).link)
    start, results = threading.Barrier(16), []

    def accept(n):
        start.wait()
        try:
            results.append(invitations.accept(db, token, name=f"Amina {n}", password=PASSWORD)[0].name)
        except (PermissionDenied, InvalidInput) as refusal:
            results.append(refusal)

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, str)]
    assert len(results) == 16 and len(winners) == 1
    assert all("already used" in str(r) or "already an account" in str(r) for r in results if r not in winners)
    with db.store() as store:
        assert store.user_by_email("amina@ministry.example").name == winners[0]
    assert len(accounts.members(db, map_id, SYSTEM)) == 2


def test_someone_with_an_account_accepts_signed_in_and_keeps_a_different_role_on_each_map(blank):
    db, map_id, fac = blank
    amina = accounts.create_user(db, "amina@ministry.example", "Amina", PASSWORD)
    other = maps.create_map(db, "Second map", fac)
    partners.add_partner(db, other, "University", fac)
    first = token_of(invitations.invite(db, map_id, amina.email, "editor", "moh", fac, base_url=BASE).link)
    second = token_of(invitations.invite(db, other, amina.email, "mel_lead", "university", fac, base_url=BASE).link)
    assert invitations.invitation(db, first).has_account
    with pytest.raises(PermissionDenied, match="sign in to accept"):
        invitations.accept(db, first, name="Impostor", password=PASSWORD)
    stranger = accounts.create_user(db, "kofi@iph.example", "Kofi", PASSWORD)
    with pytest.raises(PermissionDenied, match="This invitation is for amina@ministry.example"):
        invitations.accept(db, first, signed_in=stranger)
    invitations.accept(db, first, signed_in=amina)
    invitations.accept(db, second, signed_in=amina)
    who = accounts.author_of(amina)
    assert (accounts.membership_of(db, map_id, who).role, accounts.membership_of(db, map_id, who).partner) == (
        "editor", "moh")
    assert (accounts.membership_of(db, other, who).role, accounts.membership_of(db, other, who).partner) == (
        "mel_lead", "university")


@pytest.mark.parametrize("email, role, partner, message", [
    ("not an email", "editor", "moh", "Enter an email address"),
    ("amina@ministry.example", "boss", "moh", "A role is one of"),
    ("amina@ministry.example", "editor", "nobody", "not a partner"),
    ("fac@example.org", "editor", "moh", "already a member"),
])
def test_a_bad_invitation_gets_one_clear_message_and_nothing_is_stored(blank, email, role, partner, message):
    db, map_id, fac = blank
    with pytest.raises(InvalidInput, match=message):
        invitations.invite(db, map_id, email, role, partner, fac, base_url=BASE)
    assert invitations.open_invitations(db, map_id, fac) == []


def test_an_invitation_to_a_map_one_may_not_manage_is_refused(real_db):
    map_id, people = make_team(real_db)
    for key in ("ana", "ben", "mel", "vic", "nop", "out"):
        with pytest.raises(PermissionDenied):
            invitations.invite(real_db, map_id, "new@example.org", "editor", "moh", people[key], base_url=BASE)
        with pytest.raises(PermissionDenied):
            invitations.open_invitations(real_db, map_id, people[key])
    assert invitations.invite(real_db, map_id, "new@example.org", "editor", "moh", people["fac"], base_url=BASE).link


def test_the_invitation_is_emailed_when_a_mail_server_is_configured(blank):
    db, map_id, fac = blank
    with smtp_server() as (mailbox, port):
        sent = invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE,
                                  mailer=Mailer("127.0.0.1", port, tls=False, sender="toc@example.org"))
    assert sent.emailed
    message = mailbox.messages[0]
    assert (message["To"], message["From"]) == ("amina@ministry.example", "toc@example.org")
    assert "Blank" in message["Subject"] and "Fatou invites you" in message.get_content()
    assert mailbox.links("/invite/") == [sent.link]


def test_a_mail_server_that_cannot_be_reached_leaves_the_link_to_copy(blank):
    db, map_id, fac = blank
    with smtp_server() as (_, port):
        pass  # stopped: nothing listens there any more
    sent = invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE,
                              mailer=Mailer("127.0.0.1", port, tls=False, timeout=2))
    assert not sent.emailed and "copy the link" in sent.mail_problem and sent.link
    assert [i.email for i in invitations.open_invitations(db, map_id, fac)] == ["amina@ministry.example"]


def test_a_facilitator_keeps_a_workshop_guest_as_a_member(blank):
    db, map_id, fac = blank
    code = accounts.open_workshop(db, map_id, fac).code
    guest, _ = accounts.join_workshop(db, code, "Kofi", "iph")
    other, _ = accounts.join_workshop(db, code, "Esi", "iph")
    with pytest.raises(PermissionDenied):
        invitations.keep_guest(db, map_id, guest.id, accounts.author_of(other))
    invitations.keep_guest(db, map_id, guest.id, fac)
    with pytest.raises(InvalidInput, match="joined through a workshop"):
        invitations.keep_guest(db, map_id, fac.user_id, fac)
    accounts.close_workshop(db, map_id, fac)
    assert sorted(m.name for m in accounts.members(db, map_id, SYSTEM)) == ["Fatou", "Kofi"]


def test_an_invitation_reaches_someone_with_an_account_in_their_language(blank):
    from tocmap.services.account_admin import update_profile

    db, map_id, fac = blank
    amina = accounts.author_of(accounts.create_user(db, "amina@ministry.example", "Amina", PASSWORD))
    update_profile(db, amina, language="fr")
    with smtp_server() as (mailbox, port):
        invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE,
                           mailer=Mailer("127.0.0.1", port, tls=False, sender="toc@example.org"))
        invitations.invite(db, map_id, "new@ministry.example", "viewer", None, fac, base_url=BASE,
                           mailer=Mailer("127.0.0.1", port, tls=False, sender="toc@example.org"))
    french, english = mailbox.messages
    assert french["Subject"] == "Invitation à la carte « Blank » sur tocmap"
    assert "Fatou vous invite à travailler sur la carte « Blank » en tant que contributeur pour Ministry of Health" in \
        french.get_content()
    assert "Ouvrez ce lien pour accepter" in french.get_content()
    assert english["Subject"] == "Invitation to the map “Blank” on tocmap"  # no account yet: English
    assert "Fatou invites you to work on the map “Blank” as viewer." in english.get_content()


def test_someone_without_an_account_is_invited_in_their_partners_working_language_else_the_inviters(blank):
    from tocmap import i18n

    db, map_id, fac = blank
    partners.update_partner(db, map_id, "iph", {"language": "es"}, fac)
    with smtp_server() as (mailbox, port):
        mailer = Mailer("127.0.0.1", port, tls=False, sender="toc@example.org")
        invitations.invite(db, map_id, "luz@institute.example", "editor", "iph", fac, base_url=BASE, mailer=mailer)
        with i18n.using("fr"):  # the facilitator reads tocmap in French
            invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE,
                               mailer=mailer)
    spanish, french = mailbox.messages
    assert spanish["Subject"] == "Invitación al mapa “Blank” en tocmap"
    assert french["Subject"] == "Invitation à la carte « Blank » sur tocmap"


def test_a_mail_server_problem_is_said_in_words_never_as_a_python_class_name(blank):
    from tocmap import i18n

    db, map_id, fac = blank
    with smtp_server() as (_, port):
        pass  # stopped: nothing listens there any more
    with i18n.using("fr"):
        sent = invitations.invite(db, map_id, "amina@ministry.example", "editor", "moh", fac, base_url=BASE,
                                  mailer=Mailer("127.0.0.1", port, tls=False, timeout=2))
    assert "le serveur de messagerie est injoignable" in sent.mail_problem
    assert "Error" not in sent.mail_problem and "Refused" not in sent.mail_problem

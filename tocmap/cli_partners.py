"""``tocmap partners ...`` and ``tocmap invite ...``: the partnership from a terminal.

The commands change the partnership through the same services as the app, so each change is
a line in the map's history. They are added to the parser by :func:`tocmap.cli.build_parser`,
which hands over how to open the database and who the command line writes as.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable



def add_commands(command: Callable, common: argparse.ArgumentParser, map_id: Callable, open_database: Callable,
                 author: Callable) -> None:
    """Add ``partners`` and ``invite`` to the parser; ``command`` adds one top-level command."""

    def run(args: argparse.Namespace) -> int:
        return cmd_partners(args, open_database(args), author())

    partners = command("partners", lambda a: 0, "List and change a map's partners (each change is in its history).")
    actions = partners.add_subparsers(dest="partners_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=run)
        sub.add_argument("map_id", type=map_id)
        return sub

    action("list", "List the partners, current and former.").add_argument("--json", action="store_true")
    for name, help_text in (("add", "Add a partner."), ("edit", "Change a partner's name, colour, language...")):
        sub = action(name, help_text)
        if name == "add":
            sub.add_argument("name")
        else:
            sub.add_argument("partner", help="The partner's id (see `tocmap partners list`).")
            sub.add_argument("--name")
        sub.add_argument("--short-name")
        sub.add_argument("--colour", help="A colour such as #2b8a3e.")
        sub.add_argument("--language", help="The working language, e.g. fr.")
        sub.add_argument("--organisation", action="append", dest="organisations", metavar="NAME",
                         help="An organisation in this partner (repeat for each; for a group).")
    for name, help_text in (("retire", "Retire a partner nobody speaks for any more (its record stays)."),
                            ("reinstate", "Bring a retired partner back.")):
        action(name, help_text).add_argument("partner")
    merge = action("merge", "Merge a partner into another: its members move, its record stays.")
    merge.add_argument("partner")
    merge.add_argument("--into", required=True, help="The partner it merges into.")

    invite = command("invite", lambda args: cmd_invite(args, open_database(args), author()),
                     "Invite someone by email to a map: print the one-time link (and email it if SMTP is set).")
    invite.add_argument("map_id", type=map_id)
    invite.add_argument("email")
    invite.add_argument("--role", default="editor", help="facilitator, editor, mel_lead or viewer (default editor).")
    invite.add_argument("--partner", help="The partner id they speak for.")


def cmd_partners(args: argparse.Namespace, db, author) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import partners

    match args.partners_command:
        case "list":
            return _list(partners.partnership_of(db, args.map_id, author), args.json)
        case "add":
            applied = partners.add_partner(db, args.map_id, args.name, author, short_name=args.short_name or "",
                                           colour=args.colour, language=args.language or "",
                                           organisations=args.organisations or ())
        case "edit":
            fields = {k: v for k, v in (("name", args.name), ("short_name", args.short_name), ("colour", args.colour),
                                        ("language", args.language), ("organisations", args.organisations))
                      if v is not None}
            applied = partners.update_partner(db, args.map_id, args.partner, fields, author)
        case "retire":
            applied = partners.retire_partner(db, args.map_id, args.partner, author)
        case "reinstate":
            applied = partners.reinstate_partner(db, args.map_id, args.partner, author)
        case "merge":
            applied = partners.merge_partners(db, args.map_id, args.partner, args.into, author)
    print(f"Revision {applied.revision}: {applied.record.summary}")
    return 0


def cmd_invite(args: argparse.Namespace, db, author) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.adapters.mail import Mailer
    from tocmap.services import invitations
    from tocmap.settings import load_settings

    settings = load_settings(database_url=args.database)
    base = settings.base_url or f"http://{settings.host}:{settings.port}"
    sent = invitations.invite(db, args.map_id, args.email, args.role, args.partner, author, base_url=base,
                              mailer=Mailer.from_settings(settings))
    print(sent.link)
    note = f"emailed to {sent.email}" if sent.emailed else sent.mail_problem or "not emailed (no TOCMAP_SMTP_HOST)"
    print(f"Works once, until {sent.expires_at:%Y-%m-%d}; {note}.")
    return 0


def _list(partnership, as_json: bool) -> int:
    rows = [(p, "") for p in partnership.partners] + [
        (p, f"merged into {p.merged_into}" if p.merged_into else "retired") for p in partnership.former]
    if as_json:
        print(json.dumps([p.model_dump(mode="json", exclude_none=True) | {"status": status or "current"}
                          for p, status in rows], indent=2, ensure_ascii=False))
        return 0
    for p, status in rows:
        extra = [x for x in (p.short_name, p.language, ", ".join(p.organisations), status) if x]
        print(f"{p.id}\t{p.name}\t{p.colour}" + (f"\t{' · '.join(extra)}" if extra else ""))
    return 0

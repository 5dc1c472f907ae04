"""The ``tocmap`` command: serve the app and work with maps from a terminal.

Every command takes ``--database URL`` (else ``TOCMAP_DATABASE_URL``, else the SQLite
file in the data folder). Errors print one line starting with ``error:`` and exit 1;
nothing is half-written.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tocmap.domain.errors import TocmapError
from tocmap.domain.roles import Role
from tocmap.adapters import exchange as exchange_formats
from tocmap import cli_partners, i18n
from tocmap.settings import load_settings, setting

if TYPE_CHECKING:
    from tocmap.adapters.database import Database
    from tocmap.domain.model import SystemAuthor

FORMATS = exchange_formats.EXPORTS
FORMATS_BY_KEY = exchange_formats.FORMATS


def cli_author() -> "SystemAuthor":
    """The author of changes made from the command line."""
    from tocmap.domain.model import SystemAuthor  # the map model costs ~0.5 s: only commands that write load it
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "command line"
    return SystemAuthor(name=f"{name} (command line)"[:200])


def open_database(args: argparse.Namespace) -> "Database":
    """The database the command works on, upgraded to the current schema."""
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from sqlalchemy.exc import SQLAlchemyError
    from tocmap.adapters.database import Database
    from tocmap.adapters.migrate import upgrade
    from tocmap.adapters.notify import configure
    settings = load_settings(database_url=args.database)
    url = settings.database_url
    try:
        db = Database(url)
        db.limits = settings.limits
        configure(db, settings.redis_url)  # changes made here reach open maps through Redis when it is set
        upgrade(db)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise TocmapError(f"cannot open the database {url}: {reason}") from None
    return db


# --------------------------------------------------------------------------- commands


def cmd_serve(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import accounts
    from tocmap.services import maps
    from tocmap.server import serve  # Dash loads only when serving

    settings = load_settings(database_url=args.database, host=args.host, port=args.port)
    db = open_database(args)  # fail here, with one clear line, rather than in a worker
    if settings.load_example:
        maps.ensure_example(db)
    if settings.admin_email and settings.admin_password:
        accounts.ensure_admin(db, settings.admin_email, settings.admin_password)
    token = accounts.setup_token(db)
    db.dispose()
    if token:
        print(f"No administrator yet: open http://{settings.host}:{settings.port}/setup/{token} to create one "
              "(the link works once).", flush=True)
    serve(settings)
    return 0


def cmd_setup_link(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import accounts
    token = accounts.setup_token(open_database(args))
    if token is None:
        raise TocmapError("this tocmap has an administrator already; sign in, or add users with `tocmap users add`")
    print(f"/setup/{token}")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import accounts
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    user = accounts.create_user(open_database(args), args.email, args.name, password, is_admin=args.admin)
    print(f"Created {'administrator' if user.is_admin else 'user'} {user.id}: {user.name} <{user.email}>")
    return 0


def cmd_members_add(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import accounts
    from tocmap.services.access import SYSTEM
    member = accounts.set_member(open_database(args), args.map_id, args.email, args.role, args.partner, SYSTEM)
    print(f"{member.name} is now {member.role} of map {args.map_id}" + (f" for {member.partner}" if member.partner else ""))
    return 0


def cmd_maps(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import maps
    rows = maps.list_maps(open_database(args), include_archived=args.all, who=cli_author())
    if args.json:
        _print_json([
            {"id": m.id, "title": m.title, "revision": m.revision, "elements": m.element_count,
             "updated_at": m.updated_at.isoformat(), "archived": m.archived}
            for m in rows
        ])
        return 0
    if not rows:
        print("No maps yet. Create one with: tocmap new --template blank-theory-of-change --title 'Our map'")
        return 0
    _print_table(["id", "title", "revision", "elements"], [[m.id, m.title, m.revision, m.element_count] for m in rows])
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import maps
    rows = maps.list_templates()
    if args.json:
        _print_json([{"name": t.name, "title": t.title, "elements": t.elements} for t in rows])
    else:
        _print_table(["name", "title", "elements"], [[t.name, t.title, t.elements] for t in rows])
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import maps
    map_id = maps.create_map(open_database(args), args.title, cli_author(), template=args.template)
    print(f"Created map {map_id}: {args.title}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import exchange
    source = "standard input" if args.file == "-" else args.file
    data = _read(args.file)
    result = exchange.import_file(open_database(args), data, args.format, cli_author(), into=args.into,
                                  filename=None if args.file == "-" else Path(args.file).name,
                                  activity=args.activity, replace=args.replace)
    if result.created:
        print(f"Imported map {result.map_id} at revision {result.revision}: {result.title}")
    else:
        print(f"Imported {source} into map {result.map_id} as revision {result.revision}: {result.title}")
    for note in result.skipped:  # what was left out, changed or added on the way
        print(f"  note: {note}", file=sys.stderr)
    return 0


def _export_language(code: str | None) -> str:
    """The language asked for with --language (English by default); an error naming the ones there are."""
    offered = i18n.available()
    if code in (None, ""):
        return i18n.SOURCE
    if code not in offered:
        raise TocmapError(f"tocmap has no language '{code}'. Languages: {', '.join(offered)}.")
    return code


def cmd_export(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import exchange
    db = open_database(args)
    with i18n.using(_export_language(args.language)):  # the file's headings and report in that language
        exported = exchange.export_map(db, args.map_id, args.format, args.revision, args.snapshot,
                                       with_history=args.history, who=cli_author())
    data, filename = exported.data, exported.filename
    if args.output in (None, "-"):
        if FORMATS_BY_KEY[args.format].binary and sys.stdout.isatty():
            raise TocmapError(f"the {args.format} format is binary: write it to a file, e.g. -o {filename}")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write(Path(args.output), data)
        print(f"Wrote map {args.map_id} (revision {exported.revision}) to {args.output}", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import history
    entries = history.history(open_database(args), args.map_id, limit=args.limit, who=cli_author())
    if args.json:
        _print_json([
            {"revision": e.revision, "at": e.at.isoformat(), "user": e.author.name, "partner": e.author.partner,
             "summary": e.summary, "change": e.change.model_dump(mode="json", exclude_none=True)}
            for e in entries
        ])
        return 0
    _print_table(
        ["revision", "time (UTC)", "user", "partner", "summary"],
        [[e.revision, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.author.name, e.author.partner or "", e.summary] for e in entries],
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import history
    applied = history.restore(open_database(args), args.map_id, args.revision, cli_author())
    print(f"Restored revision {args.revision} of map {args.map_id} as revision {applied.revision}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import maps
    snapshot = maps.add_snapshot(open_database(args), args.map_id, args.name, cli_author(), args.revision, args.note)
    print(f"Named revision {snapshot.revision} of map {args.map_id} “{snapshot.name}”")
    return 0


#: Exit status of `tocmap check` when findings of the --fail-on severity (or worse) exist
#: (not 2: argparse exits with 2 on a usage error, and CI scripts must tell the two apart).
FINDINGS_EXIT = 3


def cmd_check(args: argparse.Namespace) -> int:
    # imported here, not at the top: SQLAlchemy and the services cost ~1 s, and `tocmap --help` needs neither
    from tocmap.services import checks as checking
    from tocmap.services.access import SYSTEM
    checked = checking.check_map(open_database(args), args.map_id, SYSTEM, args.revision)
    report = checked.report
    if args.json:
        _print_json({
            "map_id": checked.map_id, "title": checked.title, "revision": checked.revision,
            "map_type": checked.state.map_type, "counts": report.counts(), "seconds": report.seconds,
            "findings": [f.model_dump(mode="json") for f in report.findings],
            "loops": report.loops.model_dump(mode="json"),
        })
    else:
        counts = ", ".join(f"{n} {_SEVERITY_WORDS[s][n != 1]}" for s, n in report.counts().items())
        print(f"Map {checked.map_id} “{checked.title}”, revision {checked.revision}: {counts}")
        if checked.state.map_type == "systems_map":
            print("A systems map: the rules of results chains (impact, indicators, owners) are not applied.")
        for finding in report.findings:
            print(f"{finding.severity:<8} {finding.rule:<22} {finding.message}")
            if finding.hint:
                print(f"{'':<32}{finding.hint}")
        if report.loops.note:
            print(f"Feedback loops: {report.loops.note}.")
    return FINDINGS_EXIT if args.fail_on and report.fails(args.fail_on) else 0


_SEVERITY_WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}


# --------------------------------------------------------------------------- plumbing


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise TocmapError(f"cannot read {path}: {error.strerror or error}") from None


def _write(path: Path, text: str | bytes) -> None:
    """Write through a temporary file so a failed export never leaves half a file."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise TocmapError(f"cannot write {path}: {error.strerror or error}") from None


def _print_json(value) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _map_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a map id is a whole number (see `tocmap maps`), not {text!r}")
    return int(text)


def cmd_remind(args: argparse.Namespace) -> int:
    """Mail the reminders due (actions and indicator reports) that were not sent before; for cron."""
    import datetime as dt  # only this command reads a date
    from tocmap.services import reminders  # the services load only when a command needs them

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise TocmapError(f"--today is a date such as 2026-03-31, not {args.today!r}") from None
    settings = load_settings(database_url=args.database)
    sent = reminders.send_due(open_database(args), settings, today)
    if sent.waiting:
        print(f"{sent.waiting} reminders are due, but no mail server is set (TOCMAP_SMTP_HOST): they are in the "
              "app and the calendar feeds.")
    print(f"sent {sent.messages} messages with {sent.reminders} reminders; {sent.skipped} were sent before")
    for problem in sent.failed:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if sent.failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="tocmap", description="Collaborative theory-of-change maps.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help=setting("database_url").option_help)

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    serve = command("serve", cmd_serve, "Start the web app.")
    serve.add_argument("--host", help=setting("host").option_help)
    serve.add_argument("--port", type=int, help=setting("port").option_help)

    listing = command("maps", cmd_maps, "List maps: id, title, revision, number of elements.")
    listing.add_argument("--json", action="store_true", help="Print JSON.")
    listing.add_argument("--all", action="store_true", help="Include archived maps.")

    command("templates", cmd_templates, "List the templates in models/.").add_argument("--json", action="store_true")

    new = command("new", cmd_new, "Create a map from a template.")
    new.add_argument("--template", required=True, help="Template name (see `tocmap templates`).")
    new.add_argument("--title", required=True, help="Title of the new map.")

    importing = command("import", cmd_import, "Import a map from a file ('-' reads standard input).")
    importing.add_argument("file")
    importing.add_argument("--format", choices=exchange_formats.IMPORTS,
                           help="The file's format (default: guessed from its name and content).")
    importing.add_argument("--into", type=_map_id, metavar="MAP_ID",
                           help="Import into this map as one change in its history, instead of a new map.")
    importing.add_argument("--replace", action="store_true",
                           help="With --into: also remove what the file does not have.")
    importing.add_argument("--activity", metavar="IATI_ID", help="IATI: the activity whose results to import.")

    export = command("export", cmd_export, "Export a map ('-o -' or no -o writes standard output).")
    export.add_argument("map_id", type=_map_id)
    export.add_argument("--format", choices=exchange_formats.EXPORTS, default="json",
                        help="One of: " + ", ".join(exchange_formats.EXPORTS) + " (default json).")
    export.add_argument("-o", "--output", metavar="FILE")
    at = export.add_mutually_exclusive_group()
    at.add_argument("--revision", type=int, help="Export the map as it was at this revision.")
    at.add_argument("--snapshot", metavar="NAME", help="Export the revision a snapshot names.")
    export.add_argument("--history", action="store_true", help="Include the whole history.")
    export.add_argument("--language", metavar="CODE",
                        help="The language of the file's headings, labels and report, e.g. fr or es (default en).")

    log = command("history", cmd_history, "List a map's changes, newest first.")
    log.add_argument("map_id", type=_map_id)
    log.add_argument("--json", action="store_true")
    log.add_argument("--limit", type=int, help="Show only the newest N changes.")

    restore = command("restore", cmd_restore, "Restore an earlier revision, as a new change.")
    restore.add_argument("map_id", type=_map_id)
    restore.add_argument("--revision", type=int, required=True)

    command("setup-link", cmd_setup_link, "Print a one-time link that creates the first administrator.")

    users = command("users", lambda a: 0, "Manage accounts.")
    users_commands = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add_user = users_commands.add_parser("add", parents=[common], help="Create an account.")
    add_user.set_defaults(handler=cmd_users_add)
    add_user.add_argument("email")
    add_user.add_argument("--name", required=True)
    add_user.add_argument("--admin", action="store_true", help="Administer the whole instance.")
    add_user.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")

    member = command("members", lambda a: 0, "Manage who works on a map.")
    member_commands = member.add_subparsers(dest="members_command", required=True, metavar="ACTION")
    add_member = member_commands.add_parser("add", parents=[common], help="Give someone a role on a map.")
    add_member.set_defaults(handler=cmd_members_add)
    add_member.add_argument("map_id", type=_map_id)
    add_member.add_argument("email")
    add_member.add_argument("--role", required=True, choices=[r.value for r in Role])
    add_member.add_argument("--partner", help="The partner id they speak for.")
    cli_partners.add_commands(command, common, _map_id, open_database, cli_author)

    checking_ = command("check", cmd_check, "Check a map's logic: print findings (errors, warnings, notes).")
    checking_.add_argument("map_id", type=_map_id)
    checking_.add_argument("--json", action="store_true", help="Print JSON.")
    checking_.add_argument("--fail-on", choices=["error", "warning"],
                           help=f"Exit with {FINDINGS_EXIT} when there are findings of this severity or worse.")
    checking_.add_argument("--revision", type=int, help="Check the map as it was at this revision.")

    remind = command("remind", cmd_remind, "Mail the reminders due (actions, indicator reports) not sent before; "
                     "safe to run from cron on several machines at once.")
    remind.add_argument("--today", metavar="DATE", help="Act as if today were this date (YYYY-MM-DD).")

    snapshot = command("snapshot", cmd_snapshot, "Name a revision (the current one by default).")
    snapshot.add_argument("map_id", type=_map_id)
    snapshot.add_argument("name")
    snapshot.add_argument("--revision", type=int)
    snapshot.add_argument("--note", default="")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except TocmapError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())

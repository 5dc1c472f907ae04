"""Settings, declared once with their help text.

Each setting comes from a command-line flag, else its ``TOCMAP_...`` environment
variable, else its default. README's settings table lists every one of them (a test
checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from tocmap.domain.errors import InvalidInput
from tocmap.domain.limits import Limits


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/tocmap``, i.e. ``~/.local/share/tocmap`` on most systems."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "tocmap"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, default and help."""

    name: str
    env: str
    help: str
    default: str | None = None
    kind: type = str

    @property
    def option_help(self) -> str:
        """The help of the command-line option that overrides this setting."""
        default = f", default {self.default}" if self.default is not None else ""
        return f"{self.help} (env {self.env}{default})"


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "TOCMAP_DATA_DIR", "Folder for the embedded SQLite database.", None),
    Setting(
        "database_url", "TOCMAP_DATABASE_URL",
        "SQLAlchemy URL of the database, e.g. postgresql+psycopg://user@host/tocmap "
        "(default: the SQLite file tocmap.db in the data folder).",
    ),
    Setting("host", "TOCMAP_HOST", "Address `tocmap serve` listens on.", "127.0.0.1"),
    Setting("port", "TOCMAP_PORT", "Port `tocmap serve` listens on.", "8050", int),
    Setting("load_example", "TOCMAP_LOAD_EXAMPLE", "Load the worked example map into an empty database (1 or 0).", "1", bool),
    Setting("secret_key", "TOCMAP_SECRET_KEY",
            "Key that signs session cookies (default: one made on first start and kept in the database)."),
    Setting("admin_email", "TOCMAP_ADMIN_EMAIL", "Email of the administrator created on first start."),
    Setting("admin_password", "TOCMAP_ADMIN_PASSWORD",
            "Password of that administrator (at least 10 characters, hard to guess). Without both, `tocmap serve` prints a "
            "one-time set-up link instead."),
    Setting("secure_cookies", "TOCMAP_SECURE_COOKIES", "Send cookies over HTTPS only (1 behind HTTPS, 0 on plain HTTP).",
            "0", bool),
    Setting("base_url", "TOCMAP_BASE_URL",
            "Address people open tocmap at, e.g. https://toc.example.org, used in links sent by email and "
            "calendars (default: the address of the request, or http://HOST:PORT outside a request)."),
    Setting("smtp_host", "TOCMAP_SMTP_HOST",
            "Mail server for invitations, password resets and reminders (without it, links are shown to copy "
            "instead, and reminders are in the app and the calendar feed only)."),
    Setting("smtp_port", "TOCMAP_SMTP_PORT", "Port of the mail server.", "587", int),
    Setting("smtp_user", "TOCMAP_SMTP_USER", "User name on the mail server, if it needs one."),
    Setting("smtp_password", "TOCMAP_SMTP_PASSWORD", "Password on the mail server."),
    Setting("smtp_from", "TOCMAP_SMTP_FROM", "Sender address of tocmap's emails.", "tocmap@localhost"),
    Setting("smtp_tls", "TOCMAP_SMTP_TLS", "Use STARTTLS with the mail server (1 or 0).", "1", bool),
    Setting("redis_url", "TOCMAP_REDIS_URL",
            "Redis URL, e.g. redis://127.0.0.1:6379/0: server processes then tell each other about changes "
            "through Redis pub/sub (default: PostgreSQL LISTEN/NOTIFY, or in process on SQLite)."),
    Setting("session_idle_minutes", "TOCMAP_SESSION_IDLE_MINUTES",
            "Minutes without a request after which someone must sign in again (their session and \"stay "
            "signed in\" token both end).", "1440", int),
    Setting("session_max_hours", "TOCMAP_SESSION_MAX_HOURS",
            "Hours after signing in after which someone must sign in again, however active.", "336", int),
    Setting("join_code_hours", "TOCMAP_JOIN_CODE_HOURS",
            "Hours a workshop's join code works; the facilitator can renew it.", "12", int),
    Setting("limit_signin", "TOCMAP_LIMIT_SIGNIN",
            "Wrong sign-ins allowed per address and per account, e.g. 10/minute;30/hour (empty: no limit).",
            "10/minute;30/hour"),
    Setting("limit_join", "TOCMAP_LIMIT_JOIN",
            "Wrong workshop codes allowed per address (empty: no limit).", "20/minute;100/hour"),
    Setting("limit_links", "TOCMAP_LIMIT_LINKS",
            "Uses of set-up, invitation and password-reset links and forgotten-password requests allowed per "
            "address (empty: no limit).", "10/minute;50/hour"),
    Setting("limit_api", "TOCMAP_LIMIT_API", "API requests allowed per address (empty: no limit).", "600/minute"),
    Setting("max_elements", "TOCMAP_MAX_ELEMENTS", "Elements one map may hold.", "20000", int),
    Setting("max_links", "TOCMAP_MAX_LINKS", "Links one map may hold.", "50000", int),
    Setting("max_import_elements", "TOCMAP_MAX_IMPORT_ELEMENTS", "Elements one imported file may bring.", "20000", int),
    Setting("max_import_links", "TOCMAP_MAX_IMPORT_LINKS", "Links one imported file may bring.", "50000", int),
    Setting("max_upload_bytes", "TOCMAP_MAX_UPLOAD_BYTES",
            "Bytes of one uploaded or imported file (requests may carry it base64-encoded, a third larger).",
            str(20 * 1024 * 1024), int),
    Setting("max_json_depth", "TOCMAP_MAX_JSON_DEPTH", "How deeply arrays and objects may nest in an API request body.",
            "32", int),
    Setting("slow_request_ms", "TOCMAP_SLOW_REQUEST_MS",
            "A request that takes at least this many milliseconds is logged as slow (0: never).", "2000", int),
    Setting("refusals_kept", "TOCMAP_REFUSALS_KEPT",
            "How many of the most recent refused requests the database keeps for the administrators' page.",
            "1000", int),
    Setting("locales_dir", "TOCMAP_LOCALES_DIR",
            "A folder of further interface catalogues (<language>/LC_MESSAGES/*.po) to offer languages tocmap "
            "does not ship, or to extend those it does."),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one process."""

    data_dir: Path
    database_url: str
    host: str
    port: int
    load_example: bool
    secret_key: str | None = None
    admin_email: str | None = None
    admin_password: str | None = None
    secure_cookies: bool = False
    base_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "tocmap@localhost"
    smtp_tls: bool = True
    redis_url: str | None = None
    session_idle_minutes: int = 1440
    session_max_hours: int = 336
    join_code_hours: int = 12
    limit_signin: str = "10/minute;30/hour"
    limit_join: str = "20/minute;100/hour"
    limit_links: str = "10/minute;50/hour"
    limit_api: str = "600/minute"
    max_elements: int = 20_000
    max_links: int = 50_000
    max_import_elements: int = 20_000
    max_import_links: int = 50_000
    max_upload_bytes: int = 20 * 1024 * 1024
    max_json_depth: int = 32

    @property
    def limits(self) -> Limits:
        """The size limits the services apply (:mod:`tocmap.domain.limits`)."""
        return Limits(elements=self.max_elements, links=self.max_links, import_elements=self.max_import_elements,
                      import_links=self.max_import_links, upload_bytes=self.max_upload_bytes,
                      json_depth=self.max_json_depth)
    slow_request_ms: int = 2000
    refusals_kept: int = 1000
    locales_dir: str | None = None

    @property
    def site(self) -> str:
        """The address links in mail and calendars start with."""
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")


def setting(name: str) -> Setting:
    """The setting called ``name``."""
    return next(s for s in SETTINGS if s.name == name)


def load_settings(**overrides) -> Settings:
    """Settings from flags (``overrides``, None meaning "not given"), environment and defaults."""
    values = {}
    for setting in SETTINGS:
        raw = overrides.get(setting.name)
        if raw is None:
            raw = os.environ.get(setting.env, setting.default)
        values[setting.name] = _convert(setting, raw)
        if setting.name.startswith("max_") and values[setting.name] < 1:
            raise InvalidInput(f"{setting.env} must be at least 1, not {values[setting.name]}")
    data_dir = Path(values["data_dir"] or default_data_dir()).expanduser()
    values["data_dir"] = data_dir
    values["database_url"] = values["database_url"] or f"sqlite:///{data_dir / 'tocmap.db'}"
    return Settings(**{f.name: values[f.name] for f in fields(Settings)})


def _convert(setting: Setting, raw):
    if raw is None or setting.kind is str or not isinstance(raw, str):
        return raw
    if setting.kind is bool:
        return _yes_or_no(setting, raw)
    try:
        return setting.kind(raw)
    except ValueError:
        raise InvalidInput(f"{setting.env} must be a whole number, not {raw!r}") from None


_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off", "")


def _yes_or_no(setting: Setting, raw: str) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off``; anything else is refused, naming the variable.

    Examples
    --------
    >>> flag = Setting("secure_cookies", "TOCMAP_SECURE_COOKIES", "", "0", bool)
    >>> _yes_or_no(flag, "Yes"), _yes_or_no(flag, "0")
    (True, False)
    >>> _yes_or_no(flag, "maybe")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: TOCMAP_SECURE_COOKIES must be 1 or 0 (or true/false, yes/no, on/off), not 'maybe'
    """
    word = raw.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InvalidInput(f"{setting.env} must be 1 or 0 (or true/false, yes/no, on/off), not {raw!r}")

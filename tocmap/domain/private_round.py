"""Answer privately, reveal together: the rules the health check and the SWOT share.

A facilitator opens an exercise (a health-check round, a SWOT); members who speak for a
partner contribute privately while it is open; the facilitator reveals it once, and only
then does everyone see everything. One exercise of a kind is open at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import Author
from tocmap.i18n import _


class Revealable(Protocol):
    """An exercise: its title, and whether it was revealed."""

    title: str

    @property
    def revealed(self) -> bool: ...


class Private(Protocol):
    """One private contribution: an answer or a card, given for a partner."""

    partner: str


Item = TypeVar("Item", bound=Private)


@dataclass(frozen=True)
class PrivateRound:
    """How one kind of exercise says its refusals: whole sentences (marked with ``N_``), each translated where
    it is said, so a language can give the exercise its own gender and word order.

    >>> from tocmap.i18n import N_, using
    >>> ROUND = PrivateRound(
    ...     N_("The round “{title}” is still open; reveal it before starting another."),
    ...     N_("The round “{title}” was revealed; {consequence}."), N_("The round “{title}” was already revealed."),
    ...     N_("The round “{title}” has not been revealed yet."),
    ...     N_("Only members who speak for a partner answer the health check; ask a facilitator to name your partner."))
    >>> ROUND.one_open([])
    >>> ROUND.speaker(Author(name="Ana", partner="moh"))
    'moh'
    """

    other_open: str  #: another of the kind is still open: {title}
    closed: str  #: revealed, so a contribution is refused: {title}, {consequence}
    already_revealed: str  #: a second reveal: {title}
    not_revealed: str  #: results asked for before the reveal: {title}
    speakers_only: str  #: a member who speaks for no partner tried to contribute

    def one_open(self, existing: Iterable[Revealable]) -> None:
        """Refuse a new exercise while another of the same kind is still open."""
        for other in existing:
            if not other.revealed:
                raise InvalidInput(_(self.other_open, title=other.title))

    def still_open(self, exercise: Revealable, consequence: str) -> None:
        """Refuse a private contribution once revealed; ``consequence`` (marked with ``N_``) ends the message."""
        if exercise.revealed:
            raise InvalidInput(_(self.closed, title=exercise.title, consequence=_(consequence)))

    def not_yet_revealed(self, exercise: Revealable) -> None:
        """Refuse a second reveal."""
        if exercise.revealed:
            raise InvalidInput(_(self.already_revealed, title=exercise.title))

    def revealed(self, exercise: Revealable) -> None:
        """Refuse everyone the results before the reveal."""
        if not exercise.revealed:
            raise PermissionDenied(_(self.not_revealed, title=exercise.title))

    def speaker(self, author: Author, per_person: bool = False) -> str:
        """The partner an author contributes for; refused for a member who speaks for none.

        ``per_person``: contributions are kept per account, so an author without one is refused too.
        """
        if author.partner is None or (per_person and author.user_id is None):
            raise PermissionDenied(_(self.speakers_only))
        return author.partner


def visible(items: Iterable[Item], partners: set[str] | None) -> list[Item]:
    """The contributions of these partners (None: everyone's)."""
    return [item for item in items if partners is None or item.partner in partners]


def count_by_partner(items: Iterable[Private]) -> dict[str, int]:
    """How many contributions each partner made: numbers only, which anyone viewing may know."""
    return dict(Counter(item.partner for item in items))

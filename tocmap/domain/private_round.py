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
    """How one kind of exercise is named in its messages.

    >>> ROUND = PrivateRound("round", "start", "answer the health check")
    >>> ROUND.one_open([])
    >>> ROUND.speaker(Author(name="Ana", partner="moh"))
    'moh'
    """

    noun: str  #: "round", "SWOT"
    begin: str  #: the verb for opening the next one: "start", "open"
    contribute: str  #: what members do: "answer the health check"

    def one_open(self, existing: Iterable[Revealable]) -> None:
        """Refuse a new exercise while another of the same kind is still open."""
        for other in existing:
            if not other.revealed:
                raise InvalidInput(f"The {self.noun} “{other.title}” is still open; "
                                   f"reveal it before {self.begin}ing another.")

    def still_open(self, exercise: Revealable, consequence: str) -> None:
        """Refuse a private contribution once revealed; ``consequence`` ends the message."""
        if exercise.revealed:
            raise InvalidInput(_("The {noun} “{title}” was revealed; {consequence}.", noun=self.noun, title=exercise.title, consequence=consequence))

    def not_yet_revealed(self, exercise: Revealable) -> None:
        """Refuse a second reveal."""
        if exercise.revealed:
            raise InvalidInput(_("The {noun} “{title}” was already revealed.", noun=self.noun, title=exercise.title))

    def revealed(self, exercise: Revealable) -> None:
        """Refuse everyone the results before the reveal."""
        if not exercise.revealed:
            raise PermissionDenied(_("The {noun} “{title}” has not been revealed yet.", noun=self.noun, title=exercise.title))

    def speaker(self, author: Author, per_person: bool = False) -> str:
        """The partner an author contributes for; refused for a member who speaks for none.

        ``per_person``: contributions are kept per account, so an author without one is refused too.
        """
        if author.partner is None or (per_person and author.user_id is None):
            raise PermissionDenied(f"Only members who speak for a partner {self.contribute}; "
                                   "ask a facilitator to name your partner.")
        return author.partner


def visible(items: Iterable[Item], partners: set[str] | None) -> list[Item]:
    """The contributions of these partners (None: everyone's)."""
    return [item for item in items if partners is None or item.partner in partners]


def count_by_partner(items: Iterable[Private]) -> dict[str, int]:
    """How many contributions each partner made: numbers only, which anyone viewing may know."""
    return dict(Counter(item.partner for item in items))

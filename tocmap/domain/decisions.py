"""Decisions: what the partners decide, the rule it needs, who was consulted, and each partner's stand.

A decision is *taken* only when its rule is met:

- ``consensus``: every partner has stated a stand and none objects (standing aside is allowed);
- ``each_partner``: every partner has explicitly agreed;
- ``vote``: the share of partners who agree reaches the threshold (for example 2/3).

A member states a stand only for their own partner. Once taken, a decision is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from pydantic import Field

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, Strict, TranslatedTitles
from tocmap.i18n import N_, _, format_percent

Rule = Literal["consensus", "each_partner", "vote"]
RULE_TITLES = TranslatedTitles({"consensus": N_("Consensus of all partners (none objects)"),
                                "each_partner": N_("Each partner's agreement"),
                                "vote": N_("A vote with a threshold")})
Stand = Literal["agree", "object", "stand_aside"]
STAND_TITLES = TranslatedTitles({"agree": N_("Agrees"), "object": N_("Objects"), "stand_aside": N_("Stands aside")})


class Decision(Strict):
    """One decision of a map, with every partner's stand so far."""

    id: int
    map_id: int
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    rule: Rule
    threshold: float | None = Field(None, gt=0, le=1)
    consulted: str = Field("", max_length=LABEL_MAX * 2)
    stands: dict[str, Stand] = Field(default_factory=dict)
    created_at: dt.datetime
    created_by: str = ""
    taken_at: dt.datetime | None = None

    @property
    def taken(self) -> bool:
        return self.taken_at is not None

    @property
    def headline(self) -> str:
        """The first line, cut to a readable length."""
        first = self.text.splitlines()[0]
        return first if len(first) <= 80 else first[:79] + "…"


def checked_rule(rule: object, threshold: object) -> tuple[str, float | None]:
    """A rule and, for a vote, its threshold: a share above 0 and at most 1, or a percentage (``66.7``).

    Examples
    --------
    >>> checked_rule("vote", "2/3")
    ('vote', 0.6667)
    >>> checked_rule("vote", 75)
    ('vote', 0.75)
    >>> checked_rule("consensus", None)
    ('consensus', None)
    >>> checked_rule("vote", None)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A vote needs a threshold: the share of partners who must agree, such as 2/3 or 60%.
    """
    if rule not in RULE_TITLES:
        raise InvalidInput(_("A decision needs a rule: consensus of all partners, each partner's agreement, or a vote."))
    if rule != "vote":
        return rule, None
    share = _share(threshold)
    if share is None:
        raise InvalidInput(_("A vote needs a threshold: the share of partners who must agree, such as 2/3 or 60%."))
    return rule, share


def _share(raw: object) -> float | None:
    if isinstance(raw, bool) or raw in (None, ""):
        return None
    try:
        text = str(raw).strip().removesuffix("%").strip()
        value = float(Fraction(text)) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError):
        return None
    if 1 < value <= 100:
        value /= 100
    if not 0 < value <= 1:
        return None
    return round(value, 4)


def checked_text(text: object) -> str:
    """What was decided: 1 to :data:`TEXT_MAX` characters."""
    if not isinstance(text, str) or not text.strip() or len(text) > TEXT_MAX:
        raise InvalidInput(_("Say what is to be decided in 1 to {text_max} characters.", text_max=TEXT_MAX))
    return text.strip()


def checked_consulted(consulted: object) -> str:
    """Who was consulted, as free text (may be empty)."""
    if consulted is None:
        return ""
    if not isinstance(consulted, str) or len(consulted) > LABEL_MAX * 2:
        raise InvalidInput(_("Say who was consulted in at most {limit} characters.", limit=LABEL_MAX * 2))
    return " ".join(consulted.split())


def rule_met(rule: str, threshold: float | None, stands: Mapping[str, str], partners: Iterable[str]) -> bool:
    """Whether the partners' stands meet the rule.

    Examples
    --------
    >>> both = ["moh", "iph"]
    >>> rule_met("each_partner", None, {"moh": "agree"}, both)
    False
    >>> rule_met("each_partner", None, {"moh": "agree", "iph": "agree"}, both)
    True
    >>> rule_met("consensus", None, {"moh": "agree", "iph": "stand_aside"}, both)
    True
    >>> rule_met("consensus", None, {"moh": "agree", "iph": "object"}, both)
    False
    >>> rule_met("vote", 0.6, {"a": "agree", "b": "agree", "c": "object"}, ["a", "b", "c"])
    True
    >>> rule_met("vote", 0.7, {"a": "agree", "b": "agree", "c": "object"}, ["a", "b", "c"])
    False
    """
    partners = list(partners)
    if not partners:
        return False
    said = [stands.get(p) for p in partners]
    if rule == "each_partner":
        return all(s == "agree" for s in said)
    if rule == "consensus":
        return all(s is not None for s in said) and "object" not in said and "agree" in said
    agreeing = sum(1 for s in said if s == "agree")
    return threshold is not None and agreeing / len(partners) >= threshold - 1e-9


def with_stand(decision: Decision, partner: str | None, stand: object, partners: Iterable[str]) -> dict[str, str]:
    """The stands after ``partner`` states ``stand`` (``None`` or ``"withdraw"`` takes it back).

    Refused for someone who speaks for no partner, and once the decision is taken.

    Examples
    --------
    >>> d = Decision(id=1, map_id=1, text="Share data monthly", rule="each_partner",
    ...              created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    >>> with_stand(d, "moh", "agree", ["moh", "iph"])
    {'moh': 'agree'}
    >>> with_stand(d, None, "agree", ["moh", "iph"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.PermissionDenied: Only members who speak for a partner state a stand, and only for their own partner.
    """
    if partner is None or partner not in set(partners):
        raise PermissionDenied(_("Only members who speak for a partner state a stand, and only for their own partner."))
    if decision.taken:
        raise InvalidInput(_("This decision was taken; stands can no longer change."))
    stands = dict(decision.stands)
    if stand in (None, "", "withdraw"):
        if partner not in stands:
            raise InvalidInput(_("Your partner has no stand on this decision to withdraw; nothing to record."))
        stands.pop(partner, None)
    elif stand in STAND_TITLES:
        if stands.get(partner) == stand:
            raise InvalidInput(_("Your partner's stand on this decision is already that; nothing to record."))
        stands[partner] = stand
    else:
        raise InvalidInput(_("A partner agrees, objects or stands aside."))
    return stands


def rule_sentence(decision: Decision) -> str:
    """The rule in words.

    Examples
    --------
    >>> rule_sentence(Decision(id=1, map_id=1, text="x", rule="vote", threshold=0.6667,
    ...                        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    'A vote: at least 67% of partners agree'
    """
    if decision.rule == "vote":
        return _("A vote: at least {share} of partners agree", share=format_percent(round(decision.threshold, 2)))
    return RULE_TITLES[decision.rule]


def waiting_for(decision: Decision, partners: Iterable[str]) -> list[str]:
    """Partners who have not stated a stand yet.

    Examples
    --------
    >>> waiting_for(Decision(id=1, map_id=1, text="x", rule="consensus", stands={"moh": "agree"},
    ...                      created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), ["moh", "iph"])
    ['iph']
    """
    return [p for p in partners if p not in decision.stands]


@dataclass(frozen=True)
class DecisionPower:
    """Who decides: of the decisions taken, how many carry each partner's agreement.

    Why agreement on *taken* decisions, and not who proposed them: putting a question on the
    table is not deciding it, and an open decision has decided nothing yet. A decision taken
    with a partner's "agree" is one that partner decided; one taken while it objected (a vote)
    or stood aside (consensus) was decided without it. So a partner outvoted or always standing
    aside shows a smaller share, and partners deciding everything together show equal shares,
    which is what partners need to see about decision power. Like the other shares, the
    agreements are split between the partners to 100 %.
    """

    agreed: dict[str, int]  #: per partner, every partner listed: taken decisions carrying its agreement
    taken: int  #: decisions taken
    open: int  #: decisions not taken yet

    @property
    def label(self) -> str:
        """How the row is named: "Decides (4 taken decisions)" ... or that none is taken yet."""
        if not self.taken:
            return f"Decides (no decision taken yet, {self.open} open)"
        return f"Decides ({self.taken} taken decision{'' if self.taken == 1 else 's'})"

    def share(self, partner: str) -> float:
        """The partner's fraction of all agreements carried by taken decisions, 0 to 1."""
        total = sum(self.agreed.values())
        return self.agreed.get(partner, 0) / total if total else 0.0

    def shown(self, partner: str) -> str:
        """What stands behind the share: "agreed 3 of 4", or "none taken yet"."""
        return (_("agreed {n} of {taken}", n=self.agreed.get(partner, 0), taken=self.taken) if self.taken
                else _("none taken yet"))


def decision_power(decisions: Iterable[Decision], partners: list[str], until: dt.datetime | None = None
                   ) -> DecisionPower | None:
    """Who decides, over a map's decisions (None when it has none; ``until``: as things stood then).

    Examples
    --------
    >>> day = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> def d(stands, taken=True):
    ...     return Decision(id=1, map_id=1, text="x", rule="vote", threshold=0.5, stands=stands,
    ...                     created_at=day, taken_at=day if taken else None)
    >>> power = decision_power([d({"moh": "agree", "iph": "object"}), d({"moh": "agree", "iph": "agree"}),
    ...                         d({"iph": "agree"}, taken=False)], ["moh", "iph"])
    >>> power.agreed, power.taken, power.open, round(power.share("moh"), 2), power.shown("iph")
    ({'moh': 2, 'iph': 1}, 2, 1, 0.67, 'agreed 1 of 2')
    >>> power.label
    'Decides (2 taken decisions)'
    >>> decision_power([], ["moh", "iph"]) is None
    True
    """
    agreed = {p: 0 for p in partners}
    taken = still_open = 0
    for decision in decisions:
        if until is not None and decision.created_at > until:
            continue
        if decision.taken_at is None or (until is not None and decision.taken_at > until):
            still_open += 1
            continue
        taken += 1
        for partner, stand in decision.stands.items():
            if stand == "agree" and partner in agreed:
                agreed[partner] += 1
    if not taken and not still_open:
        return None
    return DecisionPower(agreed, taken, still_open)

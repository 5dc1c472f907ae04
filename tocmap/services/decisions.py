"""Decisions: proposed with a rule, each partner's stand, taken only when the rule is met.

Members who record learning (editors, MEL leads, facilitators) propose decisions; a member
who speaks for a partner states that partner's stand, and only that partner's. The moment
the stands meet the rule, the decision is taken, in the same transaction. Proposing,
each stand and the taking are lines in the map's history.
"""

from __future__ import annotations

from tocmap.domain import decisions as dc
from tocmap.domain.access import Permission
from tocmap.domain.changes import Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import NotFound
from tocmap.domain.model import Author
from tocmap.i18n import _
from tocmap.services import history
from tocmap.services.access import authorize
from tocmap.services.ports import Storage


def propose(db: Storage, map_id: int, *, text: object, rule: object, who: Author, threshold: object = None,
            consulted: object = "") -> dc.Decision:
    """Put a decision to the partners under a rule (a vote needs a threshold)."""
    text = dc.checked_text(text)
    rule, share = dc.checked_rule(rule, threshold)
    consulted = dc.checked_consulted(consulted)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        decision_id = store.add_decision(map_id, text, rule, share, consulted, now_ms(), author.name)
        decision = store.decision(map_id, decision_id)
        history.append(store, info, Note(text=f"Decision proposed ({dc.rule_sentence(decision).lower()}): "
                                              f"{decision.headline}"[:300],
                                         about={"kind": "decision", "id": decision_id, "event": "proposed"}),
                       author, None)
        return decision


def state_stand(db: Storage, map_id: int, decision_id: object, stand: object, who: Author) -> dc.Decision:
    """State (or withdraw, with ``"withdraw"``) the caller's partner's stand; take the decision when its rule is met."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.AGREE)
        number = int(decision_id) if str(decision_id).isdigit() and len(str(decision_id)) <= 12 else None
        if number is None:
            raise NotFound(_("Map {map} has no decision {number}.", map=map_id, number=str(decision_id)[:20]))
        decision = store.decision(map_id, number)
        partners = [p.id for p in store.partnership(info.partnership_id).partners]
        stands = dc.with_stand(decision, author.partner, stand, partners)
        taken = dc.rule_met(decision.rule, decision.threshold, stands, partners)
        store.set_stands(decision.id, stands, now_ms() if taken else None)
        said = (dc.STAND_TITLES.source(stands[author.partner]) if stands.get(author.partner) in dc.STAND_TITLES
                else "Withdrew its stand")
        line = f"{said} ({author.partner}) on the decision: {decision.headline}"
        history.append(store, info, Note(text=line[:300], about={"kind": "decision", "id": decision.id,
                                                                 "event": "stand"}), author, None)
        if taken:
            history.append(store, store.map(map_id), Note(
                text=f"Decision taken: {decision.headline}"[:300],
                about={"kind": "decision", "id": decision.id, "event": "taken"}), author, None)
        return store.decision(map_id, decision.id)


def decisions(db: Storage, map_id: int, who: Author) -> list[dc.Decision]:
    """A map's decisions, newest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.decisions(map_id)

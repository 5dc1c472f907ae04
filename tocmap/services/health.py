"""The partnership health check: start a round, answer privately, reveal, see the results.

Who may do what: facilitators start and reveal rounds (manage permission); members who
speak for a partner answer (comment permission), and independent assessors answer for none,
their answers kept apart from the partners' means; anyone on the map may comment anonymously; anyone who may view the map sees a
round's results once it is revealed. Before reveal a round's answers are visible only to
the facilitators and to the members of the partner that gave them.

Rounds are part of the map's history: starting and revealing one records a ``note``
change (it changes nothing on the map) in the same transaction; an outcome or other
element made from a gap is an ordinary change whose history line names the round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from tocmap.adapters.notify import announce
from tocmap.domain import health as hc
from tocmap.domain.access import Permission
from tocmap.domain.changes import AddElement, Batch, Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import (
    LABEL_MAX,
    Author,
    Element,
    ElementKind,
    Partnership,
    new_id,
)
from tocmap.domain.private_round import count_by_partner, visible
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _, format_number, ngettext, sentence
from tocmap.services import history
from tocmap.services.access import (
    authorize,
    authorize_change,
    may,
    private_until_reveal,
)
from tocmap.services.files import Exported
from tocmap.services.ports import Repositories, Storage


def default_dimensions() -> list[hc.Dimension]:
    """The dimensions a facilitator chooses from."""
    return list(hc.DEFAULT_DIMENSIONS)



def may_manage(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may start and reveal rounds on this map (a facilitator or an administrator)."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.MANAGE)


def _title(title: object) -> str:
    title = " ".join(title.split()) if isinstance(title, str) else ""
    if not title or len(title) > LABEL_MAX:
        raise InvalidInput(_("A round needs a name of 1 to {most} characters, such as “March workshop”.", most=LABEL_MAX))
    return title


def start_round(db: Storage, map_id: int, title: str, dimension_keys: list[str], who: Author,
                custom: list[dict] | tuple = ()) -> hc.Round:
    """Start a round with dimensions chosen from the default set and the facilitator's own (``custom``).

    ``custom`` holds ``{"title", "statement", "points", "scale_min"}`` dicts (see
    :func:`tocmap.domain.health.custom_dimension`). One round is open at a time: the open
    one is revealed before the next starts. The start is recorded in the map's history.
    """
    title = _title(title)
    dimensions = hc.round_dimensions(dimension_keys, custom)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        hc.ROUND.one_open(store.health_rounds(map_id))
        round_id = store.add_round(map_id, title, dimensions, now_ms(), author.user_id, author.name)
        _note(store, info, author, ngettext("Started the health check round “{title}” ({n} dimension)",
                                            "Started the health check round “{title}” ({n} dimensions)",
                                            len(dimensions), title=title),
              round_id, "started")
        return store.health_round(map_id, round_id)


def _note(store: Repositories, info, author: Author, text: str, round_id: int, event: str) -> None:
    """Record a health check event in the map's history (inside the caller's transaction)."""
    announce(store, info.id, "tallies")  # a round opened or closed: open copies' counts follow
    history.append(store, info, Note(text=text[:300], about={"kind": "health_round", "id": round_id,
                                                             "event": event}), author, None)


def rounds(db: Storage, map_id: int, who: Author) -> list[hc.Round]:
    """A map's rounds, oldest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.health_rounds(map_id)


def answer(db: Storage, map_id: int, round_id: int, scores: object, comments: object, who: Author,
           partner: str | None = None) -> hc.Answer:
    """Save someone's answer (replacing their earlier one) while the round is open.

    A member answers for their own partner; an independent assessor for none, and their
    answer stands apart. ``partner``, when given, must be the one the member speaks for.
    """
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        round_ = store.health_round(map_id, round_id)
        hc.ROUND.still_open(round_, N_("answers can no longer change"))
        assessor = _is_assessor(store, map_id, author)
        if assessor and partner:
            raise InvalidInput(_("An independent assessor answers for no partner: the answer stands beside the "
                                 "partners' and is never mixed into their means."))
        if not assessor:
            speaks_for = hc.ROUND.speaker(author, per_person=True)
            if partner and partner != speaks_for:
                raise PermissionDenied(_("You answer for your own partner only."))
        clean_scores, clean_comments = hc.checked_answer(round_.dimensions, scores, comments)
        saved = hc.Answer(round_id=round_id, user_id=author.user_id, user_name=author.name,
                          partner=None if assessor else speaks_for, assessor=assessor,
                          scores=clean_scores, comments=clean_comments)
        store.save_health_answer(saved, now_ms())
        announce(store, map_id, "tallies")  # the count of answers, never the answer, reaches open copies
        return store.health_answer(round_id, author.user_id)


def _is_assessor(store: Repositories, map_id: int, author: Author) -> bool:
    member = store.membership(map_id, author.user_id) if author.user_id is not None else None
    return member is not None and member.role == Role.ASSESSOR.value


def is_assessor(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone is an independent assessor on this map."""
    with db.store() as store:
        store.map(map_id)
        return _is_assessor(store, map_id, authorize(store, map_id, who, Permission.VIEW))


def my_answer(db: Storage, map_id: int, round_id: int, who: Author) -> hc.Answer | None:
    """Someone's own answer in a round, to edit it."""
    with db.store() as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.VIEW)
        store.health_round(map_id, round_id)
        return store.health_answer(round_id, author.user_id) if author.user_id is not None else None


def answers(db: Storage, map_id: int, round_id: int, who: Author) -> list[hc.Answer]:
    """The answers someone may see (see :func:`~tocmap.services.access.private_until_reveal`)."""
    with db.store() as store:
        store.map(map_id)
        partners = private_until_reveal(store, map_id, who, store.health_round(map_id, round_id).revealed)
        return visible(store.health_answers(round_id), partners)


def assessor_answers(db: Storage, map_id: int, round_id: int, who: Author) -> list[hc.Answer]:
    """The independent assessors' answers someone may see: all after the reveal; before it, the facilitators
    see them all and an assessor their own."""
    with db.store() as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.VIEW)
        round_ = store.health_round(map_id, round_id)
        found = store.assessor_answers(round_id)
        if round_.revealed or may(store, map_id, who, Permission.MANAGE):
            return found
        return [a for a in found if a.user_id is not None and a.user_id == author.user_id]


def answered_count(db: Storage, map_id: int, round_id: int, who: Author) -> dict[str, int]:
    """How many members of each partner have answered (numbers only, so anyone viewing may know)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        store.health_round(map_id, round_id)
        return count_by_partner(store.health_answers(round_id))


def reveal(db: Storage, map_id: int, round_id: int, who: Author) -> hc.Round:
    """Show every answer of a round to everyone on the map (a facilitator's job); final; recorded in the history."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        round_ = store.health_round(map_id, round_id)
        hc.ROUND.not_yet_revealed(round_)
        count = len(store.health_answers(round_id)) + len(store.assessor_answers(round_id))
        if not count:
            raise InvalidInput(_("Nobody has answered yet; reveal the round once partners have answered."))
        store.reveal_round(round_id, now_ms(), author.user_id, author.name)
        _note(store, info, author, ngettext("Revealed the health check round “{title}” ({n} answer)",
                                            "Revealed the health check round “{title}” ({n} answers)", count,
                                            title=round_.title),
              round_id, "revealed")
        return store.health_round(map_id, round_id)


@dataclass(frozen=True)
class Results:
    """A revealed round: answers, each partner's means, and the gaps, largest first.

    Beside them, never mixed in: the independent assessors' answers and means, the "don't
    know" and "not applicable" counts, the spread inside each partner, and anonymous comments.
    """

    round: hc.Round
    answers: list[hc.Answer]
    means: dict[str, dict[str, float]]
    gaps: list[hc.Gap]
    assessors: list[hc.Answer] = field(default_factory=list)
    assessor_means: dict[str, float] = field(default_factory=dict)
    not_scored: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    spreads: dict[str, dict[str, hc.Spread]] = field(default_factory=dict)
    anonymous: list[hc.AnonymousComment] = field(default_factory=list)


def results(db: Storage, map_id: int, round_id: int, who: Author) -> Results:
    """The results of a revealed round (refused before reveal, for everyone)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        round_ = store.health_round(map_id, round_id)
        hc.ROUND.revealed(round_)
        found = store.health_answers(round_id)
        assessors = store.assessor_answers(round_id)
        anonymous = store.anonymous_comments(round_id)
    dims = round_.dimensions
    means = hc.partner_means(dims, found)
    return Results(round_, found, means, hc.gaps(dims, means), assessors, hc.assessor_means(dims, assessors),
                   hc.not_scored(dims, found + assessors), hc.spreads(dims, found), anonymous)


def trend(db: Storage, map_id: int, who: Author) -> list[hc.TrendPoint]:
    """Each partner's overall mean in every revealed round, oldest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        revealed = [(r, store.health_answers(r.id)) for r in store.health_rounds(map_id) if r.revealed]
    return hc.trend(revealed)


def latest_results(db: Storage, map_id: int, who: Author, until: dt.datetime | None = None) -> Results | None:
    """The results of the most recently revealed round, or of the last one revealed by ``until`` (None if none)."""
    revealed = [r for r in rounds(db, map_id, who) if r.revealed and (until is None or r.revealed_at <= until)]
    if not revealed:
        return None
    latest = max(revealed, key=lambda r: (r.revealed_at, r.id))
    found = results(db, map_id, latest.id, who)
    if until is None:
        return found
    then = found.round.model_copy(update={"actions": [a for a in found.round.actions if a.at <= until]})
    return replace(found, round=then)


@dataclass(frozen=True)
class Since:
    """How each partner's means moved from the previous revealed round to this one."""

    previous: hc.Round
    changes: list[hc.ScoreChange]


def change_since_previous(db: Storage, map_id: int, round_id: int, who: Author) -> Since | None:
    """Per dimension, each partner's change of mean since the previous revealed round (None for the first)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        all_rounds = store.health_rounds(map_id)
        round_ = store.health_round(map_id, round_id)
        if not round_.revealed:
            raise PermissionDenied(_("The round “{title}” has not been revealed yet.", title=round_.title))
        previous = hc.previous_revealed(all_rounds, round_id)
        if previous is None:
            return None
        now_means = hc.partner_means(round_.dimensions, store.health_answers(round_id))
        then_means = hc.partner_means(previous.dimensions, store.health_answers(previous.id))
    return Since(previous, hc.changes_between(previous, then_means, round_, now_means))


# --------------------------------------------------------------------------- anonymous comments, diagnosis


def comment_anonymously(db: Storage, map_id: int, round_id: int, dimension: object, text: object,
                        who: Author) -> None:
    """Add a comment that names nobody while the round is open (anyone on the map who may comment).

    Nothing stored says who wrote it or when, and it is not a line in the history (which
    names its author); everyone reads it after the reveal, in an order that is not the order written.
    """
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        authorize(store, map_id, who, Permission.COMMENT)
        round_ = store.health_round(map_id, round_id)
        hc.ROUND.still_open(round_, N_("anonymous comments can no longer be added"))
        comment = hc.checked_anonymous(round_.dimensions, dimension, text)
        store.add_anonymous_comment(comment.model_copy(update={"round_id": round_id}))


def anonymous_count(db: Storage, map_id: int, round_id: int, who: Author) -> int:
    """How many anonymous comments a round has: a number, never who."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        store.health_round(map_id, round_id)
        return store.anonymous_count(round_id)


def write_diagnosis(db: Storage, map_id: int, round_id: int, text: object, who: Author) -> hc.Round:
    """Write (or rewrite) what the partners make of a revealed round (a facilitator's pen).

    A changed text needs every partner's agreement again. Recorded in the map's history.
    """
    clean = hc.checked_diagnosis(text)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        round_ = store.health_round(map_id, round_id)
        if not round_.revealed:
            raise InvalidInput(_("The round “{title}” is not revealed yet; write its diagnosis after the reveal.", title=round_.title))
        if clean == round_.diagnosis.text:
            return round_
        store.set_diagnosis(round_id, hc.Diagnosis(text=clean, by=author.name, at=dt.datetime.now(dt.UTC)))
        _note(store, info, author, _("Wrote the diagnosis of the health check round “{title}”", title=round_.title), round_id,
              "diagnosed")
        return store.health_round(map_id, round_id)


def agree_diagnosis(db: Storage, map_id: int, round_id: int, how: str, who: Author) -> hc.Round:
    """Agree (``how="agree"``) or withdraw agreement with a round's diagnosis, for one's own partner."""
    if how not in ("agree", "withdraw"):
        raise InvalidInput(_("A partner agrees a diagnosis or withdraws, not {how}.", how=repr(str(how)[:20])))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.AGREE)
        if author.partner is None:
            raise PermissionDenied(_("Only members who speak for a partner agree on its behalf."))
        round_ = store.health_round(map_id, round_id)
        diagnosis = round_.diagnosis
        if not diagnosis.text:
            raise InvalidInput(_("The round “{title}” has no diagnosis yet to agree.", title=round_.title))
        if (author.partner in diagnosis.agreed_by) == (how == "agree"):
            raise InvalidInput(_("Your partner already agrees with this diagnosis; nothing to record.") if how == "agree"
                               else _("Your partner has not agreed this diagnosis; there is nothing to withdraw."))
        agreed = [p for p in diagnosis.agreed_by if p != author.partner] + ([author.partner] if how == "agree" else [])
        store.set_diagnosis(round_id, diagnosis.model_copy(update={"agreed_by": sorted(agreed)}))
        said = (_("Agreed the diagnosis of the health check round “{title}”", title=round_.title) if how == "agree"
                else _("Withdrew agreement with the diagnosis of the health check round “{title}”", title=round_.title))
        _note(store, info, author, said, round_id,
              "diagnosis " + how)
        return store.health_round(map_id, round_id)


# --------------------------------------------------------------------------- insight into action

#: Element kinds a gap can become on the map.
ACTION_KINDS = (ElementKind.OUTCOME, ElementKind.INTERVENTION, ElementKind.ASSUMPTION, ElementKind.OUTPUT)
_NAME_THE_NEW = {
    ElementKind.OUTCOME: N_("Name the new outcome in 1 to {most} characters, such as “A named joint goal”."),
    ElementKind.INTERVENTION: N_("Name the new intervention in 1 to {most} characters, such as “A named joint goal”."),
    ElementKind.ASSUMPTION: N_("Name the new assumption in 1 to {most} characters, such as “A named joint goal”."),
    ElementKind.OUTPUT: N_("Name the new output in 1 to {most} characters, such as “A named joint goal”."),
}


def _gap_line(round_: hc.Round, dimension: hc.Dimension | None, answers: list[hc.Answer],
              partnership: Partnership | None) -> str:
    """One sentence naming the round and the gap that prompted an action."""
    line = _("From the partnership health check round “{title}” (#{id})", title=round_.title, id=round_.id)
    if dimension is None:
        return sentence(line)
    names = {p.id: p.short_name or p.name for p in partnership.everyone} if partnership else {}
    gap = next((g for g in hc.gaps(round_.dimensions, hc.partner_means(round_.dimensions, answers))
                if g.key == dimension.key), None)
    if gap is None or not gap.means:
        return _("{line}, on {dimension}.", line=line, dimension=dimension.title)
    means = ", ".join(f"{names.get(p, p)} {format_number(m, 1)}" for p, m in gap.means.items())
    return _("{line}: a gap of {gap} on {dimension} ({means}).", line=line, gap=format_number(gap.gap, 1),
             dimension=dimension.title, means=means)


def _acting_on(store: Repositories, map_id: int, round_id: int, dimension_key: str | None) -> tuple:
    round_ = store.health_round(map_id, round_id)
    if not round_.revealed:
        raise InvalidInput(_("The round “{title}” is not revealed yet; act on its results after the reveal.", title=round_.title))
    if len(round_.actions) >= hc.ACTIONS_MAX:
        raise InvalidInput(_("The round “{title}” already has {most} actions.", title=round_.title, most=hc.ACTIONS_MAX))
    dimension = None
    if dimension_key not in (None, ""):
        dimension = round_.dimension(dimension_key) if isinstance(dimension_key, str) else None
        if dimension is None:
            raise InvalidInput(_("The round “{title}” has no dimension {key}.", title=round_.title,
                                 key=repr(str(dimension_key)[:50])))
    return round_, dimension


def _placed_near(state, kind: ElementKind) -> tuple[float | None, float | None]:
    """Right of the rightmost element of the same kind, so the new one lands beside its peers."""
    peers = [e for e in state.elements.values() if e.kind == kind and e.x is not None and e.y is not None]
    if not peers:
        return None, None
    rightmost = max(peers, key=lambda e: e.x)
    placed = [(e.x, e.y) for e in state.elements.values() if e.x is not None and e.y is not None]
    x, y = rightmost.x + 240.0, rightmost.y
    for _step in range(50):  # step right, then down, until no other element is in the way
        if not any(abs(x - ox) < 220 and abs(y - oy) < 110 for ox, oy in placed):
            break
        x += 240.0
    return min(x, 1e6), y


def add_element_from_gap(db: Storage, map_id: int, round_id: int, dimension_key: str | None, kind: object,
                         label: object, who: Author) -> tuple[hc.Action, int]:
    """Turn an insight into a map element (for example an outcome "A named joint goal"), linked to the round.

    The element carries the tag ``health-round-<id>`` and a description naming the round and
    the gap; the round records the action. Needs permission to edit the map. Returns the
    action and the new revision.
    """
    try:
        kind = ElementKind(kind)
    except ValueError:
        raise InvalidInput(_("An element made from a gap is one of: {kinds}.",
                             kinds=", ".join(k.value for k in ACTION_KINDS))) from None
    if kind not in ACTION_KINDS:
        raise InvalidInput(_("An element made from a gap is one of: {kinds}.", kinds=", ".join(k.value for k in ACTION_KINDS)))
    label = " ".join(label.split()) if isinstance(label, str) else ""
    if not label or len(label) > LABEL_MAX:
        raise InvalidInput(_(_NAME_THE_NEW[kind], most=LABEL_MAX))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        round_, dimension = _acting_on(store, map_id, round_id, dimension_key)
        state = history.state_at(store, map_id, info=info)
        partnership = store.partnership(info.partnership_id)
        x, y = _placed_near(state, kind)
        probe = AddElement(element=Element(id="probe", kind=kind, label=label))
        author = authorize_change(store, map_id, who, probe)
        element = Element(
            id=new_id("el"), kind=kind, label=label,
            description=_gap_line(round_, dimension, store.health_answers(round_id), partnership),
            tags=[hc.element_tag(round_id)], owner=author.partner, proposed_by=author.partner, x=x, y=y,
            assumption_status="untested" if kind == ElementKind.ASSUMPTION else None,
        )
        values = {"kind": kind.title.lower(), "label": label, "round": round_.title}
        reason = (_("Added {kind} “{label}” from the health check round “{round}” (gap on {dimension})",
                    dimension=dimension.title, **values) if dimension else
                  _("Added {kind} “{label}” from the health check round “{round}”", **values))
        change = Batch(ops=[AddElement(element=element)], reason=reason[:500])
        applied = history.append(store, info, change, author, None)
        action = hc.Action(kind="element", ref=element.id, label=label, dimension=dimension.key if dimension else None,
                           at=dt.datetime.now(dt.UTC), by=author.name)
        store.add_round_action(round_id, action)
        return action, applied.revision


def record_learning_from_gap(db: Storage, map_id: int, round_id: int, dimension_key: str | None, text: object,
                             kind: str, who: Author) -> hc.Action:
    """Turn an insight into a learning-log entry whose source is the round; the round records it."""
    from tocmap.services import learning  # built alongside; imported when used

    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        round_, dimension = _acting_on(store, map_id, round_id, dimension_key)
        partnership = store.partnership(info.partnership_id)
        context = _gap_line(round_, dimension, store.health_answers(round_id), partnership)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Write what the partners learned or decided from this gap."))
    entry_id = learning.record_entry(db, map_id, text=f"{text.strip()}\n\n{context}", kind=kind,
                                     source={"kind": "health_round", "id": round_id, "title": round_.title}, who=who)
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.VIEW)
        headline = " ".join(text.split())
        action = hc.Action(kind="learning", ref=str(entry_id), label=headline[:LABEL_MAX],
                           dimension=dimension.key if dimension else None, at=dt.datetime.now(dt.UTC), by=author.name)
        store.add_round_action(round_id, action)
    return action


# --------------------------------------------------------------------------- export

#: Formats a round's results export to: file name ending and media type.
RESULT_FORMATS = {"csv": (".csv", "text/csv; charset=utf-8"), "svg": ("-radar.svg", "image/svg+xml"),
                  "png": ("-radar.png", "image/png")}


def radar_svg(db: Storage, map_id: int, round_id: int, who: Author) -> str:
    """The spider chart of a revealed round as SVG text (anyone who may view the map)."""
    found = results(db, map_id, round_id, who)
    return _radar(found, *_map_and_partnership(db, map_id))


def export_results(db: Storage, map_id: int, round_id: int, fmt: str, *, who: Author) -> Exported:
    """A revealed round's results as CSV (means, gaps, comments) or its spider chart as SVG or PNG."""
    from tocmap.adapters import health_export
    from tocmap.adapters.exchange import slug

    if fmt not in RESULT_FORMATS:
        raise InvalidInput(_("Results export as {formats}, not {format}.", formats=", ".join(RESULT_FORMATS),
                             format=repr(str(fmt)[:20])))
    found = results(db, map_id, round_id, who)
    info, partnership = _map_and_partnership(db, map_id)
    if fmt == "csv":
        data = health_export.results_csv(found.round, found.answers, found.means, found.gaps, partnership)
    else:
        svg = _radar(found, info, partnership)
        data = svg.encode("utf-8") if fmt == "svg" else health_export.radar_png(svg)
    extension, media_type = RESULT_FORMATS[fmt]
    return Exported(data, f"{slug(info.title, 40)}-health-{slug(found.round.title, 40)}{extension}", media_type)


def _map_and_partnership(db: Storage, map_id: int):
    with db.store() as store:
        info = store.map(map_id)
        return info, store.partnership(info.partnership_id)


def _radar(found: Results, info, partnership: Partnership) -> str:
    from tocmap.adapters.health_export import radar_svg as draw

    revealed = found.round.revealed_at
    subtitle = (f"{info.title} · partnership health check · revealed {revealed:%d %b %Y}" if revealed
                else info.title)
    return draw(found.round, found.means, partnership, subtitle[:160])


def may_act(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may turn a gap into action: add to the map, or record learning."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.EDIT_MAP) or may(store, map_id, who, Permission.RECORD_LEARNING)

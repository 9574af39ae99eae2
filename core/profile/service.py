"""Profile items: ordering, coach-prepared items awaiting the candidate, import from a resume.

Reads and writes go through `core.db.crud`, so owner scoping is the data layer's. A
coach's item (`prepared_by` set, `accepted` False) is shown to the candidate as pending
and counts only after the candidate accepts it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from core.db import crud
from core.db.models import PROFILE_ITEM_KINDS, ProfileItem


def items_by_kind(session: Session, *, viewer_id: int, owner_id: int | None = None,
                  include_pending: bool = False) -> dict[str, list[ProfileItem]]:
    """Accepted items grouped by kind, in display order (every kind present, maybe empty)."""
    grouped: dict[str, list[ProfileItem]] = {kind: [] for kind in PROFILE_ITEM_KINDS}
    for item in crud.list_profile_items(session, viewer_id=viewer_id, owner_id=owner_id):
        if item.accepted or include_pending:
            grouped.setdefault(item.kind, []).append(item)
    return grouped


def pending_items(session: Session, *, owner_id: int) -> list[ProfileItem]:
    """Items a coach prepared for this candidate that wait for acceptance."""
    return [i for i in crud.list_profile_items(session, viewer_id=owner_id) if not i.accepted]


def add_item(session: Session, *, actor_id: int, owner_id: int, kind: str, **fields: Any) -> ProfileItem:
    """Append an item at the end of its kind. A linked coach (actor != owner) prepares it."""
    if kind not in PROFILE_ITEM_KINDS:
        raise ValueError(f"unknown profile item kind {kind!r}")
    existing = [i for i in crud.list_profile_items(session, viewer_id=actor_id, owner_id=owner_id) if i.kind == kind]
    position = max((i.position for i in existing), default=-1) + 1
    allowed = {k: v for k, v in fields.items() if k in {"title", "organization", "start", "end", "description"}}
    item = ProfileItem(user_id=owner_id, kind=kind, position=position, **allowed)
    return crud.save_profile_item(session, actor_id=actor_id, item=item)


def update_item(session: Session, *, owner_id: int, item_id: int, **fields: Any) -> ProfileItem:
    """Change the text fields of the owner's item."""
    item = _own_item(session, owner_id=owner_id, item_id=item_id)
    for key, value in fields.items():
        if key in {"title", "organization", "start", "end", "description"}:
            setattr(item, key, str(value))
    return crud.save_profile_item(session, actor_id=owner_id, item=item)


def move_item(session: Session, *, owner_id: int, item_id: int, offset: int) -> None:
    """Move an item up (offset -1) or down (+1) within its kind; renumbers positions 0..n."""
    item = _own_item(session, owner_id=owner_id, item_id=item_id)
    siblings = [i for i in crud.list_profile_items(session, viewer_id=owner_id) if i.kind == item.kind]
    index = next(n for n, i in enumerate(siblings) if i.id == item_id)
    target = max(0, min(len(siblings) - 1, index + offset))
    siblings.insert(target, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            crud.save_profile_item(session, actor_id=owner_id, item=sibling)


def respond_to_item(session: Session, *, owner_id: int, item_id: int, accept: bool) -> ProfileItem | None:
    """The candidate accepts (kept, counts from now on) or rejects (deleted) a prepared item."""
    item = _own_item(session, owner_id=owner_id, item_id=item_id)
    if not accept:
        crud.delete_profile_item(session, owner_id=owner_id, item_id=item_id)
        return None
    item.accepted = True
    return crud.save_profile_item(session, actor_id=owner_id, item=item)


def _own_item(session: Session, *, owner_id: int, item_id: int) -> ProfileItem:
    for item in crud.list_profile_items(session, viewer_id=owner_id):
        if item.id == item_id:
            return item
    raise crud.AccessDenied("no such item")


def items_from_resume(structured: dict[str, Any]) -> list[dict[str, Any]]:
    """Profile item fields proposed from a parsed resume (career, education, certifications,
    languages, skills, links)."""
    out: list[dict[str, Any]] = []
    for entry in structured.get("experience") or []:
        out.append({"kind": "career", "title": entry.get("role", ""), "organization": entry.get("organization", ""),
                    "start": entry.get("start", ""), "end": entry.get("end", ""),
                    "description": "\n".join(f"- {b}" for b in entry.get("bullets") or [])})
    for entry in structured.get("education") or []:
        out.append({"kind": "education", "title": entry.get("degree_org", "") or entry.get("text", ""),
                    "start": entry.get("start", ""), "end": entry.get("end", "")})
    out += [{"kind": "certification", "title": c} for c in structured.get("certifications") or []]
    out += [{"kind": "language", "title": c} for c in structured.get("languages") or []]
    out += [{"kind": "skill", "title": s} for s in structured.get("skills") or []]
    out += [{"kind": "link", "title": link} for link in structured.get("links") or []]
    for item in out:
        for key in ("title", "organization", "start", "end"):
            item[key] = str(item.get(key, ""))[: 16 if key in {"start", "end"} else 200]
    return out


def import_from_resume(session: Session, *, owner_id: int, structured: dict[str, Any]) -> list[ProfileItem]:
    """Add the items of a parsed resume that the profile does not have yet (same kind and title)."""
    have = {(i.kind, i.title.casefold()) for i in crud.list_profile_items(session, viewer_id=owner_id)}
    added = []
    for fields in items_from_resume(structured):
        key = (fields["kind"], fields["title"].casefold())
        if not fields["title"] or key in have:
            continue
        have.add(key)
        kind = fields.pop("kind")
        added.append(add_item(session, actor_id=owner_id, owner_id=owner_id, kind=kind, **fields))
    return added

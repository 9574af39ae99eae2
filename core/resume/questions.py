"""Expected interview questions, each with why it is asked and an answer guide.

Every question is anchored in the candidate's own material (a quoted claim, an
experience entry, a cover-letter answer) or in a requirement of the chosen posting the
material does not cover. The guide is a STAR outline filled from that material, plus
what to prepare where the material is thin.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from core.i18n import t
from core.resume.claims import Claim
from core.resume.cover_letter import NEEDS_IMPROVEMENT, CoverLetterNote
from core.resume.gaps import RequirementMatch
from core.resume.vocab import ADJACENT, GENERIC_TERMS, expand, find_terms

MIN_QUESTIONS = 8
MAX_QUESTIONS = 14
METRIC_PRIORITY = {"change": 0, "percentage": 1, "money": 2, "multiplier": 3, "count": 4, "duration": 5}
MAX_QUOTE = 160
CL_KINDS = ("change", "percentage", "money", "multiplier", "team_size", "achievement")  # most checkable first
# Programming languages make weak "why this tool?" questions; frameworks and stores come first.
LANGUAGES = frozenset({"Python", "Go", "Java", "Kotlin", "Scala", "C++", "C#", "JavaScript", "TypeScript", "Rust",
                       "SQL"})


@dataclass(frozen=True)
class ExpectedQuestion:
    question: str
    why: str
    answer_guide: str  # the STAR outline and preparation notes as one text
    category: str
    claim: str = ""  # the quoted claim the question is built on ("" when none)
    source: dict[str, Any] = field(default_factory=dict)
    star: dict[str, str] = field(default_factory=dict)  # situation / task / action / result
    prepare: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CHANGE = re.compile(
    r"^from\s+(?P<a>.+?)\s+(?:to|down to|up to)\s+(?P<b>.+)$|^(?P<c>.+?)\s*에서\s*(?P<d>.+?)\s*(?:으로|로)$",
    re.IGNORECASE,
)


# Plans and wishes ("줄이고 싶습니다", "I will") are not something the candidate did.
FUTURE = re.compile(r"싶습니다|겠습니다|하고자|할 것입니다|계획입니다|\bI(?:'ll| will| would| want| hope)\b",
                    re.IGNORECASE)


def change_parts(value: str) -> tuple[str, str] | None:
    """("820 ms", "450 ms") from "from 820 ms to 450 ms" / "6시간에서 40분으로"."""
    m = _CHANGE.match(value.strip())
    if not m:
        return None
    return (m.group("a") or m.group("c")).strip(), (m.group("b") or m.group("d")).strip()


def _quote(text: str) -> str:
    text = text.strip().rstrip(".。")
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


class _Builder:
    def __init__(self, *, resume: dict[str, Any], claims: list[Claim], matches: list[RequirementMatch],
                 job: dict[str, Any] | None, cl_items: list[dict[str, Any]], cl_notes: list[CoverLetterNote],
                 lang: str) -> None:
        self.resume, self.claims, self.matches, self.job = resume, claims, matches, job or {}
        self.cl_items, self.cl_notes, self.lang = cl_items, cl_notes, lang
        self.out: list[ExpectedQuestion] = []
        self.used_lines: set[tuple[str, int]] = set()
        entries = sorted(resume.get("experience") or [], key=lambda e: int(e.get("line") or 0))
        self.entries = entries

    # -------------------------------------------------------------- helpers
    def tr(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    def entry_for(self, claim: Claim) -> dict[str, Any] | None:
        if claim.source.get("document") != "resume":
            return None
        line = int(claim.source.get("line") or 0)
        found = None
        for entry in self.entries:
            if int(entry.get("line") or 0) <= line:
                found = entry
        return found

    def situation(self, claim: Claim | None) -> str:
        entry = self.entry_for(claim) if claim else (self.entries[0] if self.entries else None)
        if entry and (entry.get("role") or entry.get("organization")):
            end = self.tr("profile.present") if entry.get("end") == "present" else entry.get("end", "")
            when = f"{entry.get('start', '')} – {end}".strip(" –")
            return self.tr("resume.guide.s_entry", role=entry.get("role") or "?",
                           org=entry.get("organization") or "?", when=when or "?")
        if claim and claim.source.get("document") == "cover_letter":
            return self.tr("resume.guide.s_cover_letter", section=claim.source.get("section", ""))
        return self.tr("resume.guide.s_prepare")

    def add(self, category: str, question: str, why: str, star: dict[str, str], prepare: list[str],
            claim: Claim | None = None, quote: str = "") -> None:
        if len(self.out) >= MAX_QUESTIONS or any(q.question == question for q in self.out):
            return
        labels = {p: self.tr(f"resume.star.{p}") for p in ("situation", "task", "action", "result")}
        lines = [f"{labels[p]}: {star[p]}" for p in ("situation", "task", "action", "result") if star.get(p)]
        guide = "STAR\n" + "\n".join(f"- {x}" for x in lines)
        if prepare:
            guide += "\n" + self.tr("resume.guide.prepare") + "\n" + "\n".join(f"- {p}" for p in prepare)
        if claim is not None:
            self.used_lines.add((str(claim.source.get("document")), int(claim.source.get("line") or 0)))
        self.out.append(ExpectedQuestion(question, why, guide, category, quote or (claim.text if claim else ""),
                                         dict(claim.source) if claim else {}, star, prepare))

    def best_claim(self, about: str = "") -> Claim | None:
        """The resume's most checkable numeric claim, preferring one that shares skills with `about`."""
        wanted = expand(find_terms(about)) if about else set()
        pool = [c for c in self.claims if c.kind in METRIC_PRIORITY and c.kind != "duration"
                and c.source.get("document") == "resume" and not FUTURE.search(c.text)
                and c.source.get("section") not in ("Summary", "요약", "summary")]
        if not pool:
            return None
        return min(pool, key=lambda c: (-len(wanted & expand(find_terms(c.text))), METRIC_PRIORITY[c.kind],
                                        int(c.source.get("line") or 0)))

    def unused(self, claim: Claim) -> bool:
        return (str(claim.source.get("document")), int(claim.source.get("line") or 0)) not in self.used_lines

    # -------------------------------------------------------------- generators
    def role_overview(self) -> None:
        if not self.entries:
            return
        entry = self.entries[0]
        role, org = entry.get("role") or "", entry.get("organization") or ""
        if not (role or org):
            return
        bullets = entry.get("bullets") or []
        self.add("role_overview", self.tr("resume.q.role_overview", role=role or "?", org=org or "?"),
                 self.tr("resume.why.role_overview"),
                 {"situation": self.situation(None),
                  "task": self.tr("resume.guide.t_role"),
                  "action": self.tr("resume.guide.a_quote", claim=_quote(bullets[0])) if bullets
                  else self.tr("resume.guide.a_prepare"),
                  "result": self.tr("resume.guide.r_role")},
                 [self.tr("resume.prep.role_scope")])

    def metrics(self, limit: int = 3) -> None:
        numeric = [c for c in self.claims if c.kind in METRIC_PRIORITY and c.source.get("section") not in
                   ("Summary", "요약", "summary") and not FUTURE.search(c.text)]
        numeric.sort(key=lambda c: (c.source.get("document") != "resume", METRIC_PRIORITY[c.kind],
                                    int(c.source.get("line") or 0)))
        count = 0
        for claim in numeric:
            if count >= limit or not self.unused(claim):
                continue
            if claim.kind == "duration" and claim.source.get("document") == "resume" and count:
                continue
            change = change_parts(claim.value) if claim.kind == "change" else None
            task = (self.tr("resume.guide.t_change", before=change[0], after=change[1]) if change
                    else self.tr("resume.guide.t_metric", value=claim.value))
            shown = f"{change[0]} → {change[1]}" if change else claim.value
            self.add("metric", self.tr("resume.q.metric", claim=_quote(claim.text)), self.tr("resume.why.metric"),
                     {"situation": self.situation(claim), "task": task,
                      "action": self.tr("resume.guide.a_quote", claim=_quote(claim.text)),
                      "result": self.tr("resume.guide.r_metric", value=shown)},
                     [self.tr("resume.prep.metric_method", value=shown), self.tr("resume.prep.own_part")],
                     claim)
            count += 1

    def leadership(self) -> None:
        claim = next((c for c in self.claims if c.kind == "team_size"), None)
        if claim is None:
            return
        self.add("leadership", self.tr("resume.q.leadership", value=claim.value, claim=_quote(claim.text)),
                 self.tr("resume.why.leadership"),
                 {"situation": self.situation(claim), "task": self.tr("resume.guide.t_leadership"),
                  "action": self.tr("resume.guide.a_leadership", value=claim.value),
                  "result": self.tr("resume.guide.r_leadership")},
                 [self.tr("resume.prep.leadership")], claim)

    def technology(self) -> None:
        techs = [c for c in self.claims if c.kind == "technology" and c.value not in GENERIC_TERMS
                 and c.source.get("section") not in ("Skills", "기술", "skills")]
        wanted = set(self.job.get("terms") or [])
        techs.sort(key=lambda c: (c.value not in wanted, c.value in LANGUAGES,
                                  c.source.get("section") in ("Summary", "요약"), not self.unused(c)))
        if not techs:
            return
        claim = techs[0]
        why = (self.tr("resume.why.technology_jd", tech=claim.value, company=self.job.get("company") or "?")
               if claim.value in wanted else self.tr("resume.why.technology", tech=claim.value))
        self.add("technology", self.tr("resume.q.technology", tech=claim.value, claim=_quote(claim.text)), why,
                 {"situation": self.situation(claim), "task": self.tr("resume.guide.t_technology", tech=claim.value),
                  "action": self.tr("resume.guide.a_technology", tech=claim.value),
                  "result": self.tr("resume.guide.r_technology")},
                 [self.tr("resume.prep.technology", tech=claim.value)], claim)

    def gaps(self, limit: int = 2) -> None:
        gaps = [m for m in self.matches if m.status != "met"]
        gaps.sort(key=lambda m: (m.priority != "must", m.status != "missing"))
        have = expand([c.value for c in self.claims if c.kind == "technology"]
                      + [t for m in self.matches for t in m.matched])
        for match in gaps[:limit]:
            bridge = [t for missing in match.missing for t in ADJACENT.get(missing, ()) if t in have]
            adjacent = ", ".join(dict.fromkeys([*match.matched, *bridge]))
            prepare = [self.tr("resume.prep.gap_level"), self.tr("resume.prep.gap_plan")]
            if match.years_required and match.years_found is not None:
                prepare.insert(0, self.tr("resume.prep.gap_years", required=match.years_required,
                                          found=match.years_found))
            self.add("gap", self.tr("resume.q.gap", requirement=_quote(match.requirement)),
                     self.tr("resume.why.gap_must" if match.priority == "must" else "resume.why.gap_nice"),
                     {"situation": self.tr("resume.guide.s_gap", adjacent=adjacent) if adjacent
                      else self.tr("resume.guide.s_gap_none"),
                      "task": self.tr("resume.guide.t_gap", missing=", ".join(match.missing) or match.requirement),
                      "action": self.tr("resume.guide.a_gap"), "result": self.tr("resume.guide.r_gap")},
                     prepare, quote=match.requirement)

    def cover_letter(self) -> None:
        for item, note in zip(self.cl_items, self.cl_notes, strict=False):
            starts = [int(i.get("line") or 0) for i in self.cl_items]
            lo = int(item.get("line") or 0)
            hi = min([x for x in starts if x > lo], default=10**9)
            candidates = [c for c in self.claims if c.source.get("document") == "cover_letter"
                          and c.kind in CL_KINDS and lo <= int(c.source.get("line") or 0) < hi and self.unused(c)
                          and not FUTURE.search(c.text)]
            candidates.sort(key=lambda c: CL_KINDS.index(c.kind))
            if note.specificity == NEEDS_IMPROVEMENT or not candidates:
                self.add("cover_letter", self.tr("resume.q.cover_letter_generic", n=note.index,
                                                 question=_quote(item.get("question") or "")),
                         self.tr("resume.why.cover_letter_generic"),
                         {"situation": self.tr("resume.guide.s_prepare"), "task": self.tr("resume.guide.t_cl"),
                          "action": self.tr("resume.guide.a_prepare"), "result": self.tr("resume.guide.r_cl")},
                         [self.tr("resume.prep.cl_replace", phrases=", ".join(note.generic_phrases) or "-")],
                         quote=item.get("question") or "")
                continue
            claim = candidates[0]
            self.add("cover_letter", self.tr("resume.q.cover_letter", n=note.index, claim=_quote(claim.text)),
                     self.tr("resume.why.cover_letter"),
                     {"situation": self.situation(claim), "task": self.tr("resume.guide.t_cl"),
                      "action": self.tr("resume.guide.a_quote", claim=_quote(claim.text)),
                      "result": self.tr("resume.guide.r_metric", value=claim.value) if claim.kind != "achievement"
                      else self.tr("resume.guide.r_cl")},
                     [self.tr("resume.prep.own_part")], claim)

    def achievement(self) -> None:
        claim = next((c for c in self.claims if c.kind == "achievement" and self.unused(c)), None)
        if claim is None:
            return
        self.add("achievement", self.tr("resume.q.achievement", claim=_quote(claim.text)),
                 self.tr("resume.why.achievement"),
                 {"situation": self.situation(claim), "task": self.tr("resume.guide.t_cl"),
                  "action": self.tr("resume.guide.a_quote", claim=_quote(claim.text)),
                  "result": self.tr("resume.guide.r_find_number")},
                 [self.tr("resume.prep.find_number")], claim)

    def responsibility(self) -> None:
        duties = self.job.get("responsibilities") or []
        if not duties:
            return
        duty = duties[0]
        best = self.best_claim(duty)
        self.add("responsibility", self.tr("resume.q.responsibility", duty=_quote(duty)),
                 self.tr("resume.why.responsibility"),
                 {"situation": self.tr("resume.guide.s_responsibility", duty=_quote(duty)),
                  "task": self.tr("resume.guide.t_responsibility"),
                  "action": self.tr("resume.guide.a_quote", claim=_quote(best.text)) if best
                  else self.tr("resume.guide.a_prepare"),
                  "result": self.tr("resume.guide.r_responsibility")},
                 [self.tr("resume.prep.responsibility")], quote=duty)

    def motivation(self) -> None:
        company, title = self.job.get("company") or "", self.job.get("title") or ""
        claim = self.best_claim(" ".join(self.job.get("responsibilities") or []))
        if company or title:
            question = self.tr("resume.q.motivation_job", company=company or "?", title=title or "?")
        elif self.entries:
            question = self.tr("resume.q.motivation", role=self.entries[0].get("role") or "?",
                               org=self.entries[0].get("organization") or "?")
        else:
            question = self.tr("resume.q.motivation_plain")
        self.add("motivation", question, self.tr("resume.why.motivation"),
                 {"situation": self.situation(None), "task": self.tr("resume.guide.t_motivation"),
                  "action": self.tr("resume.guide.a_quote", claim=_quote(claim.text)) if claim
                  else self.tr("resume.guide.a_prepare"),
                  "result": self.tr("resume.guide.r_motivation")},
                 [self.tr("resume.prep.company_research", company=company or "?")])

    def failure(self) -> None:
        org = self.entries[0].get("organization") if self.entries else ""
        claim = next((c for c in self.claims if c.source.get("document") == "resume" and
                      any(w in c.text.casefold() for w in ("incident", "on-call", "장애", "오류", "error", "loss"))),
                     None)
        self.add("failure", self.tr("resume.q.failure", org=org or "?") if org else self.tr("resume.q.failure_plain"),
                 self.tr("resume.why.failure"),
                 {"situation": self.situation(claim) if claim else self.tr("resume.guide.s_prepare"),
                  "task": self.tr("resume.guide.t_failure"), "action": self.tr("resume.guide.a_failure"),
                  "result": self.tr("resume.guide.r_failure")},
                 [self.tr("resume.prep.failure")], claim)

    def credential(self) -> None:
        claim = next((c for c in self.claims if c.kind == "credential" and self.unused(c)), None)
        if claim is None:
            return
        self.add("credential", self.tr("resume.q.credential", credential=_quote(claim.value)),
                 self.tr("resume.why.credential"),
                 {"situation": self.tr("resume.guide.s_prepare"), "task": self.tr("resume.guide.t_credential"),
                  "action": self.tr("resume.guide.a_prepare"), "result": self.tr("resume.guide.r_cl")},
                 [self.tr("resume.prep.credential")], claim)

    def fillers(self) -> None:
        for key in ("intro", "conflict", "strength", "learning", "pressure", "weakness"):
            if len(self.out) >= MIN_QUESTIONS:
                return
            self.add(key, self.tr(f"resume.q.{key}"), self.tr(f"resume.why.{key}"),
                     {"situation": self.situation(None), "task": self.tr("resume.guide.t_role"),
                      "action": self.tr("resume.guide.a_prepare"), "result": self.tr("resume.guide.r_cl")},
                     [self.tr("resume.prep.find_number")])


def build_questions(*, resume: dict[str, Any], claims: list[Claim], matches: list[RequirementMatch],
                    job: dict[str, Any] | None, cl_items: list[dict[str, Any]], cl_notes: list[CoverLetterNote],
                    lang: str = "en") -> list[ExpectedQuestion]:
    """At least MIN_QUESTIONS questions, most specific first."""
    b = _Builder(resume=resume, claims=claims, matches=matches, job=job, cl_items=cl_items, cl_notes=cl_notes,
                 lang=lang)
    b.role_overview()
    b.leadership()
    b.metrics()
    b.technology()
    b.gaps()
    b.cover_letter()
    b.achievement()
    b.responsibility()
    b.motivation()
    b.failure()
    b.credential()
    b.fillers()
    return b.out

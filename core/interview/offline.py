"""The offline interviewer: curated bank + questions built from the candidate's and the
company's own material + rule-based follow-ups. A real product, not a test double.

Planning, per stage:
- grounded candidates: company facts retrieved for the stage and persona, resume claims,
  job-posting requirements — each turned into a persona-specific question by a template
  (`data/question_bank/templates.json`) that quotes the material and cites it in `sources`;
- bank candidates: curated questions for the stage and persona in the session language,
  shuffled by the session seed, preferring competencies not yet covered in this session
  and bank ids not in `context.avoid_bank_ids`;
- the stage's questions alternate grounded and bank candidates (grounded first, except the
  timed format opens stage 1 with an AI역량검사-style basic question).

Deterministic: the same context (including `seed`) gives the same plan; different
companies, roles, personas, resumes or seeds give different plans. No question repeats
within a session.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterable

from core.i18n import t
from core.interview.bank import BankQuestion, fill_template, load_question_bank
from core.interview.competencies import competency_for, competency_label, guess_ncs
from core.interview.followups import decide_follow_up
from core.interview.material import Material, company_facts, job_materials, resume_materials, snippet
from core.interview.persona import normalize_persona, persona_label
from core.interview.types import FollowUpDecision, InterviewContext, QuestionDraft
from core.rag.types import Retriever

# Which kinds of material suit each stage, in order of preference.
STAGE_MATERIAL_ORDER: dict[int, tuple[str, ...]] = {
    1: ("resume", "job", "company"),
    2: ("company", "job", "resume"),
    3: ("company", "job", "resume"),
}
MAX_QUESTIONS_PER_STAGE = 10
TIMED_QUOTE_CHARS = 90  # quoted material in the timed format (read during 30 s of preparation)
# Stage 3 (fit) asks about job requirements only when they are about people, values or
# the organisation: "how does 3 years of SQL fit the way you work" is not a fit question.
FIT_NCS = frozenset({"communication", "interpersonal", "work_ethics", "organisational_understanding",
                     "self_development"})


def session_seed(context: InterviewContext) -> int:
    """A stable seed from the context (Python's hash() is salted per process; sha1 is not)."""
    key = "|".join(
        [
            str(context.seed),
            context.company.lower(),
            context.role.lower(),
            normalize_persona(context.persona),
            context.lang,
            hashlib.sha1((context.resume_text + context.job_text).encode("utf-8")).hexdigest()[:8],
        ]
    )
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)


def plan_stages(context: InterviewContext) -> list[int]:
    """The stages to plan, in order (a drill plans only the first one)."""
    stages = [s for s in context.stages if s in (1, 2, 3)] or [1, 2, 3]
    if context.format == "drill":
        stages = stages[:1]
    return list(dict.fromkeys(stages))


def _inline(label: str, lang: str) -> str:
    """A display label used mid-sentence: "Critical thinking" -> "critical thinking" (English)."""
    return label[:1].lower() + label[1:] if lang == "en" and label[1:2].islower() else label


def _page_suffix(page: object, lang: str) -> str:
    return t("interview.page", lang, page=page) if page not in (None, "") else ""


class OfflineInterviewer:
    """Plans from the bank and the material; follows up with rules. Never raises on text."""

    def __init__(self, retriever: Retriever | None = None) -> None:
        self.retriever = retriever
        self._notices: list[str] = []

    # -- planning ---------------------------------------------------------------------
    def plan(self, context: InterviewContext) -> list[QuestionDraft]:
        """The main questions for every stage in `context.stages`, in asking order."""
        rng = random.Random(session_seed(context))
        retriever = context.retriever or self.retriever
        per_stage = max(1, min(context.questions_per_stage, MAX_QUESTIONS_PER_STAGE))
        used_bank: set[str] = set()
        used_material: set[str] = set()
        ncs_counts: Counter[str] = Counter()
        resume = resume_materials(context.resume_claims, context.resume_text)
        job = job_materials(context.job_text)
        rng.shuffle(resume)
        rng.shuffle(job)
        # Measured results make the sharpest stage-1 questions, then other claims with numbers.
        resume.sort(key=lambda m: (not m.is_metric, not m.has_number))
        plan: list[QuestionDraft] = []
        found_company_facts = False
        for stage in plan_stages(context):
            company = company_facts(
                retriever, context.company, stage, normalize_persona(context.persona), role=context.role
            )
            found_company_facts = found_company_facts or bool(company)
            drafts = self.plan_stage(
                context,
                stage,
                per_stage,
                rng,
                {"resume": resume, "job": job, "company": company},
                used_bank,
                used_material,
                ncs_counts,
            )
            plan.extend(drafts)
        if context.company.strip() and not found_company_facts:
            self._note(t("interview.notice.no_company_documents", context.lang))
        return plan

    def _note(self, notice: str) -> None:
        if notice not in self._notices:
            self._notices.append(notice)

    def plan_stage(
        self,
        context: InterviewContext,
        stage: int,
        count: int,
        rng: random.Random,
        materials: dict[str, list[Material]],
        used_bank: set[str],
        used_material: set[str],
        ncs_counts: Counter[str],
    ) -> list[QuestionDraft]:
        """`count` questions for one stage (updates the `used_*` sets and competency counts)."""
        lang = context.lang
        persona = normalize_persona(context.persona)
        grounded = self._grounded_queue(stage, materials, used_material)
        # About half the stage is grounded when there is material; the rest keeps the
        # curated breadth of the bank.
        grounded_slots = min(len(grounded), (count + 1) // 2)
        bank_first = stage == 1 and context.timed
        drafts: list[QuestionDraft] = []
        slot_kinds = []
        g = b = 0
        for i in range(count):
            want_grounded = (i % 2 == 1) if bank_first else (i % 2 == 0)
            if (want_grounded and g < grounded_slots) or b >= count - grounded_slots:
                slot_kinds.append("grounded")
                g += 1
            else:
                slot_kinds.append("bank")
                b += 1
        for kind in slot_kinds:
            draft: QuestionDraft | None = None
            if kind == "grounded" and grounded:
                material = grounded.pop(0)
                used_material.add(material.key)
                draft = self._grounded_draft(material, stage, persona, lang, timed=context.timed)
            if draft is None:
                pick = self._pick_bank(
                    context, stage, persona, rng, used_bank, ncs_counts, opening=bank_first and not drafts
                )
                if pick is None:
                    continue
                used_bank.add(pick.id)
                draft = self._bank_draft(pick, stage, persona, lang)
            ncs_counts[draft.ncs] += 1
            drafts.append(draft)
        return drafts

    def _grounded_queue(self, stage: int, materials: dict[str, list[Material]], used: set[str]) -> list[Material]:
        """Material for a stage, interleaving kinds in the stage's order of preference."""
        def fits(m: Material, kind: str) -> bool:
            return m.key not in used and (stage != 3 or kind != "job" or m.ncs in FIT_NCS)

        queues = [[m for m in materials.get(kind, []) if fits(m, kind)] for kind in STAGE_MATERIAL_ORDER[stage]]
        out: list[Material] = []
        while any(queues):
            for queue in queues:
                if queue:
                    out.append(queue.pop(0))
        return out

    def _pick_bank(
        self,
        context: InterviewContext,
        stage: int,
        persona: str,
        rng: random.Random,
        used: set[str],
        ncs_counts: Counter[str],
        *,
        opening: bool,
    ) -> BankQuestion | None:
        lang = context.lang
        pool = [
            q
            for q in load_question_bank()
            if q.stage == stage and persona in q.personas and q.has_language(lang) and q.id not in used
        ]
        if opening:
            openers = [q for q in pool if "opening" in q.tags]
            pool = openers or pool
        else:
            # closings belong at the end of an interview, not in the middle of a stage
            pool = [q for q in pool if "closing" not in q.tags] or pool
        if not pool:
            return None
        fresh = [q for q in pool if q.id not in context.avoid_bank_ids]
        pool = fresh or pool
        rng.shuffle(pool)
        # least-covered competency first, then the competency the role is mostly about
        # ("data engineer" -> information); the shuffle breaks ties differently per seed
        focus = guess_ncs(f"{context.role} {context.role}", default="") if context.role else ""
        return min(pool, key=lambda q: (ncs_counts[q.ncs], q.ncs != focus))

    def _bank_draft(self, q: BankQuestion, stage: int, persona: str, lang: str) -> QuestionDraft:
        competency = competency_for(q.ncs, lang)
        return QuestionDraft(
            text=q.text[lang],
            stage=stage,
            persona=persona,
            competency=competency,
            sources=(),
            origin="bank",
            reason=t(
                "interview.reason.bank",
                lang,
                stage=_inline(t(f"stage.{stage}", lang), lang),
                persona=_inline(persona_label(persona, lang), lang),
                competency=_inline(competency_label(competency, lang), lang),
            ),
            strong_answer=q.strong.get(lang, ""),
            bank_id=q.id,
            ncs=q.ncs,
            language=lang,
        )

    def _grounded_draft(self, m: Material, stage: int, persona: str, lang: str, *, timed: bool = False
                        ) -> QuestionDraft:
        # A timed question is read within the 30 s preparation time: keep quotes short.
        quoted = snippet(m.text, TIMED_QUOTE_CHARS) if timed else m.text
        # Korean quotes take no final period before a particle (“…했다”라는), English keeps it.
        quoted = quoted.rstrip(".") if lang == "ko" else quoted
        if m.kind == "company":
            source_name = str(m.source.get("source") or "")
            text = fill_template(f"company.{stage}.{persona}", lang, source=source_name, fact=quoted)
            reason = t(
                "interview.reason.company", lang, source=source_name, page=_page_suffix(m.source.get("page"), lang)
            )
        elif m.kind == "resume":
            key = f"resume.number.{persona}" if (m.is_metric and stage == 1) else f"resume.{stage}.{persona}"
            text = fill_template(key, lang, claim=quoted)
            reason = t("interview.reason.resume", lang, claim=m.text)
        else:
            text = fill_template(f"job.{stage}.{persona}", lang, req=quoted)
            reason = t("interview.reason.job", lang, req=m.text)
        competency = competency_for(m.ncs, lang)
        return QuestionDraft(
            text=text,
            stage=stage,
            persona=persona,
            competency=competency,
            sources=(dict(m.source),),
            origin=m.kind,
            reason=reason,
            strong_answer=fill_template(f"strong.{m.kind}", lang),
            bank_id=m.key,
            ncs=m.ncs,
            language=lang,
        )

    # -- follow-ups -------------------------------------------------------------------
    def follow_up(
        self, context: InterviewContext, question: QuestionDraft, answer_text: str, depth: int
    ) -> FollowUpDecision:
        """Rule-based decision (see `core.interview.followups`)."""
        return decide_follow_up(context, question, answer_text or "", depth)

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices


def followup_draft(question: QuestionDraft, decision: FollowUpDecision) -> QuestionDraft:
    """The follow-up as a question of its own (same stage and competency, origin "followup")."""
    if not decision.ask:
        raise ValueError("a decision to move on has no follow-up question")
    return QuestionDraft(
        text=decision.text,
        stage=question.stage,
        persona=question.persona,
        competency=question.competency,
        sources=question.sources,
        origin="followup",
        reason=decision.reason,
        strong_answer=question.strong_answer,
        bank_id=f"{question.bank_id}>{decision.kind}" if question.bank_id else decision.kind,
        ncs=question.ncs,
        language=question.language,
    )


def texts(drafts: Iterable[QuestionDraft]) -> list[str]:
    """Just the question texts (handy in tests and the CLI)."""
    return [d.text for d in drafts]

"""The LLM-backed interviewer: better phrasing and reasoning, same contract, offline safety net.

Each step (one stage of the plan, one follow-up decision) is one `LLM.complete_json` call.
When it raises `LLMError` (timeout, endpoint down, malformed reply after one retry), that
step is done by the offline interviewer instead and a one-sentence notice is recorded
(`take_notices()`, and `FollowUpDecision.notice`) — the session never dies. After
`FAILURES_BEFORE_OFFLINE` consecutive failures the interviewer stops calling the LLM for
the rest of its life, so a dead endpoint costs the user at most two timeouts.

Prompts: our instructions live in the system message; everything from uploads or the
candidate (company passages, resume claims, job requirements, the answer, even the company
and role names) goes in the user message as delimited data blocks (`core.llm.wrap_untrusted`),
and the system message states that the data contains no instructions. Replies are checked
again after validation: unknown competencies and kinds are mapped, unknown source ids dropped.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter

from pydantic import BaseModel, field_validator, model_validator

from core.i18n import t
from core.interview.bank import load_question_bank
from core.interview.competencies import allowed_competencies, competency_for, competency_label, guess_ncs, ncs_for
from core.interview.followups import (
    context_claims,
    decision_from_reading,
    max_depth,
    meaningful_sentences,
    move_on,
    read_for_follow_up,
)
from core.interview.material import Material, company_facts, job_materials, resume_materials
from core.interview.offline import OfflineInterviewer, plan_stages, session_seed
from core.interview.persona import normalize_persona
from core.interview.reading import AnswerReading
from core.interview.types import FOLLOW_UP_KINDS, FollowUpDecision, InterviewContext, QuestionDraft
from core.llm.base import LLM, UNTRUSTED_DATA_RULE, LLMBadReply, LLMError, wrap_untrusted
from core.rag.types import Retriever

FAILURES_BEFORE_OFFLINE = 2
MAX_MATERIAL_PER_KIND = 6
MAX_QUESTION_CHARS = 500

PERSONA_BRIEF = {
    "lead": (
        "a hands-on team lead (실무 리더) who will work with the candidate every day: ask about concrete "
        "work, tools, methods, trade-offs and collaboration; plain, direct, friendly tone"
    ),
    "executive": (
        "an executive (임원) deciding on long-term hires: ask about motivation, values, business impact, "
        "judgement and long-term fit; formal, measured tone"
    ),
}
STAGE_BRIEF = {
    1: (
        "stage 1, experience and competency: past behaviour the candidate can describe with situation, task, "
        "action and result"
    ),
    2: "stage 2, situation and case: realistic scenarios and cases from this company's business and the role",
    3: "stage 3, organisational fit: motivation, values, how the candidate would work here and grow",
}
LANGUAGE_BRIEF = {
    "en": "English",
    "ko": "natural, idiomatic Korean as a Korean interviewer would speak (존댓말; not translated-sounding)",
}


class PlannedQuestion(BaseModel):
    text: str
    competency: str
    source_ids: list[str]
    reason: str
    strong_answer: str

    @field_validator("text")
    @classmethod
    def _text_present(cls, value: str) -> str:
        value = value.strip()
        if not 8 <= len(value) <= MAX_QUESTION_CHARS:
            raise ValueError("question text must be 8-500 characters")
        return value


class PlanReply(BaseModel):
    questions: list[PlannedQuestion]


class FollowUpReply(BaseModel):
    ask: bool
    kind: str
    text: str
    reason: str

    @model_validator(mode="after")
    def _text_when_asking(self) -> FollowUpReply:
        if self.ask and not self.text.strip():
            raise ValueError("a follow-up that asks needs its text")
        if len(self.text) > MAX_QUESTION_CHARS:
            raise ValueError("follow-up text too long")
        return self


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _in_language(text: str, lang: str) -> bool:
    """Korean sessions need Korean questions; English ones must not be mostly Hangul."""
    hangul = len(_HANGUL.findall(text))
    letters = sum(1 for c in text if c.isalpha()) or 1
    return hangul / letters >= 0.3 if lang == "ko" else hangul / letters < 0.3


def _material_blocks(materials: list[Material]) -> tuple[str, dict[str, Material]]:
    """Numbered data blocks (C1, R1, J1...) and the id -> material map."""
    prefix = {"company": "C", "resume": "R", "job": "J"}
    counters: Counter[str] = Counter()
    blocks: list[str] = []
    by_id: dict[str, Material] = {}
    for m in materials:
        counters[m.kind] += 1
        ident = f"{prefix[m.kind]}{counters[m.kind]}"
        by_id[ident] = m
        body = str(m.source.get("text") or m.text) if m.kind == "company" else m.text
        blocks.append(
            wrap_untrusted(
                m.kind,
                body,
                id=ident,
                source=m.source.get("source"),
                page=m.source.get("page"),
                section=m.source.get("section"),
            )
        )
    return "\n\n".join(blocks), by_id


class LLMInterviewer:
    """`Interviewer` backed by an `LLM`, falling back to `OfflineInterviewer` per step."""

    def __init__(
        self,
        llm: LLM,
        offline: OfflineInterviewer | None = None,
        retriever: Retriever | None = None,
        timeout: float | None = None,
    ) -> None:
        self.llm = llm
        self.offline = offline or OfflineInterviewer(retriever)
        self.retriever = retriever or self.offline.retriever
        self.timeout = timeout
        self.consecutive_failures = 0
        self._notices: list[str] = []

    # -- bookkeeping ------------------------------------------------------------------
    @property
    def llm_enabled(self) -> bool:
        return self.consecutive_failures < FAILURES_BEFORE_OFFLINE

    def _failed(self, error: LLMError, lang: str) -> str:
        self.consecutive_failures += 1
        notice = t("interview.notice.llm_fallback", lang, cause=t(f"interview.notice.cause.{error.cause}", lang))
        if notice not in self._notices:
            self._notices.append(notice)
        return notice

    def take_notices(self) -> list[str]:
        notices = self._notices + [n for n in self.offline.take_notices() if n not in self._notices]
        self._notices = []
        return notices

    # -- planning ---------------------------------------------------------------------
    def plan(self, context: InterviewContext) -> list[QuestionDraft]:
        rng = random.Random(session_seed(context))
        retriever = context.retriever or self.retriever
        persona = normalize_persona(context.persona)
        per_stage = max(1, min(context.questions_per_stage, 10))
        resume = resume_materials(context.resume_claims, context.resume_text)[:MAX_MATERIAL_PER_KIND]
        job = job_materials(context.job_text)[:MAX_MATERIAL_PER_KIND]
        used_bank: set[str] = set()
        used_material: set[str] = set()
        ncs_counts: Counter[str] = Counter()
        plan: list[QuestionDraft] = []
        found_company_facts = False
        for stage in plan_stages(context):
            company = company_facts(retriever, context.company, stage, persona, role=context.role)
            found_company_facts = found_company_facts or bool(company)
            materials = {"resume": resume, "job": job, "company": company[:MAX_MATERIAL_PER_KIND]}
            drafts: list[QuestionDraft] = []
            if self.llm_enabled:
                try:
                    drafts = self._plan_stage_llm(context, stage, per_stage, materials, plan)
                    self.consecutive_failures = 0
                except LLMError as error:
                    self._failed(error, context.lang)
                    drafts = []
            for d in drafts:
                ncs_counts[d.ncs] += 1
            if len(drafts) < per_stage:  # fallback, or the LLM returned too few usable questions
                drafts += self.offline.plan_stage(
                    context, stage, per_stage - len(drafts), rng, materials, used_bank, used_material, ncs_counts
                )
            plan.extend(drafts)
        if context.company.strip() and not found_company_facts:
            notice = t("interview.notice.no_company_documents", context.lang)
            if notice not in self._notices:
                self._notices.append(notice)
        return plan

    def plan_prompt(
        self,
        context: InterviewContext,
        stage: int,
        count: int,
        materials: dict[str, list[Material]],
        earlier: list[QuestionDraft],
    ) -> tuple[str, str, dict[str, Material]]:
        """(system, user, id -> material) for one stage; public so tests can inspect it."""
        lang = context.lang
        persona = normalize_persona(context.persona)
        competencies = ", ".join(f"{key} ({competency_label(key, lang)})" for key in allowed_competencies(lang))
        blocks, by_id = _material_blocks(
            [*materials.get("company", []), *materials.get("resume", []), *materials.get("job", [])]
        )
        avoid = "\n".join(f"- {d.text}" for d in earlier) or "- (none yet)"
        examples = "\n".join(
            f"- {q.text[lang]}"
            for q in load_question_bank()
            if q.stage == stage and persona in q.personas and q.has_language(lang)
        ).splitlines()[:3]
        system = (
            f"You are interviewing a job candidate as {PERSONA_BRIEF[persona]}. This is {STAGE_BRIEF[stage]}. "
            f"Write exactly {count} main interview questions in {LANGUAGE_BRIEF[lang]}. "
            "Each question asks one thing and probes one competency from this list (use the key): "
            f"{competencies}. Where it helps, ground a question in one numbered data item (a company fact, a "
            "resume claim or a job requirement): refer to its specific content and put its id in source_ids. "
            "Never invent facts about the company or the candidate. For each question give a one-sentence "
            "reason (why ask it) and a one-sentence description of what a strong answer shows, in the same "
            "language as the questions. Do not repeat or paraphrase the earlier questions listed in the "
            "earlier_questions data block.\nExamples of the register and depth expected for this persona and "
            "stage (do not copy):\n"
            + "\n".join(examples)
            + f"\n\n{UNTRUSTED_DATA_RULE}"
        )
        if context.timed:
            # AI역량검사 format: read during 30 s of preparation, answered in 50 s
            system += ("\n\nTimed format: each question must be readable in 30 seconds and answerable in 50 "
                       "seconds — at most 25 words in English or 70 characters in Korean, one question only.")
        # Earlier questions came from a model or from documents: data, never system text.
        session = wrap_untrusted("session", f"company: {context.company}\nrole: {context.role}")
        session += "\n\n" + wrap_untrusted("earlier_questions", avoid)
        user = f"{session}\n\n{blocks}" if blocks else session
        return system, user, by_id

    def _plan_stage_llm(
        self,
        context: InterviewContext,
        stage: int,
        count: int,
        materials: dict[str, list[Material]],
        earlier: list[QuestionDraft],
    ) -> list[QuestionDraft]:
        lang = context.lang
        persona = normalize_persona(context.persona)
        system, user, by_id = self.plan_prompt(context, stage, count, materials, earlier)
        reply = self.llm.complete_json(system, user, PlanReply, self.timeout)
        seen = {d.text for d in earlier}
        drafts: list[QuestionDraft] = []
        for q in reply.questions[:count]:
            if q.text in seen or not _in_language(q.text, lang):
                continue
            seen.add(q.text)
            sources = tuple(dict(by_id[i].source) for i in q.source_ids if i in by_id)
            try:
                ncs = ncs_for(q.competency)
            except KeyError:
                ncs = guess_ncs(q.text, "problem_solving")
            origin = "llm"
            drafts.append(
                QuestionDraft(
                    text=q.text,
                    stage=stage,
                    persona=persona,
                    competency=competency_for(ncs, lang)
                    if q.competency not in allowed_competencies(lang)
                    else q.competency,
                    sources=sources,
                    origin=origin,
                    reason=q.reason.strip() or t("interview.reason.llm", lang),
                    strong_answer=q.strong_answer.strip(),
                    bank_id="llm:" + hashlib.sha1(q.text.encode("utf-8")).hexdigest()[:10],
                    ncs=ncs,
                    language=lang,
                )
            )
        return drafts

    # -- follow-ups -------------------------------------------------------------------
    def follow_up_prompt(
        self, context: InterviewContext, question: QuestionDraft, answer_text: str, depth: int,
        reading: AnswerReading | None = None,
    ) -> tuple[str, str]:
        """(system, user) for one follow-up decision; public so tests can inspect it.

        The answer reader's labels (question type, whether the answer answers it, each
        sentence's STAR role, actor, concreteness and numbers) go in a data block as JSON:
        the LLM phrases the follow-up and may judge more finely, but `follow_up` rejects a
        reply that contradicts them."""
        lang = context.lang
        persona = normalize_persona(question.persona or context.persona)
        reading = reading or read_for_follow_up(context, question, answer_text)
        labels = {
            "question_type": reading.question_type,
            "answers_question": reading.answers_question,
            "sentences": [
                {"i": s.index, "role": s.role, "actor": s.actor, "concrete": s.concrete,
                 "numbers": [{"text": n.text, "has_context": n.has_context} for n in s.numbers]}
                for s in reading.sentences
            ],
        }
        system = (
            f"You are {PERSONA_BRIEF[persona]}. The candidate has just answered a question (follow-up depth "
            f"{depth} of at most {max_depth(context)}). Decide whether to ask ONE follow-up question. Ask when the "
            "answer is off-topic, contradicts the resume claims, says 'we' without saying what the candidate did, "
            "stays vague, lacks the candidate's actions or the result, or gives a number without a baseline or "
            "period. Otherwise move on. Reply with ask (true/false), kind (one of: "
            f"{', '.join(FOLLOW_UP_KINDS)}; use move_on when not asking), text (the follow-up question in "
            f"{LANGUAGE_BRIEF[lang]}, or empty when moving on; quote the candidate's own words it is about) and "
            "reason (one sentence in the same language naming what in the answer led to the decision). "
            "The answer_reading block holds our answer reader's labels for each sentence of the answer (trusted "
            "labels; the sentence texts are in the answer block): never ask for a part the labels show is there "
            "(no 'what was the result' when a sentence has role result, no 'what did you do yourself' when an "
            f"action's actor is i).\n\n{UNTRUSTED_DATA_RULE}"
        )
        claims = context_claims(context)[:MAX_MATERIAL_PER_KIND]
        parts = [wrap_untrusted("question", question.text), wrap_untrusted("answer", answer_text),
                 wrap_untrusted("answer_reading", json.dumps(labels, ensure_ascii=False))]
        parts += [wrap_untrusted("resume_claim", c.text, id=f"R{i + 1}") for i, c in enumerate(claims)]
        return system, "\n\n".join(parts)

    def follow_up(
        self, context: InterviewContext, question: QuestionDraft, answer_text: str, depth: int
    ) -> FollowUpDecision:
        lang = context.lang
        if depth >= max_depth(context):
            return move_on(
                "depth_limit", t("interview.followup.reason.depth_limit", lang, limit=max_depth(context)), lang
            )
        if not self.llm_enabled:
            return self.offline.follow_up(context, question, answer_text, depth)
        reading = read_for_follow_up(context, question, answer_text or "")

        def offline(notice: str) -> FollowUpDecision:
            decision = decision_from_reading(context, question, answer_text or "", reading)
            return FollowUpDecision(decision.ask, decision.text, decision.reason, decision.kind, notice=notice)

        system, user = self.follow_up_prompt(context, question, answer_text or "", depth, reading)
        try:
            reply = self.llm.complete_json(system, user, FollowUpReply, self.timeout)
        except LLMError as error:
            return offline(self._failed(error, lang))
        if reply.ask and not _in_language(reply.text, lang):
            # a follow-up in the wrong language is as unusable as malformed JSON
            return offline(self._failed(LLMBadReply("follow-up not in the session language"), lang))
        self.consecutive_failures = 0
        kind = reply.kind if reply.kind in FOLLOW_UP_KINDS else ("specifics" if reply.ask else "move_on")
        if not reply.ask:
            return move_on("move_on" if kind not in ("move_on", "depth_limit") else kind, reply.reason.strip(), lang)
        if kind in ("move_on", "depth_limit"):
            kind = "specifics"
        if contradicts_reading(kind, reading):
            # one judgement: the reply's premise is false by the reading, so the offline decision stands
            notice = t("reader.llm.contradicts_reading", lang, kind=kind)
            if notice not in self._notices:
                self._notices.append(notice)
            return offline(notice)
        return FollowUpDecision(ask=True, text=reply.text.strip(), reason=reply.reason.strip(), kind=kind)


def contradicts_reading(kind: str, reading: AnswerReading) -> bool:
    """An LLM follow-up whose premise the reading shows false: asking for the result when a
    result sentence exists, for actions when there are some, for the candidate's own part
    when an action is theirs, for a number's context when every number has it, or for more
    when the answer says enough to judge."""
    roles = reading.roles_present()
    if kind == "result":
        return "result" in roles
    if kind == "action":
        return "action" in roles
    if kind == "ownership":
        return any(s.role == "action" and s.actor == "i" for s in reading.sentences)
    if kind == "number_context":
        return not any(not n.has_context for s in reading.sentences for n in s.numbers)
    if kind == "too_short":
        return len(meaningful_sentences(reading)) >= 2
    return False

"""Checks what an answer says about the company against the company's own documents, and
what it says about the candidate against the resume's claims.

A statement about the company is a sentence naming the company (or "your/the company",
귀사). Each is searched in the company library; the verdict compares its key words and its
numbers (years, percentages, counts) with the best passages:
- supported: the passage shares the key words and every number of the statement;
- contradicted: the passage shares the key words but gives a different number of the same kind;
- unsupported: nothing in the library backs it (worth checking before the real interview).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from core.feedback.text import Sentence, TimeMap, find_numbers, keywords, overlap_share, split_sentences
from core.feedback.types import Evidence, FactCheck, FeedbackItem
from core.i18n import t
from core.rag.types import Passage, Retriever
from core.resume.claims import Claim

FACT_TOPIC_MIN = 0.3  # share of the statement's key words a passage must contain to be "about" it
FACT_SUPPORT_MIN = 0.5  # ... to support a statement that has no number
MAX_STATEMENTS = 5  # searches per answer (each is an embedding + a vector query; keeps feedback fast)
CLAIM_TOPIC_MIN = 0.34  # share of a resume claim's key words an answer sentence must reuse
PASSAGE_CHARS = 600  # of a passage kept as evidence (enough for the sentence the verdict rests on)

_GENERIC_COMPANY = re.compile(r"\b(your|the) (company|firm|organi[sz]ation|business)\b|귀사|贵社|회사는|회사가|회사의|"
                              r"기업은|기업이|기업의", re.IGNORECASE)
_COMPANY_WORDS = {"company", "firm", "organization", "organisation", "business", "회사", "귀사", "기업"}


def _kind(value: float, unit: str) -> str:
    if unit in ("%", "퍼센트", "percent"):
        return "percent"
    if unit == "년" or (not unit and 1900 <= value <= 2100 and value == int(value)):
        return "year"
    return unit or "count"


_LEGAL_SUFFIX = re.compile(r"[,.]?\s*\b(plc|inc|incorporated|ltd|limited|llc|corp|corporation|co|company|gmbh|ag|"
                           r"sa|s\.a|nv|bv|group|holdings)\b\.?$|\s*(주식회사|\(주\)|㈜)\s*", re.IGNORECASE)
_GENERIC_FIRST_WORDS = {"the", "bank", "first", "korea", "global", "united", "national", "general", "new"}


def company_aliases(company: str) -> list[str]:
    """How an answer may name the company: full name, without legal suffixes, and its first
    distinctive word ("Northwind Robotics plc" -> "northwind robotics", "northwind")."""
    name = " ".join(company.split()).casefold()
    if not name:
        return []
    aliases = [name]
    bare = name
    for _ in range(3):
        bare = _LEGAL_SUFFIX.sub("", bare).strip(" ,.")
    if bare and bare not in aliases:
        aliases.append(bare)
    first = bare.split()[0] if bare.split() else ""
    if len(first) >= 4 and first not in _GENERIC_FIRST_WORDS and first not in aliases:
        aliases.append(first)
    return aliases


def company_statements(text: str, company: str) -> list[Sentence]:
    """Sentences of `text` that say something about `company`."""
    aliases = company_aliases(company)
    out = []
    for sentence in split_sentences(text):
        low = sentence.text.casefold()
        if any(alias in low for alias in aliases) or _GENERIC_COMPANY.search(sentence.text):
            out.append(sentence)
    return out


def judge_statement(statement: str, passages: Sequence[Passage], company: str) -> tuple[str, Passage | None]:
    """The verdict for one statement given the retrieved passages (pure; tested directly),
    and the passage it rests on (its text cut to `PASSAGE_CHARS`; None when no passage
    shares a key word with the statement).

    Supported by any topical passage wins over contradicted, which wins over unsupported.
    """
    name_words: set[str] = set()
    for alias in company_aliases(company):
        name_words |= keywords(alias)
    kw = keywords(statement) - name_words - _COMPANY_WORDS
    numbers = [(v, _kind(v, u)) for v, u, _, _ in find_numbers(statement)]
    best: tuple[float, Passage] | None = None
    contradicted: Passage | None = None
    for passage in passages:
        data = replace(passage, text=passage.text[:PASSAGE_CHARS])
        share = overlap_share(kw, keywords(data.text)) if kw else 0.0
        if best is None or share > best[0]:
            best = (share, data)
        if share < FACT_TOPIC_MIN:
            continue
        p_numbers = [(v, _kind(v, u)) for v, u, _, _ in find_numbers(data.text)]
        if numbers:
            missing = [(v, k) for v, k in numbers if not any(v == pv for pv, _ in p_numbers)]
            if not missing:
                return "supported", data
            # A number of the same kind (a count, a percentage, a year) that differs.
            if contradicted is None and any(pk == k and pv != v for v, k in missing for pv, pk in p_numbers):
                contradicted = data
        elif share >= FACT_SUPPORT_MIN:
            return "supported", data
    if contradicted is not None:
        return "contradicted", contradicted
    return "unsupported", (best[1] if best and best[0] > 0 else None)


def check_company_facts(text: str, company: str, retriever: Retriever | None, *, k: int = 3) -> list[FactCheck]:
    """Fact-check the company statements of an answer (empty without a retriever or a company)."""
    if retriever is None or not company.strip():
        return []
    checks = []
    for sentence in company_statements(text, company)[:MAX_STATEMENTS]:
        try:
            passages = list(retriever.search(company, sentence.text, k))
        except Exception:  # noqa: BLE001 - a library hiccup must not lose the rest of the feedback
            continue
        verdict, passage = judge_statement(sentence.text, passages, company)
        checks.append(FactCheck(sentence.text, sentence.start, sentence.end, verdict, passage))
    return checks


def fact_items(checks: list[FactCheck], lang: str, timemap: TimeMap) -> list[FeedbackItem]:
    items = []
    grade = {"supported": "good", "unsupported": "average", "contradicted": "needs_improvement"}
    for check in checks:
        start_s, end_s = timemap.span(check.char_start, check.char_end)
        source = check.passage.source if check.passage else ""
        page = check.passage.page if check.passage else None
        where = f"{source} p.{page}" if page else source
        items.append(FeedbackItem(
            kind="fact_check", key=f"fact.{check.verdict}", grade=grade[check.verdict],  # type: ignore[arg-type]
            text=t(f"fb.fact.{check.verdict}", lang, source=where or "-"),
            next_step=t(f"fb.fact.{check.verdict}.next", lang),
            evidence=Evidence(start_s=start_s, end_s=end_s, char_start=check.char_start, char_end=check.char_end,
                              quote=check.statement[:300], passage=check.passage)))
    return items


def _claim_passage(claim: Claim) -> Passage:
    """The resume claim as the evidence's passage: its sentence, cited by its document and section."""
    return Passage(text=claim.text[:PASSAGE_CHARS], source=str(claim.source.get("document") or "resume"),
                   section=str(claim.source.get("section") or ""))


def check_resume_consistency(text: str, claims: Sequence[Claim], lang: str,
                             timemap: TimeMap) -> list[FeedbackItem]:
    """Flag numbers in the answer that differ from the resume's claim on the same topic."""
    items: list[FeedbackItem] = []
    numbered_claims = [c for c in claims if find_numbers(f"{c.value} {c.text}")]
    if not numbered_claims:
        return items
    for sentence in split_sentences(text):
        s_numbers = find_numbers(sentence.text)
        if not s_numbers:
            continue
        s_words = keywords(sentence.text)
        for claim in numbered_claims:
            claim_text = claim.text
            c_words = keywords(claim_text)
            if not c_words or overlap_share(c_words, s_words) < CLAIM_TOPIC_MIN:
                continue
            c_numbers = find_numbers(f"{claim.value} {claim_text}")
            same = [v for v, _, _, _ in s_numbers if any(v == cv for cv, _, _, _ in c_numbers)]
            kinds = {_kind(cv, cu) for cv, cu, _, _ in c_numbers}
            differing = [v for v, u, _, _ in s_numbers if _kind(v, u) in kinds and v not in same]
            start_s, end_s = timemap.span(sentence.start, sentence.end)
            evidence = Evidence(start_s=start_s, end_s=end_s, char_start=sentence.start, char_end=sentence.end,
                                quote=sentence.text[:300],
                                passage=_claim_passage(claim))
            if differing and not same:
                items.append(FeedbackItem(kind="consistency", key="consistency.mismatch", grade="needs_improvement",
                                          text=t("fb.consistency.mismatch", lang, claim=claim_text[:160]),
                                          next_step=t("fb.consistency.mismatch.next", lang), evidence=evidence))
            elif same:
                items.append(FeedbackItem(kind="consistency", key="consistency.match", grade="good",
                                          text=t("fb.consistency.match", lang, claim=claim_text[:160]),
                                          next_step=t("fb.consistency.match.next", lang), evidence=evidence))
            break
    return items

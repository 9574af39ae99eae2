"""Parsing resumes, job postings and cover letters into fields the user can correct.

The parsers are rules over `core.resume.text.split_lines`: headings name sections,
experience entries are a heading line (role and organisation) plus a date range and
bullets. The result is a plain JSON-able dict stored in `Document.structured`; the user
fixes what the rules got wrong on the Profile page, and analysis reads the corrected
fields when present.
"""

from __future__ import annotations

import re
from typing import Any

from core.resume.text import Line, find_date_range, section_of_heading, split_lines
from core.resume.vocab import find_terms

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
URL = re.compile(r"(?:https?://)?(?:www\.)?(?:github\.com|linkedin\.com|gitlab\.com|[\w-]+\.(?:dev|io|me))/[\w\-./]*",
                 re.IGNORECASE)
_SPLIT_ROLE_ORG = re.compile(r"\s+[—–-]\s+|\s*\|\s*|\s+at\s+|\s*·\s*|\s*@\s*|,\s+")
_ORG_HINT = re.compile(
    r"(?:주식회사|\(주\)|㈜|회사|그룹|대학교|연구소|커머스|ltd|plc|inc|llc|gmbh|corp|company|labs?|group|university)",
    re.IGNORECASE,
)
_ROLE_HINT = re.compile(
    r"(?:engineer|developer|analyst|manager|scientist|intern|lead|designer|consultant|architect|director|"
    r"엔지니어|개발자|분석가|매니저|인턴|연구원|디자이너|팀장|파트장|리드|기획자|컨설턴트|사원|주임|대리|과장|차장|부장|"
    r"선임|책임|수석)",
    re.IGNORECASE,
)


_KO_ORG_FIRST = re.compile(
    r"^(?P<org>(?:주식회사\s*|\(주\)\s*|㈜\s*)?[^\s(]+(?:\s*(?:주식회사|\(주\)|㈜))?)\s+(?P<role>.+)$"
)


def _without_dates(text: str, span: tuple[int, int]) -> str:
    """`text` with the date range at `span` removed, and the brackets that held it."""
    rest = text[: span[0]] + text[span[1]:]
    rest = re.sub(r"[(\[]\s*[)\]]", " ", rest)
    return re.sub(r"\s{2,}", " ", rest).strip(" |,·-—–")


def _split_role_org(heading: str) -> tuple[str, str, str]:
    """(role, organisation, location) from "Role — Org, City" / "Org | Role" / "Role at Org" /
    "주식회사 다온페이 백엔드 개발팀 선임"."""
    parts = [p.strip() for p in _SPLIT_ROLE_ORG.split(heading) if p and p.strip()]
    if not parts:
        return "", "", ""
    korean_org_first = _KO_ORG_FIRST.match(parts[0]) if len(parts) == 1 else None
    if korean_org_first and _ORG_HINT.search(korean_org_first.group("org")) and \
            _ROLE_HINT.search(korean_org_first.group("role")):
        return korean_org_first.group("role").strip(), korean_org_first.group("org").strip(), ""
    if len(parts) == 1:
        return (parts[0], "", "") if _ROLE_HINT.search(parts[0]) else ("", parts[0], "")
    role_idx = next((i for i, p in enumerate(parts) if _ROLE_HINT.search(p) and not _ORG_HINT.search(p)), 0)
    role = parts[role_idx]
    rest = [p for i, p in enumerate(parts) if i != role_idx]
    org_idx = next((i for i, p in enumerate(rest) if _ORG_HINT.search(p)), 0)
    org = rest[org_idx]
    location = ", ".join(p for i, p in enumerate(rest) if i != org_idx)
    return role, org, location


TITLE_MAX_CHARS = 100  # an entry title ("Role — Organisation, City") is short; a bullet is a sentence


def _looks_like_title(line: Line, following: Line | None) -> bool:
    """An entry title without markdown: short, not a sentence, and either followed by a
    date line or naming a role/organisation with a separator."""
    text = line.text
    if line.bullet or len(text) > TITLE_MAX_CHARS or re.search(r"[.。]$", text):
        return False
    next_is_date = following is not None and bool(find_date_range(following.text)) and \
        len(following.text) <= 40
    has_parts = len([p for p in _SPLIT_ROLE_ORG.split(text) if p and p.strip()]) >= 2
    return next_is_date or (has_parts and bool(_ROLE_HINT.search(text) or _ORG_HINT.search(text)))


def _entries(lines: list[Line], section: str) -> list[dict[str, Any]]:
    """Experience-like entries: a title line (with or without dates), an optional date
    line, then what was done. Works for markdown ("### Role — Org"), PDF text (title line,
    date line, "•" bullets) and DOCX text (list paragraphs arrive without markers)."""
    body = [ln for ln in lines if ln.section == section and not ln.column_header
            and not (ln.is_heading and section_of_heading(ln.text) == section)]
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        dates = find_date_range(line.text)
        title_text = line.text
        if dates:
            title_text = _without_dates(line.text, dates[2])
        if dates and not title_text and current is not None and not current["start"]:
            current["start"], current["end"] = dates[0], dates[1]  # the date line under a title
            continue
        is_title = (line.is_heading and line.level >= 3) or (not line.bullet and bool(title_text) and (
            current is None or bool(dates and len(title_text) <= TITLE_MAX_CHARS)
            or _looks_like_title(line, following)))
        if is_title:
            role, org, location = _split_role_org(title_text)
            current = {"role": role, "organization": org, "location": location, "start": "", "end": "",
                       "bullets": [], "line": line.number}
            entries.append(current)
            if dates:
                current["start"], current["end"] = dates[0], dates[1]
            continue
        if current is not None:
            current["bullets"].append(line.text)
    return entries


def _section_text(lines: list[Line], section: str) -> list[str]:
    return [ln.text for ln in lines if ln.section == section and not ln.is_heading and not ln.column_header]


def _split_list(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        # Split on commas outside parentheses: "AWS (EC2, S3)" stays one item.
        depth, token = 0, ""
        for ch in item + ",":
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            if ch in ",;·" and depth == 0:
                if token.strip():
                    out.append(token.strip())
                token = ""
            else:
                token += ch
    return out


def parse_resume(text: str) -> dict[str, Any]:
    """Structured fields of a resume: contact, summary, experience, education, skills,
    certifications, languages, links, projects."""
    lines = split_lines(text)
    header = [ln for ln in lines if ln.section == "header"]
    joined = "\n".join(ln.text for ln in lines)
    name = next((ln.text for ln in header if ln.is_heading), header[0].text if header else "")
    email = EMAIL.search(joined)
    contact = {
        "name": name,
        "email": email.group(0) if email else "",
        "phone": "",
        "headline": next((ln.text for ln in header if not ln.is_heading and ln.text != name
                          and not EMAIL.search(ln.text)), ""),
    }
    for ln in header:
        phone = PHONE.search(EMAIL.sub("", ln.text))
        if phone and 9 <= len(re.sub(r"\D", "", phone.group(0))) <= 15:
            contact["phone"] = phone.group(0).strip()
            break
    links = sorted({m.group(0) for m in URL.finditer(joined)})
    experience = [_clean_entry(e) for e in _entries(lines, "experience")]
    projects = [_clean_entry(e) for e in _entries(lines, "projects")]
    education = []
    for ln in lines:
        if ln.section == "education" and not ln.is_heading and not ln.column_header:
            dates = find_date_range(ln.text)
            body = _without_dates(ln.text, dates[2]) if dates else ln.text
            education.append({"text": ln.text, "degree_org": body.strip(" ,()-—–"),
                              "start": dates[0] if dates else "", "end": dates[1] if dates else "",
                              "line": ln.number})
    skills = _split_list(_section_text(lines, "skills"))
    return {
        "contact": contact,
        "summary": " ".join(_section_text(lines, "summary")),
        "experience": experience,
        "projects": projects,
        "education": education,
        "skills": skills,
        "skill_terms": find_terms(joined),
        "certifications": _section_text(lines, "certifications"),
        "languages": _section_text(lines, "languages"),
        "links": links,
    }


def _clean_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("role", "organization", "location", "start", "end", "bullets", "line")}


def parse_job_posting(text: str) -> dict[str, Any]:
    """Title, company, responsibilities and requirements (must / nice) of a job posting."""
    lines = split_lines(text)
    header = [ln for ln in lines if ln.section == "header"]
    title = next((ln.text for ln in header if ln.is_heading), header[0].text if header else "")
    company = ""
    for ln in header:
        if ln.is_heading:
            continue
        first = re.split(r"\s*[·|,]\s*", ln.text)[0].strip()
        if first and len(first) <= 80:
            company = first
            break

    def items(section: str) -> list[str]:
        return [ln.text for ln in lines if ln.section == section and not ln.is_heading]

    must = items("jd_must")
    nice = items("jd_nice")
    # Inline markers: "Kubernetes (preferred)" / "(우대)" move to nice; "(필수)" stays must.
    for req in list(must):
        if re.search(r"\b(?:preferred|nice to have|a plus|bonus)\b|우대", req, re.IGNORECASE):
            must.remove(req)
            nice.append(req)
    return {
        "title": title,
        "company": company,
        "responsibilities": items("jd_responsibilities"),
        "requirements_must": must,
        "requirements_nice": nice,
        "terms": find_terms(text),
    }


QUESTION_LINE = re.compile(
    r"^(?:(?:문항|질문|Q|Question)\s*\.?\s*\d{1,2}\s*[.):：]?|\d{1,2}\s*[.)]|\[\s*\d{1,2}\s*\])\s*(?P<q>.+)$",
    re.IGNORECASE,
)
QUESTION_WORDS = re.compile(
    r"(?:기술|서술|작성|설명|소개|말씀|쓰|기재)\s*(?:해|하여)?\s*(?:주|바랍)|무엇|어떻게|\?|？|"
    r"\b(?:describe|tell us|explain|why|what|how|share)\b|포부|동기|경험",
    re.IGNORECASE,
)
LIMIT = re.compile(r"(\d[\d,]*)\s*(?:자|characters|chars|words|단어|byte|bytes)", re.IGNORECASE)


def is_question_line(raw_line: str) -> bool:
    """A numbered prompt of a cover letter ("1. 지원 동기를 기술해 주십시오.", "Q2. Why us?")."""
    line = raw_line.strip().lstrip("#").strip()
    return bool(QUESTION_LINE.match(line)) and bool(QUESTION_WORDS.search(line)) and len(line) <= 250


def parse_cover_letter(text: str) -> dict[str, Any]:
    """Questions (문항) with their answers. A letter without numbered questions is one answer."""
    lines = split_lines(text)
    raw = text.splitlines()
    title = next((ln.text for ln in lines if ln.is_heading and ln.level == 1), "")
    items: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for ln in lines:
        if ln.level == 1 and ln.text == title:
            continue
        m = QUESTION_LINE.match(raw[ln.number - 1].strip().lstrip("#").strip())
        is_question = is_question_line(raw[ln.number - 1])
        if (ln.is_heading and ln.level >= 2) or is_question:
            q = m.group("q").strip() if m else ln.text
            limit = LIMIT.search(q)
            current = {"question": q, "limit": int(limit.group(1).replace(",", "")) if limit else None,
                       "answer": "", "line": ln.number, "answer_lines": []}
            items.append(current)
            continue
        if current is None:
            current = {"question": "", "limit": None, "answer": "", "line": ln.number, "answer_lines": []}
            items.append(current)
        current["answer"] = (current["answer"] + "\n" + ln.text).strip()
        current["answer_lines"].append(ln.number)
    for item in items:
        item["answer_line"] = item.pop("answer_lines")[0] if item.get("answer_lines") else item["line"]
    if len(items) > 1 and not items[0]["question"] and "\n" not in items[0]["answer"] \
            and len(items[0]["answer"]) <= TITLE_MAX_CHARS:
        title = title or items.pop(0)["answer"]  # a plain-text title line above the first question
    return {"title": title, "items": [i for i in items if i["answer"] or i["question"]]}


def parse_document(kind: str, text: str) -> dict[str, Any]:
    """Dispatch on document kind ("resume", "cover_letter", "job_posting")."""
    if kind == "job_posting":
        return parse_job_posting(text)
    if kind == "cover_letter":
        return parse_cover_letter(text)
    return parse_resume(text)

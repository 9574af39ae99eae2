"""`python -m core analyze-resume FILE [--jd FILE] [--cover-letter FILE] [--lang en|ko] [--json]
[--no-blind-check]`.

Reads PDF, DOCX, TXT or Markdown files with the same extraction and analysis the Profile
page uses, and prints the claim ledger, gaps, expected questions and cover-letter notes, and
the blind-hiring check of the resume and the cover letter (`core.interview.blind`, as on the
Profile page): `"protected_details": [{"document": "resume"|"cover_letter", "sentence",
"category", "why", "char_start", "char_end"}]` (offsets into that document's text).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.cli import UserError, print_json
from core.i18n import t


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze-resume",
        help="claims, gaps against a job posting, expected questions and cover-letter notes",
        description="Analyse a resume (PDF, DOCX, TXT, MD) offline, optionally against a job posting "
                    "and with a cover letter.",
    )
    parser.add_argument("file", help="the resume (use --cover-letter alone with '-' to analyse only a letter)")
    parser.add_argument("--jd", "--job", dest="jd", help="a job posting file to find gaps against")
    parser.add_argument("--cover-letter", dest="cover_letter", help="a cover letter (자기소개서) file")
    parser.add_argument("--lang", choices=("en", "ko"), default="en", help="language of the guidance (default en)")
    parser.add_argument("--json", action="store_true", help="print the full analysis as JSON")
    parser.add_argument("--no-blind-check", dest="blind_check", action="store_false",
                        help="skip the blind-hiring check (family, hometown, school, age, ... sentences)")
    parser.add_argument("--llm", action="store_true",
                        help="also ask the configured LLM (LLM_PROVIDER...) for questions; offline result on any error")
    parser.set_defaults(handler=run)


def read_document(path_arg: str, what: str, lang: str = "en") -> tuple[str, list[str]]:
    """(text, warnings in `lang`) of a document file, or a UserError with one clear line.
    Text files go through the one decoder document reading uses (UTF-8, UTF-16, CP949)."""
    from core.config import get_settings
    from core.documents import DocumentError
    from core.documents.sandbox import extract_untrusted

    path = Path(path_arg)
    if not path.is_file():
        raise UserError(f"{what} not found: {path}")
    try:
        extracted = extract_untrusted(path.read_bytes(), path.name, settings=get_settings())
    except DocumentError as exc:
        raise UserError(f"cannot read {what} {path.name}: {t(exc.message_key, lang)}") from exc
    except OSError as exc:
        raise UserError(f"cannot read {what} {path.name}: {exc.strerror or exc}") from exc
    if not extracted.text.strip():
        raise UserError(f"{what} {path.name} contains no text")
    return extracted.text, [f"{path.name}: {t(key, lang)}" for key in extracted.warnings]


def protected_details(documents: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """The blind-hiring check of each non-empty document, in the JSON shape above; `why` is in
    `lang`."""
    from core.interview.blind import check_document

    return [{"document": name, "sentence": d.sentence, "category": d.category,
             "why": t(f"blind.why.{d.category}", lang), "char_start": d.char_start, "char_end": d.char_end}
            for name, text in documents.items() if text.strip() for d in check_document(text)]


def run(args: argparse.Namespace) -> int:
    from core.resume.analysis import analyze_resume

    warnings: list[str] = []
    resume, job, letter = "", None, None
    if args.file != "-":
        resume, notes = read_document(args.file, "resume", args.lang)
        warnings += notes
    if args.jd:
        job, notes = read_document(args.jd, "job posting", args.lang)
        warnings += notes
    if args.cover_letter:
        letter, notes = read_document(args.cover_letter, "cover letter", args.lang)
        warnings += notes
    for warning in warnings:  # what could not be read is said, never silently dropped
        sys.stderr.write(f"warning: {warning}\n")
    if not resume and not letter:
        raise UserError("nothing to analyse: give a resume file or --cover-letter")
    llm = None
    if args.llm:
        from core.config import get_settings
        from core.llm import resolve_llm

        llm = resolve_llm(get_settings())
        if llm is None:
            sys.stderr.write("note: no LLM provider is configured; the analysis is offline\n")
    result = analyze_resume(resume, job_text=job, cover_letter_text=letter, lang=args.lang, llm=llm).to_dict()
    result["warnings"] = warnings
    result["protected_details"] = (protected_details({"resume": resume, "cover_letter": letter or ""}, args.lang)
                                   if args.blind_check else [])
    if args.json:
        print_json(result)
        return 0
    lines = [f"claims: {len(result['claims'])} ({result['summary']['numeric_claims']} with numbers)"]
    for c in result["claims"]:
        if c["kind"] not in {"technology", "credential"}:
            where = f"{c['source'].get('document')} line {c['source'].get('line')}"
            lines.append(f"  [{c['kind']}] {c['value']}  — {where}")
    if result["job"]:
        lines.append(f"gaps against {result['job'].get('title')}: {len(result['gaps'])}")
        lines += [f"  ({g['priority']}, {g['status']}) {g['requirement']}" for g in result["gaps"]]
    lines.append(f"expected questions: {len(result['expected_questions'])}")
    lines += [f"  {n}. {q['question']}" for n, q in enumerate(result["expected_questions"], start=1)]
    for note in result["cover_letter_notes"]:
        lines.append(f"cover letter {note['index']}: {note['specificity']} — " + " ".join(note["notes"]))
    if args.blind_check:
        lines.append(f"blind-hiring check: {len(result['protected_details'])} sentence(s)")
        lines += [f"  [{d['document']}, {t('blind.category.' + d['category'], args.lang)}] {d['sentence']}\n"
                  f"    {d['why']}" for d in result["protected_details"]]
    print("\n".join(lines))
    return 0

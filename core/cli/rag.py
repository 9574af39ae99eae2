"""`python -m core index|search`: the company library without a browser.

    python -m core index --company "Northwind Robotics plc" report.pdf notes.md [--user demo]
    python -m core search --company "Northwind Robotics plc" "What are the risks?" --k 5 --json

`index` prints progress on stderr; a file that cannot be read is reported and skipped
without spoiling the others (exit code 1 when any file failed). A file whose content the
company's library already holds is listed under "duplicates" and not added again (exit
code 0), or with `--replace` becomes that document's new version. The CLI acts as a user:
`--user USERNAME`, default the demo user "demo" when it exists, else the system (shared
companies).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.cli import UserError, print_json

DEMO_USER = "demo"


def register(subparsers: argparse._SubParsersAction) -> None:
    index = subparsers.add_parser("index", help="add documents to a company in the company library")
    index.add_argument("--company", required=True, help="company name (created when missing)")
    index.add_argument("--user", help=f"act as this user (default: {DEMO_USER!r} if it exists, else shared)")
    index.add_argument("--title", help="document title (default: the file's own title or name)")
    index.add_argument("--doc-type", default="", help="annual_report, press_release, careers, ...")
    index.add_argument("--year", type=int, help="year the document is about")
    index.add_argument("--language", choices=["en", "ko"], default="en", help="language of progress messages")
    index.add_argument("--replace", action="store_true",
                       help="a file whose content is already in the library becomes that document's new version "
                            "(default: it is reported under \"duplicates\" and not added again)")
    index.add_argument("files", nargs="+", metavar="FILE", help="PDF, DOCX, HTML, Markdown or text files")
    index.set_defaults(handler=run_index)

    search = subparsers.add_parser("search", help="search a company's documents (what the interviewer knows)")
    search.add_argument("--company", required=True, help="company name")
    search.add_argument("query", help="question or keywords")
    search.add_argument("--k", type=int, default=5, help="number of passages (default 5)")
    search.add_argument("--user", help=f"act as this user (default: {DEMO_USER!r} if it exists, else shared)")
    search.add_argument("--json", action="store_true", help='print {"results": [...]} as JSON')
    search.set_defaults(handler=run_search)


def _context(user: str | None) -> tuple[Any, Any, int | None]:
    from sqlmodel import Session

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine

    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    if settings.demo_mode:
        from core.rag.demo import ensure_sample_companies

        ensure_sample_companies(engine, settings)
    with Session(engine) as session:
        if user:
            found = crud.get_user_by_username(session, username=user)
            if found is None:
                raise UserError(f"no user named {user!r}")
            return settings, engine, found.id
        demo = crud.get_user_by_username(session, username=DEMO_USER)
        return settings, engine, demo.id if demo else None


def _find_company(engine: Any, user_id: int | None, name: str, *, own_only: bool) -> Any:
    from sqlmodel import Session

    from core.db import crud

    with Session(engine) as session:
        companies = crud.list_companies(session, viewer_id=user_id)
        wanted = " ".join(name.split()).casefold()
        matches = [c for c in companies if " ".join(c.name.split()).casefold() == wanted]
        own = [c for c in matches if c.owner_id == user_id]
        if own:
            return own[0]
        return None if own_only else (matches[0] if matches else None)


def run_index(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from core.db import crud
    from core.documents import DocumentError
    from core.i18n import t
    from core.rag.service import DuplicateDocument, add_company_document, extract_upload

    settings, engine, user_id = _context(args.user)
    paths = [Path(f) for f in args.files]
    company = _find_company(engine, user_id, args.company, own_only=True)
    if company is None:
        with Session(engine) as session:
            company = crud.create_company(session, owner_id=user_id, name=args.company, language=args.language)
        sys.stderr.write(t("rag.cli.created_company", args.language, name=company.name) + "\n")
    indexed: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    for path in paths:
        def progress(fraction: float, message: str, _name: str = path.name) -> None:
            sys.stderr.write(f"\r{_name}: {fraction:4.0%} {message}\x1b[K")
            sys.stderr.flush()

        try:
            if not path.is_file():
                raise FileNotFoundError(path)
            extracted = extract_upload(path.read_bytes(), path.name, settings)
            result = add_company_document(engine, settings, user_id=user_id, company_id=company.id,
                                          extracted=extracted, title=args.title or extracted.title or path.stem,
                                          filename=path.name, doc_type=args.doc_type, year=args.year,
                                          progress=progress, lang=args.language,
                                          if_duplicate="replace" if args.replace else "refuse")
        except DuplicateDocument as exc:
            message = t("rag.cli.duplicate", args.language, title=exc.existing.title, document_id=exc.existing.id)
            duplicates.append({"file": str(path), "document_id": exc.existing.id, "title": exc.existing.title,
                               "message": message})
            sys.stderr.write(f"\r{path.name}: {message}\x1b[K\n")
            continue
        except DocumentError as exc:
            failed.append({"file": str(path), "code": exc.code, "message": t(exc.message_key, args.language)})
            sys.stderr.write(f"\rskipped {path}: {t(exc.message_key, args.language)} ({exc.code})\x1b[K\n")
            continue
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            failed.append({"file": str(path), "code": "unreadable", "message": str(exc)})
            sys.stderr.write(f"\rskipped {path}: cannot read the file ({type(exc).__name__})\x1b[K\n")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file (e.g. embedding outage) must not stop the rest
            failed.append({"file": str(path), "code": "index_failed", "message": str(exc)})
            sys.stderr.write(f"\rfailed {path}: {type(exc).__name__}: {exc}\x1b[K\n")
            continue
        sys.stderr.write("\n")
        indexed.append({"file": str(path), "document_id": result.document.id, "title": result.document.title,
                        "chunks": result.chunks, "seconds": round(result.seconds, 2)})
    print_json({"company": company.name, "company_id": company.id, "indexed": indexed, "failed": failed,
                "duplicates": duplicates})
    return 1 if failed else 0


def run_search(args: argparse.Namespace) -> int:
    from core.rag import get_retriever

    if args.k < 1:
        raise UserError("--k must be at least 1")
    settings, engine, user_id = _context(args.user)
    company = _find_company(engine, user_id, args.company, own_only=False)
    if company is None:
        raise UserError(f"no company named {args.company!r} (add documents with: python -m core index "
                        f"--company {args.company!r} FILE...)")
    passages = get_retriever(settings, user_id=user_id).search(company.id, args.query, args.k)
    results = [{"text": p.text, "source": p.source, "page": p.page, "section": p.section, "score": p.score}
               for p in passages]
    if args.json:
        print_json({"results": results})
        return 0
    if not results:
        sys.stdout.write("no passages found\n")
    for number, item in enumerate(results, 1):
        where = f"p. {item['page']}" if item["page"] else ""
        sys.stdout.write(f"{number}. [{item['score']:.3f}] {item['source']} {where} · {item['section']}\n")
        sys.stdout.write("   " + " ".join(str(item["text"]).split())[:300] + "\n")
    return 0

"""Chunking of extracted documents for retrieval, tuned separately for Korean and English.

Chunks never cross a page (citations stay exact) or a section heading (a passage keeps
one topic). Inside a section LlamaIndex's `SentenceSplitter` packs whole sentences up to
a token budget. Budgets are counted with LlamaIndex's default tokenizer (tiktoken
cl100k), where a Hangul syllable costs about one token but an English word about 1.3:
the same number of tokens holds roughly 3x more characters of English than of Korean.
The budgets below were chosen by measuring recall@5 on the sample companies
(`docs/notes/rag.md`, "Chunk size").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from llama_index.core.node_parser import SentenceSplitter

from core.documents.extract import ExtractedDocument, heading_of, split_sections

# Token budgets per chunk (cl100k tokens) and overlap, by document language.
CHUNK_TOKENS = {"ko": 192, "en": 192}
CHUNK_OVERLAP_TOKENS = {"ko": 24, "en": 24}
# Sections shorter than this (in characters) are merged into the next one on the same
# page: a lone title line or a one-line heading is not a useful passage by itself.
MIN_SECTION_CHARS = 80
# Sentence ends for the secondary splitter: ASCII and CJK full-width punctuation.
SECONDARY_CHUNKING_REGEX = r"[^,.;:。？！，、；：?!]+[,.;:。？！，、；：?!]?|[,.;:。？！，、；：?!]"
# Sentence = text up to . ! ? (ASCII or full-width) followed by a space or the end; the
# trailing space stays with the sentence because the splitter re-joins pieces verbatim.
_SENTENCE = re.compile(r".+?(?:[.!?。？！]+[\"'”’)]*(?:\s+|$)|$)", re.S)
_SENTENCE_END = re.compile(r"([.!?。？！]|다\.|요\.|[)\]\"'”’])\s*$")
_MD_MARK = re.compile(r"^#{1,6}\s+", re.M)
_LIST_ITEM = re.compile(r"^\s*([-*•·]|\d{1,2}[.)]|[가-하]\.|[①-⑳])\s")


@dataclass(frozen=True)
class Chunk:
    text: str
    page: int | None  # 1-based page for paginated documents, else None
    section: str
    position: int  # order within the document


def detect_language(text: str) -> str:
    """'ko' when Hangul is at least a fifth of the letters, else 'en'."""
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return "en"
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e")
    return "ko" if hangul / len(letters) >= 0.2 else "en"


def reflow(text: str) -> str:
    """Join lines that a PDF wrapped mid-sentence; headings and list items stay on their own."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            out.append("")
            continue
        starts_block = heading_of(line) is not None or _LIST_ITEM.match(line) is not None
        if out and out[-1] and not starts_block and not _SENTENCE_END.search(out[-1]) \
                and heading_of(out[-1]) is None:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def split_sentences(text: str) -> list[str]:
    """Sentences of Korean or English text (used instead of NLTK Punkt, which is English-only
    and, installed through hard links, refuses to open its own data files)."""
    return [s for s in _SENTENCE.findall(text) if s]


@lru_cache(maxsize=8)
def _splitter(chunk_tokens: int, overlap: int) -> SentenceSplitter:
    return SentenceSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=overlap,
        paragraph_separator="\n",
        secondary_chunking_regex=SECONDARY_CHUNKING_REGEX,
        chunking_tokenizer_fn=split_sentences,
    )


def _merged_sections(text: str, carry: str) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    pending_heading, pending = "", ""
    for heading, body in split_sections(text, carry):
        if pending:
            body = f"{pending}\n{body}"
            heading = pending_heading or heading
        if len(body) < MIN_SECTION_CHARS:
            pending_heading, pending = heading, body
            continue
        pending_heading, pending = "", ""
        merged.append((heading, body))
    if pending:
        if merged:
            head, body = merged[-1]
            merged[-1] = (head, f"{body}\n{pending}")
        else:
            merged.append((pending_heading, pending))
    return merged


def chunk_document(doc: ExtractedDocument, *, language: str | None = None,
                   chunk_tokens: int | None = None, overlap_tokens: int | None = None) -> list[Chunk]:
    """Split `doc` into chunks with page and section. Language defaults to the detected one."""
    lang = language or detect_language(doc.text)
    size = chunk_tokens or CHUNK_TOKENS.get(lang, CHUNK_TOKENS["en"])
    overlap = overlap_tokens if overlap_tokens is not None else CHUNK_OVERLAP_TOKENS.get(lang, 24)
    splitter = _splitter(size, min(overlap, size // 2))
    chunks: list[Chunk] = []
    carry = ""
    for page in doc.pages:
        text = reflow(page.text) if doc.paginated else page.text
        # a PDF section runs over page breaks; other formats' "pages" start at their heading
        initial = (carry or page.heading) if doc.paginated else page.heading
        sections = _merged_sections(text, initial) if text.strip() else []
        for heading, body in sections:
            for piece in splitter.split_text(_MD_MARK.sub("", body)):
                piece = piece.strip()
                if piece:
                    chunks.append(Chunk(text=piece, page=page.number if doc.paginated else None,
                                        section=heading, position=len(chunks)))
        if sections:
            carry = sections[-1][0]
    return chunks

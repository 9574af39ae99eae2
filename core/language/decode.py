"""The one text decoder: bytes of a text file (typed answer, resume, job posting) to str.

Every text read in the project goes through `decode_text` (documents, CLI answer files,
uploads), so a Korean CP949 file or a Windows UTF-16 file reads the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

# Share of Hangul among the non-ASCII characters of a CP949 decoding above which we trust
# it (a UTF-8 file that merely failed on one byte decodes to scattered Hanja/symbols in CP949).
CP949_MIN_HANGUL_SHARE = 0.6
# Share of NUL / control bytes above which bytes are binary, not text (a PDF or image passed
# as a text file); UTF-16 files are decoded before this check.
BINARY_CONTROL_SHARE = 0.1


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file: UTF-8 (with or without BOM), UTF-16 with BOM, then the
    Korean legacy code page CP949 (a superset of EUC-KR) when the result looks Korean, then
    UTF-8 with replacement characters. Returns (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text:
        non_ascii = [c for c in text if ord(c) > 127]
        hangul = sum(1 for c in non_ascii if "\uac00" <= c <= "\ud7a3")
        if non_ascii and hangul / len(non_ascii) >= CP949_MIN_HANGUL_SHARE:
            return text, "cp949"
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


def looks_binary(data: bytes) -> bool:
    """Bytes that are not text (NUL or control bytes, outside a UTF-16 file with BOM)."""
    if not data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = data[:4096]
    control = sum(1 for b in head if b == 0 or (b < 32 and b not in (9, 10, 13)))
    return control / len(head) > BINARY_CONTROL_SHARE


def read_text_file(path: str | Path) -> str:
    """A text file's content through `decode_text`. Raises OSError when unreadable and
    ValueError("binary") when the bytes are not text."""
    data = Path(path).read_bytes()
    if looks_binary(data):
        raise ValueError("binary")
    return decode_text(data)[0]

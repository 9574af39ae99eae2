"""Blind-hiring check (블라인드 채용): sentences that volunteer details an interviewer must not
weigh — family background, birthplace or hometown, school name, age, marital status,
religion, health, appearance.

Korean public employers (and many private ones) run blind interviews under the Ministry of
Employment and Labor's 블라인드 채용 guideline, and anti-discrimination guidance elsewhere
(e.g. the US EEOC on pre-employment inquiries) names the same details; a candidate who
volunteers them invites exactly the judgement the process tries to keep out.

The judgement is a measured model, not a word list: each sentence is embedded with the
multilingual encoder the project ships (`core.rag.embeddings`, USE multilingual v3, 512-d,
joined with character n-gram hashing for the exact words) and a small softmax classifier
(multinomial logistic regression, trained by `scripts/train_blind.py` on
`data/blind/protected_details_*.jsonl`, plus the train split of the reader's ordinary
answer sentences as "none") names its
category or "none". The weights are committed beside the data as `data/blind/model.npz`
(plain arrays, no pickle, read by the shared `core.interview.heads` loader); inference is
numpy only. Held-out recall and false-flag rate are
in BENCHMARKS.md.

Answers are read sentence by sentence from the answer reader's `AnswerReading` (no second
reading of the text); uploaded documents are split with the project's sentence splitter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from core.config import PROJECT_ROOT
from core.interview.heads import HeadFileError, LogisticHead, load_head, save_head_file
from core.interview.reading import AnswerReading
from core.language.sentences import split_sentences

ProtectedCategory = Literal["family", "birthplace", "school", "age", "marital", "religion", "health",
                            "appearance"]
PROTECTED_CATEGORIES: tuple[str, ...] = get_args(ProtectedCategory)
NONE_LABEL = "none"

MODEL_PATH = PROJECT_ROOT / "data" / "blind" / "model.npz"
# Sentences longer than this are read in pieces of at most this many characters (cut at a
# space): USE reads a sentence, and a resume paragraph or a transcript without punctuation
# would otherwise dilute one detail in hundreds of words, or lose it past the cut.
MAX_SENTENCE_CHARS = 400
# The length of those pieces: about two spoken sentences, so one detail is not outweighed by
# the words around it.
PIECE_CHARS = 160
# Sentences shorter than this carry no detail ("네.", "Thanks.") and are skipped.
MIN_SENTENCE_CHARS = 4

HASHING_DIMENSION = 2048
FEATURE_DIMENSION = 512 + HASHING_DIMENSION
ENCODER_NAME = f"use-multilingual-v3+hashing-{HASHING_DIMENSION}"

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class ProtectedDetail:
    """One sentence that volunteers a detail a blind interview keeps out."""

    sentence: str
    category: ProtectedCategory
    char_start: int  # offsets in the text that was checked (answer or document)
    char_end: int
    probability: float  # the classifier's probability of `category`, 0..1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


HEAD_NAME = "blind"


@dataclass(frozen=True)
class BlindModel:
    """Multinomial logistic regression over sentence vectors (`core.interview.heads`).

    `head.weights` is (n_classes, n_features), `head.bias` (n_classes,), `head.labels` the
    label of each row ("none" and the protected categories). A sentence is flagged when the
    summed probability of the protected classes reaches `threshold` (chosen by
    cross-validation on the training split by `scripts/train_blind.py`, recorded in the
    file's metadata).
    """

    head: LogisticHead
    threshold: float
    encoder: str

    @property
    def classes(self) -> tuple[str, ...]:
        return self.head.labels

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> BlindModel:
        """Read the committed weights with the shared head loader (no pickle).

        Raises MissingHeadFileError (a FileNotFoundError) when the model was never trained,
        HeadFileError (a ValueError) when the file is damaged, lacks the head, its metadata has
        no threshold/encoder, or its classes miss "none".
        """
        head = load_head(path, HEAD_NAME)
        if NONE_LABEL not in head.labels or len(head.labels) < 2 or head.weights.shape[0] != len(head.labels):
            raise HeadFileError(f"blind model {path} does not have a '{NONE_LABEL}' class among its labels")
        try:
            threshold = float(head.metadata["threshold"])
            encoder = str(head.metadata["encoder"])
        except (KeyError, TypeError, ValueError) as exc:
            raise HeadFileError(f"blind model {path}: metadata lacks a threshold or encoder ({exc})") from exc
        return cls(head=head, threshold=threshold, encoder=encoder)

    def save(self, path: Path, **extra_meta: Any) -> None:
        save_head_file(path, {HEAD_NAME: self.head},
                       metadata={"classes": list(self.classes), "threshold": self.threshold,
                                 "encoder": self.encoder, **extra_meta})

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities, (n_sentences, n_classes)."""
        return self.head.probabilities(vectors)

    def classify(self, vectors: np.ndarray) -> list[tuple[str, float]]:
        """Per sentence: the protected category and its probability, or ("none", P(none))."""
        probs = self.probabilities(vectors)
        none_col = self.classes.index(NONE_LABEL)
        out: list[tuple[str, float]] = []
        for row in probs:
            protected = 1.0 - float(row[none_col])
            if protected >= self.threshold:
                masked = row.copy()
                masked[none_col] = -1.0
                best = int(masked.argmax())
                out.append((self.classes[best], float(row[best])))
            else:
                out.append((NONE_LABEL, float(row[none_col])))
        return out


_MODEL_LOCK = threading.Lock()
_MODEL: BlindModel | None = None


def default_model() -> BlindModel:
    """The committed model, loaded once per process."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = BlindModel.load()
        return _MODEL


def default_embed(texts: Sequence[str]) -> np.ndarray:
    """The features the model was trained on: USE multilingual v3 (meaning, 512-d) joined with
    character n-gram hashing (`HashingEmbedder`, 2048-d: the exact words that carry a detail,
    e.g. "1995년생", "185 cm", a school's name), both L2-normalised."""
    from core.rag.embeddings import HashingEmbedder, USEEmbedder

    if not texts:
        return np.zeros((0, FEATURE_DIMENSION), dtype=np.float32)
    meaning = np.asarray(USEEmbedder().embed_documents(list(texts)), dtype=np.float32)
    words = np.asarray(HashingEmbedder(HASHING_DIMENSION).embed_documents(list(texts)), dtype=np.float32)
    return np.hstack([meaning, words])


def _pieces(text: str, start: int) -> list[tuple[str, int, int]]:
    """`text` (found at offset `start`) as (piece, char_start, char_end) of at most
    PIECE_CHARS characters each, cut at the last space of the second half of a window (or
    hard when there is none), surrounding whitespace trimmed."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(text):
        j = min(i + PIECE_CHARS, len(text))
        if j < len(text):
            cut = text.rfind(" ", i + PIECE_CHARS // 2, j)
            j = cut if cut > i else j
        piece = text[i:j]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append((piece, start + i + lead, start + i + lead + len(piece)))
        i = j
    return out


def find_protected_details(spans: Sequence[tuple[str, int, int]], *, model: BlindModel | None = None,
                           embed: Embed | None = None) -> tuple[ProtectedDetail, ...]:
    """The protected details among `spans` = (sentence, char_start, char_end), in order.

    `sentence` is the text at [char_start, char_end) of the checked text. A span longer than
    MAX_SENTENCE_CHARS is read in pieces of PIECE_CHARS (`_pieces`), and a flagged piece is
    reported with its own offsets.
    """
    kept: list[tuple[str, int, int]] = []
    for text, start, _end in spans:
        if len(text) <= MAX_SENTENCE_CHARS:
            lead = len(text) - len(text.lstrip())
            kept.append((text.strip(), start + lead, start + lead + len(text.strip())))
        else:
            kept += _pieces(text, start)
    kept = [span for span in kept if len(span[0]) >= MIN_SENTENCE_CHARS]
    if not kept:
        return ()
    model = model or default_model()
    vectors = (embed or default_embed)([text for text, _, _ in kept])
    out = []
    for (text, start, end), (label, prob) in zip(kept, model.classify(vectors), strict=True):
        if label != NONE_LABEL:
            out.append(ProtectedDetail(sentence=text, category=label, char_start=start,  # type: ignore[arg-type]
                                       char_end=end, probability=round(prob, 3)))
    return tuple(out)


def check_answer(reading: AnswerReading, *, model: BlindModel | None = None,
                 embed: Embed | None = None) -> tuple[ProtectedDetail, ...]:
    """Protected details in an answer, sentence by sentence as the answer reader split it."""
    return find_protected_details([(s.text, s.char_start, s.char_end) for s in reading.sentences],
                                  model=model, embed=embed)


def check_document(text: str, *, lang: str | None = None, model: BlindModel | None = None,
                   embed: Embed | None = None) -> tuple[ProtectedDetail, ...]:
    """Protected details in an uploaded resume or cover letter, sentence by sentence
    (`core.language.sentences`: lines, punctuation and Korean sentence endings)."""
    return find_protected_details([(s.text, s.start, s.end) for s in split_sentences(text or "", lang)],
                                  model=model, embed=embed)

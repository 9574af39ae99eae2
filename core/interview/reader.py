"""The answer reader: what an answer says, sentence by sentence, in English and Korean.

`read_answer(question, answer, lang=...) -> AnswerReading` (shapes in
`core.interview.reading`). Meaning comes from the multilingual sentence encoder the
project ships (Universal Sentence Encoder multilingual v3, `core.rag.embeddings`): every
sentence, the question and the whole answer are embedded once, and small logistic-
regression heads trained on the labelled corpus in `data/reader/` (script:
`scripts/train_reader.py`, weights: `data/reader/model/reader.npz`, plain arrays loaded
without pickle) decide:

- the question type (behavioural, situational, motivation, self-description, technical);
- each sentence's STAR role, actor and whether it is concrete (embedding + a few exact
  features: position, numbers, subject pronouns, Korean first-person verb endings);
- whether the answer answers *the question asked*: the encoder's question-answer
  similarity, the answer's similarity to what answers of each question type look like
  (prototypes learned from on-topic answers), the probability that the answer is an
  answer to a question of this type, whether the evidence the answer shows matches the
  question's intent (an intent head on the question — success story, failure, conflict,
  why us, weakness, technical, ... — against an evidence head on the answer; `INTENTS`,
  `intent_features`), and how the asked question ranks among
  the training questions as the one this answer answers (`question_rank_features`) — never
  word overlap;
- the competency it shows (NACE keys for English, NCS keys for Korean).

Rules are used only where they are exact: sentence splitting, finding numbers and their
context (`core.language`), and an explicit subject pronoun ("I", "we", 제가, 저희가).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.interview.competencies import allowed_competencies
from core.interview.heads import LogisticHead, load_head_file
from core.interview.reading import (
    QUESTION_TYPES,
    STAR_ROLES,
    AnswerReading,
    NumberReading,
    QuestionType,
    SentenceReading,
    StarRole,
)
from core.language import count_words, detect_language, find_numbers, split_sentences
from core.language.lexicon import (
    FILLER_INTERJECTIONS,
    I_SUBJECT_EN,
    I_SUBJECT_KO,
    OTHERS_SUBJECT_EN,
    WE_SUBJECT_EN,
    WE_SUBJECT_KO,
)

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "reader" / "model" / "reader.npz"
# Answers longer than this are read up to here: a 5,000-word paste is not an interview
# answer, and the encoder's cost grows with every sentence (≈2 ms each on one core).
MAX_SENTENCES = 60
MAX_SENTENCE_CHARS = 600
# Below this probability from the answers head an answer is off the question. The head is
# trained class-balanced on ~4 mismatched question-answer pairs per real one, so 0.5 would
# over-call off-topic; 0.4 held false alarms to 2-4 % on the held-out split
# (scripts/train_reader.py, BENCHMARKS.md) at the same recall.
ON_TOPIC_MIN_PROBABILITY = 0.25

Embed = Callable[[Sequence[str]], np.ndarray]

# --------------------------------------------------------------------------- exact features
_WORD = re.compile(r"[A-Za-z][A-Za-z']*|[가-힣]+")
_HYPOTHETICAL_EN = re.compile(r"\b(?:would|i'd|we'd|will|i'll|going to|should|could)\b", re.IGNORECASE)
_HYPOTHETICAL_KO = re.compile(r"겠|ㄹ 것|할 것|할 겁니다|려고 합니다|하려고|것입니다")
_REFLECT_EN = re.compile(r"\b(?:learn(?:ed|t)|lesson|taught me|next time|now i|looking back|i realised|i realized|"
                         r"since then|from then on|would do differently)\b", re.IGNORECASE)
_REFLECT_KO = re.compile(r"배웠|배운|깨달|교훈|이후로|그 뒤로|다음에는|앞으로|느꼈")
_RESULT_CUE_EN = re.compile(r"\b(?:as a result|in the end|result|outcome|went (?:up|down|from)|fell|rose|dropped|"
                            r"increased|reduced|cut|saved|grew|shipped|launched|finished|won|achieved|ended up)\b",
                            re.IGNORECASE)
# The speaker's responsibility or goal named as such (a task, not an action: "I was in charge
# of the data collection stage", "저는 수집 단계를 맡았습니다"); a feature whose weight the role
# head learns (in Korean "맡았습니다" also opens situations, and the labels decide).
_TASK_CUE_EN = re.compile(r"\b(?:my (?:job|task|role|goal|responsibility)|"
                          r"i was (?:asked|responsible|in charge|assigned|given|tasked)|"
                          r"in charge of|responsible for|(?:goal|aim|task) was)\b", re.IGNORECASE)
_TASK_CUE_KO = re.compile(r"맡았|맡게|맡은|담당|역할|책임")
_RESULT_CUE_KO = re.compile(r"결과|덕분|줄었|늘었|증가|감소|개선|단축|향상|절감|달성|성공|마무리|완료|채택|수상|받았")
# Korean verb endings that, with no other subject named, mean the speaker did it
# (dropped subjects: "고객에게 직접 전화했습니다" = I called).
_KO_FIRST_PERSON_VERB = re.compile(
    r"(?:했|하였|만들었|바꿨|정리했|드렸|봤|찾았|물었|나눴|세웠|짰|썼|맡았|잡았|옮겼|돌렸|줄였|늘렸|고쳤|배웠|"
    r"했었|하겠|드리겠|보겠|하려고|했고|해서|하고)(?:습니다|어요|고요|고|는데|다|죠|으며)?"
)
_KO_OTHER_SUBJECT = re.compile(r"(?<![가-힣])(?!저|제|저희|우리)[가-힣]{1,8}(?:이|가|께서|들이|들은)(?=\s)")
# A clause whose subject is a noun phrase, not a person pronoun ("and the emails got longer",
# "the PM would update the roadmap", "it created a lot of tension", "고객이 화를 내셨습니다"):
# the speaker did not do it. Exact for English clause openers (a determiner, a quantifier
# pronoun or "it/there" as the first word after conjunctions and fillers) and for Korean
# subject particles on a noun that is not 저/제/저희/우리 (adverbs ending in 이 excluded).
_CLAUSE_LEAD_EN = frozenset({"and", "but", "so", "then", "also", "or", "yeah", "well", "like", "okay", "ok",
                             "because", "cause", "since", "after", "when", "while", "until", "which", "plus"})
_NP_SUBJECT_EN = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its",
                            "every", "each", "everyone", "everybody", "everything", "nobody", "nothing",
                            "someone", "somebody", "something", "most", "many", "some", "all", "it", "it's",
                            "there", "there's", "another", "one", "both", "none"})
_KO_NP_SUBJECT = re.compile(r"(?<![가-힣])(?!저희|우리|제가|내가)([가-힣]{1,8})(?:께서|들이|이|가)(?=\s|,)")
_KO_NOT_SUBJECT = frozenset({"같", "많", "깊", "높", "일찍", "빨리", "어떻", "이렇", "그렇", "저렇", "굳", "없", "적",
                             "꾸준", "새로", "더", "다", "그", "이", "저", "제", "누", "어디", "뭐", "무엇",
                             "좋", "싫", "크", "작", "가까", "멀", "깨끗", "나란", "똑같", "틈틈", "곰곰"})
_NAMED_EN = re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z0-9+#./]{1,}")
_LATIN_IN_KO = re.compile(r"[A-Za-z][A-Za-z0-9+#./]{1,}")

SENTENCE_FEATURES = 21  # exact features appended to the 512-d sentence embedding
ANSWER_FEATURES = 36  # features of the answers-the-question head (see `answer_features`)
# What a question asks for (its intent), finer than its type: the labels of the training
# questions are in `data/reader/model/question_intents.json`. An on-topic answer shows the
# evidence its question's intent asks for; off-topic = the two do not match.
INTENTS = ("story", "failure", "conflict", "situational", "why_us", "future", "strengths", "weakness",
           "work_style", "personal", "technical")
INTENTS_PATH = Path(__file__).resolve().parents[2] / "data" / "reader" / "model" / "question_intents.json"
# Finer topics inside the two intents where "a different story of the same kind" is a
# different answer: a mistake told to "when was your idea rejected", a mentoring story or
# a peer conflict told to "when did you disagree with your manager". A question of the
# intent without a topic (e.g. "tell me about a failure") accepts every topic of it. Labels
# of the training questions: `data/reader/model/question_topics.json`. Not read by the
# shipped model: topic heads and topic-mismatched training pairs were tried in session 23
# and did not beat the model without them in grouped CV (BENCHMARKS.md).
TOPICS: dict[str, tuple[str, ...]] = {
    "failure": ("idea_rejected", "mistake", "missed_goal", "criticism"),
    "conflict": ("with_superior", "with_peer", "between_others", "with_customer"),
}
TOPICS_PATH = Path(__file__).resolve().parents[2] / "data" / "reader" / "model" / "question_topics.json"
# Softmax temperature over question similarity for `neighbour_features` (USE cosines of
# paraphrased questions sit ~0.1 above unrelated ones, so 0.05 weighs the nearest questions).
NEIGHBOUR_TAU = 0.05
NEIGHBOUR_TOP = 10


def _tokens_lower(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def explicit_actor(text: str, lang: str) -> str | None:
    """The actor named by the sentence's first subject pronoun, when one is named: "i",
    "we", "others" (he/she/they), else None (decided by the classifier)."""
    if lang == "ko" or detect_language(text) == "ko":
        squeezed = " " + text + " "
        first: tuple[int, str] | None = None
        for forms, actor in ((I_SUBJECT_KO, "i"), (WE_SUBJECT_KO, "we")):
            for form in forms:
                pos = squeezed.find(" " + form)
                if pos >= 0 and (first is None or pos < first[0]):
                    first = (pos, actor)
        return first[1] if first else None
    for token in _tokens_lower(text):
        if token in I_SUBJECT_EN:
            return "i"
        if token in WE_SUBJECT_EN:
            return "we"
        if token in OTHERS_SUBJECT_EN:
            return "others"
    return None


# "X와 함께 ...했습니다" is the speaker acting with others: in the corpus convention the actor
# is `i` (data/reader/README.md), so "함께" forms name no subject for the actor decision.
_WITH_OTHERS_KO = frozenset({"팀원들과 함께", "팀원들과", "함께"})
_KO_NOMINATIVE_I = ("제가", "내가")


def _adnominal(word: str) -> bool:
    """A Korean verb form that modifies a noun ("일하던", "만든", "가르친"): its subject is the
    subject of a relative clause, not of the sentence."""
    last = word[-1:] if word else ""
    return word.endswith("던") or ("가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 4 and len(word) >= 2)


def noun_phrase_subject(text: str, lang: str) -> bool:
    """True when the clause names a subject that is neither a person pronoun nor the
    speaker — a noun phrase ("and the emails got longer and angrier", "the PM would update
    the roadmap", "it created a lot of tension"; Korean "고객이", "개발사가", "팀장님께서") —
    and no subject pronoun ("I", "we", "she", 제가, 저희가) is named. A feature of the
    sentence heads (a noun-phrase subject is not the speaker's action), exact because it is
    read off the clause opener / the subject particle, not guessed."""
    if explicit_actor(text, lang) is not None:
        return False
    if lang == "ko" or detect_language(text) == "ko":
        for match in _KO_NP_SUBJECT.finditer(text + " "):
            stem = match.group(1)
            adverb = stem.endswith(("없", "같", "많")) or (len(stem) == 1 and match.group(0).endswith("이"))
            if stem in _KO_NOT_SUBJECT or adverb:
                continue
            # a verb going somewhere ("찾아가", "들어가", "데려가") is not a noun with 가
            if match.group(0).endswith("가") and stem.endswith(("아", "어", "와", "워", "러", "려", "나")):
                continue
            return True
        return False
    fillers = FILLER_INTERJECTIONS["en"]
    for token in _tokens_lower(text):
        if token in fillers or token in _CLAUSE_LEAD_EN:
            continue
        return token in _NP_SUBJECT_EN
    return False


def main_actor(text: str, lang: str) -> str | None:
    """The actor named by the sentence's main-clause subject, used to override the actor
    head: `explicit_actor` without the cases the corpus convention labels otherwise — Korean
    "함께" (acting with others is `i`), "제가/내가" opening a relative clause ("제가 일하던
    물류센터에서는" — the sentence's subject is something else) and a subject with nothing
    after it but fillers ("음 제가 이제" is `none`). None -> the head decides."""
    actor = explicit_actor(text, lang)
    if actor is None or not (lang == "ko" or detect_language(text) == "ko"):
        return actor
    squeezed = " " + text + " "
    forms = [(squeezed.find(" " + f), f) for f in (*I_SUBJECT_KO, *WE_SUBJECT_KO) if squeezed.find(" " + f) >= 0]
    pos, form = min(forms)
    if form in _WITH_OTHERS_KO:
        return None
    rest = [w for w in squeezed[pos + len(form) + 1:].split() if w not in FILLER_INTERJECTIONS["ko"]
            and w not in ("이제", "그", "뭐", "약간", "좀", "막", "진짜")]
    if not rest:
        return None
    if form in _KO_NOMINATIVE_I and _adnominal(rest[0]):
        return None
    return actor


def sentence_actors(texts: Sequence[str], head_actors: Sequence[str], lang: str,
                    not_speaker: Sequence[str] | None = None) -> list[str]:
    """The actor of every sentence of one answer: the main-clause subject when one is named
    (`main_actor`), else the actor head's choice (`head_actors`), except that in Korean a
    dropped subject the head reads as the speaker stays "we" after an explicit 저희/우리 —
    the corpus convention ("저희 팀이 ... 찾았습니다. 결국 일정 안에 배포했고" is the team),
    until another subject is named. In English a clause whose subject is a noun phrase
    (`noun_phrase_subject`: "and the emails got longer") is not the speaker's: a head choice
    of "i" there becomes `not_speaker[k]`, the head's best other actor (when given)."""
    out: list[str] = []
    last_named: str | None = None
    korean = lang == "ko"
    for text, head in zip(texts, head_actors, strict=True):
        named = main_actor(text, lang)
        if named is not None:
            last_named = named
            out.append(named)
        elif korean and head == "i" and last_named == "we" and explicit_actor(text, lang) is None:
            out.append("we")
        elif not korean and head == "i" and not_speaker is not None and noun_phrase_subject(text, lang):
            out.append(not_speaker[len(out)])
        else:
            out.append(head)
    return out


def not_speaker_actors(actor_p: np.ndarray, classes: Sequence[str]) -> list[str]:
    """For every row of the actor head's probabilities (n, len(classes)), its most likely
    actor other than "i"."""
    keep = [j for j, c in enumerate(classes) if c != "i"]
    return [classes[keep[int(np.argmax(row[keep]))]] for row in np.atleast_2d(actor_p)]


def sentence_features(text: str, index: int, count: int, lang: str, qtype: Sequence[float]) -> list[float]:
    """The exact features of one sentence (length `SENTENCE_FEATURES`): position, numbers,
    subject pronouns, tense/mood/task cues, length and the question type's
    probabilities (`qtype`, 5 values)."""
    ko = lang == "ko"
    numbers = find_numbers(text, lang)
    actor = explicit_actor(text, lang)
    content = [w for w in _tokens_lower(text) if w not in FILLER_INTERJECTIONS["ko" if ko else "en"]]
    hypo = (_HYPOTHETICAL_KO if ko else _HYPOTHETICAL_EN).search(text)
    reflect = (_REFLECT_KO if ko else _REFLECT_EN).search(text)
    result_cue = (_RESULT_CUE_KO if ko else _RESULT_CUE_EN).search(text)
    task_cue = (_TASK_CUE_KO if ko else _TASK_CUE_EN).search(text)
    first_person_verb = ko and actor is None and bool(_KO_FIRST_PERSON_VERB.search(text)) \
        and not _KO_OTHER_SUBJECT.search(text)
    # A one-sentence answer (often a follow-up answer) has no position in a story: it gets
    # neutral position features instead of being both "first" and "last".
    single = count == 1
    position = 0.5 if single else index / max(count - 1, 1)
    return [
        position,
        1.0 if index == 0 and not single else 0.0,
        1.0 if index == count - 1 and not single else 0.0,
        1.0 if numbers else 0.0,
        1.0 if any(n.is_ratio for n in numbers) else 0.0,
        1.0 if actor == "i" else 0.0,
        1.0 if actor == "we" else 0.0,
        1.0 if actor == "others" else 0.0,
        1.0 if first_person_verb else 0.0,
        1.0 if hypo else 0.0,
        1.0 if reflect else 0.0,
        1.0 if result_cue else 0.0,
        1.0 if task_cue else 0.0,
        1.0 if noun_phrase_subject(text, lang) else 0.0,
        min(len(content), 30) / 30.0,
        1.0 if len(content) <= 3 else 0.0,
        *[float(v) for v in qtype[: len(QUESTION_TYPES)]],
    ][:SENTENCE_FEATURES]


def _cos(u: np.ndarray, v: np.ndarray) -> float:
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    return float(u @ v / (nu * nv)) if nu and nv else 0.0


# --------------------------------------------------------------------------- the model
HEADS = ("qtype", "role", "actor", "concrete", "answers", "answer_type", "competency", "intent", "evidence")


@dataclass(frozen=True)
class ReaderModel:
    """The trained heads and the answer-type prototypes (unit vectors, one per question type)."""

    heads: Mapping[str, LogisticHead]
    prototypes: np.ndarray  # (len(QUESTION_TYPES), 512)
    answers_mean: np.ndarray  # standardisation of the answers head's features
    answers_scale: np.ndarray
    version: str = ""
    # P(on topic) below this -> off the question; chosen by grouped CV on the train split
    # (scripts/train_reader.py) and stored with the weights.
    on_topic_threshold: float = ON_TOPIC_MIN_PROBABILITY
    # The on-topic training answers the neighbour features compare with: unit vectors of
    # each answer's question and of the answer itself, (m, 512) each (empty = none).
    memory_q: np.ndarray = field(default_factory=lambda: np.zeros((0, 512)))
    memory_a: np.ndarray = field(default_factory=lambda: np.zeros((0, 512)))
    # Which answer features (indices into `answer_features`) the answers head reads.
    answers_columns: tuple[int, ...] = ()

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ReaderModel:
        """Load the weights written by `scripts/train_reader.py` through the shared head
        loader (`core.interview.heads`: no pickle; a missing or damaged file raises its
        HeadFileError)."""
        loaded = load_head_file(path, HEADS)
        return cls._build(dict(loaded.heads), loaded.arrays)

    @classmethod
    def from_arrays(cls, data: Mapping[str, np.ndarray]) -> ReaderModel:
        """The model from the arrays `scripts/train_reader.py` stores (name -> array), in the
        `core.interview.heads` layout; used by cross-validation without writing a file."""
        heads = {
            name: LogisticHead(
                weights=np.asarray(data[f"{name}_W"], dtype=np.float64),
                bias=np.asarray(data[f"{name}_b"], dtype=np.float64).reshape(-1),
                labels=tuple(str(c) for c in np.asarray(data[f"{name}_classes"]).reshape(-1)),
            )
            for name in HEADS
        }
        return cls._build(heads, data)

    @classmethod
    def _build(cls, heads: dict[str, LogisticHead], data: Mapping[str, np.ndarray]) -> ReaderModel:
        return cls(
            heads=heads,
            prototypes=np.asarray(data["prototypes"], dtype=np.float64),
            answers_mean=np.asarray(data["answers_mean"], dtype=np.float64),
            answers_scale=np.asarray(data["answers_scale"], dtype=np.float64),
            version=str(data["version"]) if "version" in data else "",
            on_topic_threshold=float(data["answers_threshold"]) if "answers_threshold" in data
            else ON_TOPIC_MIN_PROBABILITY,
            memory_q=np.asarray(data["memory_q"], dtype=np.float64) if "memory_q" in data else np.zeros((0, 512)),
            memory_a=np.asarray(data["memory_a"], dtype=np.float64) if "memory_a" in data else np.zeros((0, 512)),
            answers_columns=tuple(int(c) for c in data["answers_columns"]) if "answers_columns" in data
            else tuple(range(int(np.asarray(data["answers_mean"]).shape[0]))),
        )


_MODEL_LOCK = threading.Lock()
_MODEL: ReaderModel | None = None


def load_model() -> ReaderModel:
    """The process-wide reader model (loaded once; read-only afterwards)."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = ReaderModel.load()
        return _MODEL


def default_embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts with the shipped offline multilingual encoder -> (n, 512) float array."""
    from core.rag.embeddings import _use_model

    if not texts:
        return np.zeros((0, 512))
    return np.asarray(_use_model().encode(list(texts)), dtype=np.float64)


def answer_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """The answer's meaning as the unit mean of its sentence vectors. Embedding the whole
    answer again cost 60-100 ms for a two-minute answer on one core (the encoder's cost grows
    faster than linearly with length) and read no better."""
    mean = np.asarray(sentence_vectors, dtype=np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def answer_features(q_vec: np.ndarray, a_vec: np.ndarray, s_vecs: np.ndarray, qtype_index: int,
                    answer_type_proba: np.ndarray, prototypes: np.ndarray, lang: str,
                    role_mean: Sequence[float] | None = None,
                    neighbours: Sequence[float] | None = None,
                    intent_match: Sequence[float] | None = None,
                    question_rank: Sequence[float] | None = None) -> list[float]:
    """Features of "does this answer answer this question" (length `ANSWER_FEATURES`):
    question-answer similarity (whole answer, best and mean sentence), similarity to the
    prototype answer of the question's type and its margin over the best other type,
    the probability that the answer is an answer to this type of question, language, and
    the answer's story shape against the question type: the mean STAR-role probabilities
    of its sentences (`role_mean`, `STAR_ROLES` order), the question type one-hot and the
    story share (situation+task+action+result) per question type — a full story to a
    motivation question reads differently from a full story to a behavioural one — and the
    four `neighbour_features` (how much the answer resembles training answers to questions
    like this one), the four `intent_features` (does the evidence the answer shows match
    what the question asks for), the three `question_rank_features` (is the asked question
    the one this answer is nearest to among the training questions). Tried and dropped in
    grouped CV on train: the elementwise product of question and answer vectors (512 more
    features) — recall 0.82-0.87 but 14-15 % false off-topic at C=0.3, recall 0.5 at C<=0.03;
    finer topic heads (`TOPICS`) with topic-mismatched pairs, and the mean of the CV's fold
    heads as the shipped head (session 23, BENCHMARKS.md)."""
    sims = [_cos(q_vec, s) for s in s_vecs] or [0.0]
    proto_sims = [_cos(a_vec, p) for p in prototypes]
    own = proto_sims[qtype_index]
    other = max(p for i, p in enumerate(proto_sims) if i != qtype_index)
    roles = [float(v) for v in (role_mean if role_mean is not None else [0.0] * len(STAR_ROLES))]
    story = sum(roles[STAR_ROLES.index(r)] for r in ("situation", "task", "action", "result"))
    onehot = [1.0 if i == qtype_index else 0.0 for i in range(len(QUESTION_TYPES))]
    return [
        _cos(q_vec, a_vec),
        max(sims),
        float(np.mean(sims)),
        own,
        own - other,
        float(answer_type_proba[qtype_index]),
        float(np.log(max(float(answer_type_proba[qtype_index]), 1e-6))),
        1.0 if lang == "ko" else 0.0,
        1.0,
        *roles,
        *onehot,
        *[story * v for v in onehot],
        *[float(v) for v in (neighbours if neighbours is not None else [0.0] * 4)],
        *[float(v) for v in (intent_match if intent_match is not None else [0.0] * 4)],
        *[float(v) for v in (question_rank if question_rank is not None else [0.0] * 3)],
    ][:ANSWER_FEATURES]


def intent_features(question_intent: np.ndarray, answer_evidence: np.ndarray) -> list[float]:
    """Does the answer show what the question asks for? (length 4). `question_intent` is the
    intent head's probabilities for the question and `answer_evidence` the evidence head's
    probabilities that the answer answers a question of each intent (both `INTENTS` order,
    each summing to 1). Returns the probability that the two intents agree
    (sum_k P_q(k) P_a(k)), its log, the answer's probability for the question's most likely
    intent, and how much more the answer looks like its own best intent than like the
    question's (max_k P_a(k) minus the agreement)."""
    q = np.asarray(question_intent, dtype=np.float64)
    a = np.asarray(answer_evidence, dtype=np.float64)
    match = float(q @ a)
    return [match, float(np.log(max(match, 1e-6))), float(a[int(np.argmax(q))]), float(a.max()) - match]


def intent_vector(head: LogisticHead, x: np.ndarray) -> np.ndarray:
    """A head's probabilities rearranged in `INTENTS` order (absent intents 0) -> (n, len(INTENTS))."""
    p = head.probabilities(np.atleast_2d(x))
    out = np.zeros((p.shape[0], len(INTENTS)))
    for j, label in enumerate(head.labels):
        if label in INTENTS:
            out[:, INTENTS.index(label)] = p[:, j]
    return out


def neighbour_features(q_vec: np.ndarray, a_vec: np.ndarray, memory_q: np.ndarray, memory_a: np.ndarray,
                       keep: np.ndarray | None = None) -> list[float]:
    """Does the answer look like the on-topic training answers to questions like this one?
    (length 4): the similarity of the answer to memory answers weighted by a softmax over
    their questions' similarity to this question (`NEIGHBOUR_TAU`), that minus the answer's
    mean similarity to all memory answers (what is specific to this question), the best
    answer similarity among the `NEIGHBOUR_TOP` nearest questions' answers, and how near the
    nearest question is. `keep` (bool mask) leaves memory rows out (training rows leave out
    their own question). Zeros when the memory is empty."""
    if keep is not None:
        memory_q, memory_a = memory_q[keep], memory_a[keep]
    if memory_q.shape[0] == 0:
        return [0.0, 0.0, 0.0, 0.0]
    qn, an = float(np.linalg.norm(q_vec)) or 1.0, float(np.linalg.norm(a_vec)) or 1.0
    q_sims = memory_q @ (q_vec / qn)
    a_sims = memory_a @ (a_vec / an)
    w = np.exp((q_sims - q_sims.max()) / NEIGHBOUR_TAU)
    weighted = float((w * a_sims).sum() / w.sum())
    top = np.argsort(-q_sims)[:NEIGHBOUR_TOP]
    return [weighted, weighted - float(a_sims.mean()), float(a_sims[top].max()), float(q_sims.max())]


def question_rank_features(q_vec: np.ndarray, a_vec: np.ndarray, s_vecs: np.ndarray, memory_q: np.ndarray,
                           keep: np.ndarray | None = None) -> list[float]:
    """How the asked question ranks among other questions as the question this answer
    answers (length 3): the share of memory questions the answer is at least as similar to
    as to the asked one (0 = the asked question is the best match), the answer's similarity
    to the asked question as a z-score over its similarities to the memory questions, and the
    same z-score for the sentence nearest the question (one sentence can carry what was asked:
    "she turned it down"). Raw cosines mix "on the question" with "sounds like any interview
    answer"; ranking against other questions keeps the first. `keep` (bool mask) leaves
    memory rows out (training rows leave out their own and the paired question). Zeros when
    the memory is empty."""
    if keep is not None:
        memory_q = memory_q[keep]
    if memory_q.shape[0] < 2:
        return [0.0, 0.0, 0.0]
    qn = float(np.linalg.norm(q_vec)) or 1.0
    q = q_vec / qn
    a = a_vec / (float(np.linalg.norm(a_vec)) or 1.0)
    others = memory_q @ a
    own = float(q @ a)
    z = (own - float(others.mean())) / (float(others.std()) or 1.0)
    s = np.asarray(s_vecs, dtype=np.float64)
    s = s / np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-9)
    s_others = s @ memory_q.T  # (sentences, memory)
    s_own = s @ q
    s_z = (s_own - s_others.mean(axis=1)) / np.maximum(s_others.std(axis=1), 1e-9)
    return [float(np.mean(others >= own)), z, float(s_z.max())]


def _concrete_features(text: str, lang: str) -> list[float]:
    named = _LATIN_IN_KO.findall(text) if lang == "ko" else _NAMED_EN.findall(text)
    return [1.0 if find_numbers(text, lang) else 0.0, 1.0 if named else 0.0]


# --------------------------------------------------------------------------- reading
def _ensure_lang(lang: str, text: str) -> str:
    return lang if lang in ("en", "ko") else detect_language(text)


def read_answer(
    question: str,
    answer: str,
    *,
    lang: str,
    persona: str = "lead",
    embed: Embed | None = None,
    model: ReaderModel | None = None,
) -> AnswerReading:
    """Read one answer to one question (see the module docstring).

    `lang` is the session language ("en" | "ko"; anything else -> detected from the
    answer). `persona` does not change the reading (the follow-up wording uses it; the
    argument is here so every caller passes the same things). `embed` and `model` are
    injectable for tests; by default the shipped encoder and the committed weights.
    Never raises on odd text: empty / filler-only answers read as no sentences.
    """
    del persona  # the reading is the same for every interviewer
    answer = answer or ""
    question = (question or "").strip()
    lang = _ensure_lang(lang, answer + " " + question)
    embed = embed or default_embed
    model = model or load_model()
    sentences = [s for s in split_sentences(answer, lang) if any(c.isalnum() for c in s.text)][:MAX_SENTENCES]
    words = count_words(answer)

    q_vec = embed([question or " "])[0]
    qtype_p = model.heads["qtype"].probabilities(q_vec[None, :])[0]
    qtype_classes = model.heads["qtype"].labels
    question_type: QuestionType = qtype_classes[int(np.argmax(qtype_p))]  # type: ignore[assignment]
    qtype_vector = [float(qtype_p[qtype_classes.index(name)]) for name in QUESTION_TYPES]
    if not sentences:
        return AnswerReading(language=lang, question=question, question_type=question_type,
                             answers_question=False, relevance=None, sentences=(), competency=None,
                             word_count=words)

    texts = [s.text[:MAX_SENTENCE_CHARS] for s in sentences]
    s_vecs = embed(texts)
    a_vec = answer_vector(s_vecs)

    count = len(sentences)
    exact = np.array([sentence_features(text, i, count, lang, qtype_vector) for i, text in enumerate(texts)])
    x_sent = np.hstack([s_vecs, exact])
    role_p = model.heads["role"].probabilities(x_sent)
    actor_p = model.heads["actor"].probabilities(x_sent)
    concrete_x = np.hstack([x_sent, np.array([_concrete_features(t, lang) for t in texts])])
    concrete_p = model.heads["concrete"].probabilities(concrete_x)
    role_classes = model.heads["role"].labels
    actor_classes = model.heads["actor"].labels
    concrete_true = model.heads["concrete"].labels.index("1")

    actors = sentence_actors(texts, [actor_classes[int(np.argmax(p))] for p in actor_p], lang,
                             not_speaker_actors(actor_p, actor_classes))
    readings: list[SentenceReading] = []
    for i, sentence in enumerate(sentences):
        role_index = int(np.argmax(role_p[i]))
        role: StarRole = role_classes[role_index]  # type: ignore[assignment]
        actor = actors[i]
        numbers = tuple(
            NumberReading(text=n.text, char_start=sentence.start + n.start, char_end=sentence.start + n.end,
                          has_context=n.has_context)
            for n in find_numbers(sentence.text, lang)
        )
        readings.append(SentenceReading(
            index=i, text=sentence.text, char_start=sentence.start, char_end=sentence.end, role=role,
            role_confidence=round(float(role_p[i][role_index]), 3), actor=actor,  # type: ignore[arg-type]
            concrete=bool(concrete_p[i][concrete_true] >= 0.5), numbers=numbers,
            role_probabilities=tuple(round(float(role_p[i][role_classes.index(r)]), 3) if r in role_classes
                                     else 0.0 for r in STAR_ROLES),
        ))

    answer_type_p = model.heads["answer_type"].probabilities(a_vec[None, :])[0]
    at_classes = model.heads["answer_type"].labels
    at_vector = np.array([answer_type_p[at_classes.index(name)] for name in QUESTION_TYPES])
    qtype_index = QUESTION_TYPES.index(question_type)
    role_mean = [float(role_p[:, role_classes.index(r)].mean()) for r in STAR_ROLES]
    neighbours = neighbour_features(q_vec, a_vec, model.memory_q, model.memory_a)
    intents = intent_features(intent_vector(model.heads["intent"], q_vec)[0],
                              intent_vector(model.heads["evidence"], a_vec)[0])
    ranks = question_rank_features(q_vec, a_vec, s_vecs, model.memory_q)
    feats = np.array(answer_features(q_vec, a_vec, s_vecs, qtype_index, at_vector, model.prototypes, lang,
                                     role_mean, neighbours, intents, ranks))
    # The head reads the columns it was trained on (older weights: the first ones).
    feats = feats[list(model.answers_columns)]
    on_topic_p = model.heads["answers"].probabilities(((feats - model.answers_mean) / model.answers_scale)[None, :])[0]
    answers = bool(on_topic_p[model.heads["answers"].labels.index("1")] >= model.on_topic_threshold) \
        if question else True

    comp_p = model.heads["competency"].probabilities(a_vec[None, :])[0]
    allowed = set(allowed_competencies(lang))
    comp_classes = model.heads["competency"].labels
    order = [comp_classes[i] for i in np.argsort(-comp_p)]
    # "none" (the answer shows no competency) is a class of its own in the corpus
    ranked = [] if order and order[0] == "none" else [c for c in order if c in allowed]
    return AnswerReading(
        language=lang,
        question=question,
        question_type=question_type,
        answers_question=answers,
        relevance=round(_cos(q_vec, a_vec), 3) if question else None,
        sentences=tuple(readings),
        competency=ranked[0] if ranked else None,
        word_count=words,
    )


def roles_for(reading: AnswerReading) -> dict[str, list[SentenceReading]]:
    """Sentences grouped by STAR role (every role present as a key)."""
    return {role: [s for s in reading.sentences if s.role == role] for role in STAR_ROLES}

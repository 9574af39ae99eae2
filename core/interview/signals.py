"""Answer signals: what an answer's text observably contains, in English and Korean.

Pure functions, no models: `analyze_answer(text, question="", lang=None) -> AnswerSignals`.
The follow-up rules and the feedback code both read these, so every signal carries the
spans (character offsets into the answer) that triggered it — feedback can quote them.

Signals:
- STAR parts (situation, task, action, result), each with its cue spans;
- numbers, each with or without context (a baseline, comparison, period or unit of "of what");
- first-person singular vs plural ("I/my" vs "we/our"; Korean 저/제가 vs 저희/우리);
- hedges ("I think", "maybe"; 아마, ~것 같다) and vague filler phrases ("a lot", 열심히);
- relevance to the question (lexical overlap of content words; an optional `embed`
  function replaces it with cosine similarity) and an off-topic flag;
- length (words for English, eojeol/words for Korean) and a band.

None means "not measurable" (e.g. relevance without a question), never a fake 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# --------------------------------------------------------------------------- thresholds
# Below this many words an answer cannot show a full STAR story; 30 s of speech at the
# 100–165 wpm range (FEEDBACK_EVIDENCE.md, Microsoft Speaker Coach) is 50–80 words.
SHORT_ANSWER_WORDS_EN = 25
SHORT_ANSWER_WORDS_KO = 15  # Korean eojeol carry particles/endings: ~1.6 English words each
LONG_ANSWER_WORDS_EN = 350  # ~2.5 min of speech: past what a single interview answer needs
LONG_ANSWER_WORDS_KO = 220
# Share of the question's content words the answer reuses (lexical relevance). Measured on
# the scripted candidates in tests/core/interview/test_evaluation.py: on-topic answers
# reuse 0.2–0.6 of them, off-topic ones 0–0.05.
OFF_TOPIC_RELEVANCE = 0.08
OFF_TOPIC_COSINE = 0.25  # with an embedder (multilingual USE: unrelated pairs ~0.1)
# Vague phrases per 100 words at which an answer reads as generic (with no specifics).
VAGUE_PER_100_WORDS = 4.0
NUMBER_CONTEXT_WINDOW = 60  # characters either side of a number searched for context


@dataclass(frozen=True)
class Span:
    """A piece of the answer that triggered a signal (offsets into the answer text)."""

    start: int
    end: int
    text: str
    label: str = ""


@dataclass(frozen=True)
class NumberMention:
    """A number in the answer; `has_context` when a baseline, comparison or period is near."""

    start: int
    end: int
    text: str
    has_context: bool
    context: str = ""  # the cue that gave it context ("from", "대비", ...), "" when none
    # An outcome figure (a percentage, a ratio, money, or any number in a sentence that
    # states a result) needs a baseline to mean something; "I interviewed 5 users" does not.
    is_outcome: bool = True


@dataclass(frozen=True)
class AnswerSignals:
    language: str
    word_count: int
    length_band: str  # "too_short" | "ok" | "long"
    star: dict[str, tuple[Span, ...]]  # part -> cue spans (empty tuple = not found)
    numbers: tuple[NumberMention, ...]
    i_spans: tuple[Span, ...]
    we_spans: tuple[Span, ...]
    hedges: tuple[Span, ...]
    vague: tuple[Span, ...]
    specifics: int  # numbers + named tools/terms: what makes an answer concrete
    relevance: float | None  # None: no question to compare with
    off_topic: bool | None  # None: not measurable (no question, or answer too short)
    extra: dict[str, Any] = field(default_factory=dict)

    # -- conveniences the follow-up rules and feedback use ---------------------------
    @property
    def star_present(self) -> dict[str, bool]:
        return {part: bool(spans) for part, spans in self.star.items()}

    @property
    def i_count(self) -> int:
        return len(self.i_spans)

    @property
    def we_count(self) -> int:
        return len(self.we_spans)

    @property
    def we_without_i(self) -> bool:
        """Mostly "we", barely "I": the listener cannot tell what the candidate did."""
        return self.we_count >= 2 and self.i_count * 2 < self.we_count

    @property
    def numbers_without_context(self) -> tuple[NumberMention, ...]:
        return tuple(n for n in self.numbers if not n.has_context and n.is_outcome)

    @property
    def vague_per_100_words(self) -> float:
        return 100.0 * len(self.vague) / max(self.word_count, 1)

    @property
    def is_vague(self) -> bool:
        """Generic: vague phrases pile up, or nothing concrete at all in a real-length answer."""
        if self.length_band == "too_short":
            return False
        dense = self.vague_per_100_words >= VAGUE_PER_100_WORDS and self.specifics <= 1
        empty = self.specifics == 0 and not self.star["result"] and len(self.vague) + len(self.hedges) >= 2
        return dense or empty

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["star"] = {k: [asdict(s) for s in v] for k, v in self.star.items()}
        data["star_present"] = self.star_present
        data["i_count"] = self.i_count
        data["we_count"] = self.we_count
        data["we_without_i"] = self.we_without_i
        data["is_vague"] = self.is_vague
        return data


# --------------------------------------------------------------------------- language
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a fair share of the letters, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    hangul = sum(1 for c in letters if _HANGUL.match(c))
    return "ko" if hangul / len(letters) >= 0.3 else "en"


def count_words(text: str) -> int:
    """Whitespace-separated tokens with a letter or digit (eojeol for Korean)."""
    return sum(1 for tok in text.split() if any(c.isalnum() for c in tok))


# --------------------------------------------------------------------------- lexicons
def _rx(patterns: Sequence[str], *, word: bool) -> re.Pattern[str]:
    body = "|".join(patterns)
    return re.compile(rf"\b(?:{body})\b" if word else f"(?:{body})", re.IGNORECASE)


_STAR_EN: dict[str, re.Pattern[str]] = {
    "situation": _rx(
        [
            r"when i was",
            r"while i was",
            r"at my (?:previous|last|current|old) (?:job|company|role|team|employer)",
            r"in my (?:previous|last|current|first) (?:job|role|position|internship)",
            r"during my",
            r"last (?:year|summer|semester|quarter)",
            r"the situation",
            r"(?:we|our team|the team|the company) (?:was|were|had been) (?:facing|dealing|struggling|losing|behind)",
            r"back in \d{4}",
            r"in \d{4}",
            r"a few (?:years|months) ago",
            r"at the time",
            r"there was a",
            r"we had a problem",
            r"our (?:team|company|client|customer)s? (?:was|were|had)",
        ],
        word=True,
    ),
    "task": _rx(
        [
            r"my (?:role|job|task|responsibility|goal) was",
            r"i was (?:responsible|asked|tasked|in charge)",
            r"i (?:needed|had) to",
            r"the (?:goal|target|objective|task|challenge) was",
            r"i was supposed to",
            r"we needed to",
            r"we had to",
            r"my (?:main )?(?:objective|mission)",
        ],
        word=True,
    ),
    "action": _rx(
        [
            r"i (?:then |first |personally |also |quickly )?"
            r"(?:built|led|analy[sz]ed|decided|proposed|wrote|organi[sz]ed|set up|created|"
            r"designed|implemented|introduced|talked|met|called|negotiated|automated|rewrote|tested|interviewed|"
            r"mapped|suggested|persuaded|convinced|ran|launched|coordinated|asked|scheduled|prioriti[sz]ed|"
            r"trained|documented|investigated|reviewed|reorgani[sz]ed|changed|split|added|moved|fixed|started|"
            r"took|made|gathered|compared|presented|delegated|escalated|restructured|developed|measured)",
            r"so i",
            r"what i did",
            r"my approach was",
            r"i took ownership",
            r"first,? i",
            r"then i",
            r"after that,? i",
            # hypothetical answers to situational questions ("I would first check...")
            r"i(?:'d| would| will) (?:first |then |also |immediately )?\w+",
            r"my first step would be",
            r"the first thing i",
        ],
        word=True,
    ),
    "result": _rx(
        [
            r"as a result",
            r"resulted in",
            r"which (?:led|meant|reduced|increased|cut|saved|improved)",
            r"in the end",
            r"the outcome",
            r"(?:increased|reduced|decreased|improved|saved|cut|grew|boosted|raised|lowered|shortened|doubled|tripled|halved)",
            r"we (?:achieved|delivered|won|hit|met|exceeded|shipped)",
            r"i (?:achieved|delivered|won|hit|met|exceeded|shipped)",
            r"ended up",
            r"eventually",
            r"finally",
            r"(?:the|our) (?:result|impact) was",
            r"went (?:up|down) (?:from|by|to)",
        ],
        word=True,
    ),
}

_STAR_KO: dict[str, re.Pattern[str]] = {
    "situation": _rx(
        [
            r"당시",
            r"\S+(?:할|했을|하던|였을|이었을|일) 때",
            r"\S*때였",
            r"근무(?:할|하던|했을) 때",
            r"인턴(?:십)?(?:을|으로|에서|때)",
            r"프로젝트(?:에서|를 진행|를 하던|중)",
            r"학기",
            r"동아리",
            r"상황(?:이|은|에서)",
            r"\d{4}년",
            r"작년",
            r"지난(?:해| 학기| 분기)",
            r"문제가 (?:있었|생겼|발생)",
            r"(?:고객|팀|회사)(?:이|가|에서) \S*(?:겪|어려)",
        ],
        word=False,
    ),
    "task": _rx(
        [
            r"목표(?:는|가|였|를)",
            r"역할(?:은|이|을)",
            r"맡(?:았|은|게)",
            r"담당(?:했|하|자)",
            r"해야 했",
            r"과제(?:는|가|였)",
            r"책임(?:을|지고)",
            r"저에게 (?:주어진|맡겨진)",
            r"요청(?:을 받|받)",
        ],
        word=False,
    ),
    "action": _rx(
        [
            r"제가 (?:직접 )?\S+"
            r"(?:했|하였|했습니다|했고|해서|하여|만들|제안|설득|분석|도입|개선|정리|구축|작성|설계|조율)",
            r"직접 \S+",
            r"먼저 \S+",
            r"그래서 (?:저는|제가)",
            r"(?:분석|제안|설득|도입|구축|작성|설계|조율|자동화|개편|정리|수정|면담|인터뷰)"
            r"(?:했|하였|하고|해서|을 했|를 했)",
            r"(?:만들었|바꿨|나눠|진행했|시도했|정리했|확인했|찾아|물어|연락)",
            # hypothetical answers to situational questions ("먼저 ~하겠습니다")
            r"\S+(?:하겠습니다|하겠어요|겠습니다|할 것입니다|할 겁니다)",
        ],
        word=False,
    ),
    "result": _rx(
        [
            r"그 결과",
            r"결과적으로",
            r"결과(?:는|가|로)",
            r"덕분에",
            r"(?:증가|감소|개선|단축|향상|절감|달성|상승|하락|줄|늘)(?:했|하였|되었|됐|었|어|시켰|하여|해)",
            r"성과(?:를|로|는|가)",
            r"\d+\s*(?:%|퍼센트|배)\s*(?:증가|감소|개선|향상|단축|줄|늘|올|낮)",
            r"마무리(?:했|되었|됐)",
            r"성공(?:했|적으로 마무리)",
            r"수상",
            r"채택(?:되었|됐)",
        ],
        word=False,
    ),
}

_I_EN = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.IGNORECASE)
_WE_EN = re.compile(r"\b(?:we|we're|we've|we'd|we'll|us|our|ours|ourselves)\b", re.IGNORECASE)
# Korean: 저는/제가/저를/저도/저의/저만/제 (+noun); never 저희 (plural) or the demonstrative
# 저 (that) before a noun phrase like "저 사람" — we require a particle or 제 + space + noun.
_I_KO = re.compile(r"(?<![가-힣])(?:제가|저는|저를|저도|저의|저만|저에게|저로서는|제\s(?=[가-힣]))")
_WE_KO = re.compile(r"(?:저희|우리)")

_HEDGE_EN = _rx(
    [
        r"i think",
        r"i guess",
        r"i suppose",
        r"i believe",
        r"maybe",
        r"perhaps",
        r"probably",
        r"kind of",
        r"sort of",
        r"i'?m not (?:really )?sure",
        r"not sure",
        r"somewhat",
        r"might have",
        r"could have been",
        r"more or less",
        r"i feel like",
        r"basically",
        r"if i remember (?:correctly|right)",
    ],
    word=True,
)
_HEDGE_KO = _rx(
    [
        r"아마(?:도)?",
        r"것 ?같(?:습니다|아요|다|고|은데)",
        r"같아요",
        r"듯(?:합니다|해요|하다)",
        r"글쎄(?:요)?",
        r"나름(?:대로)?",
        r"어느 정도",
        r"약간",
        r"(?:지|하지) 않을까",
        r"잘 모르겠",
        r"아닐까",
        r"(?<![가-힣])좀(?![가-힣])",
        r"기억(?:이|상) (?:맞다면|정확하지)",
    ],
    word=False,
)

_VAGUE_EN = _rx(
    [
        r"a lot(?: of)?",
        r"lots of",
        r"many things",
        r"various",
        r"some things",
        r"things like that",
        r"stuff",
        r"etc\.?",
        r"and so on",
        r"in general",
        r"generally",
        r"usually",
        r"always",
        r"hard[- ]working",
        r"work(?:ed)? hard",
        r"do(?:ing)? my best",
        r"did my best",
        r"good results?",
        r"successfully",
        r"passion(?:ate)?",
        r"team player",
        r"really",
        r"very",
        r"a bit",
        r"somehow",
        r"something like that",
        r"everything",
        r"everyone",
        r"all kinds of",
    ],
    word=True,
)
_VAGUE_KO = _rx(
    [
        r"많이",
        r"여러 ?가지",
        r"다양한",
        r"열심히",
        r"최선을 다",
        r"등등",
        r"(?<![가-힣])잘(?![가-힣])",
        r"성공적으로",
        r"좋은 결과",
        r"열정",
        r"항상",
        r"모든 ?일",
        r"뭔가",
        r"이것저것",
        r"그런 ?것들",
        r"정말",
        r"굉장히",
        r"매우",
        r"대충",
    ],
    word=False,
)

# A number: digits with separators/decimals, optional unit (English and Korean units).
_NUMBER = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?"
    r"(?:%|퍼센트|percent|배|x\b|명|원|억|만|천|건|개|곳|회|시간|분|초|일|주|개월|년|kg|km|k\b|m\b|bn\b|"
    r"users?\b|people\b|customers?\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b|times\b|points?\b|ms\b|seconds?\b)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:년)?$")
_NUMBER_CONTEXT_EN = _rx(
    [
        r"from",
        r"to",
        r"compared (?:to|with)",
        r"than",
        r"versus",
        r"vs\.?",
        r"baseline",
        r"per",
        r"out of",
        r"of (?:the|our|all)",
        r"over (?:the )?(?:next |last |following )?\w+ (?:weeks?|months?|years?|quarters?|days?)",
        r"within",
        r"in (?:one|two|three|\d+|a) (?:weeks?|months?|years?|quarters?|days?)",
        r"year[- ]over[- ]year",
        r"month[- ]over[- ]month",
        r"previous(?:ly)?",
        r"before",
        r"last (?:year|quarter|month)",
        r"a (?:week|month|day|year|quarter)",
        r"each (?:week|month|day|year)",
        r"every (?:week|month|day|year)",
        r"average",
    ],
    word=True,
)
_NUMBER_CONTEXT_KO = _rx(
    [
        r"에서 \S*\d",
        r"\d\S*에서",
        r"대비",
        r"보다",
        r"기존(?:의|에는)?",
        r"전년",
        r"이전",
        r"(?:개월|주|일|년|분기) ?(?:동안|만에|간|내)",
        r"당(?![가-힣])",
        r"중(?:에서)? ?\d",
        r"평균",
        r"매(?:주|월|일|년)",
        r"에 걸쳐",
        r"목표(?:치)?",
        r"전체",
        r"(?:주|월|일|연)간",
    ],
    word=False,
)

# Capitalised tokens in the middle of a sentence (tools, products, methods), or Latin-script
# terms inside Korean text (SQL, Figma, JIRA): the concrete nouns that make answers specific.
_NAMED_EN = re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z0-9+#.]{1,}")
_LATIN_IN_KO = re.compile(r"[A-Za-z][A-Za-z0-9+#.]{1,}")

# --------------------------------------------------------------------------- relevance
_STOP_EN = frozenset(
    "a an the and or but if then so of to in on at for with about from by as is are was were be been being do did "
    "does have has had you your yours i me my we our us they them their it its this that these those what which who "
    "whom how why when where can could would should will shall may might tell describe give example time times "
    "please walk through share talk one some any there here not no yes just very really more most also into out up "
    "down over under again once all each other such own same than too only both few many much get got make made "
    "let say said think thing things way ways like".split()
)
_KO_PARTICLES = (
    "에서는",
    "으로는",
    "에게서",
    "이라고",
    "까지는",
    "에서도",
    "으로서",
    "으로써",
    "에서",
    "으로",
    "에게",
    "께서",
    "까지",
    "부터",
    "이라",
    "라고",
    "하고",
    "처럼",
    "보다",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "도",
    "만",
    "로",
    "와",
    "과",
    "나",
    "요",
)
_STOP_KO_PREFIX = (
    "지원",
    "경험",
    "말씀",
    "주세",
    "있나",
    "있으",
    "있습",
    "어떻",
    "무엇",
    "했던",
    "하셨",
    "해주",
    "설명",
    "사례",
    "본인",
    "생각",
    "어떤",
    "가장",
    "그때",
    "당시",
    "이야",
    "하게",
    "했습",
    "합니",
    "입니",
    "있었",
    "하는",
    "그리",
    "그래",
    "저는",
    "제가",
    "저희",
    "우리",
    "그것",
    "이것",
    "때문",
    "대해",
    "위해",
    "통해",
    "있는",
    "없는",
    "하고",
    "하면",
    "한번",
    "들려",
    "알려",
    "얘기",
)
_WORK = re.compile(
    r"\b(?:team|project|customer|client|company|manager|colleague|role|job|work(?:ed|ing)?|deadline|product|sales|data|"
    r"report|meeting|stakeholder|business|intern(?:ship)?|task|goal|boss|department|office|code|system|process)s?\b|"
    r"팀|프로젝트|고객|회사|업무|동료|상사|직무|일정|제품|매출|데이터|보고|회의|사업|인턴|과제|목표|조직|부서|직장|개발|시스템",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+|[\uac00-\ud7a3]+|\d+")


def _stem_en(word: str) -> str:
    w = word.lower().strip("'-")
    for suffix in (
        "ations",
        "ation",
        "ments",
        "ment",
        "ings",
        "ing",
        "ness",
        "ies",
        "ied",
        "ers",
        "er",
        "ed",
        "es",
        "ly",
        "s",
        "e",
    ):
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _stem_ko(word: str) -> str:
    for particle in _KO_PARTICLES:
        if len(word) > len(particle) + 1 and word.endswith(particle):
            word = word[: -len(particle)]
            break
    # Korean verbs/adjectives inflect at the end; the first two syllables carry the stem
    # of most Sino-Korean content words (갈등, 해결, 고객, 매출), which is what we compare.
    return word[:2]


# Concepts interview questions and answers share without sharing words ("improve a
# metric" / "conversion went from 2.1% to 2.9%"); each concept is a set of stem prefixes
# in both languages, so a match also works across languages.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "#metric": (
        "metric",
        "kpi",
        "conver",
        "rate",
        "revenu",
        "sale",
        "churn",
        "retent",
        "growth",
        "percent",
        "number",
        "지표",
        "전환",
        "매출",
        "이탈",
        "성과",
        "수치",
        "비율",
        "성장",
    ),
    "#improve": (
        "improv",
        "increas",
        "reduc",
        "cut",
        "grow",
        "boost",
        "rais",
        "lower",
        "optimi",
        "fix",
        "better",
        "개선",
        "향상",
        "증가",
        "감소",
        "단축",
        "절감",
        "줄이",
        "줄였",
        "늘리",
        "늘었",
        "높였",
        "낮췄",
        "최적",
    ),
    "#conflict": (
        "conflict",
        "disagre",
        "argu",
        "tension",
        "dispute",
        "clash",
        "friction",
        "갈등",
        "충돌",
        "의견",
        "마찰",
        "대립",
        "다툼",
    ),
    "#team": ("team", "colleagu", "cowork", "peer", "collabor", "together", "팀원", "동료", "협업", "함께", "협력"),
    "#customer": ("customer", "client", "user", "consum", "고객", "사용", "소비", "이용"),
    "#fail": ("fail", "mistak", "wrong", "error", "setback", "실패", "실수", "잘못", "좌절"),
    "#lead": ("lead", "led", "manag", "mentor", "coach", "delegat", "리더", "이끌", "관리", "멘토", "주도"),
    "#learn": (
        "learn",
        "studi",
        "study",
        "course",
        "certif",
        "skill",
        "train",
        "학습",
        "공부",
        "배우",
        "배웠",
        "자격",
        "교육",
        "역량",
    ),
    "#data": ("data", "analy", "sql", "dashboard", "statist", "log", "데이터", "분석", "통계", "로그"),
    "#deadline": ("deadlin", "schedul", "time", "late", "delay", "prioriti", "마감", "일정", "기한", "지연", "우선"),
    "#value": ("valu", "mission", "vision", "cultur", "ethic", "integr", "가치", "비전", "문화", "윤리", "인재"),
    "#motiv": ("motiv", "why", "reason", "interest", "passion", "appli", "지원", "동기", "이유", "관심"),
    "#money": ("budget", "cost", "money", "spend", "invest", "price", "예산", "비용", "투자", "가격", "원가"),
    "#market": (
        "market",
        "compet",
        "expan",
        "global",
        "oversea",
        "entr",
        "japan",
        "시장",
        "경쟁",
        "진출",
        "해외",
        "글로벌",
    ),
}


def content_terms(text: str) -> set[str]:
    """Content-word stems of a text, both scripts (stop words and particles removed),
    plus the shared concepts (`_CONCEPTS`) its words belong to."""
    terms: set[str] = set()
    for tok in _TOKEN.findall(text):
        if _HANGUL.match(tok):
            if len(tok) < 2:
                continue
            stem = _stem_ko(tok)
            if len(stem) >= 2 and not stem.startswith(_STOP_KO_PREFIX):
                terms.add(stem)
        elif tok.isdigit():
            continue
        else:
            low = tok.lower()
            if low in _STOP_EN or len(low) < 3:
                continue
            terms.add(_stem_en(low))
    lowered = text.lower()
    words = _TOKEN.findall(lowered)
    for concept, prefixes in _CONCEPTS.items():
        if any(w.startswith(prefixes) for w in words) or any(p in lowered for p in prefixes if _HANGUL.match(p[0])):
            terms.add(concept)
    return terms


def lexical_relevance(question: str, answer: str) -> float | None:
    """Share of the question's content words (stems) that the answer reuses; None if the
    question has none."""
    q = content_terms(question)
    if not q:
        return None
    a = content_terms(answer)
    return len(q & a) / len(q)


def _cosine(u: Sequence[float], v: Sequence[float]) -> float:
    dot = sum(a * b for a, b in zip(u, v, strict=False))
    nu = math.sqrt(sum(a * a for a in u))
    nv = math.sqrt(sum(b * b for b in v))
    return dot / (nu * nv) if nu and nv else 0.0


# --------------------------------------------------------------------------- analysis
def _spans(pattern: re.Pattern[str], text: str, label: str = "") -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), m.group(0), label) for m in pattern.finditer(text))


_SENTENCE_END = re.compile(r"(?<!\d)[.!?。](?!\d)|\n")
_OUTCOME_UNIT = re.compile(
    r"%|퍼센트|percent|배|x$|원|억|만|천|\$|£|€|달러|k$|m$|bn$|points?$|포인트",
    re.IGNORECASE,
)
_SPELLED_QUANTITY = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|thousand|"
    r"million|half|twice|double|triple)\b|"
    r"(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?(?:명|개|번|가지|달|곳|건|배)|이틀|사흘|나흘|일주일|한 달|두 달|절반",
    re.IGNORECASE,
)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end] (a decimal point is not a sentence end)."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    nxt = _SENTENCE_END.search(text, end)
    return lo, (nxt.start() if nxt else len(text))


def find_numbers(text: str, lang: str) -> tuple[NumberMention, ...]:
    """Numbers in `text` (years excluded), each marked with or without context and as an
    outcome figure or not (see `NumberMention`)."""
    context_rx = _NUMBER_CONTEXT_KO if lang == "ko" else _NUMBER_CONTEXT_EN
    result_rx = (_STAR_KO if lang == "ko" else _STAR_EN)["result"]
    found: list[NumberMention] = []
    matches = [m for m in _NUMBER.finditer(text) if m.group(0).strip() and not _YEAR.match(m.group(0).strip())]
    for m in matches:
        raw = m.group(0).strip()
        sent_lo, sent_hi = _sentence_bounds(text, m.start(), m.end())
        lo = max(sent_lo, m.start() - NUMBER_CONTEXT_WINDOW)
        hi = min(sent_hi, m.end() + NUMBER_CONTEXT_WINDOW)
        window = text[lo:hi]
        cue = context_rx.search(window)
        # two numbers in one sentence ("from 120 to 168") give each other context
        paired = any(other is not m and lo <= other.start() < hi for other in matches)
        has_context = bool(cue) or paired
        unit = raw.lstrip("0123456789,. ")
        outcome = bool(_OUTCOME_UNIT.search(unit)) or bool(result_rx.search(text[sent_lo:sent_hi]))
        found.append(NumberMention(m.start(), m.end(), raw, has_context,
                                   cue.group(0) if cue else ("pair" if paired else ""), outcome))
    return tuple(found)


def analyze_answer(
    text: str,
    question: str = "",
    lang: str | None = None,
    *,
    embed: Callable[[list[str]], Sequence[Sequence[float]]] | None = None,
) -> AnswerSignals:
    """The observable signals of one answer (see the module docstring).

    `lang` defaults to the detected language of the answer. `embed` (texts -> vectors),
    when given, measures relevance as cosine similarity instead of word overlap.
    """
    text = text or ""
    language = lang if lang in ("en", "ko") else detect_language(text)
    ko = language == "ko"
    words = count_words(text)
    short = SHORT_ANSWER_WORDS_KO if ko else SHORT_ANSWER_WORDS_EN
    long_ = LONG_ANSWER_WORDS_KO if ko else LONG_ANSWER_WORDS_EN
    band = "too_short" if words < short else ("long" if words > long_ else "ok")

    star_rx = _STAR_KO if ko else _STAR_EN
    # An English answer may be scored in a Korean session and vice versa: use both
    # lexicons when the detected script differs from the session language.
    mixed = detect_language(text) != language
    star: dict[str, tuple[Span, ...]] = {}
    for part in ("situation", "task", "action", "result"):
        spans = _spans(star_rx[part], text, part)
        if mixed:
            spans += _spans((_STAR_EN if ko else _STAR_KO)[part], text, part)
        star[part] = spans

    i_spans = _spans(_I_KO, text, "i") + _spans(_I_EN, text, "i")
    we_spans = _spans(_WE_KO, text, "we") + _spans(_WE_EN, text, "we")
    hedges = _spans(_HEDGE_KO if ko else _HEDGE_EN, text, "hedge")
    vague = _spans(_VAGUE_KO if ko else _VAGUE_EN, text, "vague")
    numbers = find_numbers(text, language)
    named = _LATIN_IN_KO.findall(text) if ko else _NAMED_EN.findall(text)
    specifics = len(numbers) + len(set(named)) + len(_SPELLED_QUANTITY.findall(text))

    relevance: float | None = None
    off_topic: bool | None = None
    if question.strip() and text.strip():
        if embed is not None:
            qv, av = embed([question, text])
            relevance = round(_cosine(qv, av), 3)
            threshold = OFF_TOPIC_COSINE
        else:
            lex = lexical_relevance(question, text)
            relevance = None if lex is None else round(lex, 3)
            threshold = OFF_TOPIC_RELEVANCE
        if relevance is not None and band != "too_short":
            # Word overlap cannot tell a different work story from a vague one, so an
            # answer is off-topic only when it is also not about work at all.
            off_topic = relevance < threshold and not _WORK.search(text)
    return AnswerSignals(
        language=language,
        word_count=words,
        length_band=band,
        star=star,
        numbers=numbers,
        i_spans=i_spans,
        we_spans=we_spans,
        hedges=hedges,
        vague=vague,
        specifics=specifics,
        relevance=relevance,
        off_topic=off_topic,
    )

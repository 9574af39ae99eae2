"""The project's one set of word lists, English and Korean.

Speech metrics (fillers, hedges, I/we per minute), the answer reader (who acts, hedging,
vague phrases), keyword matching (stopwords, Korean particles) and the resume code all read
these; nobody keeps a copy. Lists are deliberately short: each entry is a common,
observable habit or a function word, nothing here infers a trait.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# --- sentence ends ----------------------------------------------------------------------------
# Korean declarative/interrogative endings that close a sentence even when the transcript
# has no full stop (Whisper often leaves it out in Korean).
KO_SENTENCE_ENDINGS: tuple[str, ...] = ("습니다", "습니까", "니다", "어요", "아요", "예요", "에요", "해요", "죠", "다")

# --- fillers (speech) ------------------------------------------------------------------
# Interjections that are fillers wherever they stand as a token of their own.
FILLER_INTERJECTIONS: dict[str, frozenset[str]] = {
    "en": frozenset({"um", "umm", "ummm", "uh", "uhh", "uhm", "uhhh", "er", "erm", "err", "hmm", "hm", "mm", "ah"}),
    "ko": frozenset({"음", "음음", "으음", "어", "어어", "으", "아", "에", "흠"}),
}
# Words that are fillers only in some positions: English "like", Korean discourse markers
# that are also determiners/adverbs (그 = "that", 저 = "that/I", 뭐 = "what", 이제 = "now",
# 약간 = "a little"). FEEDBACK_EVIDENCE.md lists 음, 어, 그, 저, 뭐, 약간, 이제.
FILLER_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset({"like"}),
    "ko": frozenset({"그", "저", "뭐", "이제", "약간"}),
}
# Korean habit words (말버릇): discourse markers a listener notices when they repeat;
# counted as stand-alone tokens only (진짜/좀/막 are also ordinary adverbs).
KO_HABIT_WORDS: frozenset[str] = frozenset({"그", "뭐", "약간", "진짜", "이제", "좀", "막"})
# Multi-word English fillers (as token sequences).
FILLER_PHRASES_EN: tuple[tuple[str, ...], ...] = (("you", "know"), ("i", "mean"), ("sort", "of"), ("kind", "of"))

# --- hedges --------------------------------------------------------------------------------
# English: token sequences (speech) and the same as one regex (text).
HEDGES_EN: tuple[tuple[str, ...], ...] = (
    ("i", "think"), ("i", "guess"), ("i", "believe"), ("i", "feel", "like"), ("maybe",), ("perhaps",),
    ("probably",), ("kind", "of"), ("sort", "of"), ("possibly",), ("somewhat",), ("i", "suppose"),
    ("not", "sure"), ("more", "or", "less"),
)
# Korean: patterns on the text with spaces removed (spacing in transcripts varies:
# "것 같습니다" / "것같습니다"), plus whole tokens.
HEDGE_PATTERNS_KO: tuple[str, ...] = ("것같", "거같", "듯하", "듯합", "듯해", "듯싶", "수도있", "ㄹ지도",
                                      "않을까", "아닐까", "잘모르겠")
HEDGE_TOKENS_KO = frozenset({"아마", "아마도", "어쩌면", "혹시", "글쎄", "글쎄요", "나름", "나름대로"})

# --- vague phrases (text) ----------------------------------------------------------------------
VAGUE_EN: tuple[str, ...] = (
    "a lot of", "a lot", "lots of", "many things", "various", "some things", "things like that", "stuff",
    "and so on", "in general", "generally", "hard-working", "hard working", "worked hard", "work hard",
    "did my best", "do my best", "good results", "successfully", "passionate", "team player", "somehow",
    "something like that", "all kinds of",
)
VAGUE_KO: tuple[str, ...] = (
    "많이", "여러 가지", "여러가지", "다양한", "열심히", "최선을 다", "등등", "성공적으로", "좋은 결과", "열정",
    "이것저것", "그런 것들", "뭔가", "대충",
)

# --- first person ----------------------------------------------------------------------------
I_WORDS_EN = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
WE_WORDS_EN = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})
# Subject forms (who does the verb): "my manager asked" is not the speaker acting.
I_SUBJECT_EN = frozenset({"i", "i'm", "i've", "i'd", "i'll", "myself"})
WE_SUBJECT_EN = frozenset({"we", "we're", "we've", "we'd", "we'll"})
OTHERS_SUBJECT_EN = frozenset({"he", "she", "they", "he's", "she's", "they're", "they'd", "they'll", "they've"})
I_PREFIXES_KO = ("저는", "제가", "저도", "저를", "저의", "저에게", "저한테", "저만", "나는", "내가", "저로서는",
                 "저부터")
I_TOKENS_KO = frozenset({"제", "저", "나"})  # "제 역할은" (my role); bare 저 only when not a filler
WE_PREFIXES_KO = ("저희", "우리")
# Korean subject forms of the speaker and the team (particles 이/가/은/는/도 attached).
I_SUBJECT_KO = ("제가", "저는", "저도", "저만", "내가", "나는", "저 혼자", "제가 직접", "저부터")
WE_SUBJECT_KO = ("저희가", "저희는", "저희도", "저희 팀이", "저희 팀은", "저희 팀도", "우리가", "우리는", "우리 팀이",
                 "우리 팀은", "팀원들과 함께", "팀원들과", "함께")

# --- places ----------------------------------------------------------------------------------------
# Places named in answers ("our branch in Daegu", "the Busan office", "대구 지점에서"): concrete
# detail, but never a tool or a method. Countries and the cities and provinces candidates name
# most often (all of South Korea's special/metropolitan cities and provinces, then large cities
# elsewhere), in English/romanised spelling (casefolded) and Hangul. Used by the feedback's tool
# list (`core.feedback.signals`); not a gazetteer of the world: an unlisted place is still caught
# when a place noun follows it (`PLACE_NOUNS_EN/KO`).
PLACE_NAMES = frozenset({
    # South Korea
    "korea", "south korea", "seoul", "busan", "pusan", "incheon", "daegu", "daejeon", "gwangju", "ulsan", "sejong",
    "gyeonggi", "gangwon", "chungbuk", "chungnam", "jeonbuk", "jeonnam", "gyeongbuk", "gyeongnam", "jeju",
    "suwon", "seongnam", "goyang", "yongin", "bucheon", "ansan", "cheongju", "jeonju", "cheonan", "changwon",
    "pohang", "gimhae", "pangyo", "gangnam", "yeouido", "songdo", "gumi", "yeosu", "gimpo", "hwaseong",
    "pyeongtaek", "paju", "wonju", "chuncheon", "gangneung", "mokpo", "suncheon", "andong", "gyeongju",
    "서울", "부산", "인천", "대구", "대전", "광주", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남",
    "경북", "경남", "제주", "수원", "성남", "고양", "용인", "부천", "안산", "청주", "전주", "천안", "창원", "포항",
    "김해", "판교", "강남", "여의도", "송도", "구미", "여수", "김포", "화성", "평택", "파주", "원주", "춘천", "강릉",
    "목포", "순천", "안동", "경주", "한국", "대한민국",
    # countries and regions
    "japan", "china", "taiwan", "hong kong", "singapore", "vietnam", "thailand", "indonesia", "malaysia",
    "philippines", "india", "australia", "new zealand", "canada", "mexico", "brazil", "argentina", "chile",
    "germany", "france", "spain", "italy", "portugal", "netherlands", "belgium", "switzerland", "austria",
    "sweden", "norway", "denmark", "finland", "poland", "ireland", "scotland", "england", "britain",
    "united kingdom", "uk", "usa", "us", "america", "united states", "europe", "asia", "africa", "egypt",
    "nigeria", "kenya", "turkey", "israel", "dubai", "uae", "saudi arabia", "qatar", "russia", "ukraine",
    "일본", "중국", "대만", "홍콩", "싱가포르", "베트남", "태국", "인도네시아", "말레이시아", "필리핀", "인도", "호주",
    "캐나다", "미국", "멕시코", "브라질", "독일", "프랑스", "스페인", "이탈리아", "네덜란드", "영국", "유럽", "아시아",
    # large cities elsewhere
    "tokyo", "osaka", "kyoto", "beijing", "shanghai", "shenzhen", "guangzhou", "taipei", "hanoi", "ho chi minh",
    "bangkok", "jakarta", "manila", "kuala lumpur", "mumbai", "delhi", "bangalore", "bengaluru", "sydney",
    "melbourne", "auckland", "london", "manchester", "edinburgh", "dublin", "paris", "berlin", "munich",
    "frankfurt", "hamburg", "amsterdam", "rotterdam", "brussels", "zurich", "geneva", "vienna", "madrid",
    "barcelona", "lisbon", "rome", "milan", "stockholm", "oslo", "copenhagen", "helsinki", "warsaw", "prague",
    "istanbul", "new york", "nyc", "boston", "chicago", "seattle", "san francisco", "los angeles", "la",
    "san diego", "austin", "dallas", "houston", "denver", "atlanta", "miami", "washington", "toronto",
    "vancouver", "montreal", "mexico city", "sao paulo", "silicon valley", "bay area",
    "도쿄", "오사카", "베이징", "상하이", "선전", "타이베이", "하노이", "호치민", "방콕", "자카르타", "시드니",
    "런던", "파리", "베를린", "뮌헨", "암스테르담", "뉴욕", "보스턴",
    "시애틀", "샌프란시스코", "실리콘밸리", "토론토", "밴쿠버",
})
# Nouns that, right after a name, make it a place ("the Busan office", "Daegu 지점").
PLACE_NOUNS_EN = frozenset({"office", "offices", "branch", "branches", "campus", "plant", "factory", "warehouse",
                            "headquarters", "hq", "city", "province", "region", "airport", "district", "county"})
PLACE_NOUNS_KO = ("지점", "지사", "본사", "사무소", "사무실", "공장", "센터", "매장", "캠퍼스", "물류센터", "법인",
                  "시청", "지역", "광역시", "특별시", "도청")

# --- people named in answers -----------------------------------------------------------------------
# "my manager Sarah", "Tom from finance", "Mr. Park", "Sarah 님": a person, not a tool. A
# capitalised name is a person when a title or a role noun comes right before it, "from" (+ a
# team) or a Korean honorific right after it, or a reporting verb right after it.
PERSON_TITLES_EN = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam"})
PERSON_ROLE_NOUNS_EN = frozenset({
    "manager", "boss", "lead", "colleague", "coworker", "co-worker", "teammate", "client", "customer", "director",
    "supervisor", "mentor", "friend", "engineer", "developer", "designer", "analyst", "intern", "founder", "ceo",
    "cto", "cfo", "pm", "professor", "teacher", "classmate", "owner", "told", "asked", "thanked", "emailed", "met",
})
PERSON_VERBS_EN = frozenset({"said", "says", "told", "asked", "approved", "agreed", "wanted", "suggested",
                             "thought", "felt", "explained", "replied", "decided", "complained"})
PERSON_HONORIFICS_KO = ("님", "씨", "팀장", "선배", "매니저", "대리", "과장", "부장", "교수", "선생")

# --- particles and stopwords -----------------------------------------------------------------------
# Korean particles (조사), longest first so the longest match is cut.
KOREAN_PARTICLES: tuple[str, ...] = (
    "에서는", "으로는", "에게서", "이라고", "까지는", "에서도", "으로서", "으로써", "이라는", "에서", "으로", "에게",
    "께서", "까지", "부터", "이라", "라고", "라는", "하고", "처럼", "보다", "은", "는", "이", "가", "을", "를", "에",
    "의", "도", "만", "로", "와", "과", "나", "요",
)
STOPWORDS_EN = frozenset(
    "a an the and or but if then so of to in on at for with about from by as is are was were be been being do did "
    "does done have has had you your yours i me my we our us they them their it its this that these those what which "
    "who whom how why when where can could would should will shall may might must not no yes just very really more "
    "most also into out up down over under again once all each every other such own same than too only both few many "
    "much get got make made let say said think thing things way ways like there here tell describe give example time "
    "times please walk through share talk one some any he she his her him ask asked question answer want wanted "
    "because know knew well good great since still already see saw join joining love known heard read".split()
)
STOPWORDS_KO = frozenset(
    "저 제 저는 제가 저희 우리 그 이 그리고 그래서 하지만 그런데 것 수 등 및 때 더 또 있는 있습니다 했습니다 하는 한 "
    "합니다 그때 당시 이런 그런 저런 어떤 무엇 왜 어떻게".split()
)
STOPWORDS = STOPWORDS_EN | STOPWORDS_KO


def compile_phrases(phrases: Sequence[str], *, word: bool) -> re.Pattern[str]:
    """One case-insensitive regex for a list of literal phrases (`word`: on word boundaries)."""
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b" if word else f"(?:{body})", re.IGNORECASE)


HEDGE_EN_RE = compile_phrases([" ".join(h) for h in HEDGES_EN] + ["i'm not sure", "if i remember correctly"],
                              word=True)
VAGUE_EN_RE = compile_phrases(VAGUE_EN, word=True)
VAGUE_KO_RE = compile_phrases(VAGUE_KO, word=False)


def hedges_in(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Hedges in `text` as (start, end, text): English phrases; Korean tokens and endings."""
    if lang != "ko":
        return [(m.start(), m.end(), m.group(0)) for m in HEDGE_EN_RE.finditer(text)]
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+", text):
        token = m.group(0).strip(".,!?…")
        if token in HEDGE_TOKENS_KO:
            out.append((m.start(), m.end(), token))
    squeezed_index = [i for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(text[i] for i in squeezed_index)
    for pattern in HEDGE_PATTERNS_KO:
        for m in re.finditer(re.escape(pattern), squeezed):
            start, end = squeezed_index[m.start()], squeezed_index[m.end() - 1] + 1
            out.append((start, end, text[start:end]))
    return sorted(out)


def vague_in(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Vague filler phrases ("a lot of", 열심히) in `text` as (start, end, text)."""
    rx = VAGUE_KO_RE if lang == "ko" else VAGUE_EN_RE
    return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]


# --- sentence boundaries (speech pauses) -----------------------------------------------
# Words that cannot close a sentence: a pause after them is inside a clause, whatever
# punctuation the transcriber put there (Whisper sometimes closes a sentence at a long
# pause: "And I wrote most of. The test plan myself."). Closed grammatical classes, so the
# list is complete by construction, not a growing list: articles, possessive determiners,
# subject pronouns, prepositions that take an object, conjunctions, the infinitive "to",
# auxiliaries and modals. Read by core.speech's pause classifier.
EN_CANNOT_END = frozenset("""
a an the my your our their his its her whose every each either neither no
i we they he she
of to for with from at by in into onto on about over under between through during without within
across toward towards upon among against via per than
and or but nor because although though unless whereas while if whether that which who whom
is are was were am be been being will would can could shall should may might must do does did
have has had
""".split())
# Korean: a token ending in a connective ending or a case/topic particle continues the
# sentence ("저는 | 물류 팀에서", "정리해서 | 회의에"); endings that close one are
# core.speech.lexicon.KO_SENTENCE_ENDINGS (checked first).
KO_CONTINUATIVE_ENDINGS = ("고", "서", "며", "면서", "는데", "은데", "지만", "니까", "으니", "도록", "려고", "으려고",
                           "을", "를", "은", "는", "이", "가", "의", "에", "에서", "와", "과", "로", "으로",
                           "에게", "한테", "께서", "부터", "까지", "보다", "처럼")

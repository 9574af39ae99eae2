"""Skill and keyword vocabulary with bilingual synonyms.

Matching a job posting against a resume is done on canonical terms: "k8s", "쿠버네티스"
and "Kubernetes" are one term. `IMPLIES` adds what a concrete tool is evidence of
("Kafka" is evidence of event streaming), so a requirement written in general words
still finds the candidate's specific tools. The list is small on purpose: it covers
software, data and common business skills; unknown requirements fall back to word
overlap in `core.resume.gaps`.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical -> aliases (casefolded; the canonical name is an alias of itself).
# An alias is ANOTHER NAME of the same thing ("k8s", "쿠버네티스"), never a different product:
# a resume that says "Power BI" must not be asked "Why Tableau?". Separate products that
# share a skill are separate terms that IMPLY that skill (Power BI, Looker and Tableau all
# imply "BI tools"). Reviewed alias by alias for issue 17; the splits are listed in
# docs/notes/realworld.md and pinned by tests/core/resume/test_vocab_aliases.py.
TERMS: dict[str, tuple[str, ...]] = {
    "Python": ("python", "파이썬"),
    "pandas": ("pandas", "판다스"),
    "PySpark": ("pyspark",),
    "Go": ("golang", "고랭"),  # bare "Go" is matched case-sensitively below
    "Java": ("java", "자바"),
    "Kotlin": ("kotlin", "코틀린"),
    "Scala": ("scala", "스칼라"),
    "C++": ("c++", "cpp"),
    "C#": ("c#", "c sharp"),
    ".NET": (".net", "dotnet", "asp.net"),
    "JavaScript": ("javascript", "자바스크립트"),
    "Node.js": ("node.js", "nodejs", "노드js"),
    "TypeScript": ("typescript", "타입스크립트"),
    "Rust": ("rust",),
    "SQL": ("sql",),
    "SQLD/SQLP": ("sqld", "sqlp"),  # Korean SQL certifications: evidence of SQL, not SQL itself
    "Kafka": ("kafka", "카프카"),
    "Kinesis": ("kinesis", "amazon kinesis", "aws kinesis"),
    "Spark": ("spark", "스파크", "apache spark"),
    "Databricks": ("databricks", "데이터브릭스"),
    "Flink": ("flink", "플링크"),
    "Airflow": ("airflow", "에어플로우", "에어플로"),
    "Dagster": ("dagster",),
    "Prefect": ("prefect",),
    "Workflow orchestration": ("workflow orchestration", "orchestration", "워크플로 오케스트레이션",
                               "워크플로우 오케스트레이션"),
    "dbt": ("dbt",),
    "Snowflake": ("snowflake", "스노우플레이크"),
    "BigQuery": ("bigquery", "빅쿼리"),
    "Redshift": ("redshift",),
    "Hadoop": ("hadoop", "하둡"),
    "Hive": ("hive", "하이브", "hiveql"),
    "PostgreSQL": ("postgresql", "postgres", "포스트그레스", "포스트그레스큐엘"),
    "MySQL": ("mysql",),
    "MariaDB": ("mariadb",),
    "Relational databases": ("relational database", "relational databases", "rdbms", "관계형 데이터베이스"),
    "Redis": ("redis", "레디스"),
    "MongoDB": ("mongodb", "mongo", "몽고디비"),
    "Elasticsearch": ("elasticsearch", "엘라스틱서치"),
    "OpenSearch": ("opensearch",),
    "Search engines": ("search engine", "search engines", "full-text search", "검색 엔진"),
    "AWS": ("aws", "amazon web services", "ec2", "s3", "aws lambda", "emr"),
    "GCP": ("gcp", "google cloud", "google cloud platform", "구글 클라우드"),
    "Azure": ("azure", "애저"),
    "Docker": ("docker", "도커"),
    "Containers": ("containers", "containerisation", "containerization", "컨테이너"),
    "Kubernetes": ("kubernetes", "k8s", "쿠버네티스"),
    "EKS": ("eks", "amazon eks"),
    "GKE": ("gke", "google kubernetes engine"),
    "AKS": ("aks", "azure kubernetes service"),
    "Helm": ("helm",),
    "Terraform": ("terraform", "테라폼"),
    "Pulumi": ("pulumi",),
    "CloudFormation": ("cloudformation", "aws cloudformation"),
    "Infrastructure as code": ("infrastructure as code", "iac"),
    "CI/CD": ("ci/cd", "cicd", "continuous integration", "continuous delivery", "ci 파이프라인", "배포 자동화"),
    "GitHub Actions": ("github actions",),
    "Jenkins": ("jenkins", "젠킨스"),
    "GitLab CI": ("gitlab ci", "gitlab-ci"),
    "Prometheus": ("prometheus", "프로메테우스"),
    "Grafana": ("grafana", "그라파나"),
    "OpenTelemetry": ("opentelemetry", "otel"),
    "Datadog": ("datadog", "데이터독"),
    "gRPC": ("grpc",),
    "Protocol Buffers": ("protocol buffers", "protobuf"),
    "REST APIs": ("rest api", "restful", "rest apis"),
    "APIs": ("api", "apis", "api design"),
    "GraphQL": ("graphql",),
    "Microservices": ("microservices", "microservice", "마이크로서비스", "msa"),
    "ROS": ("ros", "ros 2", "ros2", "robotics middleware"),
    "Robotics": ("robotics", "robot", "robots", "로보틱스", "로봇"),
    "Autonomous driving": ("autonomous driving", "self-driving", "자율주행"),
    "IoT": ("iot", "사물인터넷"),
    "Embedded systems": ("embedded devices", "embedded systems", "embedded", "임베디드"),
    "Telemetry": ("telemetry", "텔레메트리", "위치 데이터", "차량 위치", "위치 정보"),
    "GPS": ("gps",),
    "Mobility": ("mobility", "모빌리티", "배차", "차량", "vehicle", "fleet", "ride-hailing"),
    "Machine learning": ("machine learning", "ml", "머신러닝", "기계학습"),
    "Deep learning": ("deep learning", "딥러닝"),
    "Linux": ("linux", "리눅스"),
    "Testing": ("testing", "tests", "contract tests", "unit tests", "테스트", "test automation"),
    "pytest": ("pytest",),
    "Code review": ("code review", "code reviews", "코드 리뷰"),
    "Tableau": ("tableau", "태블로"),
    "Power BI": ("power bi", "powerbi", "파워 bi", "파워bi"),
    "Looker": ("looker", "looker studio"),
    "Qlik": ("qlik", "qlikview", "qlik sense"),
    "BI tools": ("bi tool", "bi tools", "business intelligence", "bi 도구", "bi 툴", "dashboarding"),
    "A/B testing": ("a/b test", "a/b testing", "a/b tests", "ab test", "experimentation", "실험 설계"),
    "Data modelling": ("data modelling", "data modeling", "데이터 모델링", "dimensional modelling", "data mart",
                       "데이터 마트", "dbt model", "model layer"),
    "Data warehouse": ("data warehouse", "데이터 웨어하우스", "dwh", "warehouse modelling"),
    "Data quality": ("data quality", "데이터 품질", "data validation", "품질 검증", "validated",
                     "validation rules"),
    "Great Expectations": ("great expectations",),
    "Data governance": ("data governance", "데이터 거버넌스", "metadata", "메타데이터", "data catalog",
                        "데이터 카탈로그"),
    "Distributed systems": ("distributed systems", "distributed system", "분산 시스템", "분산 처리"),
    "Event streaming": ("event streaming", "stream processing", "streaming", "real-time", "real time",
                        "near real time", "실시간", "스트리밍"),
    "Data pipelines": ("data pipeline", "data pipelines", "pipeline", "pipelines", "etl", "elt",
                       "데이터 파이프라인", "파이프라인", "ingestion"),
    "Observability": ("observability", "monitoring", "모니터링", "관측성", "alerting", "tracing"),
    "On-call": ("on-call", "on call", "oncall", "온콜", "incident", "incidents", "장애 대응", "incident reviews"),
    "Mentoring": ("mentoring", "mentor", "mentored", "mentorship", "coaching", "멘토링", "멘토", "후배 교육"),
    "Leadership": ("led a team", "team lead", "tech lead", "managed a team", "팀을 이끌", "팀장", "리드",
                   "led", "이끌며"),
    "Cloud": ("cloud", "클라우드"),
    "Security": ("security", "보안"),
    "Communication": ("communication", "stakeholder", "stakeholders", "커뮤니케이션", "소통", "협업"),
    "Agile": ("agile", "scrum", "kanban", "애자일", "스크럼"),
}

# A concrete term is also evidence of these broader terms (or of the platform it runs on).
IMPLIES: dict[str, tuple[str, ...]] = {
    "pandas": ("Python",),
    "PySpark": ("Spark", "Python"),
    "Node.js": ("JavaScript",),
    "SQLD/SQLP": ("SQL",),
    "Kafka": ("Event streaming", "Distributed systems"),
    "Kinesis": ("Event streaming", "AWS"),
    "Flink": ("Event streaming", "Distributed systems"),
    "Spark": ("Distributed systems", "Data pipelines"),
    "Databricks": ("Spark", "Cloud"),
    "Hadoop": ("Distributed systems",),
    "Hive": ("Hadoop", "SQL"),
    "Airflow": ("Workflow orchestration",),
    "Dagster": ("Workflow orchestration",),
    "Prefect": ("Workflow orchestration",),
    "Workflow orchestration": ("Data pipelines",),
    "dbt": ("Data modelling", "Data pipelines", "SQL"),
    "Snowflake": ("Data warehouse", "Cloud"),
    "BigQuery": ("Data warehouse", "Cloud", "GCP"),
    "Redshift": ("Data warehouse", "Cloud", "AWS"),
    "PostgreSQL": ("Relational databases",),
    "MySQL": ("Relational databases",),
    "MariaDB": ("Relational databases",),
    "Relational databases": ("SQL",),
    "Elasticsearch": ("Search engines",),
    "OpenSearch": ("Search engines",),
    "AWS": ("Cloud",),
    "GCP": ("Cloud",),
    "Azure": ("Cloud",),
    "Docker": ("Containers",),
    "Kubernetes": ("Containers", "Cloud"),
    "EKS": ("Kubernetes", "AWS"),
    "GKE": ("Kubernetes", "GCP"),
    "AKS": ("Kubernetes", "Azure"),
    "Helm": ("Kubernetes",),
    "Terraform": ("Infrastructure as code",),
    "Pulumi": ("Infrastructure as code",),
    "CloudFormation": ("Infrastructure as code", "AWS"),
    "GitHub Actions": ("CI/CD",),
    "Jenkins": ("CI/CD",),
    "GitLab CI": ("CI/CD",),
    "Prometheus": ("Observability",),
    "Grafana": ("Observability",),
    "OpenTelemetry": ("Observability",),
    "Datadog": ("Observability",),
    "gRPC": ("APIs",),
    "REST APIs": ("APIs",),
    "GraphQL": ("APIs",),
    "Microservices": ("Distributed systems",),
    "Telemetry": ("IoT",),
    "GPS": ("Telemetry",),
    "ROS": ("Robotics",),
    "Autonomous driving": ("Mobility",),
    "Deep learning": ("Machine learning",),
    "pytest": ("Testing", "Python"),
    "Tableau": ("BI tools",),
    "Power BI": ("BI tools",),
    "Looker": ("BI tools",),
    "Qlik": ("BI tools",),
    "Great Expectations": ("Data quality",),
    "Mentoring": ("Leadership",),
    "Data warehouse": ("Data modelling",),
}

# Skills close enough to a missing one to be the candidate's bridge to it (for gap guidance).
ADJACENT: dict[str, tuple[str, ...]] = {
    "Kubernetes": ("Docker", "Terraform", "AWS", "GCP", "Azure", "Microservices", "CI/CD"),
    "Docker": ("Linux", "CI/CD", "AWS", "Kubernetes"),
    "Observability": ("On-call", "Testing", "CI/CD", "Datadog", "Prometheus", "Grafana"),
    "Prometheus": ("Grafana", "Datadog", "On-call"),
    "Grafana": ("Prometheus", "Datadog", "Tableau"),
    "OpenTelemetry": ("Datadog", "Prometheus", "On-call"),
    "gRPC": ("REST APIs", "Microservices", "Kafka", "GraphQL", "Protocol Buffers"),
    "C++": ("Rust", "Go", "Java", "C#"),
    "C#": (".NET", "Java", "C++"),
    "Rust": ("C++", "Go"),
    "Go": ("Java", "Kotlin", "Rust", "Python"),
    "Java": ("Kotlin", "Scala", "Go", "C#"),
    "Python": ("pandas", "PySpark"),
    "JavaScript": ("TypeScript", "Node.js"),
    "ROS": ("Telemetry", "IoT", "Robotics", "C++", "Python"),
    "Robotics": ("Telemetry", "IoT", "Mobility", "Autonomous driving"),
    "Spark": ("Flink", "Hadoop", "dbt", "BigQuery", "Snowflake", "Python", "Databricks", "PySpark"),
    "Airflow": ("dbt", "Spark", "Data pipelines", "Dagster", "Prefect"),
    "Dagster": ("Airflow", "Prefect"),
    "Prefect": ("Airflow", "Dagster"),
    "dbt": ("SQL", "Data modelling", "Airflow", "Snowflake", "BigQuery"),
    "Kafka": ("Flink", "Spark", "Event streaming", "Kinesis"),
    "Kinesis": ("Kafka",),
    "Data governance": ("Data quality", "Data warehouse", "dbt"),
    "GCP": ("AWS", "Azure", "BigQuery"),
    "AWS": ("GCP", "Azure"),
    "Azure": ("AWS", "GCP"),
    "Terraform": ("AWS", "GCP", "Kubernetes", "CI/CD", "Pulumi", "CloudFormation"),
    "Machine learning": ("Python", "A/B testing", "Spark"),
    "Tableau": ("Power BI", "Looker", "Qlik", "SQL"),
    "Power BI": ("Tableau", "Looker", "Qlik", "SQL"),
    "Looker": ("Tableau", "Power BI", "SQL"),
    "PostgreSQL": ("MySQL", "MariaDB", "SQL"),
    "MySQL": ("PostgreSQL", "MariaDB", "SQL"),
    "Elasticsearch": ("OpenSearch",),
    "OpenSearch": ("Elasticsearch",),
    "CI/CD": ("GitHub Actions", "Jenkins", "GitLab CI"),
}

# Broad terms: useful to match a requirement, but too generic to be a "technology" claim.
GENERIC_TERMS = frozenset({
    "Cloud", "Data pipelines", "Event streaming", "Distributed systems", "Observability", "On-call",
    "Mentoring", "Leadership", "Communication", "Agile", "Security", "Testing", "Code review", "REST APIs",
    "Data quality", "Data modelling", "Data warehouse", "Data governance", "Mobility", "Telemetry", "IoT",
    "Robotics", "A/B testing", "Machine learning", "Deep learning", "BI tools", "Workflow orchestration",
    "Relational databases", "Search engines", "Containers", "Infrastructure as code", "APIs",
    "Embedded systems", "Autonomous driving",
})

_CASE_SENSITIVE = {"Go": re.compile(r"(?<![A-Za-z])Go(?![A-Za-z])")}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for canonical, aliases in TERMS.items():
        names = sorted({canonical.casefold(), *aliases}, key=len, reverse=True)
        if canonical == "Go":
            names = [n for n in names if n != "go"]
        parts = []
        for name in names:
            escaped = re.escape(name).replace(r"\ ", r"\s+")
            if re.search(r"[가-힣]", name):
                parts.append(escaped)  # Korean: particles attach directly ("Spark를", "카프카로")
            else:
                parts.append(rf"(?<![A-Za-z0-9+#]){escaped}(?![A-Za-z0-9+#])")
        out.append((canonical, re.compile("|".join(parts), re.IGNORECASE)))
    return out


def find_terms(text: str) -> list[str]:
    """Canonical terms mentioned in `text`, in order of first appearance."""
    hits: list[tuple[int, str]] = []
    for canonical, pattern in _patterns():
        m = pattern.search(text)
        if m:
            hits.append((m.start(), canonical))
    for canonical, pattern in _CASE_SENSITIVE.items():
        m = pattern.search(text)
        if m and all(c != canonical for _, c in hits):
            hits.append((m.start(), canonical))
    return [c for _, c in sorted(hits)]


def expand(terms: set[str] | list[str]) -> set[str]:
    """`terms` plus everything they imply (transitively)."""
    out = set(terms)
    stack = list(out)
    while stack:
        for implied in IMPLIES.get(stack.pop(), ()):
            if implied not in out:
                out.add(implied)
                stack.append(implied)
    return out


# Words that carry no requirement meaning (for the word-overlap fallback).
STOPWORDS = frozenset("""
a an and or the of to in on for with by at as from into our your you we will be are is able strong
good great solid proven experience experienced years year plus professional knowledge understanding
familiarity familiar ability skills skill using use work working other similar etc including include
least minimum must should have has nice bonus preferred required requirement requirements role team
""".split())
KO_PARTICLES = re.compile(
    r"(?:에서의|으로의|에서|으로|하여|하고|하는|하신|하며|이며|이고|에게|까지|부터|처럼|보다|과의|와의|"
    r"을|를|이|가|은|는|의|에|와|과|로|도|및|등|분|시|한|된|할)$"
)
KO_STOP = frozenset({"경험", "경력", "이상", "능숙", "사용", "운영", "활용", "관련", "분", "우대", "필수", "가능",
                     "있는", "있으신", "보유", "이해", "역량", "능력", "기반", "처리", "등", "및", "또는", "업무"})


def content_words(text: str) -> set[str]:
    """Normalised content words for the overlap fallback (light English stemming,
    Korean particle stripping)."""
    words: set[str] = set()
    for token in re.findall(r"[A-Za-z][A-Za-z0-9+#/.-]*|[가-힣]+", text):
        if re.match(r"[가-힣]", token):
            stem = KO_PARTICLES.sub("", token)
            if len(stem) >= 2 and stem not in KO_STOP:
                words.add(stem)
            continue
        word = token.casefold().strip(".-/")
        if len(word) < 3 or word in STOPWORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.add(word)
    return words

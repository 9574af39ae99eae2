"""Named tools in content feedback: places are concrete detail but never tools (issue 14 finding:
"Daegu" was listed as a tool), while tools named in English or inside Korean sentences still are."""

from __future__ import annotations

import pytest

from core.feedback.content import analyze_content
from core.feedback.signals import named_tools
from core.language import split_sentences


@pytest.mark.parametrize(("text", "lang", "tools", "not_tools"), [
    ("I ran the weekly reports for our branch in Daegu and moved them to Power BI.", "en",
     ["Power BI"], ["Daegu"]),
    ("The Busan office tracked every request in Jira and I wrote the SQL for the weekly summary.", "en",
     ["Jira", "SQL"], ["Busan", "Busan office"]),
    ("Before I joined, the team in New York kept the schedule in Excel.", "en", ["Excel"], ["New York"]),
    ("대구 지점에서 Jira로 일정을 관리했고 SQL 쿼리를 직접 짰습니다.", "ko", ["Jira", "SQL"], ["대구"]),
    ("저는 Daegu 지점에서 Power BI로 매출 보고서를 만들었습니다.", "ko", ["Power BI"], ["Daegu"]),
    ("부산 본사와 같이 파이썬으로 정산 스크립트를 만들었습니다.", "ko", ["Python"], ["부산"]),
])
def test_places_are_not_tools_and_tools_still_are(text: str, lang: str, tools: list[str],
                                                   not_tools: list[str]) -> None:
    found = named_tools(split_sentences(text))
    for tool in tools:
        assert tool in found, (text, found)
    for place in not_tools:
        assert place not in found, (text, found)


def test_the_content_feedback_lists_the_tool_and_not_the_city() -> None:
    answer = ("At my last job I supported the sales team at our branch in Daegu. I was asked to cut the time the "
              "weekly report took. I rebuilt it in Power BI and wrote the SQL that feeds it myself. As a result "
              "the report went from two days of work to 20 minutes.")
    result = analyze_content(answer, "Tell me about a time you improved a process.")
    assert "Power BI" in result.signals.tools and "SQL" in result.signals.tools
    assert "Daegu" not in result.signals.tools


@pytest.mark.parametrize(("text", "tools", "people"), [
    ("I asked my manager Sarah to review the plan in Jira.", ["Jira"], ["Sarah"]),
    ("I worked with Tom from finance on the Excel model.", ["Excel"], ["Tom"]),
    ("Then Sarah said we should try Airflow.", ["Airflow"], ["Sarah"]),
    ("I told Mr. Park that we would use Tableau.", ["Tableau"], ["Mr", "Park", "Mr. Park"]),
    ("저는 Sarah 님과 함께 Jira로 일정을 관리했습니다.", ["Jira"], ["Sarah"]),
    # a tool introduced by "called" stays a tool
    ("We tracked it in a tool called Notion.", ["Notion"], []),
])
def test_people_named_in_an_answer_are_not_tools(text: str, tools: list[str], people: list[str]) -> None:
    found = named_tools(split_sentences(text))
    for tool in tools:
        assert tool in found, (text, found)
    for person in people:
        assert person not in found, (text, found)

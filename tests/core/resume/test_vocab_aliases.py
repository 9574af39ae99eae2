"""Skill vocabulary: an alias is another name of the same thing, never a different product."""

from __future__ import annotations

import pytest

from core.resume.analysis import analyze_resume
from core.resume.gaps import match_requirements
from core.resume.vocab import GENERIC_TERMS, IMPLIES, TERMS, expand, find_terms

# Products that were once merged into another product's aliases; each is its own term now.
SEPARATE = [
    ("Power BI", "Tableau"), ("Looker", "Tableau"), ("Kinesis", "Kafka"), ("Databricks", "Spark"),
    ("Dagster", "Airflow"), ("Prefect", "Airflow"), ("Hive", "Hadoop"), ("MariaDB", "MySQL"),
    ("OpenSearch", "Elasticsearch"), ("Pulumi", "Terraform"), ("CloudFormation", "Terraform"),
    ("Jenkins", "CI/CD"), ("GitHub Actions", "CI/CD"), ("Node.js", "JavaScript"), (".NET", "C#"),
    ("pandas", "Python"), ("Helm", "Kubernetes"), ("EKS", "Kubernetes"), ("Protocol Buffers", "gRPC"),
    ("pytest", "Testing"), ("Great Expectations", "Data quality"), ("Deep learning", "Machine learning"),
]


@pytest.mark.parametrize(("tool", "other"), SEPARATE)
def test_separate_tools_are_separate_terms(tool, other):
    found = find_terms(f"Five years with {tool}.")
    assert tool in found and other not in found


def test_related_tools_imply_a_shared_skill_not_each_other():
    for tool in ("Tableau", "Power BI", "Looker", "Qlik"):
        implied = expand({tool})
        assert "BI tools" in implied
        assert not ({"Tableau", "Power BI", "Looker", "Qlik"} - {tool}) & implied


def test_no_alias_belongs_to_two_terms():
    owners: dict[str, str] = {}
    for canonical, aliases in TERMS.items():
        for alias in aliases:
            assert alias not in owners, f"{alias!r} is an alias of {owners.get(alias)} and {canonical}"
            owners[alias] = canonical


def test_every_implied_or_generic_term_exists():
    assert GENERIC_TERMS <= set(TERMS)
    for term, implied in IMPLIES.items():
        assert term in TERMS and set(implied) <= set(TERMS)


def test_power_bi_resume_is_asked_about_power_bi_not_tableau():
    resume = ("Experience\nSenior Data Analyst — Harbourline Freight\n03/2021 – Present\n"
              "- Moved 40 weekly Excel reports to a single Power BI dashboard.\n\nSkills\nPython, SQL, Power BI")
    result = analyze_resume(resume, lang="en")
    values = {c["value"] for c in result.claims if c["kind"] == "technology"}
    assert "Power BI" in values and "Tableau" not in values
    assert not any("Tableau" in q["question"] for q in result.expected_questions)
    assert any("Power BI" in q["question"] for q in result.expected_questions)


def test_a_bi_tools_requirement_is_met_by_any_bi_tool_but_tableau_only_by_tableau():
    resume = {"resume": "- Built a Power BI dashboard for 120 stores"}
    by_requirement = {m.requirement: m.status for m in match_requirements(
        [("Experience with BI tools", "must"), ("Tableau", "must")], resume, years=None)}
    assert by_requirement["Experience with BI tools"] == "met"
    assert by_requirement["Tableau"] != "met"

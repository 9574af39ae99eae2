"""Shared inputs: the demo candidate's documents (real-looking resumes, postings, a 자기소개서)."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "candidate"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def resume_en() -> str:
    return sample("resume_en.md")


@pytest.fixture(scope="session")
def resume_ko() -> str:
    return sample("resume_ko.md")


@pytest.fixture(scope="session")
def jd_en() -> str:
    return sample("job_posting_northwind_en.md")


@pytest.fixture(scope="session")
def jd_ko() -> str:
    return sample("job_posting_hanbit_ko.md")


@pytest.fixture(scope="session")
def letter_ko() -> str:
    return sample("cover_letter_ko.md")

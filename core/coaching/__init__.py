"""The coach's workspace: assignments, rubrics, the cohort view, time-stamped comments,
recurring weaknesses with the next drill, and batch analysis of recorded answers.

Every function takes the acting user's id. What a coach may read of a candidate is decided
in one place, `core.db.crud` (an accepted link, then the candidate's privacy choice:
by default only the sessions of that coach's assignments and batch analyses)."""

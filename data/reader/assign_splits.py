"""Assign the train / heldout split of the answer corpus (stdlib only).

Usage: python data/reader/assign_splits.py [--check]

Per language, answers are grouped by follow-up kind; inside a group they are ordered by
(question type, style, id) and every 4th one (positions 1, 5, 9, ...) is held out. So about
25 % of each language is held out, and the held-out quarter covers every follow-up kind and,
through the ordering, every question type and both styles in proportion. The assignment is
deterministic; re-run it after adding answers, then retrain (the held-out split must never
be trained on). Answers with `"heldout_added"` (a date) were written fresh for the held-out
split after it had been read, and are always held out. Answers with `"train_added"` (a date)
were written as extra training data after the split was fixed, and always stay in train: the
every-4th assignment runs over the other answers only, so adding either kind never moves an
existing answer between train and heldout. `--check` only reports whether the files already
match.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main() -> int:
    check = "--check" in sys.argv[1:]
    files = sorted(HERE.glob("answers_*.jsonl"))
    records = {p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()] for p in files}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    wanted: dict[str, str] = {}
    for recs in records.values():
        for rec in recs:
            if rec.get("heldout_added"):
                # written fresh for the held-out split after it had been read (README "Held-out
                # record"): always held out, outside the every-4th assignment
                wanted[rec["id"]] = "heldout"
                continue
            if rec.get("train_added"):
                # written as extra training data after the split was fixed (README): always
                # train, so the every-4th positions of the older answers do not shift
                wanted[rec["id"]] = "train"
                continue
            groups[(rec["lang"], rec["follow_up_kind"])].append(rec)
    for recs in groups.values():
        recs.sort(key=lambda r: (r["question_type"], r["style"], r["id"]))
        for k, rec in enumerate(recs):
            wanted[rec["id"]] = "heldout" if k % 4 == 1 else "train"
    changed = 0
    for path, recs in records.items():
        for rec in recs:
            if rec["split"] != wanted[rec["id"]]:
                changed += 1
                rec["split"] = wanted[rec["id"]]
        if not check:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    print(f"{changed} answers {'would change' if check else 'changed'} split")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main())

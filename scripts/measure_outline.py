"""Measure the better-answer outline's no-new-fact rule on the answer reader's corpus.

For every labelled answer (`data/reader/answers_*.jsonl`, both splits, English and Korean)
the answer is read by the real reader (`core.interview.reader.read_answer`, not the labels)
and outlined offline (`core.feedback.outline.build_outline`). Printed per language:

- rule_holds: outlines in which `outline_new_facts` finds nothing (the rule as tested);
- own_words: outlines whose every non-placeholder line is a verbatim part of the answer;
- slipped / caught: a sentence of ANOTHER corpus answer whose labelled numbers (the
  corpus' `numbers`, not our finder) do not all occur in this answer, added to the outline
  as if an LLM had written it; caught = the rule refuses it (what the LLM path relies on);
- fenced_pass: the same sentence inside a [placeholder] is allowed.

Usage: `.venv/bin/python scripts/measure_outline.py [--json]`
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.feedback.outline import Outline, OutlineLine, build_outline, outline_new_facts  # noqa: E402
from core.interview.reader import read_answer  # noqa: E402

SLIPS_PER_ANSWER = 3  # donor sentences tried per answer (deterministic picks)


def _compact(text: str) -> str:
    return re.sub(r"[\s,]", "", text).casefold()


def measure() -> dict[str, dict[str, object]]:
    records = [json.loads(line) for path in sorted((ROOT / "data" / "reader").glob("answers_*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: dict[str, dict[str, object]] = {}
    for lang in ("en", "ko"):
        group = [r for r in records if r["lang"] == lang]
        donors = [(s["text"], [n["text"] for n in s["numbers"]]) for r in group for s in r["sentences"]
                  if s["numbers"]]
        counts = {"answers": 0, "rule_holds": 0, "own_words": 0, "slipped": 0, "caught": 0, "fenced_pass": 0}
        missed: list[str] = []
        for i, record in enumerate(group):
            answer = " ".join(s["text"] for s in record["sentences"])
            question = record.get("question", "")
            sources = [answer, question]
            outline = build_outline(read_answer(question, answer, lang=lang))
            counts["answers"] += 1
            counts["rule_holds"] += not outline_new_facts(outline, sources, strict_korean=lang == "ko")
            counts["own_words"] += all(line.text in answer for line in outline.lines if not line.placeholder)
            pool = _compact(answer + " " + question)
            for k in range(SLIPS_PER_ANSWER):
                text, numbers = donors[(i * 7 + k * 31) % len(donors)]
                if all(_compact(n) in pool for n in numbers):
                    continue  # the donor sentence brings no number this answer lacks
                counts["slipped"] += 1
                slipped = Outline(lines=(*outline.lines, OutlineLine(part="result", text=text, placeholder=False)))
                if outline_new_facts(slipped, sources, strict_korean=lang == "ko"):
                    counts["caught"] += 1
                else:
                    missed.append(text)
                fenced = Outline(lines=(*outline.lines, OutlineLine(part="result", text=f"[{text}]",
                                                                   placeholder=True)))
                counts["fenced_pass"] += not outline_new_facts(fenced, sources, strict_korean=lang == "ko")
        out[lang] = {**counts, "missed_examples": missed[:5]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    result = measure()
    if args.json:
        print(json.dumps({"languages": result, "seconds": round(time.perf_counter() - started, 1)},
                         ensure_ascii=False, indent=1))
        return 0
    for lang, r in result.items():
        print(f"{lang}: outlines holding the rule {r['rule_holds']}/{r['answers']}, own words {r['own_words']}/"
              f"{r['answers']}; slipped facts caught {r['caught']}/{r['slipped']}; fenced allowed "
              f"{r['fenced_pass']}/{r['slipped']}")
        for text in r["missed_examples"]:  # type: ignore[union-attr]
            print(f"   missed: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

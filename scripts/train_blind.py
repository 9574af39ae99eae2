"""Train the blind-hiring check (`core.interview.blind`) and measure it on the held-out split.

    .venv/bin/python scripts/train_blind.py [--data data/blind] [--out data/blind/model.npz] [--json]
    .venv/bin/python scripts/train_blind.py --check   # retrain, compare with the committed file, write nothing

Reads every `protected_details_*.jsonl` (fields id, lang, split train|heldout, source
answer|resume|cover_letter, text, category family|birthplace|school|age|marital|religion|
health|appearance|none), embeds every sentence with the shipped USE multilingual encoder,
fits a multinomial logistic regression (scikit-learn, installed with librosa) on the train
split only, picks the flag threshold from 5-fold cross-validated probabilities on the train
split (the fewest false flags at which each language's recall stays >= TARGET_CV_RECALL;
the regularisation C is chosen the same way, `--sweep`), and writes the
weights as plain arrays with the shared head writer (`core.interview.heads`, no pickle).
The held-out split is never trained on; its figures are printed (and written to
`data/blind/metrics.json`) for BENCHMARKS.md.

Reproducible: fixed seed, deterministic solver (lbfgs), sorted input.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.interview.blind import (
    ENCODER_NAME,
    MAX_SENTENCE_CHARS,
    NONE_LABEL,
    PROTECTED_CATEGORIES,
    BlindModel,
)
from core.interview.heads import LogisticHead

SEED = 7
TARGET_CV_RECALL = 0.92  # headroom over the 90 % held-out goal
# Inverse L2 strength, chosen by 5-fold cross-validation on the train split only (2026-11-30
# 18:39 UTC, with session 22's employer/technology sentences, `--sweep`): at the threshold
# that keeps each language's CV recall >= 0.92, the worse language's (Korean) "none" train
# sentences were false-flagged 10.0 % with C=2, 9.1 % C=4, 7.5 % C=8, 7.0 % C=16, 7.2 % C=32,
# 6.7 % C=64 (English 3.6-4.0 %). The held-out split played no part. (Session 21's data gave
# C=32. The 10 + 10 "moving to <technology>" train lines added after this sweep were not
# re-swept for lack of time; `--sweep` re-runs it.)
C_REGULARISATION = 64.0
SWEEP_C = (2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
READER_DIR = Path("data/reader")  # the answer reader's corpus: its sentences are ordinary answers


def load_rows(data_dir: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(data_dir.glob("protected_details_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["category"] not in (*PROTECTED_CATEGORIES, NONE_LABEL):
                    raise SystemExit(f"{path.name}: unknown category {row['category']!r} in {row['id']}")
                rows.append(row)
    return sorted(rows, key=lambda r: str(r["id"]))


def ordinary_sentences(reader_dir: Path, split: str) -> list[dict]:
    """Sentences of the reader's labelled answers (`split` only), as "none" rows: ordinary
    interview answers, the population false flags are measured on."""
    rows = []
    for path in sorted(reader_dir.glob("answers_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record["split"] != split:
                    continue
                for index, sentence in enumerate(record["sentences"]):
                    rows.append({"id": f"{record['id']}.{index}", "lang": record["lang"], "split": split,
                                 "source": "answer", "text": sentence["text"], "category": NONE_LABEL})
    return rows


def embed(texts: list[str]) -> np.ndarray:
    from core.interview.blind import default_embed

    return default_embed([t[:MAX_SENTENCE_CHARS] for t in texts])


def fit(x: np.ndarray, y: list[str], c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED).fit(x, y)


def protected_prob(model, x: np.ndarray) -> np.ndarray:
    probs = model.predict_proba(x)
    return 1.0 - probs[:, list(model.classes_).index(NONE_LABEL)]


def cross_validated_scores(x: np.ndarray, y: list[str], langs: list[str], c: float) -> np.ndarray:
    """P(protected) of every train row from a 5-fold model that did not see it (folds
    stratified by language and category, so each fold has both languages' rare classes)."""
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(y))
    strata = [f"{lang}:{label}" for lang, label in zip(langs, y, strict=True)]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    for train, test in folds.split(x, strata):
        model = fit(x[train], [y[i] for i in train], c)
        scores[test] = protected_prob(model, x[test])
    return scores


def choose_threshold(x: np.ndarray, y: list[str], langs: list[str], c: float) -> tuple[float, dict]:
    """The highest threshold (fewest false flags) at which the cross-validated recall of EACH
    language stays >= TARGET_CV_RECALL -> (threshold, cross-validated figures per language)."""
    scores = cross_validated_scores(x, y, langs, c)
    positive = np.array([label != NONE_LABEL for label in y])
    lang_arr = np.array(langs)
    best: tuple[float, dict] = (0.05, {})
    for threshold in np.arange(0.05, 0.96, 0.01):
        flagged = scores >= threshold
        figures = {}
        for lang in sorted(set(langs)):
            mine = lang_arr == lang
            figures[lang] = {"cv_recall": round(float(flagged[positive & mine].mean()), 3),
                             "cv_false_flags": round(float(flagged[~positive & mine].mean()), 3)}
        if min(f["cv_recall"] for f in figures.values()) >= TARGET_CV_RECALL:
            best = (round(float(threshold), 2), {"cv": figures})
    return best


def measure(model: BlindModel, x: np.ndarray, rows: list[dict]) -> dict:
    labels = [label for label, _ in model.classify(x)]
    out: dict = {}
    for lang in ("en", "ko", "all"):
        idx = [i for i, r in enumerate(rows) if lang == "all" or r["lang"] == lang]
        pos = [i for i in idx if rows[i]["category"] != NONE_LABEL]
        ordinary = [i for i in idx if rows[i]["category"] == NONE_LABEL and rows[i]["source"] == "answer"]
        neg = [i for i in idx if rows[i]["category"] == NONE_LABEL]
        documents = [i for i in neg if rows[i]["source"] in ("resume", "cover_letter")]
        flagged_pos = [i for i in pos if labels[i] != NONE_LABEL]
        out[lang] = {
            "sentences": len(idx), "protected": len(pos),
            "recall": round(len(flagged_pos) / len(pos), 3) if pos else None,
            "category_accuracy": round(sum(labels[i] == rows[i]["category"] for i in flagged_pos) / len(flagged_pos), 3)
            if flagged_pos else None,
            "false_flags_ordinary_answers": round(sum(labels[i] != NONE_LABEL for i in ordinary) / len(ordinary), 3)
            if ordinary else None,
            "false_flags_all_none": round(sum(labels[i] != NONE_LABEL for i in neg) / len(neg), 3) if neg else None,
            "false_flags_documents": round(sum(labels[i] != NONE_LABEL for i in documents) / len(documents), 3)
            if documents else None,
            "by_category": {
                category: {"protected": len(mine), "found": sum(labels[i] != NONE_LABEL for i in mine),
                           "named_right": sum(labels[i] == category for i in mine)}
                for category in PROTECTED_CATEGORIES
                if (mine := [i for i in pos if rows[i]["category"] == category])
            },
            "missed": [rows[i]["id"] for i in pos if labels[i] == NONE_LABEL],
            "false_flagged": [rows[i]["id"] for i in neg if labels[i] != NONE_LABEL],
        }
    return out


# Two trainings on the same data agree to float32 rounding and BLAS summation order, which
# differs between CPUs (OpenBLAS picks AVX2 or AVX-512 kernels, and lbfgs stops at its tol=1e-4
# at a slightly different point): the weights committed from one 2-core EPYC, retrained on an
# AVX-512 one, differed by 1.2e-3 with the largest weight 5.0 (2.5e-4 of it). The check allows
# this share of the largest weight per array; other data or settings move weights by far more.
REPRODUCE_RTOL = 1e-3


def train(data_dir: Path, reader_dir: Path, *, sweep: bool = False) -> tuple[BlindModel, dict, list[dict]]:
    """Fit the model on the train split -> (model, cross-validated figures, train rows)."""
    rows = load_rows(data_dir)
    train_rows = [r for r in rows if r["split"] == "train"] + ordinary_sentences(reader_dir, "train")
    if not train_rows:
        raise SystemExit(f"no train rows in {data_dir} and {reader_dir}")
    x_train = embed([r["text"] for r in train_rows])
    y_train = [r["category"] for r in train_rows]
    langs = [r["lang"] for r in train_rows]
    if sweep:
        for c in SWEEP_C:
            print(c, *choose_threshold(x_train, y_train, langs, c), flush=True)
    threshold, cv = choose_threshold(x_train, y_train, langs, C_REGULARISATION)
    fitted = fit(x_train, y_train, C_REGULARISATION)
    head = LogisticHead(weights=fitted.coef_.astype(np.float32), bias=fitted.intercept_.astype(np.float32),
                        labels=tuple(str(c) for c in fitted.classes_))
    return BlindModel(head=head, threshold=threshold, encoder=ENCODER_NAME), cv, train_rows


def differences(model: BlindModel, committed: BlindModel) -> list[str]:
    """How a freshly trained model differs from the committed one ([] when it reproduces it)."""
    out = []
    if model.classes != committed.classes:
        out.append(f"classes {model.classes} != {committed.classes}")
    elif model.head.weights.shape != committed.head.weights.shape:
        out.append(f"weights shape {model.head.weights.shape} != {committed.head.weights.shape}")
    else:
        gap = float(np.abs(model.head.weights.astype(np.float64) - committed.head.weights).max())
        bias_gap = float(np.abs(model.head.bias.astype(np.float64) - committed.head.bias).max())
        if (gap > REPRODUCE_RTOL * float(np.abs(committed.head.weights).max())
                or bias_gap > REPRODUCE_RTOL * float(np.abs(committed.head.bias).max())):
            out.append(f"weights differ by up to {gap:.2e}, bias by {bias_gap:.2e}")
    if model.threshold != committed.threshold:
        out.append(f"threshold {model.threshold} != {committed.threshold}")
    if model.encoder != committed.encoder:
        out.append(f"encoder {model.encoder} != {committed.encoder}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("data/blind"))
    parser.add_argument("--reader", type=Path, default=READER_DIR)
    parser.add_argument("--out", type=Path, default=Path("data/blind/model.npz"))
    parser.add_argument("--sweep", action="store_true", help="print cross-validated figures for several C values")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the file at --out; write nothing; exit 1 on a difference")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model, cv, train_rows = train(args.data, args.reader, sweep=args.sweep)
    if args.check:
        gaps = differences(model, BlindModel.load(args.out))
        print("reproduced " + str(args.out) if not gaps else "NOT reproduced: " + "; ".join(gaps))
        return 1 if gaps else 0
    heldout = [r for r in load_rows(args.data) if r["split"] == "heldout"]
    ordinary_heldout = ordinary_sentences(args.reader, "heldout")
    if not heldout or not ordinary_heldout:
        raise SystemExit(f"need heldout rows in {args.data} and {args.reader}")
    model.save(args.out, trained_on=len(train_rows), c=C_REGULARISATION, seed=SEED)
    reloaded = BlindModel.load(args.out)
    metrics = {"date": datetime.now(UTC).date().isoformat(), "train_sentences": len(train_rows),
               "heldout_sentences": len(heldout), "threshold": model.threshold, **cv,
               "heldout": measure(reloaded, embed([r["text"] for r in heldout]), heldout),
               "ordinary_answers_heldout": measure(reloaded, embed([r["text"] for r in ordinary_heldout]),
                                                   ordinary_heldout)}
    (args.out.parent / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False, indent=1))
    else:
        for lang, m in metrics["heldout"].items():
            ordinary = metrics["ordinary_answers_heldout"][lang]
            print(f"{lang}: recall {m['recall']}  category acc {m['category_accuracy']}  "
                  f"false flags: blind-set answers {m['false_flags_ordinary_answers']}, "
                  f"reader answers {ordinary['false_flags_all_none']} ({ordinary['sentences']} sentences)  "
                  f"({m['sentences']} sentences, {m['protected']} protected)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

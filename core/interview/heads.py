"""One loader (and writer) for the logistic-regression heads the interview models ship.

The answer reader (`core.interview.reader`) and the blind-hiring check
(`core.interview.blind`) both keep small logistic heads trained by scikit-learn as plain
arrays in a `.npz` file (no pickle). This module is the one place that reads and writes
that layout and turns a missing or damaged file into one clear error.

File layout (`np.savez_compressed`, read with `allow_pickle=False`), for a head named `name`:

    {name}_W        float (n_classes, n_features), or (1, n_features) for a binary head
                    (scikit-learn's `coef_` as is)
    {name}_b        float (n_classes,) or (1,)             (scikit-learn's `intercept_`)
    {name}_classes  str   (n_classes,)                     (scikit-learn's `classes_`)
    meta            optional 0-d str: a JSON object for the whole file (training date,
                    seed, threshold, encoder name, ...)

Any other arrays in the file (prototypes, standardisation vectors, ...) are returned as
`HeadFile.arrays`, untouched.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

META_KEY = "meta"


class HeadFileError(ValueError):
    """A head file that cannot be used: missing, not an `.npz`, or without the arrays named."""


class MissingHeadFileError(HeadFileError, FileNotFoundError):
    """The head file does not exist (the model was never trained or not shipped)."""


@dataclass(frozen=True)
class LogisticHead:
    """A multinomial (or binary) logistic regression: softmax(x @ weights.T + bias).

    `weights` is (n_classes, n_features), or (1, n_features) for a binary head whose single
    row scores `labels[1]` (scikit-learn's convention); `bias` matches the first dimension.
    `metadata` is the file's JSON `meta` object (empty when the file has none).
    """

    weights: np.ndarray
    bias: np.ndarray
    labels: tuple[str, ...]
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def n_features(self) -> int:
        return int(self.weights.shape[1])

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for rows of `x` (n, n_features) -> (n, len(labels)), rows sum to 1."""
        logits = np.atleast_2d(np.asarray(x, dtype=self.weights.dtype)) @ self.weights.T + self.bias
        if self.weights.shape[0] == 1:
            p1 = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.stack([1.0 - p1, p1], axis=1)
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class HeadFile:
    """Everything in one head file: the named heads, the other arrays, and the `meta` object."""

    heads: Mapping[str, LogisticHead]
    arrays: Mapping[str, np.ndarray]
    metadata: Mapping[str, Any]


def _check_head(path: Path, name: str, head: LogisticHead) -> None:
    rows = head.weights.shape[0] if head.weights.ndim == 2 else -1
    binary = rows == 1 and len(head.labels) == 2
    if head.weights.ndim != 2 or not (rows == len(head.labels) or binary):
        raise HeadFileError(f"{path}: head {name!r} has weights {head.weights.shape} for "
                            f"{len(head.labels)} labels")
    if head.bias.shape != (rows,):
        raise HeadFileError(f"{path}: head {name!r} has bias {head.bias.shape}, expected ({rows},)")
    if len(set(head.labels)) != len(head.labels) or len(head.labels) < 2:
        raise HeadFileError(f"{path}: head {name!r} has labels {head.labels!r}")
    if not (np.all(np.isfinite(head.weights)) and np.all(np.isfinite(head.bias))):
        raise HeadFileError(f"{path}: head {name!r} has non-finite weights")


def load_head_file(path: Path, names: Iterable[str], *, dtype: type = np.float64) -> HeadFile:
    """Read the heads `names` (and every other array) from `path`.

    Raises MissingHeadFileError (a FileNotFoundError) when `path` does not exist, and
    HeadFileError (a ValueError) when it is not a readable `.npz`, a named head's arrays are
    missing, their shapes disagree with the labels, a weight is not finite, or `meta` is not
    a JSON object. Never unpickles anything.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingHeadFileError(f"head file {path} does not exist (train it with its scripts/train_*.py)")
    try:
        with np.load(path, allow_pickle=False) as data:
            raw = {key: np.asarray(data[key]) for key in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise HeadFileError(f"head file {path} is not a readable .npz: {exc}") from exc
    metadata: dict[str, Any] = {}
    if META_KEY in raw:
        try:
            metadata = json.loads(str(raw.pop(META_KEY)))
        except json.JSONDecodeError as exc:
            raise HeadFileError(f"{path}: 'meta' is not JSON: {exc}") from exc
        if not isinstance(metadata, dict):
            raise HeadFileError(f"{path}: 'meta' is not a JSON object")
    frozen_meta = MappingProxyType(metadata)
    heads: dict[str, LogisticHead] = {}
    for name in names:
        keys = (f"{name}_W", f"{name}_b", f"{name}_classes")
        missing = [key for key in keys if key not in raw]
        if missing:
            raise HeadFileError(f"{path}: head {name!r} is missing {', '.join(missing)}")
        head = LogisticHead(weights=np.asarray(raw.pop(keys[0]), dtype=dtype),
                            bias=np.asarray(raw.pop(keys[1]), dtype=dtype).reshape(-1),
                            labels=tuple(str(c) for c in raw.pop(keys[2]).reshape(-1)),
                            metadata=frozen_meta)
        _check_head(path, name, head)
        heads[name] = head
    return HeadFile(heads=MappingProxyType(heads), arrays=MappingProxyType(raw), metadata=frozen_meta)


def load_head(path: Path, name: str, *, dtype: type = np.float64) -> LogisticHead:
    """The single head `name` from `path` (errors as in `load_head_file`)."""
    return load_head_file(path, [name], dtype=dtype).heads[name]


def save_head_file(path: Path, heads: Mapping[str, LogisticHead], *, metadata: Mapping[str, Any] | None = None,
                   arrays: Mapping[str, np.ndarray] | None = None, dtype: type = np.float32) -> None:
    """Write `heads` (and extra `arrays`, and `metadata` as the JSON `meta`) in the layout above.

    Weights are stored as `dtype` (float32 by default: half the size, and the loaders compute
    in float64 either way). The same inputs give the same bytes' arrays, so a training script
    that is deterministic reproduces its committed file's contents.
    """
    out: dict[str, np.ndarray] = {}
    for name, head in heads.items():
        out[f"{name}_W"] = np.asarray(head.weights, dtype=dtype)
        out[f"{name}_b"] = np.asarray(head.bias, dtype=dtype)
        out[f"{name}_classes"] = np.array(list(head.labels), dtype=str)
    for key, value in (arrays or {}).items():
        if key in out or key == META_KEY:
            raise ValueError(f"array name {key!r} clashes with a head array or 'meta'")
        out[key] = np.asarray(value)
    if metadata is not None:
        out[META_KEY] = np.array(json.dumps(dict(metadata), ensure_ascii=False, sort_keys=True))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **out)  # type: ignore[arg-type]

"""The shared logistic-head loader: round trip, the reader's and the blind check's committed
files, and one clear error for a missing or damaged file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from core.interview import reader
from core.interview.blind import MODEL_PATH as BLIND_MODEL_PATH
from core.interview.blind import BlindModel
from core.interview.heads import (
    HeadFileError,
    LogisticHead,
    MissingHeadFileError,
    load_head,
    load_head_file,
    save_head_file,
)


def _head(classes: int = 3, features: int = 4, seed: int = 0) -> LogisticHead:
    rng = np.random.default_rng(seed)
    rows = 1 if classes == 2 else classes
    return LogisticHead(weights=rng.normal(size=(rows, features)), bias=rng.normal(size=rows),
                        labels=tuple(f"c{i}" for i in range(classes)))


def test_a_saved_file_loads_back_as_frozen_heads_with_metadata_and_extra_arrays(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    multi, binary = _head(3), _head(2, seed=1)
    save_head_file(path, {"multi": multi, "binary": binary}, metadata={"threshold": 0.4, "seed": 7},
                   arrays={"prototypes": np.eye(2)})
    loaded = load_head_file(path, ["multi", "binary"])
    assert loaded.heads["multi"].labels == ("c0", "c1", "c2")
    np.testing.assert_allclose(loaded.heads["multi"].weights, multi.weights, atol=1e-6)  # stored as float32
    assert loaded.heads["binary"].weights.shape == (1, 4)
    assert dict(loaded.metadata) == {"threshold": 0.4, "seed": 7}
    assert loaded.heads["multi"].metadata["threshold"] == 0.4
    np.testing.assert_array_equal(loaded.arrays["prototypes"], np.eye(2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.heads["multi"].bias = np.zeros(3)  # type: ignore[misc]
    with pytest.raises(TypeError):
        loaded.metadata["threshold"] = 0.9  # type: ignore[index]


def test_probabilities_are_softmax_rows_and_a_binary_head_scores_its_second_label(tmp_path: Path) -> None:
    x = np.random.default_rng(3).normal(size=(5, 4))
    multi = _head(3)
    probs = multi.probabilities(x)
    assert probs.shape == (5, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    logits = x @ multi.weights.T + multi.bias
    np.testing.assert_array_equal(probs.argmax(axis=1), logits.argmax(axis=1))
    binary = _head(2, seed=1)
    p = binary.probabilities(x)
    expected = 1.0 / (1.0 + np.exp(-(x @ binary.weights[0] + binary.bias[0])))
    np.testing.assert_allclose(p[:, 1], expected)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_the_readers_committed_heads_load_through_the_shared_loader() -> None:
    """The reader reads its file with this loader: the same heads, labels and probabilities."""
    loaded = load_head_file(reader.MODEL_PATH, reader.HEADS)
    model = reader.ReaderModel.load()
    for name in reader.HEADS:
        ours, theirs = loaded.heads[name], model.heads[name]
        assert isinstance(theirs, LogisticHead) and ours.labels == theirs.labels
        x = np.random.default_rng(0).normal(size=(4, ours.n_features))
        np.testing.assert_allclose(ours.probabilities(x), theirs.probabilities(x), atol=1e-9)
    assert {"prototypes", "answers_mean", "answers_scale"} <= set(loaded.arrays)


def test_the_blind_model_is_read_through_the_shared_loader() -> None:
    model = BlindModel.load()
    head = load_head(BLIND_MODEL_PATH, "blind")
    assert model.classes == head.labels and "none" in head.labels
    assert model.threshold == head.metadata["threshold"]


def test_a_missing_file_is_a_clear_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(MissingHeadFileError, match="does not exist") as caught:
        load_head(tmp_path / "never-trained.npz", "blind")
    assert isinstance(caught.value, FileNotFoundError) and isinstance(caught.value, HeadFileError)
    with pytest.raises(FileNotFoundError):
        BlindModel.load(tmp_path / "never-trained.npz")


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04 truncated"])
def test_a_damaged_file_is_a_head_file_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(HeadFileError, match="not a readable"):
        load_head(path, "blind")


def test_a_file_without_the_head_or_with_mismatched_shapes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    save_head_file(path, {"other": _head(3)})
    with pytest.raises(HeadFileError, match="'blind' is missing blind_W, blind_b, blind_classes"):
        load_head(path, "blind")
    np.savez(path, blind_W=np.zeros((3, 4)), blind_b=np.zeros(2), blind_classes=np.array(["a", "b", "c"]))
    with pytest.raises(HeadFileError, match="bias"):
        load_head(path, "blind")
    np.savez(path, blind_W=np.zeros((4, 4)), blind_b=np.zeros(4), blind_classes=np.array(["a", "b", "c"]))
    with pytest.raises(HeadFileError, match="weights"):
        load_head(path, "blind")
    np.savez(path, blind_W=np.full((3, 4), np.nan), blind_b=np.zeros(3), blind_classes=np.array(["a", "b", "c"]))
    with pytest.raises(HeadFileError, match="non-finite"):
        load_head(path, "blind")


def test_bad_metadata_and_pickled_arrays_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    head = _head(3)
    np.savez(path, blind_W=head.weights, blind_b=head.bias, blind_classes=np.array(head.labels),
             meta=np.array("{not json"))
    with pytest.raises(HeadFileError, match="not JSON"):
        load_head(path, "blind")
    np.savez(path, blind_W=head.weights, blind_b=head.bias, blind_classes=np.array(head.labels),
             meta=np.array("[1, 2]"))
    with pytest.raises(HeadFileError, match="not a JSON object"):
        load_head(path, "blind")
    np.savez(path, blind_W=head.weights, blind_b=head.bias, blind_classes=np.array(list(head.labels), dtype=object))
    with pytest.raises(HeadFileError):  # object arrays need pickle, which the loader never allows
        load_head(path, "blind")
    np.savez(path, blind_W=head.weights, blind_b=head.bias, blind_classes=np.array(head.labels))
    with pytest.raises(HeadFileError, match="'none' class"):
        BlindModel.load(path)
    np.savez(path, blind_W=head.weights, blind_b=head.bias, blind_classes=np.array(["none", "age", "school"]))
    with pytest.raises(HeadFileError, match="threshold or encoder"):
        BlindModel.load(path)

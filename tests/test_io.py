"""save/load: JSON round trips, every bad file rejected by name, atomic replacement."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from nn import MLP, Layer, Module, Neuron, load, save


def _doc(model: Module, path: Path) -> dict[str, Any]:
    save(model, path)
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    "model",
    [
        MLP(2, [16, 16, 1], seed=0),
        MLP(3, [4, 2], activation="tanh", seed=1),
        Layer(3, 2, activation="sigmoid", rng=random.Random(0)),
        Neuron(4, nonlin=False, rng=random.Random(0)),
    ],
    ids=["mlp", "mlp-tanh", "layer", "neuron"],
)
def test_round_trip_gives_the_same_architecture_weights_and_outputs(model: Module, tmp_path: Path) -> None:
    for p in model.parameters():
        p.data += 0.1  # biases too, so nothing is left at its initial value
    path = tmp_path / "model.json"
    save(model, path)
    back = load(path)
    assert repr(back) == repr(model)
    assert [(n, p.data) for n, p in back.named_parameters()] == [
        (n, p.data) for n, p in model.named_parameters()
    ]
    x = [0.3, -0.7, 1.1, 0.5][: model.nin]  # type: ignore[attr-defined]
    out, out_back = model(x), back(x)
    assert [v.data for v in _flat(out)] == [v.data for v in _flat(out_back)]


def _flat(out: Any) -> list[Any]:
    return out if isinstance(out, list) else [out]


def test_the_file_is_readable_json_with_named_weights(tmp_path: Path) -> None:
    doc = _doc(MLP(2, [3, 1], seed=0), tmp_path / "m.json")
    assert doc["format"] == "backprop-lab/nn" and doc["version"] == 1
    assert doc["model"] == {"type": "MLP", "nin": 2, "nouts": [3, 1], "activation": "relu"}
    assert len(doc["parameters"]) == 13 and "layers.1.neurons.0.b" in doc["parameters"]


def test_load_leaves_the_global_random_state_alone(tmp_path: Path) -> None:
    save(MLP(2, [3, 1], seed=0), tmp_path / "m.json")
    state = random.getstate()
    load(tmp_path / "m.json")
    assert random.getstate() == state


def _good(tmp_path: Path) -> dict[str, Any]:
    return _doc(MLP(2, [2, 1], seed=0), tmp_path / "good.json")


def _edit(doc: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


_DELETE = object()

BAD_DOCS: list[tuple[str, tuple[str, ...], object, str]] = [
    ("wrong format", ("format",), "pickle", "not a model file"),
    ("no format", ("format",), _DELETE, "not a model file"),
    ("future version", ("version",), 2, "unsupported version 2; this program reads version 1"),
    ("no model", ("model",), _DELETE, "the file has no 'model'"),
    ("model not object", ("model",), [2, 1], "'model' must be an object"),
    ("unknown type", ("model", "type"), "CNN", "unknown model type 'CNN'; valid: MLP, Layer, Neuron"),
    ("unknown activation", ("model", "activation"), "gelu", "unknown activation 'gelu'"),
    ("nin zero", ("model", "nin"), 0, "'nin' must be a positive int, got 0"),
    ("nin bool", ("model", "nin"), True, "'nin' must be a positive int, got True"),
    ("nouts empty", ("model", "nouts"), [], "'nouts' must be a non-empty list"),
    ("nouts string", ("model", "nouts"), "2,1", "'nouts' must be a non-empty list"),
    ("nouts bad size", ("model", "nouts"), [2, -1], "each of 'nouts' must be a positive int, got -1"),
    ("no parameters", ("parameters",), _DELETE, "the file has no 'parameters'"),
    ("parameters list", ("parameters",), [0.1, 0.2], "'parameters' must be an object of name: number"),
    (
        "missing weight",
        ("parameters", "layers.1.neurons.0.b"),
        _DELETE,
        "1 missing \\(first: layers.1.neurons.0.b\\)",
    ),
    (
        "extra weight",
        ("parameters", "layers.2.neurons.0.b"),
        0.5,
        "1 unexpected \\(first: layers.2.neurons.0.b\\)",
    ),
    (
        "string weight",
        ("parameters", "layers.0.neurons.0.w.0"),
        "0.5",
        "layers.0.neurons.0.w.0 must be a finite number",
    ),
    (
        "bool weight",
        ("parameters", "layers.0.neurons.0.b"),
        False,
        "layers.0.neurons.0.b must be a finite number",
    ),
    ("null weight", ("parameters", "layers.0.neurons.0.b"), None, "must be a finite number, got None"),
    ("huge int weight", ("parameters", "layers.0.neurons.0.b"), 10**400, "an integer of 401 digits"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), [c[1:] for c in BAD_DOCS], ids=[c[0] for c in BAD_DOCS]
)
def test_a_bad_document_is_rejected_by_name(
    tmp_path: Path, path: tuple[str, ...], value: object, message: str
) -> None:
    bad = _write(tmp_path / "bad.json", _edit(_good(tmp_path), path, value))
    with pytest.raises(ValueError, match=message) as info:
        load(bad)
    assert str(bad) in str(info.value)


def test_mismatched_architecture_and_weights_are_rejected(tmp_path: Path) -> None:
    doc = _good(tmp_path)
    doc["model"]["nouts"] = [3, 1]  # the weights are for [2, 1]
    with pytest.raises(ValueError, match="the weights do not match the architecture: 4 missing"):
        load(_write(tmp_path / "bad.json", doc))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_weights_are_rejected(tmp_path: Path, literal: str) -> None:
    save(MLP(1, [1], seed=0), tmp_path / "m.json")
    text = (tmp_path / "m.json").read_text()
    doc = json.loads(text)
    doc["parameters"]["layers.0.neurons.0.b"] = "X"
    (tmp_path / "m.json").write_text(json.dumps(doc).replace('"X"', literal))
    with pytest.raises(ValueError, match=r"layers\.0\.neurons\.0\.b must be a finite number"):
        load(tmp_path / "m.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON, the file is truncated or corrupt"),
        (b'{"format": "backprop-lab/nn", "vers', "not valid JSON, the file is truncated or corrupt"),
        (b"\x80\x04\x95pickle", "not a model file \\(not UTF-8 text at byte 0\\)"),
        (b"[1, 2, 3]", "not a model file"),
        (b"hello", "not valid JSON"),
    ],
    ids=["empty", "cut", "binary", "array", "text"],
)
def test_corrupt_files_are_rejected_by_name(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "bad.json").write_bytes(content)
    with pytest.raises(ValueError, match=message):
        load(tmp_path / "bad.json")


def test_a_truncated_real_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    save(MLP(2, [4, 1], seed=0), path)
    data = path.read_bytes()
    for cut in (1, len(data) // 3, len(data) // 2, len(data) - 3):
        path.write_bytes(data[:cut])
        with pytest.raises(ValueError, match="truncated or corrupt"):
            load(path)


def _listing(d: Path) -> list[str]:
    return sorted(os.listdir(d))


def test_a_failed_save_leaves_the_earlier_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    save(MLP(2, [2, 1], seed=0), path)
    before = path.read_bytes()
    broken = MLP(2, [2, 1], seed=1)
    broken.parameters()[3].data = float("nan")
    with pytest.raises(ValueError, match=r"parameter layers.0.neurons.1.w.0 is nan; .* nothing was saved"):
        save(broken, path)
    assert path.read_bytes() == before and _listing(tmp_path) == ["m.json"]


def test_a_save_failing_at_the_rename_leaves_no_temp_and_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.json"
    save(MLP(2, [2, 1], seed=0), path)
    before = path.read_bytes()

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        save(MLP(2, [2, 1], seed=1), path)
    assert path.read_bytes() == before and _listing(tmp_path) == ["m.json"]


def test_save_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    save(MLP(2, [2, 1], seed=0), path)
    newer = MLP(2, [2, 1], seed=1)
    save(newer, path)
    assert [p.data for p in load(path).parameters()] == [p.data for p in newer.parameters()]


def test_saving_something_that_is_not_a_model_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="save\\(\\) knows MLP, Layer and Neuron, got Module"):
        save(Module(), tmp_path / "m.json")
    assert _listing(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_save_creates_files_with_the_umask_and_keeps_a_replaced_files_mode(tmp_path: Path) -> None:
    # Before: every saved file was 0600 (mkstemp's mode), new or replaced.
    old = os.umask(0o022)
    try:
        path = tmp_path / "m.json"
        save(MLP(2, [1], seed=0), path)
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o660)
        save(MLP(2, [1], seed=1), path)
        assert path.stat().st_mode & 0o777 == 0o660
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file types")
def test_save_refuses_a_fifo_a_symlink_and_a_read_only_file(tmp_path: Path) -> None:
    # Before: each was replaced by a regular file (as root, even /dev/null).
    fifo, link, ro, real = (tmp_path / n for n in ("fifo.json", "link.json", "ro.json", "real.json"))
    os.mkfifo(fifo)
    real.write_text("real")
    link.symlink_to(real)
    ro.write_text("keep")
    ro.chmod(0o444)
    for path, error in ((fifo, "FIFO"), (link, "symbolic link"), (ro, "read-only")):
        with pytest.raises(OSError, match=error):
            save(MLP(2, [1], seed=0), path)
    assert fifo.is_fifo() and link.is_symlink() and real.read_text() == "real" and ro.read_text() == "keep"
    assert _listing(tmp_path) == ["fifo.json", "link.json", "real.json", "ro.json"]

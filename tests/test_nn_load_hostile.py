"""nn.load on hostile files: each is refused fast, by a ValueError naming the file, before any model is built."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import nn.io
from nn import MLP, Layer, Neuron, load, save


def _doc(**model: Any) -> dict[str, Any]:
    base = {"type": "MLP", "nin": 2, "nouts": [2, 1], "activation": "relu"}
    params = {name: 0.5 for name, _ in MLP(2, [2, 1], seed=0).named_parameters()}
    return {"format": "backprop-lab/nn", "version": 1, "model": base | model, "parameters": params}


@pytest.fixture(autouse=True)
def nothing_is_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any hostile file must be refused before a model is constructed (so before any big allocation)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a model was built for a bad file: {args} {kwargs}"[:200])

    for cls in ("MLP", "Layer", "Neuron"):
        monkeypatch.setattr(nn.io, cls, refuse)
    yield


def _refused(path: Path, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert len(str(info.value)) < 400


def _write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("nin", [1_000_000, 10**9, 10**18])
def test_a_huge_size_with_a_short_parameter_list_is_refused_by_counting(tmp_path: Path, nin: int) -> None:
    # Before: "nin": 1000000 took 19 s and 1.5 GB; 10**9 ran for minutes.
    expected = (nin + 1) * 2 + 3
    _refused(
        _write(tmp_path, _doc(nin=nin)),
        f"it has {expected:,} parameters, the file holds 9",
    )


def test_many_layers_are_refused_by_counting_too(tmp_path: Path) -> None:
    _refused(_write(tmp_path, _doc(nouts=[1000] * 1000)), "it has 1,000,[0-9,]+ parameters, the file holds 9")


def test_json_nested_100000_deep_is_a_value_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    _refused(path, "JSON nested 100,000 levels deep; at most 8 are expected")


def test_deep_nesting_inside_a_real_document_is_refused(tmp_path: Path) -> None:
    doc = _doc()
    doc["model"]["nouts"] = [[[[[[[[[[1]]]]]]]]]]
    _refused(_write(tmp_path, doc), "JSON nested 12 levels deep")


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    doc = _doc(type='[[[[[[[[[[[[{{{{{{{{ \\" ]]')
    _refused(_write(tmp_path, doc), "unknown model type")


@pytest.mark.parametrize("activation", [["relu"], {"relu": 1}, 3, None])
def test_an_activation_that_is_not_a_string_is_a_value_error(tmp_path: Path, activation: Any) -> None:
    # Before: ["relu"] raised TypeError (unhashable list) from the dict lookup.
    _refused(_write(tmp_path, _doc(activation=activation)), "unknown activation .*; valid: linear, relu")


@pytest.mark.parametrize("where", ["nin", "weight"])
def test_a_5000_digit_number_is_refused(tmp_path: Path, where: str) -> None:
    # Python 3.11 refuses int() of over 4,300 digits with its own ValueError; earlier ones take quadratic time
    text = json.dumps(_doc(nin="HUGE") if where == "nin" else _doc())
    if where == "weight":
        text = text.replace('"layers.0.neurons.0.b": 0.5', '"layers.0.neurons.0.b": HUGE')
    path = tmp_path / "bad.json"
    path.write_text(text.replace('"HUGE"', "HUGE").replace("HUGE", "9" * 5000))
    _refused(path, "an integer of 5,000 digits; numbers in a model file have at most 30")


@pytest.mark.parametrize(("version", "shown"), [(True, "True"), (1.0, "1.0"), ("1", "'1'"), (None, "None")])
def test_a_version_that_is_not_the_int_1_is_refused(tmp_path: Path, version: Any, shown: str) -> None:
    # Before: "version": true passed, since True == 1 in Python.
    doc = _doc()
    doc["version"] = version
    _refused(_write(tmp_path, doc), f"unsupported version {shown}; this program reads version 1")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nin", -3, "'nin' must be a positive int, got -3"),
        ("nin", 2.0, "'nin' must be a positive int, got 2.0"),
        ("nin", "2", "'nin' must be a positive int, got '2'"),
        ("nouts", [2.5, 1], "each of 'nouts' must be a positive int, got 2.5"),
        ("nouts", [0, 1], "each of 'nouts' must be a positive int, got 0"),
        ("nouts", {"0": 2}, "'nouts' must be a non-empty list"),
        ("type", ["MLP"], r"unknown model type \['MLP'\]"),
        ("type", "x" * 10_000, "unknown model type 'xxxx.*\\.\\.\\.; valid"),
    ],
)
def test_sizes_and_types_of_the_wrong_kind_are_refused(
    tmp_path: Path, field: str, value: Any, message: str
) -> None:
    _refused(_write(tmp_path, _doc(**{field: value})), message)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_weights_are_refused_before_building(tmp_path: Path, literal: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(_doc()).replace('"layers.1.neurons.0.b": 0.5', f'"layers.1.neurons.0.b": {literal}')
    )
    _refused(path, "parameter layers.1.neurons.0.b must be a finite number")


def test_a_wrong_name_with_the_right_count_is_refused_before_building(tmp_path: Path) -> None:
    doc = _doc()
    doc["parameters"]["layers.9.neurons.0.b"] = doc["parameters"].pop("layers.1.neurons.0.b")
    _refused(
        _write(tmp_path, doc), r"1 missing \(first: layers.1.neurons.0.b\), 1 unexpected \(first: layers.9"
    )


def test_a_file_larger_than_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(nn.io.MAX_FILE_BYTES + 1)  # sparse: no disk used
    _refused(path, f"{nn.io.MAX_FILE_BYTES + 1:,} bytes, more than a model file may have")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file types")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "m.json"
    os.mkfifo(fifo)
    _refused(fifo, r"not a regular file but a FIFO \(named pipe\)")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    with pytest.raises(ValueError, match="/dev/zero: not a regular file but a character device"):
        load("/dev/zero")


def test_a_folder_is_an_os_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        load(tmp_path)


# --- good files still load (with the real constructors) ------------------------------------------


@pytest.mark.parametrize(
    "model",
    [MLP(3, [4, 4, 2], seed=0), Layer(3, 2, activation="tanh"), Layer(2, 1, nonlin=False), Neuron(5)],
    ids=["mlp", "layer", "linear-layer", "neuron"],
)
def test_the_names_checked_before_building_are_the_models_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: Any
) -> None:
    monkeypatch.undo()  # build for real
    save(model, tmp_path / "m.json")
    again = load(tmp_path / "m.json")
    assert [(n, p.data) for n, p in again.named_parameters()] == [
        (n, p.data) for n, p in model.named_parameters()
    ]
    assert stat.S_ISREG(os.stat(tmp_path / "m.json").st_mode)

"""Neuron, Layer, MLP: micrograd's constructors, numbers, order and reprs."""

from __future__ import annotations

import math
import random

import pytest

from autograd import Value
from nn import MLP, Layer, Module, Neuron


def test_mlp_repr_and_parameter_count_match_micrograd_demo() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    hidden = ", ".join(["ReLUNeuron(2)"] * 16)
    hidden2 = ", ".join(["ReLUNeuron(16)"] * 16)
    assert repr(model) == f"MLP of [Layer of [{hidden}], Layer of [{hidden2}], Layer of [LinearNeuron(16)]]"
    assert len(model.parameters()) == 337  # the number micrograd's notebook prints


def test_seed_reproduces_weights_and_leaves_global_random_alone() -> None:
    state = random.getstate()
    a = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    assert random.getstate() == state
    b = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    c = [p.data for p in MLP(3, [4, 2], seed=8).parameters()]
    assert a == b
    assert a != c


def test_seed_none_draws_from_global_random_in_micrograds_order() -> None:
    random.seed(1337)
    model = MLP(2, [3, 1])
    random.seed(1337)
    # micrograd: per layer, per neuron, nin weights from uniform(-1, 1); biases start at 0
    expected_w = [[random.uniform(-1, 1) for _ in range(2)] for _ in range(3)]
    expected_w += [[random.uniform(-1, 1) for _ in range(3)]]
    neurons = [n for layer in model.layers for n in layer.neurons]
    assert [[w.data for w in n.w] for n in neurons] == expected_w
    assert all(n.b.data == 0.0 for n in neurons)


def test_neuron_sums_in_micrograds_order() -> None:
    n = Neuron(3, rng=random.Random(3))
    n.b.data = 0.1
    x = [0.3, -1.7, 2.9]
    expected = n.b.data
    for w, xi in zip(n.w, x):  # sum((wi*xi for ...), b): ((b + w0x0) + w1x1) + w2x2
        expected = expected + w.data * xi
    out = n(x)
    assert out.data == max(0.0, expected)


@pytest.mark.parametrize(
    ("activation", "f"),
    [
        ("relu", lambda s: max(0.0, s)),
        ("tanh", math.tanh),
        ("sigmoid", lambda s: 1 / (1 + math.exp(-s))),
        ("linear", lambda s: s),
    ],
)
def test_neuron_activations_closed_form(activation: str, f: object) -> None:
    n = Neuron(2, activation=activation, rng=random.Random(0))
    n.w[0].data, n.w[1].data, n.b.data = 0.5, -2.0, 0.25
    for x in ([1.0, 1.0], [-3.0, 0.5], [2.0, -1.0]):
        s = 0.5 * x[0] - 2.0 * x[1] + 0.25
        assert n(x).data == pytest.approx(f(s), rel=1e-12)  # type: ignore[operator]
    assert (
        repr(n)
        == {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear"}[activation]
        + "Neuron(2)"
    )


def test_nonlin_false_is_linear_whatever_the_activation() -> None:
    n = Neuron(1, nonlin=False, activation="tanh", rng=random.Random(0))
    n.w[0].data = 1.0
    assert n([-5.0]).data == -5.0
    assert repr(n) == "LinearNeuron(1)"


def test_layer_returns_value_for_one_output_else_list() -> None:
    one = Layer(2, 1, rng=random.Random(0))
    many = Layer(2, 3, rng=random.Random(0))
    assert isinstance(one([1.0, 2.0]), Value)
    out = many([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3
    assert repr(many) == "Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)]"


def test_last_layer_is_linear_so_outputs_can_be_negative() -> None:
    model = MLP(1, [4, 1], activation="tanh", seed=0)
    for n in model.layers[-1].neurons:
        n.w = [Value(-1.0) for _ in n.w]
    out = model([2.0])
    assert out.data < 0
    assert [n.activation for layer in model.layers for n in layer.neurons] == ["tanh"] * 4 + ["linear"]


def test_hidden_layer_of_width_one_feeds_the_next_layer() -> None:
    model = MLP(2, [1, 2], seed=0)  # micrograd would hand a bare Value to the next layer and fail
    out = model([1.0, 1.0])
    assert isinstance(out, list) and len(out) == 2


def test_named_parameters_are_unique_and_in_parameters_order() -> None:
    model = MLP(2, [2, 1], seed=0)
    named = model.named_parameters()
    assert [name for name, _ in named] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.0.b",
        "layers.0.neurons.1.w.0",
        "layers.0.neurons.1.w.1",
        "layers.0.neurons.1.b",
        "layers.1.neurons.0.w.0",
        "layers.1.neurons.0.w.1",
        "layers.1.neurons.0.b",
    ]
    assert [p for _, p in named] == model.parameters()


def test_zero_grad_clears_accumulated_grads() -> None:
    model = MLP(2, [3, 1], seed=0)
    model([1.0, -1.0]).backward()
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def _numeric_grads(model: Module, x: list[float], h: float = 1e-6) -> list[float]:
    out = []
    for p in model.parameters():
        old = p.data
        p.data = old + h
        up = model(x).data
        p.data = old - h
        down = model(x).data
        p.data = old
        out.append((up - down) / (2 * h))
    return out


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_backward_through_mlp_matches_central_differences(activation: str) -> None:
    model = MLP(3, [4, 3, 1], activation=activation, seed=1)
    x = [0.5, -1.2, 2.0]
    model.zero_grad()
    model(x).backward()
    analytic = [p.grad for p in model.parameters()]
    assert analytic == pytest.approx(_numeric_grads(model, x), abs=1e-7)


def test_micrograd_oracle_gives_identical_numbers() -> None:
    mg = pytest.importorskip("micrograd.nn")
    x = [0.7, -1.3]
    random.seed(42)
    theirs = mg.MLP(2, [8, 8, 1])
    random.seed(42)
    ours = MLP(2, [8, 8, 1])
    assert ours(x).data == theirs(x).data
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Neuron(0), "nin (number of inputs) must be a positive int, got 0"),
        (
            lambda: Neuron(2, activation="swish"),
            "unknown activation 'swish'; valid: linear, relu, sigmoid, tanh",
        ),
        (lambda: Layer(2, 0), "nout (number of outputs) must be a positive int, got 0"),
        (lambda: MLP(2, []), "nouts must be a non-empty list of layer sizes"),
        (lambda: MLP(2, 3), "nouts must be a non-empty list of layer sizes"),  # type: ignore[arg-type]
        (lambda: MLP(2, [4, 0]), "each layer size in nouts must be a positive int, got 0"),
        (lambda: MLP(2.5, [1]), "nin (number of inputs) must be a positive int, got 2.5"),  # type: ignore[arg-type]
    ],
)
def test_bad_construction_names_the_problem(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()  # type: ignore[operator]


def test_wrong_number_of_inputs_is_a_clear_error() -> None:
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"ReLUNeuron\(2\) takes 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])


def test_mlp_passes_the_projects_module_checker() -> None:
    import autograd

    check_module = getattr(autograd, "check_module", None)
    if check_module is None:
        pytest.skip("autograd.check_module has not landed yet")
    model = MLP(2, [4, 4, 1], activation="tanh", seed=2)
    xs, ys = [[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8]], [1.0, -0.5, 0.25]

    def loss() -> Value:
        return sum(((model(x) - y) ** 2 for x, y in zip(xs, ys)), Value(0.0))  # type: ignore[no-any-return]

    assert check_module(model, loss)

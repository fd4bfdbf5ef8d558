"""micrograd's demo notebook, with only its imports changed, reaches 100% training accuracy.

The loop below is the notebook's (demo.ipynb): moons, y mapped to ±1, MLP(2, [16, 16, 1]),
the max-margin loss with L2 regularisation, and up to 100 steps of SGD with a decaying
rate. The one line added stops the loop at the first step whose training accuracy is
100% (step 50 of 100 with these seeds), which is what the test claims, so it costs half
the steps.
"""

from __future__ import annotations

import random

import numpy as np

from autograd import Value  # was: from micrograd.engine import Value
from nn import MLP  # was: from micrograd.nn import Neuron, Layer, MLP
from nn.datasets import make_moons  # was: from sklearn.datasets import make_moons


def test_micrograd_demo_loop_reaches_full_training_accuracy() -> None:
    np.random.seed(1337)
    random.seed(1337)

    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)
    y = y * 2 - 1  # make y be -1 or 1

    model = MLP(2, [16, 16, 1])  # 2-layer neural network
    assert len(model.parameters()) == 337

    def loss(batch_size=None):  # type: ignore[no-untyped-def]
        # inline DataLoader :)
        if batch_size is None:
            Xb, yb = X, y
        else:
            ri = np.random.permutation(X.shape[0])[:batch_size]
            Xb, yb = X[ri], y[ri]
        inputs = [list(map(Value, xrow)) for xrow in Xb]

        # forward the model to get scores
        scores = list(map(model, inputs))

        # svm "max-margin" loss
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    first_loss, _ = loss()
    for k in range(100):
        # forward
        total_loss, acc = loss()
        if acc == 1.0:
            break  # the one added line: stop once every training point is classified right

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        if k % 1 == 0:
            print(f"step {k} loss {total_loss.data}, accuracy {acc * 100}%")

    assert acc == 1.0, "the notebook's 100 steps never classified every training point"
    assert k == 50  # bit-identical to micrograd's arithmetic, so the step is fixed by the seeds
    assert total_loss.data < 0.07 < first_loss.data

"""``fit``: the training loop every course demo writes by hand, in one call.

Each step is micrograd's: forward over the batch, loss, ``zero_grad``,
``backward``, ``optimizer.step()``.

>>> from nn import MLP, SGD, make_moons
>>> X, y = make_moons(20, seed=0)
>>> model = MLP(2, [4, 1], seed=0)
>>> history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), epochs=3, progress=False)
>>> len(history.loss), history.interrupted
(3, False)
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from autograd import Value
from autograd import compile as compile_step
from autograd.core.gcpause import gc_paused
from autograd.core.numbers import float_of
from nn import losses
from nn.batched import outputs
from nn.checks import check_data, check_l2, check_lr
from nn.divergence import EpochStart, NonFiniteError, first_non_finite, problem, stopped
from nn.history import History
from nn.module import Module
from nn.optim import Optimizer

__all__ = ["LOSSES", "History", "NonFiniteError", "batch_loss", "fit"]

LossFn = Callable[[list[Any], list[Any]], Value]


def _sign_correct(scores: list[Any], targets: list[Any]) -> int:
    # hinge targets are ±1 or 1/0; bce targets are probabilities: class 1 when > ½
    return sum((_data(s) > 0) == (t > 0.5) for s, t in zip(scores, targets))


def _argmax_correct(scores: list[Any], targets: list[Any]) -> int:
    return sum(int(np.argmax([_data(z) for z in zs])) == int(t) for zs, t in zip(scores, targets))


# name -> (loss, how many of a batch it classifies correctly; None for regression)
LOSSES: dict[str, tuple[LossFn, Callable[[list[Any], list[Any]], int] | None]] = {
    "mse": (losses.mse_loss, None),
    "hinge": (losses.hinge_loss, _sign_correct),
    "bce": (losses.bce_with_logits, _sign_correct),
    "cross_entropy": (losses.cross_entropy, _argmax_correct),
}


def _data(s: Any) -> float:
    if isinstance(s, (list, tuple)) and len(s) == 1:
        s = s[0]
    return float_of(s)


def batch_loss(
    model: Module, xs: Sequence[Sequence[float]], ys: Sequence[Any], loss_fn: LossFn, l2: float
) -> tuple[Value, list[Any]]:
    """One batch: the model's outputs and ``loss_fn(outputs, ys) + l2·Σ p²``.

    This is the one place that builds the graph, so a compiled replay can stand in for it.
    """
    scores = [model(x) for x in xs]
    loss = loss_fn(scores, list(ys))
    if not isinstance(loss, Value):
        raise TypeError(f"the loss must return a Value (so it can backpropagate), got {type(loss).__name__}")
    if l2:
        loss = loss + l2 * sum(p * p for p in model.parameters())
    return loss, scores


@contextmanager
def _deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so an update is never left half done."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    caught: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda *a: caught.append(a))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _resolve_loss(loss: str | LossFn) -> tuple[LossFn, Callable[[list[Any], list[Any]], int] | None]:
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(
                f"unknown loss {loss!r}; valid: {', '.join(LOSSES)} or a callable(outputs, targets)"
            )
        return LOSSES[loss]
    if not callable(loss):
        raise TypeError(f"loss must be a name ({', '.join(LOSSES)}) or a callable, got {type(loss).__name__}")
    return loss, None


def _progress_bar(epochs: int, progress: bool) -> Any:
    if not progress or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=epochs, unit="epoch", desc="training", leave=True)


def _record(history: History, loss: float, accuracy: float | None, lr: float, bar: Any) -> None:
    history.loss.append(loss)
    history.accuracy.append(accuracy)
    history.lr.append(lr)
    if bar is not None:
        shown = {"loss": f"{loss:.4f}"} | ({"acc": f"{accuracy:.0%}"} if accuracy is not None else {})
        bar.set_postfix(shown)  # a dict keeps this order; keywords would be sorted
        bar.update(1)


def fit(
    model: Module,
    X: Any,
    y: Any,
    loss: str | LossFn,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int | None = None,
    progress: bool = True,
    *,
    l2: float = 0.0,
    schedule: Callable[[int], float] | None = None,
    seed: int | None = None,
    compiled: bool = False,
) -> History:
    """Train ``model`` on rows ``X`` with targets ``y``; return the :class:`History`.

    Args:
        X: rows of finite numbers, shape (n_samples, n_features); a NaN is refused by row and column.
        y: one finite target per row (a list or an array, not a single number).
        loss: ``"mse"``, ``"hinge"`` (targets ±1 or 1/0), ``"bce"`` (logits, targets in [0, 1]),
            ``"cross_entropy"`` (a list of logits per sample, class-index targets), or any
            ``callable(outputs, targets) -> Value`` over one batch (then no accuracy is kept).
        batch_size: ``None`` trains on all of X at each step (one step per epoch);
            otherwise the rows are shuffled each epoch (by ``seed``) and cut into batches.
        progress: a tqdm bar with the live loss, shown only when stderr is a terminal.
        l2: adds ``l2·Σ p²`` to each batch loss (micrograd's ``alpha``); a finite number ≥ 0.
        schedule: ``epoch -> lr``, set on the optimizer at the start of each epoch; each
            lr is checked (a finite number ≥ 0) before that epoch steps.
        compiled: replay the graph with :func:`autograd.compile` instead of rebuilding it
            at every step (same losses, grads and accuracy, much faster).  Full batch only
            (``batch_size=None``): each shuffled batch would be another graph.

    Raises:
        NonFiniteError: the loss, a gradient or a weight became NaN or infinite; it names
            the epoch, and the weights are put back as they were before that epoch.
        ValueError, TypeError: a bad argument, named, before any step.

    The weights always match the history: when any error stops an epoch, the
    weights and the optimizer's state go back to the start of that epoch.
    Ctrl-C is the exception: it stops training (an update in progress is finished
    first), the weights keep every finished update and ``history.interrupted``
    is True.  An epoch cut short by Ctrl-C is not in the history, though its
    finished steps are kept.  The cyclic garbage collector is paused while
    training (the graphs hold no cycles; reference counting frees each step's
    graph) and restored as it was found.
    """
    loss_fn, correct = _resolve_loss(loss)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise ValueError(
            f"batch_size must be a positive int or None (the whole data set), got {batch_size!r}"
        )
    if compiled and batch_size is not None:
        raise ValueError(
            f"compiled=True trains on the whole data set (batch_size=None), got batch_size={batch_size}: "
            "a compiled step replays one graph, and each shuffled batch builds another"
        )
    l2 = check_l2(l2)
    xs, ys = check_data(X, y, getattr(model, "nin", None))
    history = History()
    bar = _progress_bar(epochs, progress)
    try:
        with gc_paused():
            _train(
                model,
                xs,
                ys,
                loss_fn,
                correct,
                optimizer,
                epochs,
                batch_size,
                l2,
                schedule,
                seed,
                compiled,
                history,
                bar,
            )
    except KeyboardInterrupt:
        history.interrupted = True
        print(
            f"\ninterrupted after {history.epochs} of {epochs} epochs; the trained weights are kept",
            file=sys.stderr,
        )
    finally:
        if bar is not None:
            bar.close()
    return history


def _train(
    model: Module,
    xs: list[list[float]],
    ys: list[Any],
    loss_fn: LossFn,
    correct: Callable[[list[Any], list[Any]], int] | None,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int | None,
    l2: float,
    schedule: Callable[[int], float] | None,
    seed: int | None,
    compiled: bool,
    history: History,
    bar: Any,
) -> None:
    """The loop of :func:`fit`, its arguments checked."""
    step = compile_step(lambda: batch_loss(model, xs, ys, loss_fn, l2)[0]) if compiled else None
    params = model.parameters()
    names = [name for name, _ in model.named_parameters()]
    n = len(xs)
    size = batch_size or n
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        start_of_epoch = EpochStart(params, optimizer)
        if schedule is not None:
            optimizer.lr = check_lr(schedule(epoch), epoch)
        order = rng.permutation(n) if batch_size is not None else np.arange(n)
        total, right = 0.0, 0
        try:
            for k, start in enumerate(range(0, n, size)):
                idx = order[start : start + size]
                bx, by = [xs[i] for i in idx], [ys[i] for i in idx]
                scores: list[Any] | None = None
                if step is not None:
                    optimizer.zero_grad()
                    value = step()  # forward and backward replayed; grads are in p.grad
                    if correct is not None:
                        scores = outputs(model, bx)  # the replay returns only the loss
                else:
                    loss_node, scores = batch_loss(model, bx, by, loss_fn, l2)
                    optimizer.zero_grad()
                    loss_node.backward()
                    value = loss_node.data
                trouble = problem(value, params, names)
                if trouble is not None:
                    raise NonFiniteError(stopped(epoch, epochs, k, trouble, optimizer.lr), epoch, history)
                with _deferred_interrupt():
                    optimizer.step()
                    total += value * len(idx)
                    right += correct(scores, by) if correct is not None and scores is not None else 0
                    bad = first_non_finite(params, "data")
                    if bad is not None:
                        what = f"the update made {names[bad]} = {params[bad].data}"
                        raise NonFiniteError(stopped(epoch, epochs, k, what, optimizer.lr), epoch, history)
                    if start + size >= n:
                        acc = right / n if correct is not None else None
                        _record(history, total / n, acc, optimizer.lr, bar)
        except KeyboardInterrupt:
            raise
        except BaseException as e:
            start_of_epoch.restore()
            if not isinstance(e, NonFiniteError):
                note = getattr(e, "add_note", None)
                if note is not None:
                    note(
                        f"fit: stopped in epoch {epoch} (counting from 0); the weights are those from before it"
                    )
            raise

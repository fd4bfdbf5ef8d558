"""Classes that misbehave in ways the auditor must survive or report, each a small change to GoodValue."""

from __future__ import annotations

import math

from engines.good import GoodValue


class HangingValue(GoodValue):
    """backward() never returns."""

    def backward(self):
        while True:
            pass


class RaisingTanhValue(GoodValue):
    """tanh() raises inside the learner's own code."""

    def tanh(self):
        return 1 / 0


class ExitingValue(GoodValue):
    """backward() calls sys.exit, which must not end the auditor."""

    def backward(self):
        raise SystemExit(3)


class ChattyValue(GoodValue):
    """backward() prints, which must not end up in the report."""

    def backward(self):
        print("debug: backward called")
        super().backward()


class NoSeedValue(GoodValue):
    """backward() forgets to start from L.grad = 1, so every gradient stays 0."""

    def backward(self):
        super().backward()
        for node in _all_nodes(self):
            node.grad = 0.0


class ExpTanhValue(GoodValue):
    """A correct tanh written with exp (as in the micrograd lecture): rounds differently, must still pass."""

    def tanh(self):
        e = math.exp(2 * self.data)
        return self._unary((e - 1) / (e + 1), lambda t: 1 - t**2, "tanh")


class NoBackward:
    """A node class without backward(): nothing to audit."""

    def __init__(self, data):
        self.data = data
        self.grad = 0.0


def _all_nodes(root):
    seen, stack = [], [root]
    while stack:
        node = stack.pop()
        if all(node is not s for s in seen):
            seen.append(node)
            stack.extend(node._prev)
    return seen

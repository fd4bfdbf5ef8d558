"""good.py with one classic bug: the tanh rule is 1 − t instead of 1 − t²."""

from __future__ import annotations

import math


class TanhRuleValue:
    """A scalar node: ``data``, ``grad``, and a closure that pushes ``grad`` into the inputs."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, TanhRuleValue) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, TanhRuleValue) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, n):
        assert isinstance(n, (int, float)), "only number exponents"
        out = type(self)(self.data**n, (self,), f"**{n}")

        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad

        out._backward = _backward
        return out

    def _unary(self, value, local, op):
        out = type(self)(value, (self,), op)

        def _backward():
            self.grad += local(out.data) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        return self._unary(max(self.data, 0.0), lambda o: 1.0 if o > 0 else 0.0, "relu")

    def tanh(self):
        # PLANTED BUG: the rule is 1 - t instead of 1 - t**2
        return self._unary(math.tanh(self.data), lambda t: 1 - t, "tanh")

    def exp(self):
        return self._unary(math.exp(self.data), lambda e: e, "exp")

    def log(self):
        return self._unary(math.log(self.data), lambda o: 1 / self.data, "log")

    def sigmoid(self):
        return self._unary(1 / (1 + math.exp(-self.data)), lambda s: s * (1 - s), "sigmoid")

    def backward(self):
        # Topological order without recursion, so depth is unlimited.
        topo, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                topo.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if child not in seen)
        for node in topo:
            if node._prev:
                node.grad = 0.0  # interior grads are this pass's only; leaves accumulate, as in PyTorch
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return other * self**-1

    def __repr__(self):
        return f"TanhRuleValue(data={self.data}, grad={self.grad})"

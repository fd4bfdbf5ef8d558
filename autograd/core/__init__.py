"""The core: the op table, the ``Value`` node, backward, grad mode and functional ``grad``.

* ``ops``: the op table, each op's forward, derivative rules, notation and formulas.
* ``engine``: ``Value`` and ``backward``, built for speed (``autograd.reference`` is the readable twin).
* ``functional``: ``grad`` and ``value_and_grad``.
* ``define``: ``define_op``, for your own ops.
* ``gradmode``: ``no_grad`` / ``enable_grad``, per thread.
* ``numbers``, ``gcpause``: number formatting and float errors; pausing the garbage collector.
* ``hooks``: the slots through which the layers above plug in.

Nothing here imports anything above it (explain, view, check, replay, cli), nor numpy.
"""

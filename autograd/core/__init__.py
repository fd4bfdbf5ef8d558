"""The core: the op table, the ``Value`` node, backward, grad mode and functional ``grad``.

* ``ops``: the op table, each op's forward, derivative rules, notation and formulas.
* ``engine``: ``Value``, ``backward`` and ``grad``, built for speed (``autograd.reference`` is the readable twin).
* ``define``: ``define_op``, for your own ops.
* ``gradmode``: ``no_grad`` / ``enable_grad``, per thread.
* ``numbers``, ``gcpause``: number formatting and float errors; pausing the garbage collector.
* ``hooks``: the slots through which the layers above plug in.

Nothing here imports anything above it (explain, view, check, replay, cli), nor numpy.
"""

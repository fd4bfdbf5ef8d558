"""The core: the op table, the ``Value`` node, backward, grad mode and functional ``grad``.

Nothing here imports anything above it (explain, view, check, replay, cli).
"""

"""Neural-network building blocks on top of :mod:`autograd`."""

"""Pictures: the graph as DOT, rendered to SVG/PNG/PDF, the backward animation, and Jupyter's displays."""

from autograd.view import notebook as notebook  # sets how Jupyter shows a Value and a Stepper

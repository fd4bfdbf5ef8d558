"""Pictures: the graph as DOT, rendered to SVG/PNG/PDF, the backward animation, and Jupyter's displays."""

"""Pictures: the graph as DOT, rendered to SVG/PNG/PDF, and the backward animation."""

"""The command line: ``python -m autograd step|grad|draw|check``."""

"""Checking derivatives against finite differences: gradcheck, its numerics and its report."""

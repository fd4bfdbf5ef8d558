"""Learner-style engines for the auditor's tests: one correct class, and copies of it with one classic bug each."""

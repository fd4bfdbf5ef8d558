"""Explaining backprop in words: recorded backward steps, the Stepper, the forward trace and narration."""

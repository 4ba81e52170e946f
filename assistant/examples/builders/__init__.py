"""Builders: validated parameters → a worked example's inputs, steps and outputs, one module per family."""

"""Benchmark evaluations: one module per task, each exposing ``run(data, ...)``."""

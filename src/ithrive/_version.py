"""The package's version: the one place it is written (pyproject's build reads it here)."""

__version__ = "0.1.0.dev0"

"""Hypothesis profiles for the test suite.

- ``ci`` (the default): 100 examples per property, no deadline, so a slow
  shared runner does not turn into flaky failures;
- ``thorough``: 2000 examples per property, for a local soak before a release.

Choose one with the ``HYPOTHESIS_PROFILE`` environment variable, e.g.
``HYPOTHESIS_PROFILE=thorough python -m pytest tests``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

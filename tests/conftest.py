"""Hypothesis profiles for the test suite.

- ``ci`` (the default): 100 examples per property, no deadline, so a slow
  shared runner does not turn into flaky failures;
- ``thorough``: 2000 examples per property, for a local soak before a release;
- ``mutation``: as ``ci``, but derandomized, without the example database and
  without shrinking, for ``tools/mutate_thresholds.py``, which runs the rule
  tests against each mutant and needs only a fast, repeatable pass or fail.

Choose one with the ``HYPOTHESIS_PROFILE`` environment variable, e.g.
``HYPOTHESIS_PROFILE=thorough python -m pytest tests``.
"""

from __future__ import annotations

import os

from hypothesis import Phase, settings

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.register_profile(
    "mutation",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

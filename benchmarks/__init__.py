"""Speed benchmarks for ithrive: run ``python benchmarks/run.py`` (not part of the test suite).

- :mod:`benchmarks.workload`: the seeded assessments and batch columns every
  implementation scores;
- :mod:`benchmarks.handwritten`: the pure-Python limit, if/elif chains for the
  22 items;
- :mod:`benchmarks.vectorised`: the vectorised limit, ``numpy.searchsorted``
  per item;
- :mod:`benchmarks.peers`: the same bands as GoRules zen-engine decision
  tables, rule-engine expressions and JSON-logic rules, generated from the
  ruleset;
- :mod:`benchmarks.run`: timing, the table and ``benchmarks/RESULTS.md``.
"""

"""Repository-level pytest configuration: what the doctest collector must skip."""

# Importing __main__ would run the command line.
collect_ignore = ["src/ithrive/__main__.py"]

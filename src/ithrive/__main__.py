"""``python -m ithrive`` runs the command line."""

import sys

from ithrive.cli import main

sys.exit(main())

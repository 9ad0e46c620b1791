"""`python -m geo ...`: the command line (geo.cli.main)."""

import sys

from geo.cli.main import main

sys.exit(main())

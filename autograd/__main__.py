"""``python -m autograd``: see :mod:`autograd.cli.main`."""

import sys

from autograd.cli.main import main

if __name__ == "__main__":
    sys.exit(main())

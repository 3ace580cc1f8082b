import sys

from encoder.cli import main

sys.exit(main())

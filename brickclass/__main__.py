import sys

from brickclass.cli import main

sys.exit(main())

"""Entry point of the hub process (run as a script, in isolated mode).

The process may import only the standard library, the simulated hub's own
software (``hubos``) and the hub's modules in ``site/`` (our ``pybricks``
package, ``umath``…); the rest of the simulator stays out of reach.

Usage: python -I -S boot.py READ_FD WRITE_FD PROGRAM NAME SEED HUB_CLASS HUB_NAME
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(_here, "site"), _here]

from hubos.runtime import main  # noqa: E402

sys.exit(main(sys.argv))

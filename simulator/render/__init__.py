"""Pictures of the field: the live window, PNGs of finished runs, replays."""

import os

# pygame greets on stdout when imported; `brickclass sim --json` must print only JSON.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

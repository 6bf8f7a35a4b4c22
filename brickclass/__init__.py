"""brickclass: the front door of the classroom kit.

The command line (``brickclass``) and the classroom core (gradebook, roster,
assignments, batch grading, export) that the command line and the teacher's
app share. Nothing here imports a window or a terminal UI.
"""

__version__ = "0.1.0"

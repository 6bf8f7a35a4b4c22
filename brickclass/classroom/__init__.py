"""The classroom core: what the command line and the teacher's app share.

Gradebook, roster, assignments, submissions, batch grading, judging of lessons,
the view of a run, runs on a real hub, export. It sits above the simulator and
below the edges: the CLI commands (``brickclass.commands``) and the app
(``brickclass.tui``) call it; it never imports them, a window or Textual.
"""

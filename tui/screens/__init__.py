"""The teacher app's screens: one per file (class, assignment, run, help)."""

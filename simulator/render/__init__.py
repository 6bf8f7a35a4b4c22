"""Pictures of the field: the live window, PNGs of finished runs, replays."""

"""The teacher app's widgets: one per file."""

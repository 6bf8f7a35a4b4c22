"""The teacher app's dialogs: one per file."""

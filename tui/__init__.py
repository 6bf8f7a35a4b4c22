"""The teacher's Textual app: screens and widgets only (the work is done in brickclass/)."""

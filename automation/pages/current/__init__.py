"""Page objects for the current (2025-26) console."""

"""Sources of registry data: the bundled snapshots (and, later, the official API)."""

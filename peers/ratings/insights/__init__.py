"""Comparing platforms side by side (/compare) and the issue map (/issues)."""

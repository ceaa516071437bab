"""``python -m flows doctor``: a read-only preflight of both paths (see README, "Console drift")."""

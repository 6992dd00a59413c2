"""A portfolio of leaders: how a follower's total budget is split among them (docs/copy-rules.md,
"Portfolio of leaders")."""

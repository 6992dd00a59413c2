"""Errors shared across domains; each carries a short machine-readable code."""

from __future__ import annotations


class PolycopyError(Exception):
    """Base for every error polycopy raises on purpose."""

    code = "error"


class ConfigError(PolycopyError):
    """A setting is missing or invalid; the message names the setting."""

    code = "invalid_config"


class NotFoundError(PolycopyError):
    code = "not_found"


class InvalidInputError(PolycopyError):
    """Input (from a user, a feed or a venue) that is refused without changing anything."""

    code = "invalid_input"


class ConflictError(PolycopyError):
    """The request collides with existing state (a taken e-mail, a rule that exists)."""

    code = "conflict"


class VenueNotConfiguredError(PolycopyError):
    """A venue call in sim mode with no emulator to answer it (sim never calls Polymarket)."""

    code = "venue_not_configured"


class IllegalTransitionError(ConflictError):
    """A state change the state machine does not allow (a stale verdict, a bug); refused
    before anything is changed."""

    code = "illegal_transition"


class PlanLimitError(PolycopyError):
    """An action beyond the user's billing plan (docs/billing.md); refused, nothing changed."""

    code = "plan_limit"

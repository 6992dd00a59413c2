"""Sign-up, sign-in, sessions and personal API tokens."""

"""Exports: an account's fills, tax lots, decisions and orders over a period, as CSV or JSON."""

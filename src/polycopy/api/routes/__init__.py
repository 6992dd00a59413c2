"""Routers, one module per resource, mounted under ``/api/v1``."""

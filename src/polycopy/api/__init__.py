"""The REST API (FastAPI) under ``/api/v1``: the product's front door (docs/api.md)."""

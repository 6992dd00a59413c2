"""Print the API's OpenAPI document (JSON) on stdout; web/scripts/gen-api.mjs reads it."""

from __future__ import annotations

import json
import sys
import tempfile

from polycopy.api.app import create_app
from polycopy.config import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(mode="sim", data_dir=data_dir)  # sim: no secret needed
        document = create_app(settings).openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

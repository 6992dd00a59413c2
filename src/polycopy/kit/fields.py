"""Field types shared by the request and settings models."""

from __future__ import annotations

from typing import Annotated

from pydantic import Strict

#: A whole number, and nothing that merely converts to one: no bool, no "5", no 5.0 (money is
#: never a float on the way in, even a whole one).
StrictInt = Annotated[int, Strict()]

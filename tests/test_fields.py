from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from polycopy.kit.fields import StrictInt


class Amount(BaseModel):
    micros: StrictInt


def test_a_whole_number_written_as_a_float_is_that_number() -> None:
    """JSON Schema's "integer" admits 5.0; the API's documents promise it is accepted."""
    assert Amount.model_validate_json('{"micros": 4322074.0}').micros == 4_322_074


@pytest.mark.parametrize("raw", ['{"micros": 5.5}', '{"micros": "5"}', '{"micros": true}'])
def test_what_only_converts_to_a_number_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        Amount.model_validate_json(raw)

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from polycopy.kit.fields import StrictInt


class Amount(BaseModel):
    micros: StrictInt


def test_a_whole_number_is_taken() -> None:
    assert Amount.model_validate_json('{"micros": 4322074}').micros == 4_322_074


@pytest.mark.parametrize(
    "raw", ['{"micros": 5.0}', '{"micros": 5.5}', '{"micros": "5"}', '{"micros": true}']
)
def test_what_only_converts_to_a_number_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        Amount.model_validate_json(raw)

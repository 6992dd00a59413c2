"""How much one GraphQL request may ask for; a document over a limit is refused before it
runs (these are validation rules: nothing is resolved, no row is read).

- depth: fields nested at most ``MAX_DEPTH`` deep (introspection fields not counted);
- tokens: at most ``MAX_TOKENS`` in the document (bounds its size and parsing);
- aliases: at most ``MAX_ALIASES`` (the same list asked for many times);
- cost: every field selected costs 1, times the page sizes of the lists it is inside
  (``first``, the page size asked for; ``DEFAULT_LIMIT`` when not given, ``MAX_LIMIT`` when
  a variable), and a field in ``FIELD_WEIGHTS`` costs that much; the total is at most
  ``MAX_COST``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from polycopy.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

MAX_DEPTH = 6
MAX_TOKENS = 2_000
MAX_ALIASES = 10
MAX_COST = 10_000
#: Fields that cost more than one row: a leader's statistics may be recomputed.
FIELD_WEIGHTS = {"statistics": 20}


class CostLimit(ValidationRule):
    """Refuses an operation that costs more than ``MAX_COST`` (see the module's docstring)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        fragments = {
            d.name.value: d.selection_set
            for d in self.context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        cost = _cost(node.selection_set, 1, _Walk(fragments, _paged_fields(self.context.schema)))
        if cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"the query costs {cost}, more than the limit of {MAX_COST}: ask for "
                    "fewer fields or smaller pages (`first`)",
                    node,
                    extensions={"code": "query_too_complex"},
                )
            )


def _paged_fields(schema: GraphQLSchema) -> frozenset[str]:
    """The names of the list fields that take ``first``."""
    return frozenset(
        name
        for graph_type in schema.type_map.values()
        if isinstance(graph_type, GraphQLObjectType)
        for name, field in graph_type.fields.items()
        if "first" in field.args
    )


@dataclass(frozen=True, slots=True)
class _Walk:
    fragments: dict[str, SelectionSetNode]
    paged_fields: frozenset[str]
    seen: frozenset[str] = frozenset()


def _page_size(field: FieldNode, paged_fields: frozenset[str]) -> int:
    """The page a list field asks for; 1 for a field that is not a list."""
    if field.name.value not in paged_fields:
        return 1
    for argument in field.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            return int(value.value) if isinstance(value, IntValueNode) else MAX_LIMIT
    return DEFAULT_LIMIT


def _cost(selection_set: SelectionSetNode | None, times: int, walk: _Walk) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += times * FIELD_WEIGHTS.get(selection.name.value, 1)
            inner = times * _page_size(selection, walk.paged_fields)
            total += _cost(selection.selection_set, inner, walk)
        elif isinstance(selection, InlineFragmentNode):
            total += _cost(selection.selection_set, times, walk)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in walk.seen:  # a cycle is refused by the standard rules
                deeper = _Walk(walk.fragments, walk.paged_fields, walk.seen | {name})
                total += _cost(walk.fragments.get(name), times, deeper)
    return total

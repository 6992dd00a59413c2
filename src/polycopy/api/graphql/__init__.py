"""The GraphQL read API at ``/api/v1/graphql`` (Strawberry; docs/api.md)."""

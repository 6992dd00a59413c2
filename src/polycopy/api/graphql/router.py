"""``/api/v1/graphql``: queries over POST, authenticated as every API route is.

The API's own authentication runs first (a session cookie with its CSRF header, or a bearer
token), so an anonymous request, introspection included, is a 401 before any GraphQL runs.
The query runs in the request's transaction. No IDE page and no GET queries: one way in.
"""

from __future__ import annotations

from strawberry.fastapi import GraphQLRouter

from polycopy.api.deps import Context, CurrentUser, DbSession
from polycopy.api.graphql.schema import GraphContext, build_schema

PATH = "/graphql"


async def graph_context(principal: CurrentUser, session: DbSession, api: Context) -> GraphContext:
    return GraphContext(principal=principal, session=session, api=api)


def graphql_router() -> GraphQLRouter[GraphContext, None]:
    router: GraphQLRouter[GraphContext, None] = GraphQLRouter(
        build_schema(),
        path=PATH,
        context_getter=graph_context,
        graphql_ide=None,
        allow_queries_via_get=False,
        subscription_protocols=(),
        include_in_schema=False,
    )
    # Queries only: the subscriptions socket is not served.
    router.routes = [r for r in router.routes if getattr(r, "methods", None)]
    return router

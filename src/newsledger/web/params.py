"""Request parameters shared by the pages and the API: validated once, with one clear message each.

Blank values count as absent, since an HTML form sends every field (`?type=&since=`). Anything else
that does not fit is a 422 naming the parameter: a bad date, a page below 1, more than 200 per page,
an event type the ledger does not know, `since` after `until`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, Field

from newsledger.store.queries import EventFilter, event_types_in_ledger
from newsledger.web.data import Paging

MAX_PER_PAGE = 200
# Beyond any ledger (a billion pages of one item), and small enough that the offset, page × per_page,
# fits DuckDB's BIGINT: a bigger number made the query fail (a 500) instead of a 422.
MAX_PAGE = 1_000_000_000
# Figures of a comparison listed (and charted) from this many of its claims; a quantity told across a
# big ledger can have tens of thousands.
CLAIMS_PER_COMPARISON = 100
MAX_TEXT = 200  # characters of a free-text filter or query


class BadParameter(Exception):
    """A parameter that parses but cannot be used; the API answers 422 with the message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _blank_is_one(value: Any) -> Any:
    return 1 if isinstance(value, str) and not value.strip() else value


OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
# The length limit applies to the text, after a blank value has become None.
OptionalText = Annotated[Annotated[str, Field(max_length=MAX_TEXT)] | None, BeforeValidator(_blank_is_none)]


def ledger_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the current snapshot for this request (see web/snapshot.py)."""
    with request.app.state.snapshot.cursor() as cursor:
        yield cursor


LedgerCursor = Annotated[duckdb.DuckDBPyConnection, Depends(ledger_cursor)]


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page (at most 200).")] = 50,
) -> Paging:
    return Paging(page, per_page)


def event_filter(
    request: Request,
    con: LedgerCursor,
    event_type: Annotated[
        OptionalText, Query(alias="type", description="Event type id (`refusal`, ...).")
    ] = None,
    since: Annotated[OptionalDate, Query(description="Events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[OptionalDate, Query(description="Events on or before this day (YYYY-MM-DD).")] = None,
    place: Annotated[OptionalText, Query(description="Part of the canonical place id (`kherson`).")] = None,
    outlet: Annotated[OptionalText, Query(description="Canonical outlet id.")] = None,
    min_sources: Annotated[
        int,
        BeforeValidator(_blank_is_one),
        Query(ge=1, le=1_000_000, description="Only events with at least this many independent sources."),
    ] = 1,
) -> EventFilter:
    if event_type is not None:
        known = known_event_types(request, con)
        if event_type not in known:
            raise BadParameter(
                "type", f"unknown event type {event_type!r} (known: {', '.join(sorted(known))})"
            )
    if since and until and since > until:
        raise BadParameter("since", f"{since} is after until ({until})")
    return EventFilter(event_type, since, until, place, outlet, min_sources)


def known_event_types(request: Request, con: duckdb.DuckDBPyConnection) -> set[str]:
    """The packaged event types and those in the ledger (a user's own), cached per snapshot."""
    snapshot = request.app.state.snapshot
    cache: dict[int, set[str]] = request.app.state.event_types_by_snapshot
    types = cache.get(snapshot.generation)
    if types is None:
        types = set(request.app.state.packaged_event_types) | set(event_types_in_ledger(con))
        cache.clear()
        cache[snapshot.generation] = types
    return types


Verdict = Literal["agree", "differ", "incompatible"]
Pages = Annotated[Paging, Depends(paging)]
Filters = Annotated[EventFilter, Depends(event_filter)]

"""Event blocking loses nothing: what the Spark linker relies on, checked on random tellings without Spark.

1. Two tellings that may share an event always meet in a block (the candidate pairs Spark compares).
2. Linking each connected component of the may-share-an-event graph apart gives exactly the events of
   linking all tellings at once (link/events.py's greedy linker, in the same order).
3. The linker, which tries only the events that share a block with a telling, gives the events of trying
   every event of the type in founding order (the rule as stated).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.link.events import (
    MAX_PLACE_KM,
    LinkedEvent,
    Telling,
    _km,
    anchored,
    compatible,
    event_id,
    link_events,
    may_share_event,
    telling_blocks,
)

# Places around one point: within about 150 km of each other, so some pairs fall either side of
# MAX_PLACE_KM, and cells of the grid are crossed.
PLACES = {f"place:p{i}": (48.0 + i * 0.21, 37.0 + i * 0.33) for i in range(6)}
DAY0 = date(2022, 10, 20)


@st.composite
def tellings(draw: st.DrawFn, index: int) -> Telling:
    place = draw(st.sampled_from([None, *PLACES]))
    located = place is not None and draw(st.booleans())
    lat, lon = PLACES[place] if located and place else (None, None)
    start = draw(st.none() | st.integers(0, 150).map(lambda d: DAY0 + timedelta(days=d)))
    end = (
        None
        if start is None
        else draw(st.none() | st.integers(-3, 40).map(lambda d: start + timedelta(days=d)))
    )
    published = draw(st.none() | st.integers(0, 200).map(lambda d: DAY0 + timedelta(days=d)))
    size = draw(st.none() | st.sampled_from([5.0, 12.0, 60.0, 70.0, 400.0]))
    return Telling(
        id=f"i{index:03d}", article_id=f"a{index % 7}", type=draw(st.sampled_from(["refusal", "mutiny"])),
        actor=draw(st.sampled_from([None, "unit:a", "unit:b"])), place=place, lat=lat, lon=lon,
        start=start, end=end, size_min=size, size_max=size, sources=(), published=published, outlet=None,
    )  # fmt: skip


corpora = st.integers(2, 24).flatmap(lambda n: st.tuples(*[tellings(i) for i in range(n)]))


def _meet(a: Telling, b: Telling) -> bool:
    """Whether the Spark linker pairs the two: a shared block, in the same month or at any time."""
    blocks_b = telling_blocks(b)
    for block, month in telling_blocks(a):
        for other_block, other_month in blocks_b:
            if block == other_block and (month is None or other_month is None or month == other_month):
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(corpora)
def test_tellings_that_may_share_an_event_meet_in_a_block(told: tuple[Telling, ...]) -> None:
    for a, b in combinations(told, 2):
        if may_share_event(a, b):
            assert _meet(a, b), (a, b)


@settings(max_examples=300, deadline=None)
@given(corpora)
def test_linking_each_component_apart_gives_the_events_of_linking_all(told: tuple[Telling, ...]) -> None:
    ordered = sorted(told, key=lambda t: (t.published is None, t.published or date.min, t.id))
    component = {t.id: t.id for t in ordered}

    def root(node: str) -> str:
        while component[node] != node:
            node = component[node]
        return node

    for a, b in combinations(ordered, 2):
        if may_share_event(a, b):
            component[max(root(a.id), root(b.id))] = min(root(a.id), root(b.id))
    apart = []
    for group in {root(t.id) for t in ordered}:
        apart += link_events([t for t in ordered if root(t.id) == group])
    together = link_events(ordered)
    assert sorted((e.id, [t.id for t in e.tellings]) for e in apart) == sorted(
        (e.id, [t.id for t in e.tellings]) for e in together
    )


def _link_trying_every_event(tellings: list[Telling]) -> list[LinkedEvent]:
    """The linking rule stated plainly: each telling joins the first event founded that holds a telling
    anchored to it and none incompatible with it."""
    events: list[LinkedEvent] = []
    for telling in tellings:
        home = next(
            (
                event
                for event in events
                if any(anchored(telling, t) for t in event.tellings)
                and all(compatible(telling, t) for t in event.tellings)
            ),
            None,
        )
        if home is None:
            home = LinkedEvent(id=event_id(telling.id), type=telling.type)
            events.append(home)
        home.tellings.append(telling)
    return events


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 60).flatmap(lambda n: st.tuples(*[tellings(i) for i in range(n)])))
def test_trying_only_events_that_share_a_block_links_as_trying_every_event(
    told: tuple[Telling, ...],
) -> None:
    ordered = sorted(told, key=lambda t: (t.published is None, t.published or date.min, t.id))
    assert [(e.id, [t.id for t in e.tellings]) for e in link_events(ordered)] == [
        (e.id, [t.id for t in e.tellings]) for e in _link_trying_every_event(ordered)
    ]


def test_places_just_within_reach_across_a_cell_border_meet() -> None:
    near = Telling(
        id="i1", article_id="a1", type="refusal", actor=None, place="place:x", lat=50.0, lon=36.0,
        start=None, end=None, size_min=None, size_max=None, sources=(), published=date(2023, 1, 31),
        outlet=None,
    )  # fmt: skip
    # Walk the second place east until it is just within reach: some step crosses a cell border.
    for step in range(1, 60):
        lon = 36.0 + step * 0.0125
        other = Telling(**{**{f: getattr(near, f) for f in Telling.__slots__}, "id": "i2", "place": "place:y",
                           "lon": lon, "published": date(2023, 2, 20)})  # fmt: skip
        if _km(near, other) > MAX_PLACE_KM:
            break
        assert may_share_event(near, other)
        assert _meet(near, other), lon

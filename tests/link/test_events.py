"""Events: tellings of one happening merge, different happenings stay apart, sources are counted once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from newsledger.link.events import (
    Telling,
    count_independent_sources,
    event_id,
    keep_stable_ids,
    link_events,
)

PSKOV = {"place": "place:pskov", "lat": 57.82, "lon": 28.33}
KREMINNA = {"place": "place:kreminna", "lat": 49.05, "lon": 38.22}


def telling(incident: str, article: str, published: date, **roles: object) -> Telling:
    base = Telling(
        id=incident, article_id=article, type="refusal", actor=None, place=None, lat=None, lon=None,
        start=None, end=None, size_min=None, size_max=None, sources=(), published=published, outlet=None,
    )  # fmt: skip
    return replace(base, **roles)  # type: ignore[arg-type]


def test_three_outlets_one_a_syndicated_copy_make_one_event_with_two_sources() -> None:
    wire = telling("i1", "wire", date(2022, 4, 8), size_min=60.0, size_max=60.0, **PSKOV)
    copy = telling("i2", "copy", date(2022, 4, 8), size_min=60.0, size_max=60.0, **PSKOV)
    own = telling("i3", "own", date(2022, 4, 9), size_min=12.0, size_max=None, **PSKOV)
    (event,) = link_events([wire, copy, own])
    count, groups = count_independent_sources(event, [("copy", "wire")])
    assert count == 2
    assert groups == [["copy", "wire"], ["own"]]
    assert event.id == event_id("i1")


def test_relaying_the_same_primary_source_counts_once() -> None:
    a = telling("i1", "a", date(2022, 4, 8), sources=("outlet:pskovskaya-guberniya",), **PSKOV)
    b = telling("i2", "b", date(2022, 4, 9), sources=("outlet:pskovskaya-guberniya",), **PSKOV)
    (event,) = link_events([a, b])
    assert count_independent_sources(event, [])[0] == 1


def test_two_refusals_by_different_units_in_the_same_week_are_two_events() -> None:
    buryat = telling(
        "i1",
        "a",
        date(2022, 11, 8),
        actor="unit:buryat-battalion",
        start=date(2022, 11, 7),
        end=date(2022, 11, 7),
        **KREMINNA,
    )
    kursk = telling(
        "i2",
        "b",
        date(2022, 11, 10),
        actor="unit:kursk-reservists",
        start=date(2022, 11, 9),
        end=date(2022, 11, 9),
        **KREMINNA,
    )
    assert len(link_events([buryat, kursk])) == 2


def test_incompatible_tellings_never_merge_even_through_a_third() -> None:
    early = telling("i1", "a", date(2022, 4, 8), start=date(2022, 3, 1), end=date(2022, 3, 1), **PSKOV)
    vague = telling("i2", "b", date(2022, 9, 1), **PSKOV)  # undated: compatible with both
    late = telling("i3", "c", date(2022, 9, 2), start=date(2022, 8, 30), end=date(2022, 8, 30), **PSKOV)
    events = link_events([early, vague, late])
    assert len(events) == 2
    assert all(not ({"i1", "i3"} <= {t.id for t in e.tellings}) for e in events)


def test_sizes_far_apart_and_places_far_apart_do_not_merge() -> None:
    small = telling("i1", "a", date(2022, 4, 8), size_min=12.0, size_max=12.0, **PSKOV)
    huge = telling("i2", "b", date(2022, 4, 8), size_min=500.0, size_max=500.0, **PSKOV)
    elsewhere = telling("i3", "c", date(2022, 4, 8), **KREMINNA)
    assert len(link_events([small, huge, elsewhere])) == 3


def test_ids_stay_stable_and_merges_and_splits_are_recorded() -> None:
    first = telling("i1", "a", date(2022, 4, 8), **PSKOV)
    later = telling("i2", "b", date(2022, 4, 10), **PSKOV)
    (event,) = link_events([first, later])
    previous = {"i1": "old-a", "i2": "old-b"}
    changes = keep_stable_ids([event], previous)
    assert event.id == "old-a"
    assert [(c.change, c.event_id, c.other_event_ids) for c in changes] == [("merged", "old-a", ("old-b",))]
    # An earlier report arriving later does not rename an existing event.
    earlier = telling("i0", "z", date(2022, 4, 1), **PSKOV)
    (event,) = link_events([earlier, first, later])
    assert not keep_stable_ids([event], {"i1": "old-a", "i2": "old-a"}) and event.id == "old-a"
    # A split keeps the old id on one part and records the other.
    apart = replace(later, size_min=500.0, size_max=500.0)
    near = replace(first, size_min=10.0, size_max=10.0)
    events = link_events([near, apart])
    changes = keep_stable_ids(events, {"i1": "old-a", "i2": "old-a"})
    ids = {e.id for e in events}
    assert "old-a" in ids and len(ids) == 2
    assert [(c.change, c.event_id) for c in changes] == [("split", "old-a")]

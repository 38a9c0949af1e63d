"""The outlet registry: packaged data, user files, and how a page's outlet is recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.clean.outlets import OutletRegistry, default_registry
from newsledger.errors import ConfigError


@pytest.fixture(scope="module")
def registry() -> OutletRegistry:
    return default_registry()


def test_packaged_registry_covers_the_major_outlets(registry: OutletRegistry) -> None:
    assert len(registry) >= 40
    for outlet_id in (
        "bbc",
        "reuters",
        "daily-mirror",
        "daily-express",
        "the-sun",
        "kyiv-independent",
        "meduza",
    ):
        assert outlet_id in registry
    assert registry.name("daily-mirror") == "Daily Mirror"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.mirror.co.uk/news/world-news/some-story-123", "daily-mirror"),
        ("https://amp.theguardian.com/world/2022/sep/12/story", "the-guardian"),
        ("http://edition.cnn.com/2022/09/12/europe/story/index.html", "cnn"),
        ("https://news.sky.com/story/some-story", "sky-news"),
        ("https://uk.news.yahoo.com/some-story.html", "yahoo-news"),
        ("www.express.co.uk/news/world/123/story", "daily-express"),
        ("https://WWW.THESUN.CO.UK:443/news/1/", "the-sun"),
        ("https://kyivindependent.com/story", "kyiv-independent"),
        # a domain that merely ends with a registered name is a different site
        ("https://notmirror.co.uk/story", None),
        ("https://example.org/story", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_from_url_matches_domains_and_subdomains(registry: OutletRegistry, url: str, expected: str) -> None:
    assert registry.from_url(url) == expected


def test_from_lines_takes_whole_furniture_lines_only(registry: OutletRegistry) -> None:
    assert registry.from_lines(["Home", "  daily   MIRROR ", "World"]) == "daily-mirror"
    assert registry.from_lines(["Most read in The Sun"]) == "the-sun"
    assert registry.from_lines(["Read more on the sun"]) == "the-sun"
    # An outlet named inside a sentence is a source of the story, not the page's outlet.
    assert (
        registry.from_lines(["Officials told the Washington Post on Monday that talks had stalled."]) is None
    )
    assert registry.from_lines(["The opposition outlet Meduza reported the arrests."]) is None
    # Wire agency names double as photo credits on other outlets' pages, so they are no signature.
    assert registry.from_lines(["Reuters", "AP", "AFP"]) is None


def test_from_lines_majority_then_earliest(registry: OutletRegistry) -> None:
    lines = ["The Sun", "Daily Mirror", "Mirror"]
    assert registry.from_lines(lines) == "daily-mirror"
    assert registry.from_lines(["The Sun", "Daily Mirror"]) == "the-sun"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Troops dig in near the river | World | News", ("Troops dig in near the river", "daily-express")),
        ("Troops dig in near the river | The Sun", ("Troops dig in near the river", "the-sun")),
        ("Troops dig in near the river - BBC News", ("Troops dig in near the river", "bbc")),
        ("Troops dig in near the river | Daily Mail Online", ("Troops dig in near the river", "daily-mail")),
        ("Troops dig in near the river", ("Troops dig in near the river", None)),
        # the suffix alone is not a title
        (" | The Sun", ("| The Sun", None)),
    ],
)
def test_strip_title_suffix(registry: OutletRegistry, title: str, expected: tuple[str, str | None]) -> None:
    assert registry.strip_title_suffix(title) == expected


def test_from_name_maps_sitenames_and_domains(registry: OutletRegistry) -> None:
    assert registry.from_name("The Guardian") == "the-guardian"
    assert registry.from_name("theguardian.com") == "the-guardian"
    assert registry.from_name("bbc") == "bbc"
    assert registry.from_name("Unknown Gazette") is None
    assert registry.from_name("") is None


def test_user_file_extends_and_overrides_by_id(tmp_path: Path) -> None:
    user = tmp_path / "my-outlets.toml"
    user.write_text(
        """
[[outlet]]
id = "harbour-gazette"
name = "Harbour Gazette"
domains = ["harbourgazette.example"]
signatures = ["The Harbour Gazette"]
title_suffixes = [" :: HG"]

[[outlet]]
id = "daily-mirror"
name = "The Mirror (user)"
domains = ["mirror.example"]
""",
        encoding="utf-8",
    )
    registry = OutletRegistry.load([user])
    assert registry.from_url("https://news.harbourgazette.example/a") == "harbour-gazette"
    assert registry.from_lines(["The Harbour Gazette"]) == "harbour-gazette"
    assert registry.strip_title_suffix("Ferry strike ends :: HG") == ("Ferry strike ends", "harbour-gazette")
    # the user entry replaced the packaged one as a whole
    assert registry.name("daily-mirror") == "The Mirror (user)"
    assert registry.from_url("https://www.mirror.co.uk/news") is None
    assert registry.from_url("https://mirror.example/news") == "daily-mirror"
    assert registry.from_lines(["Daily Mirror"]) is None
    # a user outlet that claims a packaged signature line takes it over
    assert OutletRegistry.load([_claiming(tmp_path)]).from_lines(["The Sun"]) == "sun-fan-site"
    # the packaged registry is untouched
    assert default_registry().from_url("https://www.mirror.co.uk/news") == "daily-mirror"


def _claiming(tmp_path: Path) -> Path:
    path = tmp_path / "claiming.toml"
    path.write_text(
        '[[outlet]]\nid = "sun-fan-site"\nname = "Sun Fans"\ndomains = []\nsignatures = ["The Sun"]\n'
    )
    return path


def test_title_suffix_with_a_letter_that_lowers_to_two() -> None:
    assert default_registry().strip_title_suffix("İstanbul talks resume | The Sun") == (
        "İstanbul talks resume",
        "the-sun",
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[[outlet]\nid = 'x'", "not valid TOML"),
        ("[[outlet]]\nname = 'X'\ndomains = ['x.example']\n", "missing required key 'id'"),
        ("[[outlet]]\nid = 'x'\nname = 'X'\ndomains = 'x.example'\n", "'domains' must be a list"),
        ("[[outlet]]\nid = 'x'\nname = 'X'\ndomains = ['x.example']\nsignature = ['X']\n", "unknown key"),
        ("[[outlet]]\nid = 'x'\nname = ''\ndomains = ['x.example']\n", "'name' must be a non-empty string"),
        ("[[outlet]]\nid = 'x'\nname = 'X'\ndomains = ['https://x.example/']\n", "not a bare domain"),
        ("outlet = 3\n", "array of tables"),
        ("[sources]\nx = 1\n", "unknown top-level key"),
    ],
)
def test_bad_registry_file_is_one_line_config_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        OutletRegistry.load([path])
    message = str(caught.value)
    assert "broken.toml" in message
    assert reason in message
    assert "\n" not in message


def test_missing_registry_file_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"absent\.toml: cannot read"):
        OutletRegistry.load([tmp_path / "absent.toml"])


def test_examples_registry_loads_when_present() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "outlets.toml"
    if not examples.is_file():
        pytest.skip("examples/outlets.toml is not written yet")
    registry = OutletRegistry.load([examples])
    assert len(registry) > len(default_registry())

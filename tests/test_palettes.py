"""Palettes (geo.web.styles): each names every style, the greyscale one keeps every pair of layers a
user can turn on together distinguishable without colour, and `?palette=` is validated and kept."""

from __future__ import annotations

import itertools

import pytest

from geo.web import styles, urlstate, webdated, webmap

CONTROL_IDS = list(styles.CONTROL)


def toggleable_styles(name: str) -> dict[str, dict]:
    """Every style a user can put on the map at once: the shipped toggles (their river and routes, and
    cities, discussed cities and the plant), the selection, and an imported date's layers, with the
    essay's layer as the outline it becomes when another date is shown."""
    table = styles.palette(name)
    shipped = {
        "ukraine-admin1": table["region"],
        "front-lines": table["front-line"],
        "lines/river": table["river"],
        "lines/route": table["route"],
        "places/city": table["city"],
        "places/discussed": table["city-discussed"],
        "highlight": table["highlight"],
        "essay-outline": table["outline"],
    }
    shipped.update({lid: table[lid] for lid in CONTROL_IDS})
    shipped.update({key: table[f"snapshot-{style}"] for key, style in webdated.STYLE.items()})
    return shipped


def test_every_palette_names_the_same_styles_and_patterns():
    names = set(styles.palette("default"))
    for p in styles.PALETTES:
        assert set(styles.palette(p)) == names, p
        used = {styles.fill_pattern(s) for s in styles.palette(p).values()} - {"solid", "none"}
        assert used <= set(styles.patterns(p)), f"{p}: fills use undefined patterns {used - set(styles.patterns(p))}"
        for name, s in styles.palette(p).items():
            assert s["bm"] == name


def test_the_default_palette_is_what_the_layer_files_carry():
    assert styles.palette("default")["held-2022-11-17"] is styles.CONTROL["held-2022-11-17"]
    assert styles.browser_palette("default") is None
    assert (
        styles.browser_palette("colourblind")["styles"]["held-2022-11-17"]["color"] != styles.CONTROL["held-2022-11-17"]["color"]
    )


def test_greyscale_every_pair_of_toggleable_layers_differs_without_colour():
    layers = toggleable_styles("greyscale")
    assert "disputed" in layers and "furthest-advance-2022-03" in layers and "lines/route" in layers
    same = [
        (a, b, styles.distinct_key(layers[a]))
        for a, b in itertools.combinations(sorted(layers), 2)
        if styles.distinct_key(layers[a]) == styles.distinct_key(layers[b])
    ]
    assert same == [], f"alike in greyscale (fill pattern, dash array, weight): {same}"


def test_greyscale_furthest_advance_and_claimed_annexation_differ_in_every_respect():
    g = styles.palette("greyscale")
    a, b = styles.distinct_key(g["furthest-advance-2022-03"]), styles.distinct_key(g["claimed-annexation-2022-09-30"])
    assert all(x != y for x, y in zip(a, b)), (a, b)


def test_greyscale_uses_only_greys():
    def grey(c: str) -> bool:
        c = c.lstrip("#")
        return len(c) == 6 and c[0:2] == c[2:4] == c[4:6]

    for name, s in styles.palette("greyscale").items():
        for key in ("color", "fillColor"):
            if key in s and not str(s[key]).startswith("url("):
                assert grey(s[key]), f"{name}.{key} = {s[key]}"
    for pid, spec in styles.patterns("greyscale").items():
        assert grey(spec["color"]) and (not spec.get("bg") or grey(spec["bg"])), pid


@pytest.mark.parametrize("value", styles.PALETTES)
def test_palette_link_round_trips(value):
    state = urlstate.parse({"palette": value}, set(), ["places"], ("places",))
    assert state.palette == value and state.notices == ()
    params = urlstate.to_params(None, ("places",), None, palette=value)
    assert ("palette" in params) == (value != styles.DEFAULT_PALETTE)
    assert urlstate.parse(params, set(), ["places"], ("places",)).palette == value


def test_a_bad_palette_in_a_link_is_dropped_with_a_notice():
    state = urlstate.parse({"palette": "<b>neon</b>"}, set(), ["places"], ("places",))
    assert state.palette == styles.DEFAULT_PALETTE
    [n] = state.notices
    assert n.param == "palette" and "'<b>neon</b>'" in n.text() and "greyscale" in n.text()


def test_the_map_page_carries_a_palette_only_when_asked():
    default = webmap.build_map(webmap.DEFAULT_VIEW)
    grey = webmap.build_map(webmap.DEFAULT_VIEW, palette="greyscale")
    assert '"palette"' not in default.get_root().render()
    assert '"palette":{"name":"greyscale"' in grey.get_root().render().replace(" ", "")

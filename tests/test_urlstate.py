"""geo.web.urlstate: link parameters in and out; a bad value is dropped with a notice quoting it, never raised."""

from geo.web.urlstate import ZOOM_RANGE, parse, to_params

PLACES = frozenset({"kyiv", "melitopol"})
LAYERS = ["places", "lines", "held-2022-11-17"]
DEFAULT = ("places", "lines")


def texts(state):
    return [n.text() for n in state.notices]


def test_valid_link_round_trips():
    params = to_params("melitopol", ("lines", "places"), (47.1234, 35.4, 8), "2025-08-03")
    s = parse(params, PLACES, LAYERS, DEFAULT, ["2022-11-17", "2025-08-03"])
    assert (s.place, s.layers, s.view, s.date, s.notices) == (
        "melitopol",
        ("places", "lines"),
        (47.1234, 35.4, 8),
        "2025-08-03",
        (),
    )


def test_each_bad_value_is_dropped_with_a_notice_that_quotes_it():
    s = parse(
        {"place": "<img src=x>", "layers": "places,[x](javascript:1)", "view": "47,35,18", "date": "2099-01-01", "evil": "1"},
        PLACES,
        LAYERS,
        DEFAULT,
        ["2022-11-17"],
    )
    assert (s.place, s.layers, s.view, s.date) == (None, ("places",), None, None)
    assert texts(s) == [
        "Unknown place '<img src=x>' in the link was ignored.",
        "Unknown layer(s) '[x](javascript:1)' in the link were ignored.",
        "The map view '47,35,18' in the link is not 'lat,lon,zoom' within the map; the default view is shown.",
        "No lines for the date '2099-01-01' in the link; the essay's date, 17 Nov 2022, is shown. Dates with lines: 2022-11-17.",
        "Unknown link parameter 'evil' was ignored.",
    ]
    assert ZOOM_RANGE[1] < 18


def test_no_layers_means_the_defaults_and_a_list_value_counts_its_first():
    s = parse({"place": ["kyiv", "melitopol"]}, PLACES, LAYERS, DEFAULT)
    assert (s.place, s.layers) == ("kyiv", DEFAULT)


def test_long_values_are_cut_in_notices():
    s = parse({"place": "x" * 10_000, "view": "a,b"}, PLACES, LAYERS, DEFAULT)
    assert [len(n.value) for n in s.notices] == [40, 3]


def test_a_date_without_lines_names_the_nearest_snapshot():
    s = parse({"date": "2024-01-01"}, PLACES, LAYERS, DEFAULT, ["2022-11-17", "2023-01-15", "2025-08-03"])
    assert (s.date, s.nearest_date) == (None, "2023-01-15")
    assert texts(s) == [
        "No lines for the date '2024-01-01' in the link; the essay's date, 17 Nov 2022, is shown. "
        "The nearest snapshot is 15 Jan 2023."
    ]
    assert parse({"date": "soon"}, PLACES, LAYERS, DEFAULT, ["2022-11-17"]).nearest_date is None

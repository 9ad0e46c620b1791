"""geo.web.urlstate: link parameters in and out; a bad value is dropped with a notice quoting it, never raised."""

import pytest

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


# ---- compare two dates: ?compare=A,B (the swipe) ----

DATES = ["2022-11-17", "2023-01-15", "2025-08-03"]


def test_compare_round_trips_earlier_date_first_and_replaces_date():
    s = parse({"compare": "2025-08-03,2022-11-17"}, PLACES, LAYERS, DEFAULT, DATES)
    assert (s.compare, s.notices) == (("2022-11-17", "2025-08-03"), ())
    params = to_params("kyiv", ("places",), None, "2025-08-03", compare=s.compare)
    assert params["compare"] == "2022-11-17,2025-08-03" and "date" not in params
    again = parse(params, PLACES, LAYERS, DEFAULT, DATES)
    assert (again.compare, again.place, again.notices) == (("2022-11-17", "2025-08-03"), "kyiv", ())
    assert "compare" not in to_params(None, ("places",), None, "2025-08-03")


@pytest.mark.parametrize(
    "raw, why",
    [
        ("2025-08-03,2025-08-03", "needs two different dates"),  # A == B
        ("2022-11-17,2099-01-01", "names a date without lines"),  # unknown date
        ("2022-11-17,2023-01-15,2025-08-03", "is not two dates 'A,B'"),  # more than two
        ("2025-08-03", "is not two dates 'A,B'"),  # one
        ("<script>alert(1)</script>,[x](javascript:1)", "names a date without lines"),  # garbage
        ("", "is not two dates 'A,B'"),
    ],
)
def test_a_bad_compare_is_dropped_with_a_notice_quoting_it(raw, why):
    s = parse({"compare": raw}, PLACES, LAYERS, DEFAULT, DATES)
    assert s.compare is None
    (n,) = s.notices
    assert n.param == "compare" and n.value == raw and f"{raw!r} in the link {why}" in n.text()
    assert n.text().endswith("dates with lines: 2022-11-17, 2023-01-15, 2025-08-03. The map shows one date.")


def test_a_huge_compare_is_cut_short_in_its_notice():
    s = parse({"compare": "2022-11-17," + "9" * 100_000}, PLACES, LAYERS, DEFAULT, DATES)
    assert s.compare is None and len(s.notices[0].value) == 50 and len(s.notices[0].text()) < 300

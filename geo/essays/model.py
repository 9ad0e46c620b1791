"""The shapes every module of geo.essays shares (plain frozen dataclasses, JSON-ready with ``as_dict``).

The JSON of ``python -m geo essay add --json`` is ``Essay.as_dict()`` without the text:
``{"id", "title", "date", "paragraphs", "places": [...], "unresolved": [...]}``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an added essay: ``id`` is "p1".."pN" in reading order; ``text`` verbatim."""

    id: str
    text: str


@dataclass(frozen=True)
class Mention:
    """Where an essay names a place: the paragraph id and the whole sentence, verbatim.

    ``name`` is the words as written ("Kherson's", "Zaporozhye region"); ``start``/``end`` are the
    name's offsets within ``text`` (the sentence), so a page can mark it.
    """

    paragraph: str
    text: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A place a name could mean: a gazetteer place (``id`` its gazetteer id, e.g. "melitopol",
    "dnipro-river", "kherson-oblast") or a GeoNames settlement (``id`` "gn-<geonameid>")."""

    id: str
    name: str
    kind: str  # city | facility | region | river | route | country | island | spit | bridge | settlement
    lat: float
    lon: float
    source: str  # e.g. "gazetteer (data/authored/places.toml)" or "GeoNames 702550 (data/places/names.json.gz)"
    population: int | None = None
    country: str = ""  # ISO 3166-1 alpha-2
    admin1: str = ""  # e.g. "zaporizhzhia-oblast" for Ukrainian places


@dataclass(frozen=True)
class FoundPlace:
    """A place the finder placed, with every sentence that names it.

    ``confidence`` is 0..1; ``why`` says in one line how an ambiguous name was resolved (empty when it
    was not ambiguous); ``alternatives`` are the other candidates for "this is the other X".
    """

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    source: str
    confidence: float
    mentions: tuple[Mention, ...]
    why: str = ""
    alternatives: tuple[Candidate, ...] = ()
    population: int | None = None
    country: str = ""
    admin1: str = ""


@dataclass(frozen=True)
class Unresolved:
    """A name that looks like a place but was not placed, with its sentence verbatim."""

    name: str
    paragraph: str
    text: str


@dataclass(frozen=True)
class Decision:
    """The analyst's review of one found place (saved with the essay).

    ``status``: "accepted" | "rejected" | "added" (a missed name placed by hand); ``chosen`` is the
    candidate id when "this is the other X" picked another; ``summary`` is the user's own one line,
    always shown labelled as theirs, never as the essay's.
    """

    place: str
    status: str
    chosen: str = ""
    summary: str = ""
    name: str = ""  # for "added": the name as the analyst typed it


@dataclass(frozen=True)
class Essay:
    """An added essay as stored: the text's paragraphs, what the finder found, the review."""

    id: str
    title: str
    date: str  # YYYY-MM-DD
    author: str
    source_name: str  # the file name as given (shown as text, never as a path)
    sha256: str  # of the extracted text (re-adding the same text is a no-op)
    paragraphs: tuple[Paragraph, ...]
    places: tuple[FoundPlace, ...]
    unresolved: tuple[Unresolved, ...]
    decisions: tuple[Decision, ...] = field(default_factory=tuple)
    date_source: str = ""  # where ``date`` came from: a key of geo.essays.reader.DATE_SOURCES ("given" when typed)

    def as_dict(self, full: bool = True) -> dict:
        """JSON-ready. ``full=False`` is the CLI's --json form: id, title, date, paragraphs (a list of
        {"id", "text"}), places and unresolved."""
        d = asdict(self)
        if not full:
            d = {k: d[k] for k in ("id", "title", "date", "paragraphs", "places", "unresolved")}
        return d

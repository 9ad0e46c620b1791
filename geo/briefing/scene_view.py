"""What a scene shows besides its text: ring layers for the browser, highlighted places, and the
as-of stamp (date and sources of the lines on screen) that every audience frame carries."""

from __future__ import annotations

from functools import lru_cache

from geo.briefing.scenes import Scene
from geo.data import gazetteer
from geo.data.layers import catalogue
from geo.data.places import geometry_of
from geo.figures.rings import ring
from geo.web.webmap import publish_geometry


def centre(place: str):
    """Where a place's rings are centred: its point, or an area's centroid.

    Parameters
    ----------
    place : str
        A place id.

    Returns
    -------
    shapely.Point
        Lon/lat.

    Examples
    --------
    >>> round(centre("melitopol").y, 2)
    46.85
    """
    g = geometry_of(place)
    return g if g.geom_type == "Point" else g.centroid


@lru_cache(maxsize=64)
def ring_layers(scene: Scene) -> tuple[dict, ...]:
    """One browser layer per ring of the scene (published once, content-addressed)."""
    gaz = gazetteer.load()
    out = []
    for r in scene.rings:
        c = centre(r.place)
        for km in r.km:
            label = f"{km:,.0f} km from {gaz[r.place].short_name} (geodesic)"
            key = f"ring-{r.place}-{km:g}"
            out.append(publish_geometry(key, ring(c.x, c.y, km), "ring", label, pane="lines"))
    return tuple(out)


def stamp(scene: Scene) -> str:
    """ "Lines as of …; sources: …" for the dated layers a scene shows."""
    cat = {c.id: c for c in catalogue()}
    dated = [cat[lid] for lid in scene.layers if lid in cat and cat[lid].kind == "control"]
    if not dated:
        return "No dated lines in this scene. Basemap: Natural Earth 1:10m; places: GeoNames."
    dates = sorted({c.date for c in dated if c.date})
    files = ", ".join(c.path for c in dated)
    return (
        f"Lines as of {', '.join(dates)}: {'; '.join(c.title for c in dated)}. Source files: {files} "
        f"(our layers, authored through GeoNames settlements; method and accuracy on the Data page)."
    )

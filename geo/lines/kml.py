"""KML and KMZ placemarks as plain features, parsed with entity expansion refused (geo.lines.untrusted).

Only what a control map needs: Placemark name, description, ExtendedData and its Point, LineString,
Polygon or MultiGeometry, plus the Folder/Document names above it (ISW-style exports put the
meaning of a layer in the folder name).
"""

from __future__ import annotations

import math
from typing import Any

import shapely

from geo.lines import budget
from geo.lines.snapshot import RawFeature
from geo.lines.untrusted import ImportFailure, parse_xml, read_zip


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el, name: str) -> str:
    c = _child(el, name)
    return (c.text or "").strip() if c is not None else ""


def _coords(text: str) -> list[tuple[float, float]]:
    pts = []
    for tok in (text or "").split():
        parts = tok.split(",")
        if len(parts) < 2:
            raise ValueError(f"coordinate {tok[:40]!r} is not lon,lat")
        x, y = float(parts[0]), float(parts[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"coordinate {tok[:40]!r} is NaN or infinite")
        pts.append((x, y))
    return pts


def _geometry(el) -> shapely.Geometry | None:
    tag = _local(el.tag)
    if tag == "Point":
        c = _coords(_text(el, "coordinates"))
        return shapely.Point(c[0]) if c else None
    if tag == "LineString":
        return shapely.LineString(_coords(_text(el, "coordinates")))
    if tag == "Polygon":

        def ring(holder):
            lr = _child(holder, "LinearRing") if holder is not None else None
            return _coords(_text(lr, "coordinates")) if lr is not None else []

        outer = ring(_child(el, "outerBoundaryIs"))
        inners = [ring(c) for c in el if _local(c.tag) == "innerBoundaryIs"]
        return shapely.Polygon(outer, [r for r in inners if r])
    if tag == "MultiGeometry":
        parts = [g for c in el if (g := _geometry(c)) is not None]
        return shapely.GeometryCollection(parts) if parts else None
    return None


GEOMETRY_TAGS = ("Point", "LineString", "Polygon", "MultiGeometry")


def _placemarks(el, folders: tuple[str, ...]):
    for c in el:
        tag = _local(c.tag)
        if tag in ("Document", "Folder"):
            yield from _placemarks(c, folders + ((_text(c, "name"),) if _text(c, "name") else ()))
        elif tag == "Placemark":
            yield c, folders


def read_kml(data: bytes, name: str) -> list[RawFeature]:
    root = parse_xml(data, name)
    if _local(root.tag) != "kml":
        raise ImportFailure(f"{name!r} is XML but not KML (root element <{_local(root.tag)}>)")
    budget.kml_document(root, name)  # placemarks, coordinates, nesting and finite x/y, before any geometry is built
    try:
        return _features(root)
    except RecursionError:
        raise ImportFailure(f"{name!r} nests Folder or Document elements too deeply to be a map layer") from None


def _features(root) -> list[RawFeature]:
    out: list[RawFeature] = []
    for i, (pm, folders) in enumerate(_placemarks(root, ())):
        props: dict[str, Any] = {
            "name": _text(pm, "name"),
            "description": _text(pm, "description"),
            "folder": " / ".join(folders),
        }
        ext = _child(pm, "ExtendedData")
        if ext is not None:
            for d in ext.iter():
                if _local(d.tag) == "Data" and d.get("name"):
                    props[d.get("name")] = _text(d, "value")
                elif _local(d.tag) == "SimpleData" and d.get("name"):
                    props[d.get("name")] = (d.text or "").strip()
        geom, problem = None, None
        gel = next((c for c in pm if _local(c.tag) in GEOMETRY_TAGS), None)
        try:
            geom = _geometry(gel) if gel is not None else None
        except (ValueError, shapely.errors.GEOSException) as exc:
            problem = f"unreadable geometry ({exc})"
        except RecursionError:
            problem = "MultiGeometry nested too deeply"
        out.append(RawFeature(i, props["name"], props, geom, problem))
    return out


def read_kmz(data: bytes, name: str) -> list[RawFeature]:
    members = read_zip(data, name, wanted=(".kml",))
    if not members:
        raise ImportFailure(f"{name!r} holds no .kml document")
    main = "doc.kml" if "doc.kml" in members else sorted(members)[0]
    return read_kml(members[main], f"{name}:{main}")

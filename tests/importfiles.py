"""Synthetic control-map files for the import tests: written by the tests themselves, in every
format and every way a file can be wrong. Shapes are made-up rectangles around real towns; nothing
here is traced from a third-party map."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import shapely

# Made-up areas (lon/lat boxes), named in DeepState's 2022 and 2023 spellings.
MELITOPOL_BOX = (35.0, 46.6, 35.8, 47.1)
MARIUPOL_BOX = (37.2, 46.9, 37.9, 47.3)
KHERSON_BOX = (32.3, 46.5, 33.0, 46.9)
TRANSNISTRIA_BOX = (28.9, 46.6, 29.3, 47.0)  # in Moldova: must be ignored as outside Ukraine


def box(b) -> dict:
    return shapely.geometry.mapping(shapely.box(*b))


def fc(features: list[dict], **extra) -> dict:
    return {"type": "FeatureCollection", **extra, "features": features}


def feat(name: str, geom: dict | None, **props) -> dict:
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": geom}


def deepstate_like(year_style: str = "2023") -> dict:
    """A small DeepState-style export with the name drift of the given year."""
    if year_style == "2022":
        occ, lib, unk = "Окуповано", "Звільнено", "Під питанням"
    elif year_style == "2025":
        occ, lib, unk = (
            "Окуповано /// Occupied /// geoJSON.status.occupied\n",
            "Звільнено /// Liberated\xa0/// geoJSON.status.dismissed",
            "Статус невідомий /// Unknown status\xa0/// geoJSON.status.unknown",
        )
    else:
        occ, lib, unk = "Окуповано /// Occupied\n", "Звільнено\xa0/// Liberated", "Статус невідомий /// Unknown status"
    return fc(
        [
            feat(occ, box(MELITOPOL_BOX)),
            feat(
                occ,
                {"type": "GeometryCollection", "geometries": [box(MARIUPOL_BOX), {"type": "Point", "coordinates": [37.5, 47.1]}]},
            ),
            feat(lib, box(KHERSON_BOX)),
            feat(unk, box((36.0, 47.2, 36.2, 47.35))),
            feat("Окуповано /// Occupied", box(TRANSNISTRIA_BOX)),
            feat("Напрямок удару /// Direction of attack", {"type": "Point", "coordinates": [35.5, 47.3]}),
            feat("Київ///Kyiv", {"type": "Point", "coordinates": [30.52, 50.45]}),
        ]
    )


def write_json(path: Path, obj) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def kml_doc(placemarks: str, folder: str = "Assessed Russian-controlled Ukrainian Territory", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Folder><name>{folder}</name>{placemarks}</Folder></Document></kml>"
    )


def kml_polygon(name: str, b) -> str:
    x0, y0, x1, y1 = b
    ring = f"{x0},{y0},0 {x1},{y0},0 {x1},{y1},0 {x0},{y1},0 {x0},{y0},0"
    return (
        f"<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}"
        f"</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    )


BILLION_LAUGHS = (
    '<!DOCTYPE kml [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()

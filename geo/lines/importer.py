"""Import one control-map file (DeepStateMap GeoJSON, GeoJSON, KML, KMZ, zipped shapefile,
GeoPackage) into a Snapshot: read safely, classify, repair, clip to Ukraine, and say what was
ignored and why. A polygon part with under MIN_SHARE_INSIDE of its area inside Ukraine is not counted
(no border slivers from Transnistria or Russia); polygons the classifier cannot decide are left out of
the figures and reported with their area (``undecided_km2``).

Every failure is an ImportFailure with one line for the analyst; nothing is written here (the
store writes, atomically).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from geo.core.measure import area_km2
from geo.lines import budget, classify, kml
from geo.lines.classify import Mapping
from geo.lines.formats import FORMATS  # the names --format takes (re-exported here)
from geo.lines.snapshot import RawFeature, Snapshot
from geo.lines.untrusted import ImportFailure, decode_utf8, parse_json, read_bytes, read_zip, shorten

UKRAINE_BBOX = (22.0, 44.3, 40.3, 52.4)
_DATE_IN_NAME = (
    re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)"),  # 2023-06-01 anywhere, preferred
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
)  # else 20230601 standing alone
_MARKUP = re.compile(r"<\s*[a-zA-Z!/]|javascript:", re.I)  # any tag in a name
_ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|svg|img|style|link|meta)\b|\bon[a-z]+\s*=|javascript:", re.I
)  # in descriptions


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    format: str = "auto"
    date: str | None = None
    source: str | None = None
    mapping: Mapping | None = None
    display_name: str | None = None  # the uploaded file's name, when path is a temporary copy


def parse_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ImportFailure(f"date {text[:30]!r} is not YYYY-MM-DD") from None


def date_from_name(name: str) -> str | None:
    """The first valid date in a name, bounded by non-digits (`run1234-2023-06-01` is 1 June 2023)."""
    for pattern in _DATE_IN_NAME:
        for m in pattern.finditer(name):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                continue
    return None


def sniff_format(path: Path, head: bytes) -> str:
    ext = path.suffix.lower()
    by_ext = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".kmz": "kmz", ".zip": "shapefile-zip", ".gpkg": "gpkg"}
    if ext in by_ext:
        return by_ext[ext]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "geojson"
    if stripped.startswith(b"<"):
        return "kml"
    if head.startswith(b"PK"):
        return "shapefile-zip"
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    raise ImportFailure(f"cannot tell the format of {path.name!r} (extension {ext or 'none'!r}); give --format")


# --- readers: each returns RawFeatures in lon/lat -------------------------------------------------


def _crs_of_geojson(obj: dict, name: str) -> CRS | None:
    crs = obj.get("crs")
    if not crs:
        return None
    props = crs.get("properties") if isinstance(crs, dict) else None
    label = props.get("name") if isinstance(props, dict) else None
    if not label:
        raise ImportFailure(f"{name!r}: its 'crs' member has no name")
    if not isinstance(label, str):
        raise ImportFailure(
            f"{name!r}: its 'crs' name is not text ({shorten(repr(label), 40)}); write it as e.g. \"urn:ogc:def:crs:EPSG::3857\""
        )
    try:
        c = CRS.from_user_input(label)
    except CRSError:
        raise ImportFailure(f"{name!r} declares an unknown CRS {label[:60]!r}") from None
    if "CRS84" in label or c.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None
    _check_convertible(c, name)
    return c


def _check_convertible(c: CRS, name: str) -> None:
    """Refuse a CRS that has no defined relation to longitude/latitude (engineering, LOCAL_CS)."""
    if not (c.is_geographic or c.is_projected) or c.is_engineering:
        raise ImportFailure(
            f"{name!r} uses a local (engineering) coordinate system {shorten(c.name, 60)!r} that cannot "
            f"be converted to longitude/latitude; re-export it as WGS84 (EPSG:4326)"
        )


def read_geojson(data: bytes, name: str) -> list[RawFeature]:
    obj = parse_json(decode_utf8(data, name), name)
    if not isinstance(obj, dict) or "type" not in obj:
        raise ImportFailure(f"{name!r} is JSON but not GeoJSON (no 'type' member at the top)")
    if obj["type"] == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise ImportFailure(f"{name!r}: 'features' is not a list")
    elif obj["type"] == "Feature":
        feats = [obj]
    elif obj["type"] in ("Polygon", "MultiPolygon", "GeometryCollection", "Point", "LineString"):
        feats = [{"type": "Feature", "properties": {}, "geometry": obj}]
    else:
        raise ImportFailure(f"{name!r}: GeoJSON type {str(obj['type'])[:30]!r} is not a feature collection")
    budget.geojson_features(feats, name)  # features, vertices, depth and finite x/y, before any geometry is built
    crs = _crs_of_geojson(obj, name)
    out = []
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            out.append(RawFeature(i, "", {}, None, "not a GeoJSON feature object"))
            continue
        props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
        geom, problem = None, None
        if f.get("geometry") is None:
            problem = "no geometry"
        else:
            try:
                geom = shapely.geometry.shape(f["geometry"])
            except Exception as exc:  # shapely raises several types for malformed coordinates
                problem = f"unreadable geometry ({type(exc).__name__}: {shorten(exc, 80)})"
        if geom is not None and problem is None:
            problem = _non_finite(geom)
            geom = None if problem else geom
        out.append(RawFeature(i, str(props.get("name") or ""), props, geom, problem))
    if crs is not None:
        _reproject(out, crs, name)
    return out


def _reproject(feats: list[RawFeature], crs: CRS, name: str = "the file") -> None:
    try:
        tr = Transformer.from_crs(crs, 4326, always_xy=True)
        for f in feats:
            if f.geom is not None:
                f.geom = shapely.transform(f.geom, lambda x, y: tr.transform(x, y), interleaved=False)
    except (ProjError, CRSError) as exc:
        raise ImportFailure(
            f"{name!r}: its coordinates cannot be converted from {shorten(crs.name, 60)!r} to "
            f"longitude/latitude ({shorten(exc, 80)})"
        ) from None


def _non_finite(g: shapely.Geometry) -> str | None:
    """Why a geometry cannot be used if a coordinate is NaN or infinite (GEOS fails on them), else None."""
    import numpy as np

    if g is None or g.is_empty:
        return None
    return None if np.isfinite(shapely.get_coordinates(g)).all() else "a coordinate is NaN or infinite"


def _ogr_error(exc: Exception, path: Path) -> str:
    """GDAL's message without the temporary folder the file was unpacked to."""
    return shorten(str(exc).replace(str(path.parent) + "/", "").replace(str(path.parent), ""), 100)


def _read_ogr(path: Path, name: str, layer_names: list[str] | None = None) -> list[RawFeature]:
    import pyogrio

    with warnings.catch_warnings():  # GDAL's warnings (e.g. an SQLite file that is not a GeoPackage) stay off stderr
        warnings.simplefilter("ignore")
        try:
            layers = layer_names or [str(r[0]) for r in pyogrio.list_layers(path)]
        except Exception as exc:  # pyogrio wraps GDAL errors in several classes
            raise ImportFailure(f"{name!r} cannot be opened as GIS data ({_ogr_error(exc, path)})") from None
        out: list[RawFeature] = []
        tables = []
        for layer in layers:
            budget.ogr_layer(path, layer, name, len(out))  # the declared feature count, before reading the layer
            try:
                gdf = pyogrio.read_dataframe(path, layer=layer)
            except Exception as exc:
                raise ImportFailure(f"{name!r}: layer {layer!r} cannot be read ({_ogr_error(exc, path)})") from None
            if "geometry" not in gdf.columns or not hasattr(gdf, "crs"):  # an attribute table, no geometry
                tables.append(layer)
                continue
            if gdf.crs is not None and not gdf.crs.equals(CRS.from_epsg(4326)):
                _check_convertible(gdf.crs, name)
                try:
                    gdf = gdf.to_crs(4326)
                except (ProjError, CRSError, ValueError) as exc:
                    raise ImportFailure(
                        f"{name!r}: layer {layer!r} cannot be converted to longitude/latitude ({shorten(exc, 80)})"
                    ) from None
            cols = [c for c in gdf.columns if c != "geometry"]
            for values, g in zip(gdf[cols].itertuples(index=False, name=None), gdf.geometry):  # plain tuples: any column name
                props = {str(c): v if isinstance(v, (str, int, float)) else str(v) for c, v in zip(cols, values)}
                props["layer"] = layer
                nm = next((str(props[k]) for k in ("name", "Name", "NAME") if props.get(k)), "")
                problem = "no geometry" if g is None else _non_finite(g)
                out.append(RawFeature(len(out), nm, props, None if problem else g, problem))
    if not out and tables and len(tables) == len(layers):
        raise ImportFailure(
            f"{name!r} holds no geometry: its layer(s) {', '.join(repr(t) for t in tables[:5])} are attribute tables"
        )
    return out


def read_shapefile_zip(data: bytes, name: str) -> list[RawFeature]:
    members = read_zip(data, name, wanted=(".shp", ".shx", ".dbf", ".prj", ".cpg"))
    shps = sorted(m for m in members if m.lower().endswith(".shp"))
    if not shps:
        raise ImportFailure(f"{name!r} holds no .shp file")
    lower = {m.lower() for m in members}
    for shp in shps:
        if shp[:-4].lower() + ".shx" not in lower:
            raise ImportFailure(
                f"{name!r}: {shp!r} has no {shp[:-4] + '.shx'!r} beside it in the archive "
                f"(a shapefile needs its .shp, .shx and .dbf)"
            )
    folders = {str(p) for m in members for p in PurePosixPath(m).parents}
    clash = next((m for m in members if m in folders), None)
    if clash is not None:
        raise ImportFailure(f"{name!r}: archive member {clash!r} is both a file and a folder; refused")
    with tempfile.TemporaryDirectory(prefix="briefmap-shp-") as tmp:
        for member, blob in members.items():
            dest = Path(tmp) / member
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(blob)
            except OSError as exc:
                raise ImportFailure(
                    f"{name!r}: archive member {member!r} cannot be unpacked ({exc.strerror or type(exc).__name__})"
                ) from None
        out: list[RawFeature] = []
        for shp in shps:
            for f in _read_ogr(Path(tmp) / shp, f"{name}:{shp}"):
                f.props["layer"] = Path(shp).stem
                f.index = len(out)
                out.append(f)
        return out


def read_raw(path: Path, fmt: str, display: str) -> tuple[list[RawFeature], str, bytes]:
    """(features, resolved format, the file's bytes) for any supported format."""
    data = read_bytes(path)
    if fmt == "auto":
        fmt = sniff_format(Path(display), data[:64])
    if fmt in ("geojson", "deepstate"):
        return read_geojson(data, display), fmt, data
    if fmt == "kml":
        return kml.read_kml(data, display), fmt, data
    if fmt == "kmz":
        return kml.read_kmz(data, display), fmt, data
    if fmt == "shapefile-zip":
        names = read_zip(data, display)
        if any(n.lower().endswith(".kml") for n in names) and not any(n.lower().endswith(".shp") for n in names):
            return kml.read_kmz(data, display), "kmz", data
        return read_shapefile_zip(data, display), fmt, data
    if fmt == "gpkg":
        if not data.startswith(b"SQLite format 3"):
            raise ImportFailure(f"{display!r} is not a GeoPackage (no SQLite header)")
        return _read_ogr(path, display), fmt, data
    raise ImportFailure(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


# --- checks on coordinates --------------------------------------------------------------------


def check_coordinates(feats: list[RawFeature], name: str) -> None:
    """Refuse projected or swapped coordinates with a message that shows them."""
    geoms = [f.geom for f in feats if f.geom is not None and not f.geom.is_empty]
    if not geoms:
        raise ImportFailure(f"{name!r} has no readable geometry ({len(feats)} feature(s))")
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    if not (-180 <= x0 and x1 <= 180 and -90 <= y0 and y1 <= 90):

        def num(v: float) -> str:
            return f"{v:,.0f}" if abs(v) < 1e12 else f"{v:.3g}"

        beyond = [
            f"{axis} {num(v)}"
            for axis, v, bad in (("x", x0, x0 < -180), ("x", x1, x1 > 180), ("y", y0, y0 < -90), ("y", y1, y1 > 90))
            if bad
        ]
        raise ImportFailure(
            f"{name!r}: coordinates reach {', '.join(beyond)}, not longitude/latitude; the file looks projected "
            f"(e.g. EPSG:3857) without saying so; re-export it as WGS84 (EPSG:4326)"
        )
    bx0, by0, bx1, by1 = UKRAINE_BBOX

    def meets(a0, b0, a1, b1):
        return a0 <= bx1 and a1 >= bx0 and b0 <= by1 and b1 >= by0

    if not meets(x0, y0, x1, y1):
        if meets(y0, x0, y1, x1):
            raise ImportFailure(
                f"{name!r}: coordinates look like latitude,longitude (swapped): x spans {x0:.2f}..{x1:.2f}; "
                f"GeoJSON and KML are longitude,latitude"
            )
        raise ImportFailure(
            f"{name!r}: no feature lies in or near Ukraine (bounds {x0:.2f},{y0:.2f} .. {x1:.2f},{y1:.2f}); "
            f"wrong file or wrong CRS?"
        )


# --- classification, repair, clipping ---------------------------------------------------------


def _polygons(g: shapely.Geometry) -> list[shapely.Geometry]:
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [q for p in shapely.get_parts(g) for q in _polygons(p)]
    return []


def _polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """Only the area parts of a geometry (GeometryCollections keep their polygons, lose the rest)."""
    if g.geom_type == "Polygon":
        return g
    polys = [p for p in _polygons(g) if not p.is_empty]
    return shapely.union_all(polys) if polys else shapely.GeometryCollection()


def _examples(names: list[str]) -> str:
    shown = list(dict.fromkeys(classify.display_name(n) for n in names if n))[:4]
    return f" (e.g. {', '.join(repr(s) for s in shown)})" if shown else ""


COVERAGE_FROM = 2000  # polygons; below this a plain union is fast enough (a real DeepStateMap file has ~100)


def merge(polys: list[shapely.Geometry]) -> shapely.Geometry:
    """The union of one class's polygons, in a time that scales.

    Many small polygons that tile without overlapping (a "shattered" export) form a valid coverage, whose
    union GEOS computes ~16x faster (shapely.coverage_union_all: 0.12 s against 1.9 s for 50,000 triangles);
    anything else goes through the cascaded union (shapely.union_all, itself STRtree-partitioned: a grid of
    cells unioned first was measured no faster). The feature and vertex budgets (geo.lines.budget) bound the rest.
    """
    if len(polys) >= COVERAGE_FROM:
        arr = np.asarray(polys, dtype=object)  # valid polygons: build_snapshot repaired them
        # shapely.coverage_is_valid took 131 s on 50,000 overlapping triangles; an STRtree search for any two
        # polygons sharing interior stops at the first pair, and the result is checked by its area (a union of
        # polygons that do not overlap has the sum of their areas), so a mis-noded coverage falls back too.
        if not _any_overlap(arr):
            merged = shapely.coverage_union_all(arr)
            total = float(shapely.area(arr).sum())
            if merged.is_valid and abs(merged.area - total) <= 1e-9 * max(total, 1e-12) + 1e-12:
                return merged
    return shapely.union_all(polys)


def _any_overlap(arr: np.ndarray, chunk: int = 2000) -> bool:
    """Whether any two polygons share interior (overlap, or one contains the other), stopping at the first."""
    tree = shapely.STRtree(arr)
    for start in range(0, len(arr), chunk):
        part = arr[start : start + chunk]
        if tree.query(part, predicate="overlaps").size:
            return True
        pairs = tree.query(part, predicate="contains")
        if (pairs[0] + start != pairs[1]).any():
            return True
    return False


MIN_SHARE_INSIDE = 0.2  # a polygon part with less of its area inside Ukraine is not counted (border slivers)


def _split_by_share_inside(g: shapely.Geometry, ukraine: shapely.Geometry) -> tuple[list, list]:
    """(parts counted, parts mostly outside Ukraine): each polygon part's equal-area share inside Ukraine."""
    kept, dropped = [], []
    for p in _polygons(g):
        if p.is_empty or p.area == 0:
            continue
        if shapely.contains_properly(ukraine, p):
            kept.append(p)
            continue
        inside = area_km2(shapely.intersection(p, ukraine))
        (kept if inside >= MIN_SHARE_INSIDE * area_km2(p) else dropped).append(p)
    return kept, dropped


def build_snapshot(
    feats: list[RawFeature],
    *,
    date: str,
    source: str,
    source_file: str,
    sha256: str,
    fmt: str,
    classifier,
    mapping_label: str,
    ukraine: shapely.Geometry,
) -> Snapshot:
    """Classify, repair and clip; everything not used is counted with its reason.

    Parameters
    ----------
    feats : list of RawFeature
        The file's features as read.
    date, source, source_file, sha256, fmt, mapping_label : str
        Provenance recorded in the snapshot.
    classifier : callable
        ``classifier(feature) -> (class, why)``; class None means ignored (with `why`), ``classify.UNDECIDED`` means a
        polygon nothing classifies (reported with its area, not counted). A classifier with a ``conflict(feature)``
        method (``classify.DeepStateReader``) has the disagreements between its signals reported for polygons used.
    ukraine : shapely.Geometry
        Ukraine's outline; areas are clipped to it and polygon parts mostly outside it are not counted.

    Returns
    -------
    Snapshot
    """
    tally = _Tally()
    conflict_of = getattr(classifier, "conflict", None)
    near = shapely.buffer(ukraine, 0.01)
    shapely.prepare(near)
    shapely.prepare(ukraine)
    for f in feats:
        _sort_feature(f, tally, classifier, conflict_of, near, ukraine)
    undecided_km2 = 0.0
    if tally.undecided:
        undecided_km2 = area_km2(shapely.intersection(merge(tally.undecided), ukraine))
        tally.ignored[f"{classify.STATUS_UNKNOWN_TO_IMPORTER}, {undecided_km2:,.0f} km² in Ukraine"] = tally.undecided_names
    if tally.used == 0:
        raise ImportFailure(
            f"{source_file!r}: none of its {len(feats)} feature(s) could be used: "
            + "; ".join(f"{len(v)} × {k}" for k, v in sorted(tally.ignored.items(), key=lambda kv: -len(kv[1]))[:3])
        )
    held, unknown, liberated = _classes(tally.parts, ukraine)
    warnings = _warnings(tally, undecided_km2)
    if held.is_empty:
        warnings.append("no held (occupied) area in this file")
    ignored = tally.ignored
    ignored_lines = [f"{len(v)} × {k}{_examples(v)}" for k, v in sorted(ignored.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return Snapshot(
        date=date,
        source=source,
        source_file=source_file,
        source_sha256=sha256,
        format=fmt,
        held=held,
        unknown=unknown,
        liberated=liberated,
        points=tally.points,
        features_used=tally.used,
        features_ignored=sum(len(v) for v in ignored.values()),
        ignored=ignored_lines,
        warnings=warnings,
        imported_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        mapping=mapping_label,
        undecided_km2=round(undecided_km2, 1),
    )


@dataclass
class _Tally:
    """What build_snapshot has sorted so far: polygon parts per class, points, and every reason a feature was not used."""

    ignored: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parts: dict[str, list[shapely.Geometry]] = field(default_factory=lambda: {"held": [], "unknown": [], "liberated": []})
    points: list[tuple[str, str, shapely.Point]] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    undecided: list[shapely.Geometry] = field(default_factory=list)
    undecided_names: list[str] = field(default_factory=list)
    partly_outside: list[str] = field(default_factory=list)
    markup: int = 0
    used: int = 0


def _sort_feature(
    f: RawFeature, tally: _Tally, classifier, conflict_of, near: shapely.Geometry, ukraine: shapely.Geometry
) -> None:
    """One feature: repaired if invalid, classified, clipped; used (into tally.parts or points) or ignored with its reason."""
    label = classify.normalise(f.name)
    if _MARKUP.search(str(f.name)) or _ACTIVE.search(str(f.props.get("description") or "")):
        tally.markup += 1
    if f.problem:
        tally.ignored[f.problem].append(label)
        return
    if f.geom is None or f.geom.is_empty:
        tally.ignored["empty geometry"].append(label)
        return
    g, invalid_reason = f.geom, None
    if not g.is_valid:  # repaired once, here; reported only if the feature is used
        invalid_reason = shapely.is_valid_reason(g)
        g = shapely.make_valid(g)
    if not near.intersects(g):
        tally.ignored["outside Ukraine"].append(label)
        return
    cls, why = classifier(f)
    note = conflict_of(f) if conflict_of is not None else ""
    if cls is None:
        tally.ignored[why].append(label)
        if note and _split_by_share_inside(_polygonal(g), ukraine)[0]:  # e.g. another country's colour on Ukrainian ground
            tally.conflicts.append(note)
        return
    if cls == classify.POINT:
        pts = [p for p in shapely.get_parts(g) if p.geom_type == "Point" and near.intersects(p)]
        tally.points.extend((why, label, p) for p in pts)
        tally.used += 1
        return
    g = _polygonal(g)
    if g.is_empty or g.area == 0:
        tally.ignored["degenerate geometry (no area)"].append(label)
        return
    kept, dropped = _split_by_share_inside(g, ukraine)
    if not kept:
        tally.ignored["mostly outside Ukraine"].append(label)
        return
    if dropped:
        tally.partly_outside.append(label)
    if cls == classify.UNDECIDED:
        tally.undecided.extend(kept)
        tally.undecided_names.append(label)
        return
    if invalid_reason:
        tally.repaired.append(f"#{f.index} {label[:30]!r}: {invalid_reason}")
    if note:
        tally.conflicts.append(note)
    tally.parts[cls].extend(kept)
    tally.used += 1


def _warnings(tally: _Tally, undecided_km2: float) -> list[str]:
    """The import's warnings, in a fixed order: repairs, markup, signal conflicts, parts outside Ukraine, undecided polygons."""
    out = []
    if tally.repaired:
        n = len(tally.repaired)
        out.append(
            f"repaired {n} invalid geometr{'y' if n == 1 else 'ies'} with make_valid: "
            + "; ".join(tally.repaired[:3])
            + (" …" if n > 3 else "")
        )
    if tally.markup:
        out.append(
            f"{tally.markup} feature(s) carry HTML or script markup in their name or active content in their description; "
            f"names are kept as plain text and escaped when shown, descriptions are not kept"
        )
    if tally.conflicts:
        out.append(
            f"{len(tally.conflicts)} polygon(s) where key, colour and name disagree, decided by {classify.RULE}: "
            + "; ".join(tally.conflicts[:5])
            + (" …" if len(tally.conflicts) > 5 else "")
        )
    if tally.partly_outside:
        out.append(
            f"{len(tally.partly_outside)} polygon(s) have parts lying mostly outside Ukraine (under "
            f"{MIN_SHARE_INSIDE:.0%} of their area inside), not counted{_examples(tally.partly_outside)}"
        )
    if tally.undecided:
        out.append(
            f"{len(tally.undecided_names)} polygon(s), {undecided_km2:,.0f} km², "
            f"{classify.STATUS_UNKNOWN_TO_IMPORTER}: e.g. "
            + ", ".join(repr(classify.display_name(n)) for n in list(dict.fromkeys(tally.undecided_names))[:4])
        )
    return out


def _classes(parts: dict[str, list[shapely.Geometry]], ukraine: shapely.Geometry) -> tuple[shapely.Geometry, ...]:
    """Held, unknown and liberated, each merged and clipped to Ukraine; held wins over unknown, both over liberated."""
    empty = shapely.GeometryCollection()
    held = shapely.intersection(merge(parts["held"]), ukraine) if parts["held"] else empty
    unknown = merge(parts["unknown"]) if parts["unknown"] else empty
    unknown = shapely.difference(shapely.intersection(unknown, ukraine), held) if not unknown.is_empty else unknown
    liberated = merge(parts["liberated"]) if parts["liberated"] else empty
    if not liberated.is_empty:
        liberated = shapely.difference(shapely.intersection(liberated, ukraine), shapely.union(held, unknown))
    return tuple(_polygonal(g) if not g.is_empty else empty for g in (held, unknown, liberated))


def fields_summary(feats: list[RawFeature], limit: int = 8) -> dict[str, list[str]]:
    """Attribute names and their most common values, for the mapping step and its error message."""
    from collections import Counter

    counts: dict[str, Counter] = defaultdict(Counter)
    for f in feats[:5000]:
        for k, v in f.props.items():
            if isinstance(v, str) and v.strip() and len(v) < 120:
                counts[k][classify.normalise(v)] += 1
    return {k: [v for v, _ in c.most_common(limit)] for k, c in counts.items()}


def run(req: ImportRequest, ukraine: shapely.Geometry) -> tuple[Snapshot, bytes]:
    """Read, check and classify one file; returns the snapshot and the file's bytes (for the cache)."""
    display = req.display_name or Path(req.path).name
    if req.format not in FORMATS:
        raise ImportFailure(f"unknown format {req.format!r}; one of {', '.join(FORMATS)}")
    date = parse_date(req.date) if req.date else date_from_name(display)
    if date is None:
        raise ImportFailure(f"no date for {display!r}: give --date YYYY-MM-DD (or put the date in the file name)")
    feats, fmt, data = read_raw(Path(req.path), req.format, display)
    budget.geometries(feats, display)  # every format: vertex count, finite x/y, Z and M dropped
    if not feats:
        raise ImportFailure(f"{display!r} holds no features")
    check_coordinates(feats, display)
    sha = hashlib.sha256(data).hexdigest()
    if req.mapping is not None:
        classifier, label, source = req.mapping.classify, req.mapping.describe(), req.source or "custom"
    elif fmt == "deepstate" or (fmt == "geojson" and classify.looks_like_deepstate(feats)):
        classifier = classify.DeepStateReader(feats)
        label, source, fmt = classifier.label, req.source or "deepstate", "deepstate"
    else:
        fields = fields_summary(feats)
        shown = "; ".join(f"{k}: {', '.join(repr(v) for v in vals[:4])}" for k, vals in list(fields.items())[:5])
        raise ImportFailure(
            f"{display!r} is not a DeepStateMap export: say which attribute means held, e.g. "
            f"--field status --held occupied --liberated liberated (attributes: {shown or 'none'})"
        )
    snap = build_snapshot(
        feats,
        date=date,
        source=source,
        source_file=display,
        sha256=sha,
        fmt=fmt,
        classifier=classifier,
        mapping_label=label,
        ukraine=ukraine,
    )
    return snap, data

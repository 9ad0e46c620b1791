"""Authored lines (the Dnipro, routes, front lines) as ordered waypoints through named settlements.

data/authored/waypoints.csv holds one row per waypoint; coordinates come from GeoNames ids
(checked here), 'between' points are computed on the geodesic between two settlements, and a
'follow' row splices in part of another line, so the Dnipro is digitized once and reused.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import shapely

from geo.core.measure import GEOD
from geo.core.paths import AUTHORED
from geo.data import geonames

WAYPOINTS_FILE = AUTHORED / "waypoints.csv"
FIELDS = [
    "line",
    "seq",
    "role",
    "name",
    "geonameid",
    "status",
    "name_b",
    "geonameid_b",
    "status_b",
    "frac",
    "radius_km",
    "lon",
    "lat",
    "note",
]
ROLES = {"settlement", "between", "anchor", "follow", "check", "ring"}
STATUSES = {"", "UA", "RU", "line"}
COORD_TOL = 2e-5  # degrees: the CSV rounds to 5 decimals


def between_point(lon1: float, lat1: float, lon2: float, lat2: float, frac: float) -> tuple[float, float]:
    """The point at `frac` of the way along the geodesic from (lon1, lat1) to (lon2, lat2)."""
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = GEOD.fwd(lon1, lat1, az, dist * frac)
    return lon, lat


@dataclass(frozen=True)
class Waypoint:
    line: str
    seq: int
    role: str
    lon: float
    lat: float
    name: str = ""
    geonameid: int | None = None
    status: str = ""
    name_b: str = ""
    geonameid_b: int | None = None
    status_b: str = ""
    frac: float | None = None
    radius_km: float | None = None
    note: str = ""

    @property
    def label(self) -> str:
        if self.role == "between":
            return f"between {self.name} ({self.status or '-'}) and {self.name_b} ({self.status_b or '-'})"
        if self.role == "anchor":
            return f"anchor: {self.note}"
        return self.name


@dataclass
class WaypointSet:
    rows: list[Waypoint]
    problems: list[str] = field(default_factory=list)

    def line_ids(self) -> list[str]:
        return list(dict.fromkeys(w.line for w in self.rows))

    def of(self, line: str, roles: set[str] | None = None) -> list[Waypoint]:
        return [w for w in self.rows if w.line == line and (roles is None or w.role in roles)]


def _opt_int(v: str) -> int | None:
    return int(v) if v.strip() else None


def _opt_float(v: str) -> float | None:
    return float(v) if v.strip() else None


def load(path: Path = WAYPOINTS_FILE) -> WaypointSet:
    """Read and verify the waypoint table; every problem is listed (row number and bad value)."""
    rows: list[Waypoint] = []
    problems: list[str] = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != FIELDS:
            raise ValueError(f"{path.name}: header {reader.fieldnames!r} differs from {FIELDS!r}")
        for n, r in enumerate(reader, start=2):
            where = f"{path.name}:{n} ({r['line']} #{r['seq']})"
            try:
                role = r["role"]
                if role not in ROLES:
                    problems.append(f"{where}: unknown role {role!r}")
                    continue
                if r["status"] not in STATUSES or r["status_b"] not in STATUSES:
                    problems.append(f"{where}: unknown status {r['status']!r}/{r['status_b']!r}")
                lon = _opt_float(r["lon"])
                lat = _opt_float(r["lat"])
                w = Waypoint(
                    line=r["line"],
                    seq=int(r["seq"]),
                    role=role,
                    lon=lon if lon is not None else math.nan,
                    lat=lat if lat is not None else math.nan,
                    name=r["name"],
                    geonameid=_opt_int(r["geonameid"]),
                    status=r["status"],
                    name_b=r["name_b"],
                    geonameid_b=_opt_int(r["geonameid_b"]),
                    status_b=r["status_b"],
                    frac=_opt_float(r["frac"]),
                    radius_km=_opt_float(r["radius_km"]),
                    note=r["note"],
                )
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                continue
            problems.extend(f"{where}: {p}" for p in _verify(w))
            rows.append(w)
    return WaypointSet(rows=rows, problems=problems)


def _verify(w: Waypoint) -> list[str]:
    """Coordinates must be what GeoNames (or the geodesic between two settlements) gives."""
    out: list[str] = []
    if w.role == "follow":
        return out if w.name else ["follow row names no line"]
    if not (-180 <= w.lon <= 180 and -90 <= w.lat <= 90):
        return [f"coordinates ({w.lon!r}, {w.lat!r}) are not valid lon/lat"]
    if w.role == "anchor":
        return out if w.note else ["an anchor needs a note saying where it is and why"]
    if w.geonameid is None:
        return ["missing geonameid"]
    try:
        a = geonames.get(w.geonameid)
    except geonames.GeoNamesError as exc:
        return [str(exc)]
    if w.name != a.name:
        out.append(f"name {w.name!r} is not GeoNames' name {a.name!r} for id {w.geonameid}")
    if w.role == "between":
        if w.geonameid_b is None:
            return out + ["a 'between' row needs geonameid_b"]
        b = geonames.get(w.geonameid_b)
        if w.name_b != b.name:
            out.append(f"name_b {w.name_b!r} is not GeoNames' name {b.name!r}")
        frac = w.frac if w.frac is not None else 0.5
        if not 0 < frac < 1:
            out.append(f"frac {frac!r} must lie strictly between 0 and 1")
        lon, lat = between_point(a.lon, a.lat, b.lon, b.lat, frac)
    else:
        lon, lat = a.lon, a.lat
    if abs(lon - w.lon) > COORD_TOL or abs(lat - w.lat) > COORD_TOL:
        out.append(f"coordinates ({w.lon}, {w.lat}) differ from GeoNames-derived ({lon:.5f}, {lat:.5f})")
    if w.role == "ring" and not (w.radius_km and w.radius_km > 0):
        out.append(f"ring radius {w.radius_km!r} must be positive")
    return out


def ring_polygon(w: Waypoint, n: int = 48) -> shapely.Polygon:
    """A geodesic circle of radius_km around the ring's settlement."""
    lons, lats, _ = GEOD.fwd([w.lon] * n, [w.lat] * n, [i * 360.0 / n for i in range(n)], [w.radius_km * 1000.0] * n)
    return shapely.Polygon(list(zip(lons, lats)))


def assemble(ws: WaypointSet, line: str, _seen: tuple[str, ...] = ()) -> shapely.LineString:
    """The line's geometry: its waypoints in order, with 'follow' rows spliced in.

    A follow row joins the previous waypoint to the nearest point of the followed line and runs
    along it to its end; the next waypoint continues from there.
    """
    if line in _seen:
        raise ValueError(f"line {line!r} follows itself through {' -> '.join(_seen)}")
    coords: list[tuple[float, float]] = []
    for w in ws.of(line, {"settlement", "between", "anchor", "follow"}):
        if w.role == "follow":
            other = assemble(ws, w.name, _seen + (line,))
            if not coords:
                coords.extend(other.coords)
                continue
            start = other.project(shapely.Point(coords[-1]))
            tail = shapely.ops.substring(other, start, other.length)
            coords.extend(tail.coords)
        else:
            coords.append((w.lon, w.lat))
    if len(coords) < 2:
        raise ValueError(f"line {line!r} has fewer than two waypoints")
    return shapely.LineString(coords)


@lru_cache(maxsize=1)
def cached() -> WaypointSet:
    return load()


import shapely.ops  # noqa: E402  (substring lives there)

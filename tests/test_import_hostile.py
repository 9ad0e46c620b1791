"""A generated hostile-file suite: every file is written here, in tmp_path, and pushed through the one
import boundary (geo.lines.ingest). For each case: the expected outcome (imported or refused), exactly one
message line naming the file (escaped, printable), no traceback, the last-resort guard silent, and the
store byte-for-byte unchanged when the file is refused. Most cases run in-process; a representative
set runs through `python -m geo import` in a subprocess, including a streamed folder import."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pyogrio
import pytest
import shapely
from importfiles import (
    BILLION_LAUGHS,
    KHERSON_BOX,
    MELITOPOL_BOX,
    box,
    deepstate_like,
    fc,
    feat,
    kml_doc,
    kml_polygon,
    write_json,
    zip_bytes,
)
from tests_paths import ROOT

from geo.lines import classify, ingest, store
from geo.lines.untrusted import printable

D = "2022-06-01"  # every generated name carries this date unless the case is about dates


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], Path]  # writes the file(s) under the folder it is given, returns the path to import
    ok: bool
    needle: str = ""  # a phrase the message (or, when ok, nothing) must contain
    kw: tuple = ()  # extra import_one arguments, as (key, value) pairs


CASES: list[Case] = []


def case(id, ok, needle="", **kw):
    def deco(make):
        CASES.append(Case(id, make, ok, needle, tuple(kw.items())))
        return make

    return deco


def text_file(name: str, text: str | bytes):
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p

    return make


def add(id, ok, make, needle="", **kw):
    CASES.append(Case(id, make, ok, needle, tuple(kw.items())))


GOOD = json.dumps(deepstate_like(), ensure_ascii=False)
GOOD_KML = kml_doc(kml_polygon("area 1", MELITOPOL_BOX))
ISW = (("mapping", classify.PRESETS["isw"]), ("source", "isw"))


def geo_text(*features, **extra) -> str:
    return json.dumps(fc(list(features), **extra), ensure_ascii=False)


def occ(geom) -> dict:
    return feat("Окуповано /// Occupied", geom)


# --- 1. ordinary GIS files: column names that are not Python identifiers ---------------------------
COLUMNS = ["ISW status", "class", "def", "1st", "_private", "a-b", "ünï", "lambda"]


def ogr_file(fmt: str, columns: dict, layer: str = "lines", geometry=None, crs=4326, prj: str | None = None):
    def make(d: Path) -> Path:
        gdf = gpd.GeoDataFrame(columns, geometry=geometry or [shapely.box(*MELITOPOL_BOX)], crs=crs)
        if fmt == "gpkg":
            p = d / f"control-{D}.gpkg"
            pyogrio.write_dataframe(gdf, p, layer=layer)
            return p
        src = d / "shp"
        src.mkdir()
        pyogrio.write_dataframe(gdf, src / "occ.shp")
        if prj is not None:
            (src / "occ.prj").write_text(prj)
        p = d / f"control-{D}.zip"
        p.write_bytes(zip_bytes({f.name: f.read_bytes() for f in src.iterdir()}))
        return p

    return make


for fmt in ("shapefile-zip", "gpkg"):
    for col in COLUMNS:
        # the odd column is present but another one is mapped, and the odd column itself is mapped
        add(
            f"{fmt}-column-{col}-unmapped",
            True,
            ogr_file(fmt, {col: ["x"], "status": ["occupied"]}),
            mapping=classify.Mapping(field="status", held=("occupied",)),
        )
        add(
            f"{fmt}-column-{col}-mapped",
            True,
            ogr_file(fmt, {col: ["occupied"]}),
            mapping=classify.Mapping(field=col, held=("occupied",)),
        )


@case("gpkg-attribute-table-only", False, "attribute table")
def _(d):
    p = d / f"table-{D}.gpkg"
    import pandas as pd

    pyogrio.write_dataframe(pd.DataFrame({"status": ["occupied"]}), p, layer="t", driver="GPKG")
    return p


LOCAL_CS = 'LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'
ENGCRS = 'ENGCRS["eng",EDATUM["site"],CS[Cartesian,2],AXIS["x",east],AXIS["y",north],LENGTHUNIT["metre",1]]'
add(
    "shapefile-local-cs-prj",
    False,
    ogr_file("shapefile-zip", {"status": ["occupied"]}, prj=LOCAL_CS),
    "local",
    mapping=classify.Mapping(field="status", held=("occupied",)),
)

# --- 2. GeoJSON 'crs' members of every wrong shape -------------------------------------------------
for cid, crs, needle in [
    ("crs-name-number", {"type": "name", "properties": {"name": 3857}}, "not text"),
    ("crs-name-float", {"type": "name", "properties": {"name": 4326.5}}, "not text"),
    ("crs-name-list", {"type": "name", "properties": {"name": ["EPSG:3857"]}}, "not text"),
    ("crs-name-bool", {"type": "name", "properties": {"name": True}}, "not text"),
    ("crs-properties-string", {"type": "name", "properties": "EPSG:3857"}, "no name"),
    ("crs-properties-list", {"type": "name", "properties": ["EPSG:3857"]}, "no name"),
    ("crs-is-string", "EPSG:3857", "no name"),
    ("crs-is-list", [1, 2], "no name"),
    ("crs-engineering-wkt2", {"type": "name", "properties": {"name": ENGCRS}}, "local"),
    ("crs-local-cs-wkt1", {"type": "name", "properties": {"name": LOCAL_CS}}, "local"),
    ("crs-unknown-epsg", {"type": "name", "properties": {"name": "EPSG:999999"}}, "unknown CRS"),
    ("crs-garbage", {"type": "name", "properties": {"name": "\x1b[31mred"}}, "unknown CRS"),
]:
    add(cid, False, text_file(f"{cid}-{D}.geojson", geo_text(occ(box(MELITOPOL_BOX)), crs=crs)), needle)

# --- 3. non-finite coordinates ------------------------------------------------------------------------
x0, y0, x1, y1 = MELITOPOL_BOX
for cid, bad in [
    ("nan", "NaN"),
    ("nan-string", '"NaN"'),
    ("infinity", "Infinity"),
    ("minus-infinity", "-Infinity"),
    ("nan-string-lower", '"nan"'),
    ("inf-string", '"inf"'),
]:
    ring = f"[[{x0},{y0}],[{x1},{bad}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]"
    assert GOOD.count("[35.8, 46.6]") == 2
    one_bad = GOOD.replace("[35.8, 46.6]", f"[35.8, {bad}]", 1)  # one vertex of the Melitopol polygon
    # strict numbers: a non-finite NUMBER refuses the whole file (nothing half-imported); a string where a
    # number belongs makes that feature unreadable: it is left out and reported, the rest imports
    string = bad.startswith('"')
    add(f"vertex-{cid}-among-good", string, text_file(f"v-{cid}-{D}.geojson", one_bad), "" if string else "not a finite number")
    only_bad = (
        f'{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"Окуповано"}},'
        f'"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}'
    )
    add(
        f"vertex-{cid}-only",
        False,
        text_file(f"o-{cid}-{D}.geojson", only_bad),
        "no readable geometry" if string else "not a finite number",
    )
    add(
        f"point-{cid}",
        False,
        text_file(
            f"p-{cid}-{D}.geojson",
            f'{{"type":"Feature","properties":{{"name":"Окуповано"}},"geometry":{{"type":"Point","coordinates":[{bad},{bad}]}}}}',
        ),
        "no readable geometry" if string else "not a finite number",
    )
for cid, tok in [("nan", "nan"), ("inf", "inf"), ("minus-inf", "-inf")]:
    ring = f"{x0},{y0} {x1},{tok} {x1},{y1} {x0},{y1} {x0},{y0}"
    add(
        f"kml-vertex-{cid}",
        False,
        text_file(
            f"k-{cid}-{D}.kml",
            kml_doc(
                f"<Placemark><name>a</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
                f"</LinearRing></outerBoundaryIs></Polygon></Placemark>"
            ),
        ),
        "not a finite number",
        kw_isw=True,
    )
for cid, v in [("1e308", 1e308), ("-1e308", -1e308)]:
    add(
        f"coordinate-{cid}",
        False,
        text_file(
            f"c{cid}-{D}.geojson",
            geo_text(occ({"type": "Polygon", "coordinates": [[[v, 47], [38, 47], [38, 48], [35, 48], [v, 47]]]})),
        ),
        f"x {v:.3g}",
    )
add(
    "coordinate-lat-1e308",
    False,
    text_file(
        f"lat-{D}.geojson", geo_text(occ({"type": "Polygon", "coordinates": [[[35, 47], [36, 1e308], [36, 48], [35, 47]]]}))
    ),
    "y 1e+308",
)
add(
    "coordinate-3857-no-crs",
    False,
    text_file(
        f"merc-{D}.geojson",
        geo_text(occ({"type": "Polygon", "coordinates": [[[3.9e6, 5.9e6], [4.0e6, 5.9e6], [4.0e6, 6.0e6], [3.9e6, 5.9e6]]]})),
    ),
    "x 4,000,000",
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # shapely warns about the NaN it is asked to build
    NAN_POLYGON = shapely.Polygon([(x0, y0), (x1, float("nan")), (x1, y1), (x0, y0)])
ogr_nan = ogr_file("gpkg", {"status": ["occupied", "occupied"]}, geometry=[NAN_POLYGON, shapely.box(*KHERSON_BOX)])
add("gpkg-nan-vertex-among-good", True, ogr_nan, mapping=classify.Mapping(field="status", held=("occupied",)))

# --- 4. nesting ---------------------------------------------------------------------------------------
for depth in (1500, 3000, 20000):
    add(
        f"kml-nested-folders-{depth}",
        False,
        text_file(
            f"f{depth}-{D}.kml",
            (
                '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                + "<Folder>" * depth
                + kml_polygon("a", MELITOPOL_BOX)
                + "</Folder>" * depth
                + "</Document></kml>"
            ),
        ),
        "levels of nesting",
    )
    add(
        f"kml-nested-multigeometry-{depth}",
        False,
        text_file(
            f"m{depth}-{D}.kml",
            kml_doc(
                "<Placemark><name>a</name>"
                + "<MultiGeometry>" * depth
                + "<Point><coordinates>35,47</coordinates></Point>"
                + "</MultiGeometry>" * depth
                + "</Placemark>"
            ),
        ),
        "levels of nesting",
        kw_isw=True,
    )
    add(
        f"geojson-nested-collections-{depth}",
        False,
        text_file(
            f"g{depth}-{D}.geojson",
            '{"type":"Feature","properties":{"name":"Окуповано"},"geometry":'
            + '{"type":"GeometryCollection","geometries":[' * depth
            + json.dumps(box(MELITOPOL_BOX))
            + "]}" * depth
            + "}",
        ),
        "",
    )
    add(f"json-nested-arrays-{depth}", False, text_file(f"a{depth}-{D}.geojson", "[" * depth + "]" * depth), "")

# --- 5. numbers and names Python chokes on ------------------------------------------------------------
add(
    "int-5000-digits-in-coordinate",
    False,
    text_file(f"int-{D}.geojson", geo_text(occ(box(MELITOPOL_BOX))).replace("35.0", "3" * 5000, 1)),
    "number",
)
add(
    "int-5000-digits-in-property",
    False,
    text_file(f"prop-{D}.geojson", geo_text(occ(box(MELITOPOL_BOX))).replace('"name"', '"n": ' + "9" * 5000 + ', "name"', 1)),
    "number",
)
add(
    "float-5000-digits",
    True,
    text_file(
        f"flt-{D}.geojson",  # a float that long is still a float
        GOOD.replace("[35.8, 46.6]", "[35." + "8" * 5000 + ", 46.6]", 1),
    ),
)
add(
    "lone-surrogate-in-name",
    True,
    text_file(f"sur-{D}.geojson", GOOD.replace('"Напрямок удару', '"\\udc80\\ud800 Напрямок удару', 1)),
)
add("lone-surrogate-in-key", True, text_file(f"surkey-{D}.geojson", GOOD.replace('"name"', '"\\udcff": 1, "name"', 1)))
add("valid-surrogate-pair-in-name", True, text_file(f"pair-{D}.geojson", GOOD.replace('"Київ', '"\\ud83d\\ude00 Київ', 1)))
add(
    "zip-file-and-folder-clash",
    False,
    lambda d: (
        (d / f"clash-{D}.zip").write_bytes(
            zip_bytes({"occ.shp": b"x" * 200, "occ.shx": b"x", "occ.shp/x.shp": b"y" * 200, "occ.shp/x.shx": b"y"})
        )
        and d / f"clash-{D}.zip"
    ),
    "both a file and a folder",
)


def raw_name(raw: bytes, content: str = GOOD):
    def make(d: Path) -> Path:
        p = Path(os.fsdecode(bytes(d) + b"/" + raw))
        p.write_bytes(content.encode("utf-8"))
        return p

    return make


add("name-cp1251-bytes", True, raw_name("Окуповано-2022-06-01.geojson".encode("cp1251")))
add("name-cp1251-bytes-bad-content", False, raw_name("Зона-2022-06-01.geojson".encode("cp1251"), "{"), "not valid JSON")
add("name-latin1-bytes", True, raw_name("carte-\xe9t\xe9-2022-06-01.geojson".encode("latin-1")))
for cid, nm in [
    ("escape-codes", "\x1b[31mred\x1b[0m-2022-06-01.geojson"),
    ("newline", "two\nlines-2022-06-01.geojson"),
    ("carriage-return", "over\rwrite-2022-06-01.geojson"),
    ("bidi-override", "evil\u202egpj-2022-06-01.geojson"),
    ("bell-tab", "a\x07b\tc-2022-06-01.geojson"),
    ("markdown", "[x](javascript:alert(1))-2022-06-01.geojson"),
]:
    add(f"name-{cid}", True, text_file(nm, GOOD))
    add(f"name-{cid}-bad-content", False, text_file(nm, "{"), "not valid JSON")

# --- 6. dates in names -------------------------------------------------------------------------------
for nm, ok in [
    ("run1234-2023-06-01.geojson", True),
    ("2023-06-01.geojson", True),
    ("x_2023_06_01.geojson", True),
    ("v2-20230601.geojson", True),
    ("12345-2023-06-01-99.geojson", True),
    ("2023-13-45.geojson", False),
    ("run1234.geojson", False),
    ("202306011.geojson", False),
]:
    add(f"date-{nm}", ok, text_file(nm, GOOD), "" if ok else "no date")

# --- 7. the kinds of test_import_bad_input.py, many times over ----------------------------------------
for frac in (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
    add(f"truncated-geojson-{frac}", False, text_file(f"t{frac}-{D}.geojson", GOOD[: int(len(GOOD) * frac)]), "not valid JSON")
    add(f"truncated-kml-{frac}", False, text_file(f"t{frac}-{D}.kml", GOOD_KML[: int(len(GOOD_KML) * frac)]), "")
    add(
        f"truncated-kmz-{frac}",
        False,
        lambda d, f=frac: _truncated(d, f"t{f}-{D}.kmz", zip_bytes({"doc.kml": GOOD_KML.encode()}), f),
    )
    add(f"truncated-gpkg-{frac}", False, lambda d, f=frac: _truncated_gpkg(d, f), "")


def _truncated(d: Path, name: str, data: bytes, frac: float) -> Path:
    p = d / name
    p.write_bytes(data[: max(1, int(len(data) * frac))])
    return p


def _truncated_gpkg(d: Path, frac: float) -> Path:
    full = ogr_file("gpkg", {"status": ["occupied"]})(d)
    data = full.read_bytes()
    full.unlink()
    return _truncated(d, f"t{frac}-{D}.gpkg", data, frac)


XXE = '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
for cid, prolog in [
    ("billion-laughs", BILLION_LAUGHS),
    ("xxe-file", XXE),
    ("xxe-http", '<!DOCTYPE kml [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'),
    ("dtd-only", '<!DOCTYPE kml SYSTEM "http://127.0.0.1:9/kml.dtd">'),
    ("parameter-entity", '<!DOCTYPE kml [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
]:
    add(
        f"kml-{cid}",
        False,
        text_file(f"{cid}-{D}.kml", kml_doc(kml_polygon("&lol3;" if "laughs" in cid else "a", MELITOPOL_BOX), prolog=prolog)),
        "",
    )
    add(
        f"kmz-{cid}",
        False,
        lambda d, c=cid, pr=prolog: _write(
            d / f"{c}-{D}.kmz", zip_bytes({"doc.kml": kml_doc(kml_polygon("a", MELITOPOL_BOX), prolog=pr).encode()})
        ),
        "",
    )


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


for cid, members, needle in [
    ("zip-bomb-kml", {"doc.kml": b"<kml>" + b" " * 30_000_000 + b"</kml>"}, "zip bomb"),
    ("zip-bomb-shp", {"occ.shp": b"\0" * 30_000_000, "occ.shx": b"\0" * 100}, "zip bomb"),
    ("zip-slip-dotdot", {"../../etc/x.shp": b"0" * 100}, "outside the archive"),
    ("zip-slip-absolute", {"/etc/x.shp": b"0" * 100}, "outside the archive"),
    ("zip-slip-backslash", {"..\\..\\x.shp": b"0" * 100}, "outside the archive"),
    ("zip-no-shp", {"readme.txt": b"hello"}, "no .shp"),
    ("zip-missing-shx", {"layers/occ.shp": b"0" * 100, "layers/occ.dbf": b"0"}, "'layers/occ.shx'"),
    ("zip-garbage-shapefile", {"occ.shp": b"0" * 100, "occ.shx": b"0" * 100, "occ.dbf": b"0"}, "cannot be opened"),
    ("kmz-no-kml", {"doc.txt": b"x"}, ""),
]:
    ext = ".kmz" if cid.startswith("kmz") or cid == "zip-bomb-kml" else ".zip"
    add(cid, False, lambda d, c=cid, m=members, e=ext: _write(d / f"{c}-{D}{e}", zip_bytes(m)), needle)


def _symlink_zip(d: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member in ("occ.shp", "occ.shx", "occ.dbf"):
            info = zipfile.ZipInfo(member)
            info.external_attr = 0o120777 << 16  # a symlink to /etc/passwd, stored as its target path
            zf.writestr(info, "/etc/passwd")
    return _write(d / f"symlink-{D}.zip", buf.getvalue())


add("zip-symlink-members", False, _symlink_zip, "cannot be opened")


def _many_members(d: Path) -> Path:
    return _write(d / f"many-{D}.zip", zip_bytes({f"f{i}.txt": b"" for i in range(2001)}))


add("zip-too-many-members", False, _many_members, "above the limit")


def _encrypted(d: Path) -> Path:
    data = bytearray(zip_bytes({"doc.kml": GOOD_KML.encode()}))
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the 'encrypted' flag in the local and central headers
        i = data.find(sig)
        off = i + (6 if sig == b"PK\x03\x04" else 8)
        data[off] |= 1
    return _write(d / f"enc-{D}.kmz", bytes(data))


add("zip-encrypted-member", False, _encrypted, "encrypted")
add(
    "zip-bad-utf8-member-name",
    False,
    lambda d: _write(d / f"badname-{D}.zip", zip_bytes({"occ.shp": b"x"}).replace(b"occ.shp", b"o\xffc.shp")),
    "",
)


def _fifo(d: Path) -> Path:
    p = d / f"fifo-{D}.geojson"
    os.mkfifo(p)
    return p


add("fifo", False, _fifo, "not a regular file")
add("device-dev-null", False, lambda d: Path("/dev/null"), "not a regular file", date=D)
add("device-dev-zero", False, lambda d: Path("/dev/zero"), "not a regular file", date=D)
add("device-dev-urandom", False, lambda d: Path("/dev/urandom"), "not a regular file", fmt="geojson", date=D)
add("directory-with-suffix", False, lambda d: (d / f"dir-{D}.geojson").mkdir() or d / f"dir-{D}.geojson", "not a regular file")
add("missing-file", False, lambda d: d / f"missing-{D}.geojson", "")
add("empty-file", False, text_file(f"empty-{D}.geojson", b""), "empty")


def _sparse(d: Path) -> Path:
    p = d / f"big-{D}.geojson"
    with open(p, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    return p


add("sparse-200mb", False, _sparse, "import limit")
for cid, text, needle in [
    ("json-list", "[1,2,3]", "not GeoJSON"),
    ("json-number", "42", "not GeoJSON"),
    ("json-string", '"hi"', "not GeoJSON"),
    ("json-null", "null", "not GeoJSON"),
    ("json-no-type", '{"features": []}', "not GeoJSON"),
    ("features-not-list", '{"type":"FeatureCollection","features":{}}', "not a list"),
    ("features-empty", '{"type":"FeatureCollection","features":[]}', "no features"),
    ("features-of-numbers", '{"type":"FeatureCollection","features":[1,2]}', "no readable geometry"),
    ("type-unknown", '{"type":"Banana"}', "not a feature collection"),
    ("type-number", '{"type":7}', "not a feature collection"),
    (
        "properties-string",
        geo_text(occ(box(MELITOPOL_BOX))).replace('{"name": "Окуповано /// Occupied"}', '"x"'),
        "not a DeepStateMap export",
    ),
    ("geometry-string", '{"type":"Feature","properties":{},"geometry":"POINT(35 47)"}', "no readable"),
    ("coordinates-strings", geo_text(occ({"type": "Polygon", "coordinates": [[["a", "b"]]]})), "no readable"),
    ("html-502", "<html><body>502</body></html>", "not valid JSON"),
    ("binary", b"\x00\x01\x02\xff" * 100, "not UTF-8"),
    ("cp1251-text", GOOD.encode("cp1251"), "not UTF-8"),
    ("utf16", GOOD.encode("utf-16"), "not UTF-8"),
    ("outside-ukraine", geo_text(occ(box((2.0, 48.0, 3.0, 49.0)))), "not in or near Ukraine"),
    ("swapped", geo_text(occ(box((46.6, 35.0, 47.1, 35.8)))), "swapped"),
    ("generic-needs-mapping", geo_text(feat("a", box(MELITOPOL_BOX), status="RU")), "say which attribute"),
]:
    add(
        f"geojson-{cid}",
        False,
        text_file(f"{cid}-{D}.geojson", text),
        needle.replace("not in or near", "no feature lies in or near"),
    )
add("geojson-bom", True, text_file(f"bom-{D}.geojson", "\ufeff" + GOOD))
for cid, text, needle in [
    ("kml-root-html", "<html><body/></html>", "not KML"),
    ("kml-not-xml", "hello", ""),
    ("kml-binary", b"\xff\xfe<\x00k\x00", ""),
    ("kml-no-placemarks", kml_doc(""), "no features"),
]:
    add(cid, False, text_file(f"{cid}-{D}.kml", text), needle)
add("gpkg-sqlite-not-geopackage", False, lambda d: _plain_sqlite(d / f"plain-{D}.gpkg"), "")
add("gpkg-random-bytes", False, text_file(f"rnd-{D}.gpkg", b"SQLite format 3\0" + os.urandom(2000)), "")
add("unknown-extension-garbage", False, text_file(f"x-{D}.dat", b"\x89PNG\r\n"), "cannot tell the format")
add("bad-date-argument", False, text_file(f"d-{D}.geojson", GOOD), "not YYYY-MM-DD", date="15/01/2023")
add("bad-format-argument", False, text_file(f"f-{D}.geojson", GOOD), "unknown format", fmt="csv")
add("wrong-format-forced", False, text_file(f"w-{D}.geojson", GOOD), "", fmt="kml")
add("good-deepstate", True, text_file(f"good-{D}.geojson", GOOD))
add("good-kml-isw", True, text_file(f"good-{D}.kml", GOOD_KML), **dict(ISW))


def _plain_sqlite(p: Path) -> Path:
    con = sqlite3.connect(p)
    con.execute("create table t (a int)")
    con.execute("insert into t values (1)")
    con.commit()
    con.close()
    return p


# KML cases marked kw_isw import through the ISW preset (a generic KML needs a mapping)
CASES[:] = [
    Case(
        c.id, c.make, c.ok, c.needle, tuple((k, v) for k, v in c.kw if k != "kw_isw") + (ISW if dict(c.kw).get("kw_isw") else ())
    )
    for c in CASES
]
assert len({c.id for c in CASES}) == len(CASES), "duplicate case ids"


# --- the store every case runs against: one snapshot in it already ------------------------------------
@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory):
    s = tmp_path_factory.mktemp("hostile-store")
    p = tmp_path_factory.mktemp("seed") / "seed-2021-01-01.geojson"
    p.write_text(GOOD, encoding="utf-8")
    assert ingest.import_one(p, store_path=s).ok
    return s, p


def seed(seeded, s: Path) -> None:
    """A copy of the seeded store at `s` (the database backend: the seed imported into namespace `s`)."""
    import shutil

    folder, seed_file = seeded
    if store.backend() == "files":
        shutil.copytree(folder, s)
    else:
        assert ingest.import_one(seed_file, store_path=s).created


def contents(folder: Path) -> dict[str, bytes]:
    """Every file in a store folder but its revision stamp (rewritten by every write, by design); the
    database backend: every snapshot, current or in the history, by name, with its metadata."""
    if store.backend() != "files":
        items = [h for s in store.listing(folder) for h in store.history(s.date, s.source, folder)]
        return {i.name: json.dumps(i.metadata(), sort_keys=True).encode() for i in items}
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != store.REVISION_FILE}


TALLY = {"cases": 0, "refused": 0, "imported": 0, "tracebacks": 0, "guard": 0}


def check_line(r, path: Path) -> str:
    """The one line the analyst sees for this file (as the CLI's progress and the Lines page print it)."""
    line = f"{r.path}: {r.error}" if not r.ok else f"{r.path}: imported"
    assert line.isprintable(), f"unescaped characters in {line!r}"
    assert "Traceback" not in line and "\n" not in line
    assert printable(path.name) in line or printable(str(path)) in line
    assert "this is a bug" not in line and not r.bug, line
    return line


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_hostile_file(c: Case, tmp_path, seeded_store):
    s = tmp_path / "store"
    seed(seeded_store, s)
    before = contents(s)
    path = c.make(tmp_path)
    guard = ingest.GUARD_FIRED
    r = ingest.import_one(path, store_path=s, **dict(c.kw))
    TALLY["cases"] += 1
    TALLY["guard"] += ingest.GUARD_FIRED - guard
    TALLY["tracebacks"] += "Traceback" in r.error
    line = check_line(r, path)
    assert r.ok == c.ok, line
    assert ingest.GUARD_FIRED == guard
    if r.ok:
        TALLY["imported"] += 1
        after = contents(s)
        assert set(before) <= set(after) and all(after[k] == v for k, v in before.items())
        item = next(i for i in store.listing(s) if i.name == os.path.basename(r.stored))
        stored = json.loads(store.load(item).to_geojson())  # valid UTF-8 JSON, names readable
        assert stored["type"] == "FeatureCollection"
        if store.backend() == "files":
            stored = json.loads(Path(r.stored).read_text(encoding="utf-8"))
            assert stored["type"] == "FeatureCollection"
    else:
        TALLY["refused"] += 1
        assert c.needle in r.error, line
        assert contents(s) == before, "the store changed on a refused file"


def test_the_suite_is_large_and_clean():
    assert len(CASES) >= 150, len(CASES)
    assert sum(c.ok for c in CASES) >= 30 and sum(not c.ok for c in CASES) >= 100
    if TALLY["cases"]:  # after the parametrized cases (same module, run first)
        print(f"\nhostile files: {TALLY}")
        assert TALLY["tracebacks"] == 0 and TALLY["guard"] == 0


def test_specific_messages(tmp_path):
    """Messages that must say the right thing, not just something."""
    r = ingest.import_one(
        text_file(
            f"neg-{D}.geojson",
            geo_text(occ({"type": "Polygon", "coordinates": [[[-1e308, 47], [38, 47], [38, 48], [-1e308, 47]]]})),
        )(tmp_path),
        store_path=tmp_path / "s",
    )
    assert "x -1e+308" in r.error and "(38, 48)" not in r.error
    r = ingest.import_one(text_file("run1234-2023-06-01.geojson", GOOD)(tmp_path), store_path=tmp_path / "s")
    assert r.ok and r.summary["date"] == "2023-06-01"
    z = _write(tmp_path / f"noshx-{D}.zip", zip_bytes({"data/occ.shp": b"0" * 100, "data/occ.dbf": b"0"}))
    r = ingest.import_one(z, store_path=tmp_path / "s")
    assert "'data/occ.shx'" in r.error and "briefmap-shp" not in r.error and "/tmp" not in r.error
    nm = ingest.import_one(raw_name("Окуповано-2022-06-01.geojson".encode("cp1251"))(tmp_path), store_path=tmp_path / "s")
    assert nm.ok and "\ufffd" in nm.path and "\\udc" not in nm.path
    snap = store.load(next(i for i in store.listing(tmp_path / "s") if i.name == os.path.basename(nm.stored)))
    assert "\ufffd" in snap.source_file
    esc = ingest.import_one(text_file("\x1b[31mred-2022-06-01.geojson", "{")(tmp_path), store_path=tmp_path / "s")
    assert "\x1b" not in esc.path + esc.error and "\\x1b[31mred" in esc.path and "\\x1b[31mred" in esc.error


@pytest.mark.files_only  # database: tests/test_store_pg.py, an unreachable database is one masked line
@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_store_that_cannot_be_written_is_named(tmp_path, monkeypatch, err):
    import geo.lines.store_files

    def full(path, text):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(geo.lines.store_files, "atomic_write_text", full)
    s = tmp_path / "my-store"
    r = ingest.import_one(text_file(f"g-{D}.geojson", GOOD)(tmp_path), store_path=s)
    assert not r.ok and str(s) in r.error and os.strerror(err) in r.error and not r.bug


@pytest.mark.files_only  # a folder that is a file; the database has no folder
def test_a_store_path_that_is_a_file(tmp_path):
    s = tmp_path / "store-file"
    s.write_text("x")
    r = ingest.import_one(text_file(f"g-{D}.geojson", GOOD)(tmp_path), store_path=s)
    assert not r.ok and "snapshot store" in r.error and str(s) in r.error and s.read_text() == "x"


@pytest.mark.files_only  # database: tests/test_store_pg.py, a write that fails midway leaves nothing behind
def test_temporaries_are_swept_by_every_import_and_listing(tmp_path):
    s = tmp_path / "s"
    s.mkdir()
    old, fresh = s / ".a.geojson.x.tmp", s / ".b.geojson.y.tmp"
    for p in (old, fresh):
        p.write_text("partial")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    r = ingest.import_one(text_file(f"bad-{D}.geojson", "{")(tmp_path), store_path=s)  # a failing import sweeps too
    assert not r.ok and not old.exists() and fresh.exists()
    os.utime(fresh, (time.time() - 3600, time.time() - 3600))
    store.listing(s)
    assert not fresh.exists()


@pytest.mark.guard_expected
def test_the_last_resort_guard(tmp_path, monkeypatch, caplog):
    """An unexpected error is one line naming the file, logged with its traceback, counted; never raised."""
    import geo.lines.ingest

    def boom(*a, **k):
        raise KeyError("surprise")

    for exc in (
        boom,
        lambda *a, **k: (_ for _ in ()).throw(RecursionError("deep")),
        lambda *a, **k: (_ for _ in ()).throw(MemoryError()),
    ):
        monkeypatch.setattr(geo.lines.ingest, "run", exc)
        before = ingest.GUARD_FIRED
        with caplog.at_level("WARNING", logger="geo.lines.ingest"):
            r = ingest.import_one(text_file(f"g-{D}.geojson", GOOD)(tmp_path), store_path=tmp_path / "s")
        assert ingest.GUARD_FIRED == before + 1 and r.bug and not r.ok
        assert r.error.startswith(f"could not read {printable(str(tmp_path / f'g-{D}.geojson'))!r}: ")
        assert r.error.endswith("(this is a bug; the file was not stored)") and "\n" not in r.error
        assert "Traceback" not in r.error and any(rec.exc_info for rec in caplog.records)
    import geo.lines.importer

    monkeypatch.setattr(geo.lines.importer, "read_raw", boom)
    fields, err = ingest.attribute_fields(tmp_path / f"g-{D}.geojson", "auto", f"g-{D}.geojson")
    assert fields == {} and "this is a bug" in err


# --- the CLI, in subprocesses --------------------------------------------------------------------------
CLI_CASES = [
    "shapefile-zip-column-ISW status-mapped",
    "gpkg-attribute-table-only",
    "crs-name-number",
    "crs-properties-string",
    "crs-engineering-wkt2",
    "shapefile-local-cs-prj",
    "vertex-nan-among-good",
    "point-nan-string",
    "kml-nested-folders-3000",
    "kml-nested-multigeometry-3000",
    "int-5000-digits-in-coordinate",
    "zip-file-and-folder-clash",
    "name-cp1251-bytes",
    "lone-surrogate-in-name",
    "name-escape-codes-bad-content",
    "name-newline",
    "date-run1234-2023-06-01.geojson",
    "gpkg-sqlite-not-geopackage",
    "coordinate--1e308",
    "zip-missing-shx",
    "kml-billion-laughs",
    "zip-bomb-kml",
]
BY_ID = {c.id: c for c in CASES}


def cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "geo", "import", *map(str, args)], cwd=ROOT, capture_output=True, timeout=300, **kw
    )


def cli_args(c: Case) -> list[str]:
    out = []
    for k, v in c.kw:
        if k == "mapping" and v is classify.PRESETS["isw"]:
            out += ["--preset", "isw"]
        elif k == "mapping":
            out += ["--field", v.field, "--held", ",".join(v.held)]
        elif k in ("source", "date"):
            out += [f"--{k}", v]
        elif k == "fmt":
            out += ["--format", v]
    return out


@pytest.mark.parametrize("cid", CLI_CASES)
def test_cli_one_line_per_file(cid, tmp_path, seeded_store):
    c = BY_ID[cid]
    s = tmp_path / "store"
    seed(seeded_store, s)
    before = contents(s)
    path = c.make(tmp_path)
    r = cli(path, "--store", s, *cli_args(c))
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")  # strict: what we print is valid UTF-8
    assert "Traceback" not in out + err and "this is a bug" not in out + err and "Warning" not in err, err
    assert r.returncode == (0 if c.ok else 1), err
    shown = printable(str(path))
    naming = [line for line in err.splitlines() if printable(path.name) in line]
    assert len(naming) == 1, err  # one progress line for the file; the summary line does not repeat the name
    assert naming[0].isprintable() and (("FAILED: " in naming[0]) != c.ok) and shown.rsplit("/", 1)[-1] in naming[0]
    assert err.splitlines()[-1].startswith(f"{int(c.ok)} of 1 file(s) imported")
    if not c.ok:
        assert c.needle in naming[0] and contents(s) == before


def test_cli_folder_streams_json_lines_and_continues(tmp_path):
    """A folder of good and bad files: one JSON object per file, flushed as each file is done, a bad file in
    the middle does not stop the later ones, a summary on stderr and exit status 1."""
    folder = tmp_path / "in"
    folder.mkdir()
    src_dir = tmp_path / "src"
    src_dir.mkdir()
    names = []
    for i, c in enumerate(
        [
            "good-deepstate",
            "crs-name-number",
            "vertex-nan-among-good",
            "int-5000-digits-in-coordinate",
            "lone-surrogate-in-name",
            "zip-file-and-folder-clash",
            "name-cp1251-bytes",
            "kml-nested-folders-3000",
        ]
    ):
        src = BY_ID[c].make(src_dir)
        dest = Path(os.fsdecode(bytes(folder) + b"/" + f"{i:02d}-".encode() + os.fsencode(src.name)))
        src.rename(dest)
        names.append((dest, BY_ID[c].ok))
    big = deepstate_like()
    big["features"] *= 300  # the last file takes a while: the first lines must be out before it is read
    write_json(folder / "99-last-2022-06-09.geojson", big)
    err_path = tmp_path / "stderr.txt"
    with open(err_path, "wb") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "geo", "import", str(folder), "--store", str(tmp_path / "s"), "--json"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err_file,  # a file, so stdout can be read to its end without a deadlock
        )
        first = proc.stdout.readline()
        assert proc.poll() is None, "the first line came only when the whole folder was done"
        assert json.loads(first)["ok"] is True and "00-good" in json.loads(first)["file"]
        # Read the rest through the same buffered reader: communicate() reads the pipe's descriptor and
        # loses the lines readline() had already buffered (6 or 7 rows of 9, depending on timing).
        rest = proc.stdout.read()
        proc.wait(timeout=300)
    rows = [json.loads(first)] + [json.loads(line) for line in rest.decode("utf-8").splitlines()]
    err = err_path.read_text(encoding="utf-8")
    assert len(rows) == 9 and "Traceback" not in err and "this is a bug" not in err
    expected = {printable(p.name): ok for p, ok in names}
    got = {Path(r["file"]).name: r["ok"] for r in rows[:-1]}
    assert got == expected, (got, expected)
    assert rows[-1]["ok"] is True and rows[-1]["date"] == "2022-06-09"  # after the bad ones, still imported
    assert all(("error" in r) != r["ok"] for r in rows)
    assert proc.returncode == 1
    assert (
        err.splitlines()[-1]
        == f"{sum(r['ok'] for r in rows)} of 9 file(s) imported into the store; {sum(not r['ok'] for r in rows)} failed"
    )

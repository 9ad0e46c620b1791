"""Authoring aid: writes data/authored/waypoints.csv from the compact lists below.

Run it after editing the lists; it resolves each GeoNames id, computes 'between' points and
records coordinates so the CSV reads on its own. `python -m geo check` re-verifies every row.
Statuses: UA = held by Ukraine on the line's date, RU = held by Russia, line = on the contact
line or contested. A 'between' waypoint is the point at `frac` (default 0.5) along the geodesic
from its first settlement (Ukrainian side) to its second (Russian side).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.data import geonames  # noqa: E402
from geo.data.waypoints import FIELDS, between_point  # noqa: E402

S = "settlement"

# GeoNames ids, named once for readability.
G = dict(
    kyiv=703448,
    ukrayinka=690773,
    rzhyshchiv=694992,
    kaniv=706900,
    cherkasy=710791,
    svitlovodsk=692087,
    kremenchuk=704147,
    horishni_plavni=6559559,
    verkhnodniprovsk=689916,
    kamyanske=709932,
    dnipro=709930,
    zaporizhzhia=687700,
    bilenke=712642,
    prymorske=696278,
    marhanets=701855,
    enerhodar=709276,
    nikopol=700051,
    kamyanka_dniprovska=707026,
    novovorontsovka=699034,
    velyka_lepetykha=690247,
    dudchany=709465,
    hornostayivka=708403,
    beryslav=712260,
    kakhovka=707244,
    nova_kakhovka=699839,
    dnipryany=709940,
    tiahynka=690903,
    kozatske=706566,
    kherson=706448,
    oleshky=691037,
    antonivka=713304,
    bilozerka=712508,
    hola_prystan=708632,
    stanislav=692944,
    ochakiv=698770,
    mykolaiv=700569,
    stanytsia=692953,
    luhansk=702658,
    shchastya=694725,
    metalist=9124669,
    krymske=703864,
    zolote=686868,
    sokolohirsk=697592,
    popasna=696566,
    kadiyivka=692975,
    svitlodarsk=692093,
    debaltseve=710229,
    toretsk=709354,
    horlivka=707753,
    avdiivka=713122,
    yasynuvata=688373,
    krasnohorivka=704393,
    donetsk=709717,
    maryinka=701845,
    volnovakha=689198,
    dokuchayevsk=709835,
    boykivske=691741,
    talakivka=691947,
    bezimenne=712181,
    shyrokyne=694053,
    novoazovsk=699675,
    mariupol=701822,
    pavlopil=697886,
    olenivka=698614,
    ovruch=698131,
    narodychi=700446,
    malyn=702116,
    ivankiv=707489,
    radomyshl=695912,
    borodianka=711635,
    makariv=702337,
    irpin=707565,
    bucha=711350,
    hostomel=708251,
    vyshhorod=688723,
    dymer=709373,
    brovary=711390,
    velyka_dymerka=690266,
    baryshivka=712787,
    kozelets=704573,
    nizhyn=699942,
    bakhmach=712967,
    chernihiv=710735,
    romny=695464,
    konotop=705135,
    nedryhailiv=700371,
    lebedyn=613273,
    trostianets=691255,
    okhtyrka=713749,
    sumy=692194,
    derhachi=710098,
    tsyrkuny=691084,
    lozova=702760,
    lyman=704204,
    kharkiv=706483,
    chuhuiv=710374,
    staryi_saltiv=692703,
    balakliia=712926,
    barvinkove=712794,
    izium=707292,
    sviatohirsk=692016,
    kreminna=704138,
    svatove=692118,
    sievierodonetsk=691999,
    rubizhne=695274,
    lysychansk=702972,
    vuhledar=690823,
    velyka_novosilka=690237,
    staromlynivka=692808,
    huliaipole=707898,
    polohy=696677,
    orikhiv=698428,
    tokmak=691469,
    stepnohirsk=692248,
    vasylivka=686729,
    apostolove=713245,
    kryvyi_rih=703845,
    velyka_oleksandrivka=690288,
    bashtanka=712775,
    snihurivka=693379,
    chornobaivka=710715,
    dvorichna=709399,
    troitske=691279,
    kupiansk=703656,
    kupiansk_vuzlovyi=703652,
    borova=711623,
    bilohorivka=712588,
    siversk=694403,
    soledar=706757,
    bakhmut=713174,
    melitopol=701404,
    simferopol=693805,
    sevastopol=694423,
    berdyansk=712451,
    henichesk=708878,
    dzhankoy=709334,
    yakymivka=713743,
    mykhaylivka=701233,
    taganrog=484907,
    chonhar=7031339,
)


def st(key, status=""):
    return ("S", G[key], status)


def bw(ua, ru, frac=0.5, note=""):
    return ("B", G[ua], G[ru], frac, note)


def anchor(lon, lat, note):
    return ("A", lon, lat, note)


def follow(line, note):
    return ("F", line, note)


def check(key, status):
    return ("C", G[key], status)


def ring(key, radius_km, note):
    return ("R", G[key], radius_km, note)


LINES: dict[str, list] = {
    # The Dnipro from Kyiv to its mouth. Through reservoirs the course is the midpoint of a pair
    # of settlements on opposite shores.
    "dnipro-river": [
        st("kyiv"),
        st("ukrayinka"),
        st("rzhyshchiv"),
        st("kaniv"),
        st("cherkasy"),
        st("svitlovodsk"),
        st("kremenchuk"),
        st("horishni_plavni"),
        st("verkhnodniprovsk"),
        st("kamyanske"),
        st("dnipro"),
        st("zaporizhzhia"),
        bw("bilenke", "prymorske"),
        bw("marhanets", "enerhodar"),
        bw("nikopol", "kamyanka_dniprovska"),
        bw("novovorontsovka", "velyka_lepetykha"),
        bw("dudchany", "hornostayivka"),
        bw("beryslav", "kakhovka"),
        bw("kozatske", "nova_kakhovka"),
        bw("tiahynka", "dnipryany"),
        bw("antonivka", "oleshky"),
        bw("kherson", "oleshky"),
        bw("bilozerka", "hola_prystan"),
    ],
    "route-russia-mariupol-melitopol-dnipro": [
        st("taganrog"),
        st("novoazovsk"),
        st("mariupol"),
        st("berdyansk"),
        st("melitopol"),
        st("kakhovka"),
        st("nova_kakhovka"),
    ],
    "route-zaporizhzhia-melitopol-crimea": [
        st("zaporizhzhia"),
        st("vasylivka"),
        st("mykhaylivka"),
        st("melitopol"),
        st("yakymivka"),
        st("henichesk"),
        st("chonhar"),
        st("dzhankoy"),
        st("simferopol"),
    ],
    # a. The 2015-2022 line of contact in Donetsk and Luhansk oblasts (Crimea is added whole).
    "front-2015-2022": [
        anchor(39.95, 48.72, "in Russia, east of where the line of contact met the border"),
        bw("stanytsia", "luhansk"),
        bw("shchastya", "metalist"),
        bw("krymske", "kadiyivka", 0.35),
        bw("zolote", "sokolohirsk"),
        st("popasna", "line"),
        bw("svitlodarsk", "debaltseve"),
        bw("toretsk", "horlivka"),
        bw("avdiivka", "yasynuvata"),
        bw("krasnohorivka", "donetsk"),
        bw("maryinka", "olenivka", 0.3),
        bw("volnovakha", "dokuchayevsk"),
        bw("volnovakha", "boykivske"),
        bw("talakivka", "bezimenne"),
        st("shyrokyne", "line"),
        anchor(37.85, 46.95, "in the Sea of Azov off Shyrokyne"),
        check("mariupol", "UA"),
        check("avdiivka", "UA"),
        check("toretsk", "UA"),
        check("svitlodarsk", "UA"),
        check("shchastya", "UA"),
        check("stanytsia", "UA"),
        check("volnovakha", "UA"),
        check("krasnohorivka", "UA"),
        check("talakivka", "UA"),
        check("zolote", "UA"),
        check("maryinka", "UA"),
        check("donetsk", "RU"),
        check("luhansk", "RU"),
        check("horlivka", "RU"),
        check("debaltseve", "RU"),
        check("yasynuvata", "RU"),
        check("dokuchayevsk", "RU"),
        check("bezimenne", "RU"),
        check("novoazovsk", "RU"),
        check("boykivske", "RU"),
        check("sokolohirsk", "RU"),
        check("kadiyivka", "RU"),
        check("metalist", "RU"),
    ],
    # b. Furthest Russian advance, late March 2022: the envelope of each axis at its peak.
    "front-2022-03-north": [
        anchor(28.95, 51.62, "in Belarus, north of Ovruch and Narodychi"),
        bw("ovruch", "narodychi"),
        bw("malyn", "ivankiv"),
        bw("radomyshl", "borodianka", 0.6),
        st("makariv", "line"),
        bw("irpin", "bucha"),
        bw("vyshhorod", "hostomel"),
        bw("vyshhorod", "dymer"),
        bw("brovary", "velyka_dymerka"),
        bw("baryshivka", "kozelets"),
        bw("nizhyn", "kozelets", 0.4),
        bw("nizhyn", "chernihiv", 0.35),
        bw("nizhyn", "bakhmach"),
        bw("romny", "konotop"),
        bw("romny", "nedryhailiv"),
        bw("lebedyn", "trostianets"),
        bw("okhtyrka", "trostianets"),
        anchor(35.45, 50.72, "in Russia, north-east of Trostianets"),
        ring("chernihiv", 12, "Chernihiv was encircled but held by Ukraine: a 12 km circle around the city"),
        ring("sumy", 12, "Sumy was cut off but held by Ukraine: a 12 km circle around the city"),
        check("ivankiv", "RU"),
        check("borodianka", "RU"),
        check("bucha", "RU"),
        check("hostomel", "RU"),
        check("konotop", "RU"),
        check("trostianets", "RU"),
        check("kozelets", "RU"),
        check("narodychi", "RU"),
        check("kyiv", "UA"),
        check("irpin", "UA"),
        check("brovary", "UA"),
        check("nizhyn", "UA"),
        check("romny", "UA"),
        check("okhtyrka", "UA"),
        check("lebedyn", "UA"),
        check("chernihiv", "UA"),
        check("sumy", "UA"),
        check("ovruch", "UA"),
        check("malyn", "UA"),
    ],
    "front-2022-03-east-south": [
        anchor(36.15, 50.5, "in Russia, north of Derhachi"),
        bw("derhachi", "tsyrkuny"),
        bw("chuhuiv", "staryi_saltiv"),
        bw("chuhuiv", "balakliia"),
        bw("lozova", "balakliia", 0.7),
        bw("barvinkove", "izium"),
        bw("sviatohirsk", "izium"),
        bw("kreminna", "svatove"),
        bw("sievierodonetsk", "rubizhne"),
        bw("sievierodonetsk", "shchastya", 0.3),
        bw("zolote", "sokolohirsk"),
        st("popasna", "line"),
        bw("svitlodarsk", "debaltseve"),
        bw("toretsk", "horlivka"),
        bw("avdiivka", "yasynuvata"),
        bw("krasnohorivka", "donetsk"),
        st("maryinka", "line"),
        bw("vuhledar", "volnovakha"),
        bw("velyka_novosilka", "staromlynivka"),
        bw("huliaipole", "polohy"),
        bw("orikhiv", "tokmak", 0.3),
        bw("stepnohirsk", "vasylivka"),
        bw("nikopol", "kamyanka_dniprovska"),
        bw("apostolove", "novovorontsovka"),
        bw("kryvyi_rih", "velyka_oleksandrivka"),
        bw("bashtanka", "snihurivka"),
        bw("mykolaiv", "chornobaivka"),
        anchor(31.9, 46.56, "in the Dnipro-Buh estuary, west of Stanislav"),
        ring("mariupol", 8, "Mariupol was besieged and held by Ukraine until May: an 8 km circle around the city"),
        check("izium", "RU"),
        check("balakliia", "RU"),
        check("staryi_saltiv", "RU"),
        check("svatove", "RU"),
        check("volnovakha", "RU"),
        check("melitopol", "RU"),
        check("kherson", "RU"),
        check("snihurivka", "RU"),
        check("enerhodar", "RU"),
        check("berdyansk", "RU"),
        check("polohy", "RU"),
        check("tokmak", "RU"),
        check("kharkiv", "UA"),
        check("chuhuiv", "UA"),
        check("barvinkove", "UA"),
        check("sievierodonetsk", "UA"),
        check("lysychansk", "UA"),
        check("vuhledar", "UA"),
        check("huliaipole", "UA"),
        check("orikhiv", "UA"),
        check("zaporizhzhia", "UA"),
        check("nikopol", "UA"),
        check("kryvyi_rih", "UA"),
        check("mykolaiv", "UA"),
        check("mariupol", "UA"),
        check("kreminna", "UA"),
    ],
    # c. The line on 17 November 2022, after the liberation of Kharkiv Oblast and the Kherson right bank.
    "front-2022-11-17": [
        anchor(38.3, 50.15, "in Russia, north of where the Kharkiv-Luhansk oblast border meets it"),
        bw("dvorichna", "troitske"),
        bw("kupiansk_vuzlovyi", "svatove"),
        bw("borova", "svatove"),
        bw("lyman", "kreminna"),
        st("bilohorivka", "line"),
        bw("siversk", "lysychansk"),
        bw("soledar", "popasna"),
        st("bakhmut", "line"),
        bw("toretsk", "horlivka"),
        bw("avdiivka", "yasynuvata"),
        bw("krasnohorivka", "donetsk"),
        st("maryinka", "line"),
        bw("vuhledar", "volnovakha"),
        bw("velyka_novosilka", "staromlynivka"),
        bw("huliaipole", "polohy"),
        bw("orikhiv", "tokmak", 0.25),
        bw("stepnohirsk", "vasylivka"),
        follow("dnipro-river", "the Dnipro and the Kakhovka Reservoir, downstream to the river's mouth"),
        anchor(32.15, 46.535, "in the Dnipro-Buh estuary, off Stanislav (right bank, liberated)"),
        anchor(31.56, 46.56, "in the strait between Ochakiv and the Kinburn Spit (the spit stayed Russian-held)"),
        anchor(31.35, 46.45, "in the Black Sea, south-west of the Kinburn Spit"),
        check("kupiansk", "UA"),
        check("lyman", "UA"),
        check("siversk", "UA"),
        check("soledar", "UA"),
        check("avdiivka", "UA"),
        check("vuhledar", "UA"),
        check("huliaipole", "UA"),
        check("orikhiv", "UA"),
        check("kherson", "UA"),
        check("snihurivka", "UA"),
        check("izium", "UA"),
        check("balakliia", "UA"),
        check("nikopol", "UA"),
        check("zaporizhzhia", "UA"),
        check("kharkiv", "UA"),
        check("borova", "UA"),
        check("svatove", "RU"),
        check("kreminna", "RU"),
        check("lysychansk", "RU"),
        check("popasna", "RU"),
        check("horlivka", "RU"),
        check("volnovakha", "RU"),
        check("polohy", "RU"),
        check("tokmak", "RU"),
        check("vasylivka", "RU"),
        check("enerhodar", "RU"),
        check("melitopol", "RU"),
        check("oleshky", "RU"),
        check("nova_kakhovka", "RU"),
        check("mariupol", "RU"),
        check("henichesk", "RU"),
    ],
}


def rows() -> list[dict]:
    out: list[dict] = []
    for line_id, items in LINES.items():
        seq = 0
        for it in items:
            seq += 1
            row = {k: "" for k in FIELDS}
            row.update(line=line_id, seq=seq)
            kind = it[0]
            if kind == "S":
                s = geonames.get(it[1])
                row.update(
                    role="settlement", geonameid=s.geonameid, name=s.name, status=it[2], lon=round(s.lon, 5), lat=round(s.lat, 5)
                )
            elif kind == "B":
                a, b = geonames.get(it[1]), geonames.get(it[2])
                lon, lat = between_point(a.lon, a.lat, b.lon, b.lat, it[3])
                row.update(
                    role="between",
                    geonameid=a.geonameid,
                    name=a.name,
                    geonameid_b=b.geonameid,
                    name_b=b.name,
                    frac=it[3],
                    lon=round(lon, 5),
                    lat=round(lat, 5),
                    note=it[4],
                )
                if line_id.startswith("front"):
                    row.update(status="UA", status_b="RU")
            elif kind == "A":
                row.update(role="anchor", lon=it[1], lat=it[2], note=it[3])
            elif kind == "F":
                row.update(role="follow", name=it[1], note=it[2])
            elif kind == "C":
                s = geonames.get(it[1])
                row.update(
                    role="check", geonameid=s.geonameid, name=s.name, status=it[2], lon=round(s.lon, 5), lat=round(s.lat, 5)
                )
            elif kind == "R":
                s = geonames.get(it[1])
                row.update(
                    role="ring",
                    geonameid=s.geonameid,
                    name=s.name,
                    status="UA",
                    radius_km=it[2],
                    lon=round(s.lon, 5),
                    lat=round(s.lat, 5),
                    note=it[3],
                )
            out.append(row)
    return out


if __name__ == "__main__":
    dest = Path(__file__).resolve().parent.parent / "data" / "authored" / "waypoints.csv"
    data = rows()
    with open(dest, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(data)
    print(f"wrote {len(data)} rows to {dest}")

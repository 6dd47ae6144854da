"""Metro-code vintages and institution placement on the real data (issue 9, items 1-2).

Los Angeles had 0 patents because the USPTO metro file uses the older code 31100; UC Davis was
put in Solano (the first county of ZIP 95616) and made Vallejo an "innovation heart".
"""

from __future__ import annotations

import pandas as pd
import pytest

from megaregion.analysis.innovation_driver import innovation_driver
from megaregion.io import us_innovation
from megaregion.io.us_vintages import load_counties


def _indicator(store, region, indicator, source, year=None):
    sql = ("SELECT year, value, flag FROM indicators WHERE region_id = ? AND indicator = ? "
           "AND source = ?")
    return store.con.execute(sql, [region, indicator, source]).df().set_index("year")


def test_los_angeles_has_its_patents_every_year(real_store):
    la = _indicator(real_store, "us-cbsa:31080", "patents_utility", "us/patents_metro")
    assert sorted(la.index) == list(range(2000, 2016))
    # USPTO's own metro file under the old code 31100: 3,877 (2000) ... 6,476 (2015)
    assert la.loc[2000, "value"] == 3877 and la.loc[2015, "value"] == 6476
    assert (la["value"] > 3000).all() and (la["value"] < 20000).all()
    assert la["flag"].isna().all()  # summed from its own counties: observed


def test_renumbered_and_connecticut_metros(real_store):
    # Santa Barbara: USPTO's old code 42060, 2023 code 42200 (Santa Barbara County)
    sb = _indicator(real_store, "us-cbsa:42200", "patents_utility", "us/patents_metro")
    assert sb.loc[2015, "value"] == 468
    # Hartford 2023 (planning regions, no county data): summed over the former counties
    hartford = _indicator(real_store, "us-cbsa:25540", "patents_utility", "us/patents_metro")
    assert hartford.loc[2015, "value"] > 500 and set(hartford["flag"]) == {"vintage_mapped"}


def test_patent_metros_sum_of_counties_matches_usptos_metro_file_where_codes_agree(data_dir):
    b = us_innovation.read_patents_metro(data_dir).tables["indicators"].to_pandas()
    raw = pd.read_csv(data_dir / "us" / "uspto_patents_cbsa_2000_2015.csv", dtype={"cbsa_code": str})
    for code in ("41940", "41860", "31080"):
        ours = b[(b["region_id"] == f"us-cbsa:{code}") & (b["year"] == 2015)]["value"].item()
        old = "31100" if code == "31080" else code
        theirs = raw[(raw["cbsa_code"] == old) & (raw["year"] == 2015)]["utility_patents"].item()
        assert abs(ours - theirs) <= 2, code


def test_uc_davis_in_yolo_and_vallejo_not_an_innovation_heart(real_store):
    yolo = _indicator(real_store, "us:06113", "university_rd", "us/herd")
    solano = _indicator(real_store, "us:06095", "university_rd", "us/herd")
    assert yolo.loc[2015, "value"] > 700_000   # UC Davis, about USD 721 million
    assert solano.loc[2015, "value"] < 10_000  # Touro University California and the like
    res = innovation_driver(real_store.group("us-sansan"))
    cities = res.tables["cities"].set_index("region_id")
    assert not cities.loc["us-cbsa:46700", "innovation_heart"]
    assert cities.loc["us-cbsa:31080", "patents_utility"] > 3000
    assert "Vallejo" not in res.tables["summary"]["innovation_hearts"].item()
    for f in res.finding_list:
        if f.column is not None:
            assert res.cell(f) == pytest.approx(f.value), f.en
    notes = " ".join(res.notes_in("en"))
    assert "a metro absent in a year had none" not in notes
    assert "not read as 0" in notes


#: The 50 largest HERD institutions (highest total_rd_k in 2012-2016) and the county of their
#: main campus, written from where they are (not from the file's ZIP geocode).
EXPECTED_COUNTY = {
    "2077": ("Johns Hopkins University", "24510"),          # Baltimore city
    "2325": ("University of Michigan, Ann Arbor", "26161"),  # Washtenaw
    "3378": ("University of Pennsylvania", "42101"),         # Philadelphia
    "1319": ("UC San Francisco", "06075"),
    "330006": ("University of Washington, Seattle", "53033"),  # King
    "3895": ("University of Wisconsin-Madison", "55025"),    # Dane
    "1317": ("UC San Diego", "06073"),
    "2155": ("Harvard University", "25017"),                 # Middlesex (Cambridge)
    "1305": ("Stanford University", "06085"),                # Santa Clara
    "2920": ("Duke University", "37063"),                    # Durham
    "2974": ("UNC Chapel Hill", "37135"),                    # Orange NC
    "1315": ("UC Los Angeles", "06037"),
    "8779": ("Cornell University", "36109"),                 # Tompkins
    "2178": ("MIT", "25017"),                                # Middlesex (Cambridge)
    "3969": ("University of Minnesota, Twin Cities", "27053"),  # Hennepin
    "3632": ("Texas A&M, College Station", "48041"),         # Brazos
    "2707": ("Columbia University", "36061"),                # New York (Manhattan)
    "8815": ("University of Pittsburgh", "42003"),           # Allegheny
    "1426": ("Yale University", "09009"),                    # New Haven (former county)
    "3657": ("MD Anderson Cancer Center", "48201"),          # Harris (Houston)
    "3329": ("Penn State, University Park", "42027"),        # Centre
    "8802": ("Ohio State University", "39049"),              # Franklin
    "2785": ("New York University", "36061"),
    "1535": ("University of Florida", "12001"),              # Alachua
    "8723": ("Georgia Tech", "13121"),                       # Fulton
    "1312": ("UC Berkeley", "06001"),                        # Alameda
    "1775": ("UIUC", "17019"),                               # Champaign
    "1313": ("UC Davis", "06113"),                           # Yolo
    "2520": ("Washington University in St. Louis", "29510"),  # St. Louis city (medical campus)
    "1739": ("Northwestern University", "17031"),            # Cook (Evanston)
    "1328": ("University of Southern California", "06037"),
    "3535": ("Vanderbilt University", "47037"),              # Davidson
    "6964": ("Rutgers, New Brunswick", "34023"),             # Middlesex NJ
    "3658": ("UT Austin", "48453"),                          # Travis
    "1083": ("University of Arizona", "04019"),              # Pima
    "1564": ("Emory University", "13089"),                   # DeKalb
    "2290": ("Michigan State University", "26065"),          # Ingham
    "1825": ("Purdue, West Lafayette", "18157"),             # Tippecanoe
    "4949": ("Baylor College of Medicine", "48201"),         # Harris
    "7026": ("Icahn School of Medicine at Mount Sinai", "36061"),
    "2103": ("University of Maryland, College Park", "24033"),  # Prince George's
    "1052": ("UAB", "01073"),                                # Jefferson AL
    "3754": ("Virginia Tech", "51121"),                      # Montgomery VA
    "3675": ("University of Utah", "49035"),                 # Salt Lake
    "1081": ("Arizona State University", "04013"),           # Maricopa (Tempe)
    "1809": ("Indiana University, Bloomington", "18105"),    # Monroe IN
    "1537": ("University of South Florida, Tampa", "12057"),  # Hillsborough
    "2972": ("NC State University", "37183"),                # Wake
    "1892": ("University of Iowa", "19103"),                 # Johnson
    "1370": ("University of Colorado Boulder", "08013"),
}


def test_the_50_largest_herd_institutions_are_where_they_are(data_dir):
    path = data_dir / "us" / "nsf_herd_institutions_2012_2016.csv"
    d = pd.read_csv(path, dtype={"rdinst": str, "county_fips": str, "cbsa_code": str,
                                 "zip": str, "fice": str})
    top = (d.drop_duplicates(["year", "rdinst"]).groupby("rdinst")["total_rd_k"].max()
           .sort_values(ascending=False).head(50))
    assert set(top.index) == set(EXPECTED_COUNTY)
    counties = load_counties(data_dir)
    placed, _ = us_innovation.place_institutions(
        path, d, dict(zip(counties["fips"], counties["name"])),
        dict(zip(counties["fips"], counties["pop"])))
    where = placed.drop_duplicates("rdinst", keep="last").set_index("rdinst")["county_fips"]
    wrong = {k: (name, exp, where.get(k)) for k, (name, exp) in EXPECTED_COUNTY.items()
             if where.get(k) != exp}
    assert not wrong


def test_vintage_mapped_values_reach_data_quality_and_findings(real_store, data_dir):
    res = innovation_driver(real_store.group("us-boswash"))
    dq = res.data_quality
    assert set(dq["flag"]) == {"vintage_mapped"}
    # Connecticut 2023 metros: patents summed over the former counties of the same-code metro
    assert {"us-cbsa:35300", "us-cbsa:25540"} <= set(dq.loc[dq["variable"] == "patents_utility",
                                                            "region_id"])
    # Springfield, MA lost Franklin and Hampshire counties in 2023: its 2018 employment is split
    assert "us-cbsa:44140" in set(dq.loc[dq["variable"] == "economic_weight", "region_id"])
    cbp = pd.read_csv(data_dir / "us" / "cbp_cbsa_naics2to4_2018_2019.csv.gz",
                      dtype={"cbsa_code": str, "naics": str})
    raw = cbp[(cbp["cbsa_code"] == "44140") & (cbp["year"] == 2018) & (cbp["naics"] == "00")]
    cities = res.tables["cities"].set_index("region_id")
    if len(raw):
        assert cities.loc["us-cbsa:44140", "economic_weight"] < raw["employees"].sum()
    for f in res.finding_list:
        named = [r for r in cities.index if cities.loc[r, "name"] in f.en.split(":", 1)[-1]]
        if f.column in ("innovation_index", "innovation_economy_ratio") and \
                any(r in set(dq["region_id"]) for r in named):
            assert "vintage_mapped" in f.quality
            assert "mapped from another metro delineation" in f.en
            assert "由其他版本的都市区划分换算" in f.zh

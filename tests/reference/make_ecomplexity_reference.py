"""Make the ecomplexity reference values for tests/test_complexity.py.

Runs in a SEPARATE virtual environment with the third-party package (not a
project dependency)::

    python3 -m venv /tmp/ecxvenv
    /tmp/ecxvenv/bin/pip install ecomplexity==0.5.3 pandas
    /tmp/ecxvenv/bin/python tests/reference/make_ecomplexity_reference.py \
        /work/shared/data/us/cbp_county_naics4_2017_2021.csv.gz \
        tests/reference/ecomplexity_cbp_county_naics4_2019.json.gz

Data rule (identical in tests/test_complexity.py): County Business Patterns,
county × 4-digit NAICS, year 2019, value = ``employees``. Only codes of exactly
four digits are kept (aggregate codes such as '00' are dropped). Cells CBP
suppresses (fewer than 3 establishments) have no row and count as 0; rows with
employees = 0 (withheld values) are kept as 0. ecomplexity then drops counties
and industries whose total is 0.

Output: gzip JSON with ECI and COI per county, PCI per industry, diversity and
ubiquity, the row sums of density and COG per county, and a seeded random
sample of 5,000 (county, industry) cells of RCA, density and COG.
"""

import gzip
import json
import sys
import time

import numpy as np
import pandas as pd

YEAR = 2019
N_SAMPLE = 5000
SEED = 20240601


def load(path):
    df = pd.read_csv(path, dtype={"fips": str, "naics": str})
    df = df[(df["year"] == YEAR) & df["naics"].str.fullmatch(r"\d{4}")]
    return df[["year", "fips", "naics", "employees"]]


def main(src, dst):
    import ecomplexity
    from ecomplexity import ecomplexity as run_ecx

    df = load(src)
    t0 = time.perf_counter()
    out = run_ecx(
        df,
        {"time": "year", "loc": "fips", "prod": "naics", "val": "employees"},
        check_logsupermodularity=False,
        verbose=False,
    )
    secs = time.perf_counter() - t0
    out = out.dropna(subset=["eci"])  # rows for the zero-total cells ecomplexity dropped
    loc = out.groupby("fips").first()
    prod = out.groupby("naics").first()
    sums = out.groupby("fips")[["density", "cog"]].sum()
    rng = np.random.default_rng(SEED)
    sample = out.iloc[rng.choice(len(out), size=N_SAMPLE, replace=False)]
    ref = {
        "generator": "tests/reference/make_ecomplexity_reference.py",
        "ecomplexity_version": getattr(ecomplexity, "__version__", "0.5.3"),
        "pandas_version": pd.__version__,
        "numpy_version": np.__version__,
        "source": str(src).rsplit("/", 1)[-1],
        "year": YEAR,
        "value": "employees",
        "ecomplexity_seconds": secs,
        "n_locations": int(len(loc)),
        "n_products": int(len(prod)),
        "eci": {k: float(v) for k, v in loc["eci"].items()},
        "coi": {k: float(v) for k, v in loc["coi"].items()},
        "diversity": {k: float(v) for k, v in loc["diversity"].items()},
        "pci": {k: float(v) for k, v in prod["pci"].items()},
        "ubiquity": {k: float(v) for k, v in prod["ubiquity"].items()},
        "density_rowsum": {k: float(v) for k, v in sums["density"].items()},
        "cog_rowsum": {k: float(v) for k, v in sums["cog"].items()},
        "sample": {
            "fips": sample["fips"].tolist(),
            "naics": sample["naics"].tolist(),
            "rca": [float(v) for v in sample["rca"]],
            "density": [float(v) for v in sample["density"]],
            "cog": [float(v) for v in sample["cog"]],
        },
    }
    with gzip.open(dst, "wt", encoding="utf-8") as fh:
        json.dump(ref, fh)
    print(f"wrote {dst}: {len(loc)} counties, {len(prod)} industries; ecomplexity took {secs:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

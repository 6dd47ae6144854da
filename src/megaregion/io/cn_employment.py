"""Chinese city employment by industry section, 2000–2022 (a secondary compilation).

``cn/city_employment_by_industry_2000_2022.csv.gz``: urban-unit employment (年末单位从业人员, legal-
entity units only, 万人) of 300 prefecture-level cities by the 19 sections the China City
Statistical Yearbook prints (GB/T 4754-2002 letters, see ``model.sectors.GBT4754_2002_SECTIONS``),
compiled by a data reseller. Every value is flagged ``secondary`` (not checked against the
yearbook), and plausibility checks lower the flag further (``model.quality``):

``inconsistent``
    The 19 sections of a city-year do not sum to its total: ``|Σ sections − total| > max(1 % of
    the total, 0.1 万人)``. 0.1 万人 (1,000 persons) is the rounding allowance: 19 sections each
    rounded to 0.01 万人 can be off by 19 × 0.005 = 0.095 万人. With some sections empty the sum is
    a lower bound, so only a partial sum above the total by that margin is flagged. All section
    rows and the total of the city-year get the flag.
``level_shift``
    A value changes by more than 50 % from the year before (``v_t / v_{t-1} > 1.5`` or
    ``< 0.5``) **and** by at least 1 万人 (10,000 persons). Without the absolute floor, 6,436 of
    98,911 year-on-year pairs would be flagged, most of them sections of a few hundred persons
    whose swings do not move any share; the reform of unit-employment statistics in 2012–2013
    and changes of coverage (重庆 249 → 856 → 413 万人 in 2010, 2012, 2016) are flagged.
``carried_forward``
    A value equals the year before's exactly, and either the city-year is a repeated year (at
    least half of its published series unchanged, as 重庆 2010 = 2009 in every section) or the
    value is at least 5 万人 (50,000 persons). The file's resolution is 0.01 万人 (100 persons),
    so small values repeat by chance: 32 % of values under 0.1 万人 and 9 % of those under 1 万人
    equal the year before's, against 0.7 % of those of 5 万人 or more. Isolated small repeats
    are counted in the notes, not flagged.

The schema holds one flag per row: the worst by ``model.quality``'s order (inconsistent >
level_shift > carried_forward > secondary); the notes count every condition found.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, read_csv
from megaregion.io.cn_cities import add_unlisted_regions, check_codes, city_ids
from megaregion.model.quality import worst
from megaregion.model.sectors import GBT4754_2002_SECTIONS

S, I, F = "str", "int", "float"

FILE = ("cn", "city_employment_by_industry_2000_2022.csv.gz")
CLASSIFICATION = "gbt4754-2002"
TOTAL = "TOTAL"
#: The compiler's column of each section (万人), in the yearbook's order.
SECTION_COLUMNS: dict[str, str] = {
    s: f"{title}从业人员数(万人)" for s, (_, _, title) in GBT4754_2002_SECTIONS.items()
}
TOTAL_COLUMN = "年末单位从业人员数(万人)"
#: Before 2003 the yearbook used the older GB/T 4754-1994 sections; the compiler filled only
#: seven columns for those years. They are not imported (another classification).
FIRST_SECTION_YEAR = 2003

#: Tolerances of the plausibility checks (万人, as in the file).
SUM_TOLERANCE_REL = 0.01
SUM_TOLERANCE_ABS = 0.1
SHIFT_RATIO = 0.5
SHIFT_MIN_ABS = 1.0
REPEAT_MIN_VALUE = 5.0
REPEAT_YEAR_SHARE = 0.5


def flag_employment(long: pd.DataFrame) -> tuple[pd.Series, dict[str, int]]:
    """Quality flag of each row of city employment in long form, and counts of each condition.

    Parameters
    ----------
    long : columns ``city``, ``year``, ``industry`` (section letter or ``TOTAL``) and ``value``
        (万人, as read; no missing values).

    Returns
    -------
    (flags, counts): ``flags`` aligned with ``long`` (the worst of the conditions met, or
    ``secondary``); ``counts`` the number of rows meeting each condition before the worst was
    picked, plus ``small_repeats_not_flagged``. Rules and tolerances: module docstring.
    """
    df = long[["city", "year", "industry", "value"]].copy()
    sections = df[df["industry"] != TOTAL]
    total = df[df["industry"] == TOTAL].set_index(["city", "year"])["value"]
    agg = sections.groupby(["city", "year"])["value"].agg(["sum", "count"])
    agg = agg.join(total.rename("total"), how="inner")
    gap = agg["sum"] - agg["total"]
    allowed = np.maximum(SUM_TOLERANCE_REL * agg["total"], SUM_TOLERANCE_ABS)
    complete = agg["count"] == len(SECTION_COLUMNS)
    bad = (complete & (gap.abs() > allowed)) | (~complete & (gap > allowed))
    bad_keys = set(agg.index[bad])
    keys = list(zip(df["city"], df["year"]))
    inconsistent = pd.Series([k in bad_keys for k in keys], index=df.index)

    df = df.sort_values(["city", "industry", "year"])
    g = df.groupby(["city", "industry"], sort=False)
    prev = g["value"].shift()
    consecutive = g["year"].shift() == df["year"] - 1
    prev = prev.where(consecutive)
    ratio = df["value"] / prev
    shift = (prev > 0) & ((ratio > 1 + SHIFT_RATIO) | (ratio < 1 - SHIFT_RATIO)) \
        & ((df["value"] - prev).abs() >= SHIFT_MIN_ABS)
    same = prev.notna() & (df["value"] == prev)
    year_share = same.groupby([df["city"], df["year"]]).transform("mean")
    repeated_year = year_share >= REPEAT_YEAR_SHARE
    carried = same & (repeated_year | (df["value"] >= REPEAT_MIN_VALUE))
    shift, carried, same = (x.reindex(long.index) for x in (shift, carried, same))

    flags = pd.Series("secondary", index=long.index, dtype=object)
    for cond, flag in ((carried, "carried_forward"), (shift, "level_shift"),
                       (inconsistent, "inconsistent")):
        flags = flags.where(~cond.to_numpy(), [worst([a, flag]) for a in flags])
    counts = {"inconsistent": int(inconsistent.sum()), "level_shift": int(shift.sum()),
              "carried_forward": int(carried.sum()),
              "small_repeats_not_flagged": int((same & ~carried).sum())}
    return flags, counts


def read_city_employment(data_dir: Path) -> ImportBatch:
    """City employment by industry section (``cn/city_employment_by_industry_2000_2022.csv.gz``).

    Writes ``activity``: classification ``gbt4754-2002``, industry = the section letter (A–S,
    the yearbook's 19 sections, 2003–2019) or ``TOTAL`` (年末单位从业人员, 2000–2022), measure
    ``employees``, unit ``persons`` (the file's 万人 × 10,000), flag ``secondary`` or a lower
    tier from the plausibility checks of :func:`flag_employment`. Empty cells (not published)
    are not imported: unknown, never zero. Not imported: the 2000–2002 section columns (older
    classification, seven sections only), the three-sector counts and shares (derived), private
    and self-employed persons and registered unemployed (other concepts).

    Raises DataError for a missing column, a value that is not a number, a negative value, a
    malformed or duplicated (year, code).
    """
    path = Path(data_dir).joinpath(*FILE)
    cols = {"年份": I, "行政区划代码": S, "地区": S, TOTAL_COLUMN: F}
    cols.update({c: F for c in SECTION_COLUMNS.values()})
    t = read_csv(path, cols, non_negative=[TOTAL_COLUMN, *SECTION_COLUMNS.values()])
    check_unique(path, t, ["行政区划代码", "年份"])
    d = t.to_pandas()
    check_codes(path, d["行政区划代码"], "行政区划代码")

    parts = [pd.DataFrame({"city": d["行政区划代码"], "year": d["年份"], "industry": TOTAL,
                           "value": d[TOTAL_COLUMN]})]
    early = d["年份"] < FIRST_SECTION_YEAR
    skipped_early = int(d.loc[early, list(SECTION_COLUMNS.values())].notna().sum().sum())
    for sec, col in SECTION_COLUMNS.items():
        parts.append(pd.DataFrame({"city": d.loc[~early, "行政区划代码"], "year": d.loc[~early, "年份"],
                                   "industry": sec, "value": d.loc[~early, col]}))
    long = pd.concat(parts, ignore_index=True)
    empty = int(long["value"].isna().sum())
    long = long[long["value"].notna()].reset_index(drop=True)
    flags, counts = flag_employment(long)

    batch = ImportBatch("cn/city_employment", files=[path])
    batch.add("activity", pd.DataFrame({
        "region_id": city_ids(long["city"]), "year": long["year"].astype("int32"),
        "classification": CLASSIFICATION, "industry": long["industry"], "measure": "employees",
        "value": (long["value"] * 10_000).round(6), "unit": "persons", "flag": flags.to_numpy(),
    }))
    add_unlisted_regions(batch, data_dir, d["行政区划代码"], d["地区"], "City employment")

    final = flags.value_counts()
    n = len(long)
    listing_en = ", ".join(f"{f} {int(final.get(f, 0)):,}" for f in
                           ("secondary", "carried_forward", "level_shift", "inconsistent"))
    listing_zh = "，".join(f"{z}{int(final.get(f, 0)):,}行" for f, z in
                          (("secondary", "二手汇编数据"), ("carried_forward", "与上年相同"),
                           ("level_shift", "较上年变化超过50%"), ("inconsistent", "分项之和与合计不符")))
    batch.notes += [
        Note("Secondary compilation of the China City Statistical Yearbook by a data reseller "
             "(GitHub yangxisilence/Z, sheet 原始数据（有缺失）), not checked against the yearbook: "
             "every value is flagged 'secondary' or lower. Unit employment covers legal-entity "
             "units only (no private and self-employed workers): it undercounts services in "
             "cities with many small firms and is not comparable with US County Business Patterns.",
             "《中国城市统计年鉴》的数据商二次汇编（GitHub yangxisilence/Z，工作表“原始数据（有缺失）”），未与年鉴核对："
             "所有数值标记为“二手汇编数据”或更低等级。单位从业人员仅含法人单位（不含私营和个体从业人员），"
             "在小企业多的城市低估服务业，不能直接与美国County Business Patterns比较。"),
        Note(f"Quality flags of the {n:,} imported values (one per row, the worst condition): "
             f"{listing_en}.",
             f"导入的{n:,}个数值的质量标记（每行一个，取最差者）：{listing_zh}。"),
        Note(f"Conditions found before the worst was picked: {counts['inconsistent']:,} values in "
             "city-years whose 19 sections do not sum to the total (tolerance: 1 % of the total "
             f"or 0.1 万人, whichever is larger); {counts['level_shift']:,} changes of more than "
             "50 % and at least 1 万人 from the year before (incl. the 2012-2013 statistical "
             f"reform); {counts['carried_forward']:,} values equal to the year before's in a "
             "repeated year or of 5 万人 or more. "
             f"{counts['small_repeats_not_flagged']:,} isolated repeats of smaller values were "
             "not flagged: at the file's resolution of 0.01 万人 small values repeat by chance.",
             f"取最差标记前的检查结果：{counts['inconsistent']:,}个数值所在城市年份的19个门类之和与合计不符"
             f"（容差取合计的1%与0.1万人中较大者）；{counts['level_shift']:,}个数值较上年变化超过50%且不少于1万人"
             f"（含2012—2013年统计口径调整）；{counts['carried_forward']:,}个数值与上年完全相同（整年重复或不少于5万人）。"
             f"另有{counts['small_repeats_not_flagged']:,}个较小数值孤立地与上年相同，未标记：文件精度为0.01万人，"
             "小数值偶然重复很常见。"),
        Note(f"Not imported: {empty:,} empty cells (not published: unknown, not zero); "
             f"{skipped_early:,} section values of 2000-2002 (older GB/T 4754-1994 sections, seven "
             "only); the three-sector counts and shares (derived), private and self-employed "
             "persons and registered unemployed. Sections use the GB/T 4754-2002 letters "
             "(classification gbt4754-2002; see docs/sector-crosswalk.md); the total is industry "
             "TOTAL. 万人 were converted to persons (x 10,000).",
             f"未导入：{empty:,}个空单元格（未公布：未知，不是零）；2000—2002年的{skipped_early:,}个门类数值"
             "（旧版GB/T 4754-1994分类，仅7个门类）；三次产业人数与比重（派生数据）、私营和个体从业人员、"
             "城镇登记失业人员。门类采用GB/T 4754-2002字母（分类gbt4754-2002，见docs/sector-crosswalk.md），"
             "合计的行业代码为TOTAL。万人已换算为人（×10,000）。"),
    ]
    return batch

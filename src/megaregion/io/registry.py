"""The datasets megaregion reads from a data folder laid out like the project's shared data.

Each entry names its files (relative to the data folder), the reader that turns them into
canonical tables, and the datasets that must be imported before it (regions before the data
that refer to them). ``megaregion data list`` prints this table; ``megaregion data import``
and ``megaregion demo`` walk it in order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from megaregion.errors import UnknownNameError
from megaregion.io.base import ImportBatch


@dataclass(frozen=True)
class Dataset:
    """One importable dataset: id, files, reader (``module:function``), description."""

    id: str
    paths: tuple[str, ...]
    reader: str
    description: str
    country: str
    after: tuple[str, ...] = ()
    in_demo: bool = True

    @property
    def description_zh(self) -> str:
        """The Chinese description (``DESCRIPTIONS_ZH``; the English one where it has none)."""
        return DESCRIPTIONS_ZH.get(self.id, self.description)

    def read(self, data_dir: Path) -> ImportBatch:
        module, func = self.reader.split(":")
        fn = getattr(importlib.import_module(f"megaregion.io.{module}"), func)
        return fn(Path(data_dir))

    def files(self, data_dir: Path) -> list[Path]:
        return [Path(data_dir) / p for p in self.paths]

    def available(self, data_dir: Path) -> bool:
        return all(f.is_file() for f in self.files(data_dir))


_US_REF = ("us/reference",)
#: The files of the metro-code vintage crosswalk (io.us_vintages), read by every US metro reader.
_US_DELINEATIONS = ("us/county_reference.csv", "us/cbsa_delineation_2023.csv")
#: ... and the patent files whose county evidence resolves older metro codes.
_US_VINTAGE_FILES = (*_US_DELINEATIONS, "us/uspto_patents_cbsa_2000_2015.csv",
                     "us/uspto_patents_county_2000_2015.csv")
_CN_REF = ("cn/cities",)

DATASETS: dict[str, Dataset] = {d.id: d for d in [
    # --- United States: places and megaregions --------------------------------------------
    Dataset("us/reference", ("us/county_reference.csv", "us/cbsa_delineation_2023.csv"),
            "us_reference:read_reference",
            "US counties, states and metros (2018 and 2023 delineations), county population",
            "us"),
    Dataset("us/megaregions", ("us/megaregions_cbsa_2023.csv", "us/megaregions_counties_2023.csv",
                               "us/county_reference.csv"),
            "us_reference:read_megaregions",
            "The brief's three US megaregions as metros and counties; New York State's counties",
            "us", _US_REF),
    # --- United States: industry ------------------------------------------------------------
    Dataset("us/cbp_county", ("us/cbp_county_naics2_2017_2021.csv.gz",
                              "us/cbp_county_naics3_2017_2021.csv.gz",
                              "us/cbp_county_naics4_2017_2021.csv.gz", "us/naics2017_labels.csv"),
            "us_cbp:read_cbp_county",
            "County Business Patterns by county, NAICS 2-4 digits, 2017-2021 (38 states)", "us", _US_REF),
    Dataset("us/cbp_metro", ("us/cbp_cbsa_naics2to4_2018_2019.csv.gz",),
            "us_cbp:read_cbp_metro",
            "County Business Patterns by metro (CBSA), NAICS 2-4 digits, 2018-2019", "us", _US_REF),
    Dataset("us/brookings_shiftshare", ("us/brookings_metro_shiftshare_naics2_2016.csv",),
            "us_economy:read_brookings_shiftshare",
            "Brookings Metro Monitor shift-share, 100 largest metros, 2016 levels and "
            "2006/2011/2015 levels implied by the growth components", "us", _US_REF),
    Dataset("us/qcew_ny", ("us/qcew_ny_county_naics2to3_2000_2017.csv.gz",),
            "us_economy:read_qcew_ny", "QCEW, New York State counties, NAICS 2-3 digits, 2000-2017",
            "us", _US_REF),
    Dataset("us/brookings_older_industrial", ("us/brookings_older_industrial_counties.csv",),
            "us_economy:read_brookings_older_industrial",
            "Brookings older industrial counties: manufacturing shares 1970 and 2016", "us", _US_REF),
    # --- United States: innovation ----------------------------------------------------------
    Dataset("us/patents_county", ("us/uspto_patents_county_2000_2015.csv",),
            "us_innovation:read_patents_county", "USPTO utility patents by county, 2000-2015", "us", _US_REF),
    Dataset("us/patents_metro", ("us/uspto_patents_cbsa_2000_2015.csv",
                                 "us/uspto_patents_county_2000_2015.csv", *_US_DELINEATIONS),
            "us_innovation:read_patents_metro",
            "USPTO utility patents by metro (summed from counties onto 2023 metros), 2000-2015",
            "us", _US_REF),
    Dataset("us/herd", ("us/nsf_herd_institutions_2012_2016.csv", *_US_DELINEATIONS),
            "us_innovation:read_herd", "NSF HERD university R&D by county and metro, 2012-2016", "us", _US_REF),
    Dataset("us/brdis", ("us/nsf_brdis_business_rd_cbsa_2015.csv", *_US_VINTAGE_FILES),
            "us_innovation:read_brdis", "NSF BRDIS business R&D, top metros, 2015", "us", _US_REF),
    Dataset("us/regpat", ("us/oecd_regpat_cbsa_2008_2012.csv", *_US_VINTAGE_FILES),
            "us_innovation:read_regpat", "OECD REGPAT patents by metro, 2008-2012 pooled", "us", _US_REF),
    # --- United States: flows -----------------------------------------------------------------
    Dataset("us/commuting", ("us/acs_commuting_county_flows_2009_2013.csv.gz",),
            "us_flows:read_commuting", "ACS county-to-county commuting flows, 2009-2013", "us", _US_REF),
    Dataset("us/migration", ("us/irs_migration_county_flows_2018_2019.csv.gz",),
            "us_flows:read_migration", "IRS county-to-county migration, 2018-2019", "us", _US_REF),
    Dataset("us/inmigration_education", ("us/acs_county_inmigration_by_education_2009_2017.csv.gz",),
            "us_flows:read_inmigration_education",
            "ACS county in-movers by education, 2009-2017", "us", _US_REF),
    # --- China: places, clusters, statistics ------------------------------------------------
    Dataset("cn/cities", ("cn/cities.csv",), "cn_cities:read_cities",
            "Chinese prefecture-level cities and provinces with coordinates", "cn"),
    Dataset("cn/clusters", ("cn/clusters.csv", "cn/cities.csv"), "cn_cities:read_clusters",
            "Yangtze River Economic Belt city clusters and the whole belt", "cn", _CN_REF),
    Dataset("cn/city_panel", ("cn/city_stats_panel_2000_2023.csv",), "cn_cities:read_city_panel",
            "City GDP, value added by three sectors, population, FDI, loans, 2000-2023; "
            "secondary compilation, quality-flagged", "cn", _CN_REF),
    Dataset("cn/census", ("cn/census_population_2010_2020.csv",), "cn_cities:read_census",
            "Census population 2010 and 2020 (2020 boundaries)", "cn", _CN_REF),
    Dataset("cn/yearbook_firms_2015", ("cn/city_yearbook_firms_2015.csv",),
            "cn_cities:read_yearbook_firms", "City yearbook GDP, employment and new firms, 2015", "cn", _CN_REF),
    Dataset("cn/city_employment", ("cn/city_employment_by_industry_2000_2022.csv.gz",),
            "cn_employment:read_city_employment",
            "City employment by 19 industry sections (GB/T 4754-2002), 2003-2019, totals 2000-2022; "
            "secondary compilation, quality-flagged", "cn", _CN_REF),
    Dataset("cn/universities", ("cn/universities_count_by_city_2019.csv",
                                "cn/universities_count_by_city_1985_2012.csv"),
            "cn_innovation:read_universities", "Universities by city, 2019 and 1985-2012", "cn", _CN_REF),
    Dataset("cn/patents_connectivity", ("cn/city_patents_connectivity_liang2024.csv",),
            "cn_innovation:read_patents_connectivity",
            "Patents 2017 and network degrees by city (Liang et al. 2024)", "cn", _CN_REF),
    Dataset("cn/baidu_migration", ("cn/flows_baidu_migration_yreb_2020q1.csv.gz",),
            "cn_flows:read_baidu_migration",
            "Baidu migration shares among Yangtze River Economic Belt cities, daily 2020 Q1",
            "cn", _CN_REF),
    # --- Links ---------------------------------------------------------------------------------
    Dataset("links/gawc_ds11", ("links/gawc_ds11_service_values_2000.csv",), "links:read_gawc_ds11",
            "GaWC Data Set 11: service values of 100 firms in 315 world cities, 2000", "world"),
    Dataset("links/gawc_ds6", ("links/gawc_ds6_service_values_55cities.csv",), "links:read_gawc_ds6",
            "GaWC Data Set 6: service values of 46 firms in 55 world cities", "world"),
    Dataset("links/gawc_gnc_2020", ("links/gawc_gnc_2020.csv", "links/gawc_ds11_service_values_2000.csv"), "links:read_gawc_gnc_2020",
            "GaWC global network connectivity of 707 cities, 2020", "world", ("links/gawc_ds11",)),
    Dataset("links/us_tech_transfer", ("links/us_cbsa_tech_transfer_pairs_1858_2023.csv",
                                       "links/us_cbsa_tech_transfer_intracity_1858_2023.csv"),
            "links:read_us_tech_transfer",
            "US inter-metro technology transfer, five periods 1858-2023 (Li, Du & Yu 2025)", "us", _US_REF),
    Dataset("links/us_tech_transfer_county", ("links/us_county_tech_transfer_selected_cbsa_1858_2023.csv",),
            "links:read_us_tech_transfer_county",
            "US county-to-county technology transfer inside 16 metros", "us", _US_REF),
    Dataset("links/us_tech_transfer_national", ("links/us_tech_transfer_national_annual_1858_2023.csv",),
            "links:read_us_tech_transfer_national", "US national yearly technology transfer totals", "us"),
    Dataset("links/us_msa_connectivity", ("links/us_msa_connectivity_degrees_liang2024.csv",),
            "links:read_us_msa_connectivity",
            "US metro connectivity degrees and patents (Liang et al. 2024)", "us", _US_REF),
    Dataset("links/cn_hightech_links", ("links/cn_hightech_firm_links_1998_2008.csv",),
            "links:read_cn_hightech_links", "Chinese high-tech firm city links, 1998-2008", "cn", _CN_REF),
    Dataset("links/bea_io", ("links/bea_summary_use_2012_2023.csv.gz", "links/bea_summary_make_2012_2023.csv.gz",
                             "links/bea_summary_io_codes_2017schema.csv"),
            "links:read_bea_io", "BEA summary make and use tables, 2012-2023", "us"),
    Dataset("links/cn_io", ("links/cn_national_io_tables_2017_2020.csv.gz",), "links:read_cn_io",
            "China national input-output tables 2017, 2018, 2020", "cn"),
]}


def get(dataset_id: str) -> Dataset:
    try:
        return DATASETS[dataset_id]
    except KeyError:
        raise UnknownNameError(
            f"unknown dataset {dataset_id!r}; known datasets: {', '.join(DATASETS)}") from None


def ordered(ids=None) -> list[Dataset]:
    """Datasets in an order that imports each one's prerequisites first."""
    wanted = list(DATASETS) if ids is None else list(ids)
    seen: list[str] = []

    def visit(i: str) -> None:
        if i in seen:
            return
        for dep in get(i).after:
            visit(dep)
        seen.append(i)

    for i in wanted:
        visit(i)
    return [DATASETS[i] for i in seen]


#: Chinese descriptions of the datasets (``megaregion --lang zh data list``).
DESCRIPTIONS_ZH: dict[str, str] = {
    "us/reference": "美国县、州和都市区（2018年和2023年划分），县人口",
    "us/megaregions": "三个美国都市连绵区的都市区和县；纽约州各县",
    "us/cbp_county": "County Business Patterns县级数据，NAICS二至四位数，2017—2021年（38个州）",
    "us/cbp_metro": "County Business Patterns都市区（CBSA）数据，NAICS二至四位数，2018—2019年",
    "us/brookings_shiftshare": "布鲁金斯学会Metro Monitor偏离—份额分析，100个最大都市区，2016年水平值及由增长分量推算的2006/2011/2015年水平值",
    "us/qcew_ny": "QCEW纽约州县级就业，NAICS二至三位数，2000—2017年",
    "us/brookings_older_industrial": "布鲁金斯学会老工业县：1970年和2016年制造业占比",
    "us/patents_county": "USPTO县级发明专利数，2000—2015年",
    "us/patents_metro": "USPTO都市区发明专利数，2000—2015年",
    "us/herd": "NSF HERD高校研发经费，按县和都市区，2012—2016年",
    "us/brdis": "NSF BRDIS企业研发经费，主要都市区，2015年",
    "us/regpat": "OECD REGPAT都市区专利数，2008—2012年合计",
    "us/commuting": "ACS县际通勤流，2009—2013年",
    "us/migration": "IRS县际人口迁移，2018—2019年",
    "us/inmigration_education": "ACS按受教育程度分的县迁入人口，2009—2017年",
    "cn/cities": "中国地级市和省份（含坐标）",
    "cn/clusters": "长江经济带各城市群及长江经济带全域",
    "cn/city_panel": "城市GDP、三次产业增加值、人口、外商直接投资、贷款，2000—2023年；二手汇编数据，已标记数据质量",
    "cn/city_employment": "城市分行业（19个门类，GB/T 4754-2002）单位从业人员，门类2003—2019年、合计2000—2022年；二手汇编数据，已做质量标记",
    "cn/census": "人口普查人口，2010年和2020年（2020年行政区划）",
    "cn/yearbook_firms_2015": "城市统计年鉴GDP、就业和新增企业数，2015年",
    "cn/universities": "各城市高校数，2019年及1985—2012年",
    "cn/patents_connectivity": "2017年各城市专利数和网络度数（Liang等，2024）",
    "cn/baidu_migration": "长江经济带城市间百度迁徙比例，2020年第一季度逐日",
    "links/gawc_ds11": "GaWC第11数据集：100家企业在315个世界城市的服务值，2000年",
    "links/gawc_ds6": "GaWC第6数据集：46家企业在55个世界城市的服务值",
    "links/gawc_gnc_2020": "GaWC全球网络连接度，707个城市，2020年",
    "links/us_tech_transfer": "美国都市区间技术转移，1858—2023年五个时期（Li, Du & Yu，2025）",
    "links/us_tech_transfer_county": "美国16个都市区内部的县际技术转移",
    "links/us_tech_transfer_national": "美国全国逐年技术转移总量",
    "links/us_msa_connectivity": "美国都市区网络度数与专利数（Liang等，2024）",
    "links/cn_hightech_links": "中国高新技术企业城市间联系，1998—2008年",
    "links/bea_io": "BEA汇总层级供给表和使用表，2012—2023年",
    "links/cn_io": "中国全国投入产出表，2017、2018、2020年",
}

"""Chinese text of the coded values that workflows put in their tables.

Tables keep English codes (``service-led``, ``value_added``, ``firm_link``, ``entropy`` ...):
they are what code, JSON and the options read. Under ``--lang zh`` the terminal, the spreadsheet
and the CSV files show the Chinese text of a cell whose whole value is one of these codes
(:func:`value_label`); JSON keeps the codes, since it is an API.
"""

from __future__ import annotations

#: Coded cell value -> Chinese text (whole cell values only).
VALUES_ZH: dict[str, str] = {
    # composite-centre classes (metrics.balance.balance_class)
    "composite": "复合型", "service-led": "服务主导型", "manufacturing-led": "制造主导型",
    "undefined": "无法判定",
    # measures
    "employees": "雇员数", "establishments": "企业（机构）数", "payroll": "工资总额",
    "value_added": "增加值", "employment": "就业", "gdp": "GDP", "population": "人口",
    # indicators of the innovation and industry indices
    "patents_utility": "发明专利数", "university_rd": "高校研发经费", "universities_rd_performing": "开展研发的高校数",
    "patents": "专利数", "universities": "高校数", "copublication_degree": "合作论文网络度数",
    "services_share": "服务业占比", "advanced_industries_share": "先进产业占比", "size": "规模",
    "spearman_rho": "Spearman ρ", "pearson_r": "Pearson r",
    # weighting and coupling formula (innovation)
    "entropy": "熵值法", "critic": "CRITIC法", "standard": "标准公式", "wang2021": "王淑佳等（2021）修正公式",
    "innovation": "创新", "industry": "产业",
    # kinds of network
    "tech_transfer": "技术转移", "commuting": "通勤", "migration": "人口迁移", "firm_link": "企业联系",
    "baidu": "百度迁徙", "gravity": "引力模型",
    # levels of regions
    "city": "城市", "metro": "都市区", "county": "县", "province": "省", "state": "州",
    "nation": "国家", "world_city": "世界城市", "naics2": "NAICS两位数", "naics3": "NAICS三位数",
    "naics4": "NAICS四位数",
    # node positions and tiers (network)
    "core": "核心", "semi-core": "半核心", "periphery": "边缘", "main": "主要节点", "central": "中心节点",
    "basic": "基础节点", "member": "成员",
    # kinds of collaboration records (analysis.collaboration)
    "co_patent": "合作专利", "co_publication": "合作论文", "co_application": "联合申请专利",
    # comparison verdicts
    "more networked": "更趋网络化", "more hierarchical": "更趋等级化", "mixed": "变化方向不一",
    # the nation as a row of a summary (co-funding)
    "us": "全美国", "cn": "全中国",
    # quality tiers (model.quality)
    "observed": "观测值", "vintage_mapped": "由其他版本的都市区划分换算", "estimated": "估算值",
    "secondary": "二手汇编数据", "carried_forward": "与上年相同（可能为沿用）", "level_shift": "较上年变化超过50%",
    "inconsistent": "分项之和与合计不符", "suppressed": "保密或未公布（未知）",
    # direction of a hierarchy/network signal (network comparison)
    "network": "趋向网络化", "hierarchy": "趋向等级化", "unchanged": "无变化", "signals": "指标计数",
    # parts of a group (relocation summary)
    "total": "合计",
    # treatment of unpublished cells (complexity)
    "mask": "屏蔽（视为未知）", "zero": "按0处理",
    # block models (analysis.blocks): positions, Burt's roles, methods and tie definitions
    "semi-periphery": "半边缘", "isolate": "孤立位置", "primary": "首要位置", "sycophant": "谄媚位置",
    "broker": "经纪人位置", "concor": "CONCOR", "se": "结构对等聚类", "valued": "赋值（联系强度）",
    "binary": "二值（有无联系）", "row_mean": "行均值二值化", "euclidean": "欧氏距离", "correlation": "1减相关系数",
    "cohesive": "凝聚子群型", "core-periphery": "核心—边缘型", "mixed_pattern": "混合型",
    "average": "平均联接", "complete": "最长距离联接", "single": "最短距离联接", "ward": "Ward联接",
    # alliance actions, chain positions and summary measures (analysis.alliances)
    "build": "宜新建联系", "consolidate": "宜巩固联系", "no_link_data": "无联系数据", "no_estimate": "无模型预期",
    "as_expected": "与预期相当", "top_as_expected": "前列城市对中与预期相当数",
    "upstream": "上游", "downstream": "下游", "up_and_down": "上下游兼有", "neither": "均不专业化", "unknown": "未知",
    "cities_ranked": "参与排序的城市数", "pairs_ranked": "参与排序的城市对数", "top_build": "前列城市对中宜新建数",
    "top_consolidate": "前列城市对中宜巩固数", "top_no_link_data": "前列城市对中无联系数据数",
    "top_no_estimate": "前列城市对中无模型预期数", "chain_upstream": "产业链上游城市数",
    "chain_downstream": "产业链下游城市数", "chain_both": "产业链上下游兼有城市数",
    "distance_elasticity": "距离弹性",
    "score": "综合得分", "proximity": "邻近度", "scale": "规模",
    # input-output linkage classes (metrics.inputoutput.linkages) and division-of-labour terms
    "key sector": "关键部门", "backward-oriented": "后向关联型", "forward-oriented": "前向关联型",
    "weakly linked": "弱关联型", "intercept": "截距", "complementarity": "产业链互补性",
    "relatedness": "能力相关性", "log_distance": "对数距离", "log_mass_origin": "起点城市对数就业规模",
    "log_mass_destination": "终点城市对数就业规模", "log_mass_product": "两城市对数就业规模之和",
    "used": "已使用", "unknown in a member": "某成员城市数据未知", "no input-output counterpart": "无投入产出对应",
    # openness: GaWC status, missing items, link directions
    "gawc_2000_and_2020": "2000年和2020年均列入", "gawc_2020_only": "仅列入2020年", "gawc_2000_only": "仅列入2000年",
    "not_in_gawc": "不在GaWC城市集合中", "ambiguous_gawc_name": "GaWC城市名有歧义，未匹配",
    "not_in_gawc_2000": "不在2000年的315个城市中", "no_fdi_by_us_metro": "美国无分都市区外资数据",
    "no_fdi_in_panel": "面板中无外资数据", "no_links_observed": "未观测到联系", "gawc": "GaWC",
    "gawc_2000": "GaWC 2000年", "fdi": "外资", "group": "城市群", "out": "流出", "in": "流入", "both": "双向",
    "share_of_outflow": "占迁出人口比例", "count": "次数", "persons": "人数",
    # LISA quadrants and clusters, spatial weights (analysis.spatial_patterns)
    "HH": "高—高", "LL": "低—低", "HL": "高—低", "LH": "低—高", "ns": "不显著", "queen": "皇后邻接",
    "gdp_per_capita": "人均GDP", "tertiary_share": "第三产业占比", "patents_per_capita": "每万人专利数",
    # side by side (analysis.compare): comparability, features, link classes
    "comparable": "可比", "partly_comparable": "部分可比", "not_comparable": "不可比",
    "industrial_structure": "产业结构", "network_structure": "网络结构", "innovation_capacity": "创新能力",
    "openness": "开放度", "people": "人口流动", "firms": "企业与知识联系", "innovation_index": "创新指数",
    "gravity_population": "人口引力模型",
}

#: Yes/no cells (e.g. whether links have a direction) under ``--lang zh``.
BOOLS_ZH = {True: "是", False: "否"}

#: Chinese names of the levels a group's members can have, for sentences ("26个城市级成员").
LEVELS_ZH = {"city": "城市", "metro": "都市区", "county": "县", "province": "省", "state": "州"}


def value_label(value, lang: str = "en"):
    """The Chinese text of a coded cell value under ``lang="zh"``; any other value unchanged."""
    if lang == "zh" and isinstance(value, str):
        return VALUES_ZH.get(value, value)
    return value


def translate_values(df, lang: str = "en"):
    """``df`` with coded text cells in Chinese (``lang="zh"``); numbers and other text unchanged."""
    if lang != "zh":
        return df
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(BOOLS_ZH)
        elif not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: VALUES_ZH.get(v, v) if isinstance(v, str)
                                    else BOOLS_ZH.get(v, v) if isinstance(v, bool) else v)
    return out



#: Chinese names of the world cities that lead the GaWC rankings (the store's world cities have
#: English names only); the brief's own cities are named in ``analysis.world_cities``.
WORLD_CITIES_ZH: dict[str, str] = {
    "world:london": "伦敦", "world:new-york": "纽约", "world:hong-kong": "香港", "world:singapore": "新加坡",
    "world:shanghai": "上海", "world:beijing": "北京", "world:dubai": "迪拜", "world:paris": "巴黎",
    "world:tokyo": "东京", "world:sydney": "悉尼", "world:los-angeles": "洛杉矶", "world:toronto": "多伦多",
    "world:mumbai": "孟买", "world:amsterdam": "阿姆斯特丹", "world:milan": "米兰", "world:frankfurt": "法兰克福",
    "world:chicago": "芝加哥", "world:sao-paulo": "圣保罗", "world:kuala-lumpur": "吉隆坡",
    "world:mexico-city": "墨西哥城", "world:madrid": "马德里", "world:moscow": "莫斯科", "world:jakarta": "雅加达",
    "world:brussels": "布鲁塞尔", "world:seoul": "首尔", "world:zurich": "苏黎世", "world:taipei": "台北",
    "world:san-francisco": "旧金山", "world:washington": "华盛顿", "world:boston": "波士顿",
    "world:buenos-aires": "布宜诺斯艾利斯", "world:bangkok": "曼谷", "world:warsaw": "华沙",
    "world:istanbul": "伊斯坦布尔", "world:johannesburg": "约翰内斯堡", "world:melbourne": "墨尔本",
}


#: Chinese text of the units of the ``indicators`` table (figures name an indicator's unit).
UNITS_ZH: dict[str, str] = {
    "cny": "元", "cny_100m": "亿元", "cny_10k": "万元", "count": "个数", "flag": "标记（是/否）",
    "fraction": "比例", "gnc_abs": "全球网络连通度（绝对值）", "index_prev_year_eq_100": "指数（上年=100）",
    "index_scaled": "指数（标准化）", "km2": "平方千米", "males_per_100_females": "男性/百名女性",
    "percent": "%", "percent_of_london": "占伦敦的%", "persons": "人", "persons_per_household": "人/户",
    "rank": "位次", "unstated_dn_sum": "灯光亮度值之和", "usd": "美元", "usd_1000": "千美元",
    "usd_1000_assumed": "千美元（推定）", "usd_2016": "美元（2016年价格）", "usd_million": "百万美元",
    "usd_real": "美元（不变价）",
}

#: Chinese names of the datasets of the shared data folder (the ``source`` of an indicator).
SOURCES_ZH: dict[str, str] = {
    "cn/census": "中国人口普查", "cn/city_panel": "中国城市面板数据（《中国城市统计年鉴》整理）",
    "cn/patents_connectivity": "中国城市专利与联系数据", "cn/universities": "中国高校名录",
    "cn/yearbook_firms_2015": "2015年城市统计年鉴企业数据", "links/gawc_gnc_2020": "GaWC 2020年全球网络连通度",
    "links/us_msa_connectivity": "美国都市区联系数据", "links/us_tech_transfer_national": "美国全国技术转移数据",
    "us/brdis": "美国企业研发调查（BRDIS）", "us/brookings_older_industrial": "布鲁金斯学会老工业城市数据",
    "us/herd": "美国高校研发调查（HERD）", "us/inmigration_education": "美国迁入人口受教育程度数据",
    "us/patents_county": "USPTO县级专利数据", "us/patents_metro": "USPTO都市区专利数据",
    "us/reference": "美国人口普查局参考数据", "us/regpat": "OECD REGPAT专利数据",
}


def unit_label(unit, lang: str = "en"):
    """The Chinese text of an indicator's unit under ``lang="zh"``; any other value unchanged."""
    return UNITS_ZH.get(unit, unit) if lang == "zh" and isinstance(unit, str) else unit


def source_label(source, lang: str = "en"):
    """The Chinese name of a dataset under ``lang="zh"``; any other value unchanged."""
    return SOURCES_ZH.get(source, source) if lang == "zh" and isinstance(source, str) else source

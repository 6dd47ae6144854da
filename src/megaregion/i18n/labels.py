"""Label catalogue: one key, an English and a Chinese text.

Keys are short and stable; ``t(key, lang, **fields)`` formats the text. Missing Chinese text
falls back to English so a new label never breaks ``--lang zh``.
"""

from __future__ import annotations

LANGS = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    # demo / profile table
    "profile.title": ("Megaregions and city clusters side by side", "都市连绵区与城市群对比"),
    "families.title": ("US employment by sector family (share of employment)", "美国分行业大类就业占比"),
    "col.group": ("Group", "城市群"),
    "col.year": ("Year", "年份"),
    "col.members": ("Cities", "城市数"),
    "col.counties": ("Counties", "县数"),
    "col.population": ("Population (m)", "人口（百万）"),
    "col.pop_year": ("Pop. year", "人口年份"),
    "col.employment": ("Employment (m)", "就业（百万）"),
    "col.gdp": ("GDP (100m yuan)", "GDP（亿元）"),
    "col.secondary": ("Secondary", "第二产业"),
    "col.tertiary": ("Tertiary", "第三产业"),
    "col.manufacturing": ("Manufacturing", "制造业"),
    "col.aps": ("Adv. services", "高端生产性服务业"),
    "col.basis": ("Basis", "口径"),
    "col.family": ("Sector family", "行业大类"),
    "basis.us": ("employment (CBP)", "就业（CBP）"),
    "basis.cn": ("value added", "增加值"),
    "findings": ("Findings", "主要发现"),
    "notes": ("Notes", "说明"),
    # data commands
    "data.importing": ("Importing {n} datasets", "正在导入 {n} 个数据集"),
    "data.imported": ("Imported {dataset}: {rows}", "已导入 {dataset}：{rows}"),
    "data.current": ("{dataset} is up to date", "{dataset} 已是最新"),
    "data.removed": ("Removed {dataset}: {rows} rows", "已删除 {dataset}：{rows}行"),
    "data.current_n": ("{n} datasets are up to date (unchanged files are not imported again)",
                       "{n} 个数据集已是最新（文件未变，不重复导入）"),
    "data.missing": ("{dataset}: files not found in the data folder, skipped", "{dataset}：数据目录中缺少文件，已跳过"),
    "data.no_dir": (
        "No data folder: set MEGAREGION_DATA (or pass --data-dir) to a folder laid out like the "
        "project's shared data; see docs/data.md for how to obtain each dataset.",
        "未找到数据目录：请设置 MEGAREGION_DATA（或使用 --data-dir）指向与项目共享数据同样布局的目录；"
        "获取方法见 docs/data.md。"),
    "col.dataset": ("Dataset", "数据集"),
    "col.files": ("Files", "文件"),
    "col.available": ("In data folder", "数据目录中"),
    "col.imported": ("Imported", "已导入"),
    "col.description": ("Description", "说明"),
    "col.region": ("Region", "地区"),
    "col.id": ("id", "代码"),
    "col.name": ("Name", "名称"),
    "col.level": ("Level", "层级"),
    "col.role": ("Role", "角色"),
    "col.core": ("Core", "核心"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "role.core": ("core", "核心"),
    "role.member": ("member", "成员"),
    "error": ("error", "错误"),
    "out.csv_folder": ("→ {folder}/ ({n} CSV files, one per table)", "→ {folder}/（{n}个CSV文件，每表一个）"),
    "graph.companion": ("  and {path}", "  以及 {path}"),
    "plot.nothing": ("--plot {path}: nothing to draw (the tables the figures draw are empty)",
                     "--plot {path}：没有可绘制的内容（图形所依据的表为空）"),
    "tiers.title": ("Node tiers, {period} (natural breaks of link strength)", "节点等级（{period}，按联系强度自然断点分级）"),
    "tiers.line": ("{tier} ({n}): {names}", "{tier}（{n}个）：{names}"),
    "tiers.more": (" and {n} more", " 等，另有{n}个"),
    "tier.main": ("main nodes", "主要节点"),
    "tier.central": ("central nodes", "中心节点"),
    "tier.basic": ("basic nodes", "基础节点"),
    "progress.network": ("{group}: building the {kind} network and its permutation tests", "{group}：正在构建联系网络并进行置换检验"),
    "progress.workflow": ("{group}: computing {what}", "{group}：正在计算{what}"),
    "progress.read": ("reading {file}", "正在读取 {file}"),
    "progress.import": ("importing {dataset} ({i}/{n})", "正在导入 {dataset}（{i}/{n}）"),
    "col.indicator": ("Indicator", "指标"),
    "col.unit": ("Unit", "单位"),
    "col.first_year": ("From", "起始年份"),
    "col.last_year": ("To", "截止年份"),
    "col.members_with_values": ("Cities with values", "有数值的城市数"),
    "col.city": ("City", "城市"),
    "indicators.flagged": ("* some values of this city are not plainly observed (estimated, secondary, ...): see the flag column in --out",
                           "* 该城市部分数值并非直接观测（估计值、二手汇编等）：见 --out 中的flag列"),
    "level.city": ("city", "城市"),
    "level.metro": ("metro", "都市区"),
    "level.county": ("county", "县"),
    "level.world_city": ("world city", "世界城市"),
    "what.structure": ("the composite centre and relocation", "中心城市复合化与产业转移"),
    "what.innovation": ("innovation as the driver", "创新驱动"),
    "what.complexity": ("economic complexity", "经济复杂度"),
    "what.openness": ("openness", "开放度"),
    "what.collaboration": ("triple-helix synergy of the records", "合作记录的三螺旋协同"),
    "what.synergy": ("place, technology and firm-size synergy", "地域、技术与企业规模的协同"),
    "what.cofunding": ("R&D co-funding", "研发经费的相互资助"),
    "what.spatial": ("spatial patterns", "空间格局"),
    "shift.title": ("Shift-share of the change, group as reference (classic)", "变化的偏离—份额分解（以城市群为参照，经典方法）"),
    "shift.title_part": ("Shift-share of the change, group as reference (classic): the core and the {n} largest and smallest competitive effects of {total} cities (all in --out)",
                         "变化的偏离—份额分解（以城市群为参照，经典方法）：核心城市及竞争效应最大、最小的各{n}个城市（共{total}个，全部见 --out）"),
    "shift.x0": ("First year", "起始年"),
    "shift.x1": ("Last year", "末年"),
    "shift.change": ("Change", "变化量"),
    "shift.group": ("Group growth", "城市群增长分量"),
    "shift.mix": ("Industry mix", "产业结构分量"),
    "shift.competitive": ("Competitive", "竞争分量"),
    "fetch.done": ("Downloaded and imported {n} files", "已下载并导入 {n} 个文件"),
    # block models (megaregion blocks)
    "blocks.what": ("the block model", "块模型"),
    "blocks.title": ("Blocks (block 1 the best-connected)", "板块（第1板块联系最密集）"),
    "blocks.line": ("Block {block}: {position}, {role} ({n}): {members}", "第{block}板块：{position}，{role}（{n}个）：{members}"),
}


#: Chinese names of the store's tables (import messages: "已导入 …：产业活动 3,381,606").
TABLES_ZH = {"activity": "产业活动", "indicators": "指标", "flows": "联系", "collaborations": "合作记录",
             "regions": "地区", "groups": "城市群", "industries": "行业", "io_tables": "投入产出表"}


def row_counts(rows: dict, lang: str = "en") -> str:
    """Rows written per table, e.g. ``activity 3,381,606, industries 1,973`` (table names in
    Chinese under ``lang="zh"``)."""
    name = (lambda k: TABLES_ZH.get(k, k)) if lang == "zh" else (lambda k: k)
    return ("，" if lang == "zh" else ", ").join(f"{name(k)} {v:,}" for k, v in rows.items())


def t(key: str, lang: str = "en", **fields) -> str:
    """The text of ``key`` in ``lang`` (``en`` or ``zh``), formatted with ``fields``."""
    en, zh = LABELS.get(key, (key, key))
    text = zh if lang == "zh" and zh else en
    return text.format(**fields) if fields else text


#: Chinese headers for the columns of the workflows' summary tables (the CLI shows them under
#: ``--lang zh``; the tables themselves keep their English column names for Excel and code).
COLUMNS_ZH: dict[str, str] = {
    # alliances (analysis.alliances)
    "pair": "城市对", "score": "综合得分", "score_complementarity": "得分构成：产业链互补", "score_relatedness": "得分构成：技术关联", "score_proximity": "得分构成：空间邻近", "score_innovation": "得分构成：创新能力", "score_scale": "得分构成：规模", "complementarity_ab": "互补度（甲供乙）",
    "complementarity_ba": "互补度（乙供甲）",
    "innovation": "创新能力（每万人专利数几何平均）", "observed_link": "实际联系", "expected_link": "引力模型预期联系",
    "link_ratio": "实际/预期联系比", "city_1": "城市一代码", "city_2": "城市二代码", "city_3": "城市三代码",
    "weakest_pair_score": "最弱城市对得分", "names": "城市组合", "scale": "规模（产业链行业就业几何平均）", "action": "建议", "name_a": "城市甲", "name_b": "城市乙",
    "supplier_city": "供给城市代码", "buyer_city": "需求城市代码",
    "supplier_industry": "上游（供给）行业", "buyer_industry": "下游（需求）行业", "lq_supplier": "上游行业区位商",
    "lq_buyer": "下游行业区位商", "io_coefficient": "投入产出直接消耗系数", "explanation": "理由",
    "industries_specialised": "专业化行业数", "top_industry": "区位商最高的行业",
    "top_lq": "最高区位商", "patents_per_10k": "每万人专利数",
    "efficiency_loss": "去掉其联系后全局效率下降", "chain": "产业链",
    "split": "训练期 -> 检验期", "k": "前k对", "precision_at_k": "前k对命中率", "matched_random": "匹配随机对命中率",
    "lift_matched": "相对匹配随机对的提升倍数", "base_rate": "全部候选对新联系比例", "lift_unmatched": "相对全部候选对的提升倍数",
    "ranking": "排序依据", "auc": "曲线下面积", "auc_within_distance_size": "距离与规模分组内曲线下面积", "metros": "都市区数",
    "candidate_pairs": "候选城市对数", "new_links": "新联系数",
    # added with the findings audit (quality tiers, network signals, structure conventions)
    "variable": "变量", "flag": "质量标记", "detail": "说明", "year0": "起始年", "year1": "终止年",
    "part": "部分", "direction": "方向", "n_network": "趋向网络化的指标数", "n_hierarchy": "趋向等级化的指标数",
    "n_unchanged": "无变化的指标数", "n_perm": "置换次数", "spearman_observed_predicted": "实际与预测的Spearman秩相关",
    "corr_log_observed_predicted": "实际与预测的对数相关系数", "positive_pairs": "正联系对数",
    "share_tertiary": "第三产业占比", "share_secondary": "第二产业占比", "lq_tertiary": "第三产业区位商",
    "lq_secondary": "第二产业区位商",
    # shared
    "group_id": "城市群", "year": "年份", "source": "数据来源", "measure": "指标", "core": "核心城市代码",
    "core_names": "核心城市", "core_names_zh": "核心城市", "members_with_data": "有数据的成员数", "period": "时期", "kind": "类型",
    "region_id": "地区代码", "city": "城市", "city_zh": "城市", "level": "行业层级",
    # composite centre
    "core_share_advanced_services": "核心城市高端生产性服务业占比", "core_share_manufacturing": "核心城市制造业占比",
    "core_balance_index": "核心城市服务—制造均衡指数", "core_balance_class": "核心城市类型",
    "group_share_advanced_services": "城市群高端生产性服务业占比", "group_share_manufacturing": "城市群制造业占比",
    "functional_specialization": "功能专业化指数", "core_share_of_group_manufacturing": "核心城市占城市群制造业比重",
    "core_share_of_group_total": "核心城市占城市群总量比重",
    "core_share_tertiary": "核心城市第三产业占比", "core_share_secondary": "核心城市第二产业占比",
    "group_share_tertiary": "城市群第三产业占比", "group_share_secondary": "城市群第二产业占比",
    "core_share_of_group_secondary": "核心城市占城市群第二产业比重",
    # innovation
    "innovation_year": "创新指标年份", "upgrade_years": "产业升级时段", "members_scored": "参与评价的城市数",
    "weighting": "赋权方法", "coupling_formula": "耦合度公式", "mean_coordination_D": "平均耦合协调度D",
    "innovation_hearts": "创新极核", "spearman_innovation_vs_upgrading": "创新与升级的Spearman相关",
    "spearman_p_value": "Spearman检验p值", "upgrading_measure": "升级度量", "economic_weight": "经济权重",
    # complexity
    "regions_in_nation": "全国地区数", "industries": "行业数", "mean_member_eci": "成员平均ECI",
    "core_eci_rank": "核心城市ECI全国排名", "unpublished_cells_read_as_zero": "按0处理的未公布单元数",
    "unpublished_cells": "未公布单元数", "unknown_cells": "未知单元数（已屏蔽）", "withheld_cells": "就业数保密单元数",
    "unpublished_cells_bounded_absent": "按上限判定不存在的未公布单元数", "unpublished_treatment": "未公布单元处理方式",
    "unknown_industries": "未知行业数", "published_regions": "公布该行业的地区数", "unknown_regions": "该行业未知的地区数",
    "recommendable": "可否推荐", "published": "是否公布",
    # networks
    "nodes": "节点数", "links": "联系数", "total_weight": "联系总强度", "density": "网络密度",
    "reciprocity": "互惠性", "tie_symmetry": "联系对称性", "degree_centralization": "度数中心势",
    "hierarchy": "Krackhardt等级度", "connectedness": "连通度", "efficiency": "效率", "lub": "最近上级唯一性",
    "share_links_outside_core": "不经过核心的联系占比", "share_weight_outside_core": "不经过核心的联系强度占比",
    "polycentricity": "多中心性", "rank_size_slope": "位序—规模斜率", "rank_size_r2": "位序—规模R²",
    "communities": "社区数", "modularity": "模块度", "cp_fit": "核心—边缘拟合度", "cp_p_value": "核心—边缘检验p值",
    "main_nodes": "主要节点数", "central_nodes": "中心节点数", "basic_nodes": "基础节点数",
    "directed": "联系有方向", "degree_centralization_in": "入度中心势", "degree_centralization_out": "出度中心势",
    "cp_n_perm": "核心—边缘检验置换次数", "top_pair": "联系最强的城市对", "top_pair_share": "最强城市对的联系强度占比",
    "cp_stopped_early": "核心—边缘检验是否提前停止",
    # collaboration (triple helix)
    "regions": "地区数", "documents": "文献（专利、论文）件数", "regions_with_synergy": "协同显著的地区数（文献充足者中）", "group_p_synergy": "城市群整体协同检验p值",
    "reliable_regions": "文献充足的地区数", "strongest_synergy": "协同最强的地区",
    "strongest_R_UIG_mbits": "最强协同R(UIG)（毫比特）", "group_R_UIG_mbits": "城市群整体R(UIG)（毫比特）",
    "strongest_R_UIGR_mbits": "最强协同R(UIGR)（毫比特）", "group_R_UIGR_mbits": "城市群整体R(UIGR)（毫比特）",
    "share_co_actor": "含两类及以上主体的比重", "R_UIG_mbits": "互冗余R(UIG)（毫比特）",
    "R_UIGR_mbits": "互冗余R(UIGR)（毫比特）", "R_UIG_null_mbits": "主体独立时的R(UIG)（毫比特）",
    "R_UIGR_null_mbits": "主体独立时的R(UIGR)（毫比特）", "p_synergy": "协同检验p值",
    "synergy": "协同显著", "reliable": "文献充足", "note": "说明", "note_zh": "说明（中文）",
    "T_UIG_mbits": "T(UIG)（毫比特）", "T_UIGR_mbits": "T(UIGR)（毫比特）", "T_UI_mbits": "T(UI)（毫比特）",
    "T_UG_mbits": "T(UG)（毫比特）", "T_IG_mbits": "T(IG)（毫比特）",
    # knowledge-base synergy
    "name": "名称", "name_zh": "中文名称", "counties": "县数", "counties_without_data": "无数据的县数",
    "establishments": "企业（机构）数", "sectors": "部门数", "T_GT_mbits": "T(地域,技术)（毫比特）",
    "T_GO_mbits": "T(地域,规模)（毫比特）", "T_TO_mbits": "T(技术,规模)（毫比特）",
    "T_GTO_mbits": "T(地域,技术,规模)（毫比特）", "between_metros_mbits": "都市区间项T0（毫比特）",
    # co-funding
    "university_rd_business_pct": "高校研发中企业资助比重（%）", "university_rd_business_pct_regions": "（高校研发）覆盖县数",
    "university_rd_business_pct_gap_pp": "与全国之差（百分点，高校研发）",
    "business_rd_other_funded_pct": "企业研发中他方资助比重（%）", "business_rd_other_funded_pct_regions": "（企业研发）覆盖都市区数",
    "business_rd_other_funded_pct_gap_pp": "与全国之差（百分点，企业研发）",
    # world cities
    "gnc_2000": "2000年全球网络连接度", "gnc_2000_relative": "2000年相对连接度",
    "city_a": "城市甲", "city_b": "城市乙", "connectivity": "连接度", "gnc": "全球网络连接度",
    "gnc_relative": "相对连接度", "service_total": "服务值合计", "rank": "排名",
    # findings and notes sheets of a spreadsheet
    "en": "英文", "zh": "中文", "table": "所在表",
    # network tables
    "strength_in": "入强度", "strength_out": "出强度", "strength": "强度", "degree": "度数",
    "betweenness": "中介中心度", "pagerank": "PageRank值", "eigenvector": "特征向量中心度",
    "coreness": "核心度", "be_core": "核心（Borgatti–Everett）", "cp_position": "核心—边缘位置",
    "community": "社区", "tier": "节点等级", "core_member": "核心城市", "lat": "纬度", "lon": "经度",
    "origin": "起点", "destination": "终点", "weight": "权重", "statistic": "统计量", "label": "名称",
    "label_zh": "中文名称", "first_period": "起始时期", "last_period": "末尾时期", "first": "起始值",
    "last": "末尾值", "change": "变化", "more_networked": "是否更网络化", "p_value": "p值",
    "pairs": "城市对数", "n_obs": "观测数", "distance_elasticity": "距离弹性", "se": "标准误",
    "corr_observed_predicted": "实际与预测的相关系数", "vcov": "协方差矩阵", "dropped_pairs": "剔除的城市对数",
    # structure (composite centre, shift-share, specialisation)
    "balance_class": "服务—制造类型", "balance_index": "服务—制造均衡指数", "change_pp": "变化（百分点）",
    "share_advanced_manufacturing": "先进制造业占比", "share_advanced_services": "高端生产性服务业占比",
    "share_manufacturing": "制造业占比", "lq_advanced_services": "高端生产性服务业区位商",
    "lq_manufacturing": "制造业区位商", "similarity_to_core": "与核心城市的结构相似度",
    "hoover": "胡佛指数", "krugman_vs_rest": "Krugman专业化指数（相对其余成员）",
    "related_variety": "相关多样性", "unrelated_variety": "无关多样性", "locational_gini": "区位基尼系数",
    "herfindahl_families": "行业大类赫芬达尔指数", "theil_total": "泰尔指数（总）",
    "theil_between_states": "泰尔指数（州间）", "theil_within_states": "泰尔指数（州内）",
    "x0": "基期值", "x1": "末期值", "share0": "基期占比", "share1": "末期占比", "allocation": "配置效应",
    "national": "全国增长效应", "industry_mix": "产业结构效应", "competitive": "竞争效应",
    "competitive_unsplit": "竞争效应（未拆分）", "net_competitive": "净竞争效应", "total": "合计",
    "sector": "部门", "family": "行业大类", "industry": "行业", "method": "方法", "value": "值",
    "denominator": "分母", "pct": "百分比（%）", "link": "联系", "level_en": "层级（英文）", "level_zh": "层级",
    "services_share_2010": "2010年服务业占比", "services_share_2018": "2018年服务业占比",
    "services_share_2019": "2019年服务业占比", "services_share_change": "服务业占比变化",
    # innovation
    "C": "耦合度C", "T": "综合发展指数T", "D": "耦合协调度D", "n": "样本数n", "index": "指数",
    "indicator": "指标", "entropy": "信息熵", "lagging": "滞后子系统", "economy_share": "经济份额",
    "innovation_share": "创新份额", "innovation_economy_ratio": "创新/经济份额比",
    "innovation_heart": "是否创新极核", "innovation_index": "创新指数", "innovation_rank": "创新排名",
    "industry_index": "产业发展指数", "patents": "专利数", "patents_utility": "发明专利数（USPTO）",
    "universities": "高校数", "universities_rd_performing": "开展研发的高校数",
    "university_rd": "高校研发经费", "copublication_degree": "合作论文网络度数",
    # complexity
    "eci": "经济复杂度ECI", "pci": "产品复杂度PCI", "eci_national_rank": "ECI全国排名", "rca": "显示性比较优势RCA",
    "diversity": "多样性", "ubiquity": "普遍性", "cog": "复杂度增益COG", "coi": "复杂度前景COI",
    "n_firms_present": "有分支机构的公司数",
    # block models (analysis.blocks)
    "block": "板块", "position": "位置", "burt_role": "Burt角色", "size": "城市数", "members": "成员城市",
    "incident_density": "触及板块的联系密度", "internal_density": "板块内部密度", "out_density": "流出密度",
    "in_density": "流入密度", "external_density": "与其他板块的联系密度", "internal_image": "内部像（α密度准则）",
    "within_share": "内部联系占比", "expected_within": "内部联系期望占比", "received_from_outside": "接收板块外联系",
    "tie_density": "联系密度", "rank_in_network": "联系强度排名", "from_block": "发出板块", "to_block": "接收板块",
    "from_position": "发出板块位置", "to_position": "接收板块位置", "image": "像矩阵取值", "ties": "联系口径",
    "distance": "距离", "linkage": "聚类联接方式", "blocks": "板块数", "dense_block_pairs": "密集板块格数",
    "core_size": "核心板块城市数", "depth": "拆分层级", "left": "左半", "right": "右半", "iterations": "迭代次数",
    "converged": "是否收敛", "dense_inside": "内部密集的板块数", "dense_between": "板块间密集格数",
    "image_pattern": "像矩阵结构类型",
    # input-output layer and the division-of-labour test (megaregion io, megaregion division)
    "output": "总产出", "output_multiplier": "产出乘数", "backward_linkage": "后向关联指数",
    "forward_linkage": "前向关联指数", "forward_linkage_ghosh": "前向关联指数（Ghosh）",
    "linkage_class": "关联类型", "key_sector": "是否关键部门", "unit": "单位", "economy": "经济体",
    "term": "变量", "coefficient": "系数", "std_beta": "标准化β", "t": "检验统计量",
    "r2": "拟合优度R²", "adj_r2": "调整后拟合优度R²", "dyads": "城市对数", "linked_dyads": "有联系的城市对数", "cities": "城市数",
    "employment_year": "就业数据年份", "io_year": "投入产出表年份", "n_industries": "行业数",
    "flow": "联系强度", "complementarity": "产业链互补性", "relatedness": "能力相关性",
    "distance_km": "距离（公里）", "status": "状态", "employment_origin": "起点城市就业",
    "employment_destination": "终点城市就业", "employment": "就业人数",
    "complementarity_out": "作为供给方的互补性之和", "complementarity_in": "作为需求方的互补性之和",
    # openness
    "gawc_status": "GaWC收录情况", "rank_2020_of_707": "2020年GaWC排名（707城）", "rank_change_common": "GaWC名次变化（共同城市）",
    "fdi_gdp_pct_last": "外资/GDP（%，末年）", "fdi_gdp_change_pp": "外资/GDP变化（百分点）",
    "tech_transfer_outside_pct": "技术转移流出城市群比重（%）", "commuting_outside_pct": "通勤流出城市群比重（%）",
    "migration_outside_pct": "迁移流出城市群比重（%）", "firm_link_outside_pct": "企业联系流出城市群比重（%）",
    "baidu_outside_pct": "百度迁出流出城市群比重（%）", "n_gaps": "缺失项数", "gawc_city": "GaWC城市",
    "gawc_2000_id": "GaWC 2000年城市代码", "gawc_2020_id": "GaWC 2020年城市代码",
    "other_gawc_cities_inside": "成员内其他GaWC城市", "gnc_2000": "2000年全球网络连接度",
    "gnc_2000_relative": "2000年相对连接度", "rank_2000_of_315": "2000年GaWC排名（315城）",
    "gnc_2020_relative_pct": "2020年相对连接度（伦敦=100）", "rank_common_2000": "2000年名次（共同城市）",
    "rank_common_2020": "2020年名次（共同城市）", "n_common": "共同城市数", "fdi_usd_million": "实际利用外资（百万美元）",
    "gdp_cny_100m": "GDP（亿元）", "cny_per_100_usd": "汇率（元/100美元）", "fdi_cny_100m": "实际利用外资（亿元）",
    "fdi_gdp_pct": "外资/GDP（%）", "first_year": "首年", "last_year": "末年", "fdi_gdp_pct_first": "外资/GDP（%，首年）",
    "n_years": "年数", "n_cities": "城市数", "direction": "方向", "inside": "群内", "outside": "群外",
    "outside_share": "流出城市群比重", "unknown": "对象未知", "outside_named": "群外（可按目的地观测）",
    "n_members": "成员数", "item": "项目", "status": "状态", "role": "角色", "unit": "单位",
    # spatial patterns (analysis.spatial_patterns)
    "indicator_label": "指标名称", "unit_label": "单位", "unit_level": "分析单元", "weights": "空间权重",
    "islands": "孤岛数", "mean_neighbours": "平均邻居数", "moran_i": "全局Moran指数I", "moran_ei": "Moran指数期望值",
    "moran_z": "Moran指数标准分数（置换）", "moran_p_sim": "Moran指数伪p值", "moran_p_norm": "Moran指数p值（正态近似）",
    "geary_c": "Geary系数C", "geary_z": "Geary系数标准分数（置换）", "geary_p_sim": "Geary系数伪p值", "seed": "随机种子",
    "alpha": "显著性水平", "n_hh": "高—高集聚数", "n_ll": "低—低集聚数", "n_hl": "高—低异常数", "n_lh": "低—高异常数",
    "lag": "空间滞后值", "Ii": "局部Moran指数", "quadrant": "象限", "p_sim": "伪p值", "cluster": "显著集聚类型",
    "cluster_label": "集聚类型说明", "reason": "原因",
    # side by side (analysis.compare)
    "feature": "特征", "value_a": "第一个城市群", "value_b": "第二个城市群", "year_a": "第一个城市群年份",
    "year_b": "第二个城市群年份", "comparable": "是否可比", "why": "可比性说明", "side": "比较侧",
    "link_class": "联系类别", "family_label": "行业大类名称", "nation_share": "全国占比", "group_share": "城市群占比",
    "core_share": "核心城市占比", "lq_group": "城市群区位商", "lq_core": "核心城市区位商",
    "leading_members": "创新指数居前的成员", "leader_index": "居首成员创新指数",
    "core_innovation_rank": "核心城市创新排名", "patents_per_10k": "每万人专利数",
    "patents_per_10k_nation": "全国每万人专利数", "patents_relative_to_nation": "人均专利相对全国",
    "patent_members": "有专利数据的成员数", "gawc_id": "GaWC城市代码",
    "unscored_cores": "未参与创新评价的核心城市", "patent_missing_cores": "缺少专利数据的核心城市",
    "left_out_of": "未纳入的指标",
}


def column_label(name: str, lang: str = "en") -> str:
    """Header of a summary column in ``lang`` (English: the column name itself)."""
    return COLUMNS_ZH.get(name, name) if lang == "zh" else name

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
    "col.name": ("Name", "名称"),
    "col.level": ("Level", "层级"),
    "col.role": ("Role", "角色"),
    "col.core": ("Core", "核心"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "role.core": ("core", "核心"),
    "role.member": ("member", "成员"),
    "error": ("error", "错误"),
    "fetch.done": ("Downloaded and imported {n} files", "已下载并导入 {n} 个文件"),
}


def t(key: str, lang: str = "en", **fields) -> str:
    """The text of ``key`` in ``lang`` (``en`` or ``zh``), formatted with ``fields``."""
    en, zh = LABELS.get(key, (key, key))
    text = zh if lang == "zh" and zh else en
    return text.format(**fields) if fields else text

"""Chinese text of the errors a user meets most, for ``--lang zh``.

Errors are raised in English where they happen (readers, workflows): one message that names the
file, row, column, what was expected and what was found (:class:`megaregion.errors.DataError`).
Under ``--lang zh`` the command line prints them with :func:`zh`: the frame (file, row, column,
found, expected) always in Chinese, the problem and the expectation in Chinese where a pattern
below knows them (numbers, names and values carry over), in English otherwise.
"""

from __future__ import annotations

import re

from megaregion.i18n.patterns import compile_patterns, translate

#: Baidu migration share kinds (model.flows.SHARE_OF), in error messages.
_SHARE_OF = {"origin_outflow": "迁出城市的迁出比例", "destination_inflow": "迁入城市的迁入比例"}

#: What went wrong (DataError.problem, or a whole MegaregionError message).
PROBLEMS = compile_patterns([
    # files
    (r"the file does not exist", "文件不存在"),
    (r"the file is empty", "文件为空"),
    (r"this is a folder, not a file", "这是文件夹，不是文件"),
    (r"the file has a header but no data rows", "文件只有表头，没有数据行"),
    (r"old Excel format \(\.xls\) is not supported", "不支持旧版Excel格式（.xls）"),
    (r"unknown file type (?P<t>.+)", "未知的文件类型{t}"),
    (r"the file's bytes are neither UTF-8 nor GB18030/GBK text(?P<rest>.*)",
     "文件编码既不是UTF-8也不是GB18030/GBK{rest}"),
    (r"the file cannot be decoded as (?P<e>\S+)", "无法按{e}解码文件"),
    (r"the workbook has no sheet named (?P<s>'[^']*')(?P<hint>.*)", "工作簿中没有名为{s}的工作表{hint}"),
    (r"sheet (?P<s>'[^']*') is empty", "工作表{s}为空"),
    # the mapping
    (r"the mapping file does not exist", "映射文件不存在"),
    (r"the mapping file is not UTF-8 text", "映射文件不是UTF-8文本"),
    (r"the mapping file is not valid TOML \((?P<e>.*)\)", "映射文件不是有效的TOML（{e}）"),
    (r"unknown key (?P<k>'[^']*') in the mapping(?P<hint>.*)", "映射文件中有未知的键{k}{hint}"),
    (r"the mapping has no 'table' key", "映射文件缺少table键"),
    (r"unknown table (?P<t>'[^']*')", "未知的表{t}"),
    (r"the mapping has no \[columns\] section", "映射文件缺少[columns]部分"),
    (r"\[columns\] names (?P<c>'[^']*'), which is not a column of table (?P<t>'[^']*')(?P<hint>.*)",
     "[columns]中的{c}不是{t}表的列{hint}"),
    (r"\[columns\] lacks (?P<c>'[^']*'), which table (?P<t>'[^']*') needs", "[columns]缺少{t}表所需的{c}"),
    (r"mapped column (?P<u>'[^']*') \(for (?P<p>[^)]*)\) was not found in the header row(?P<hint>.*)",
     "映射的列{u}（用于{p}）不在表头行中{hint}"),
    (r"mapped column (?P<u>'[^']*') \(for (?P<p>[^)]*)\) was not found in any of the top rows "
     r"\(the closest is shown\)(?P<hint>.*)",
     "映射的列{u}（用于{p}）不在前几行的任何一行中（显示的是最接近的一行）{hint}"),
    # cells
    (r"value is not a number", "值不是数字"),
    (r"negative value in a count or amount column", "计数或金额列中出现负值"),
    (r"empty year", "年份为空"),
    (r"not a year", "不是年份"),
    (r"empty region code", "地区代码为空"),
    (r"empty (?P<w>.+)", lambda m: f"{_WHAT.get(m['w'], m['w'])}为空"),
    (r"unknown region id (?P<r>'[^']*')(?P<hint>.*)", "未知的地区代码{r}{hint}"),
    (r"duplicate key \((?P<k>.*)\) on rows (?P<a>\d+) and (?P<b>\d+)", "第{a}行和第{b}行的键重复（{k}）"),
    (r"(?P<m>'[^']*') is a suppression marker \(a withheld or unavailable value\), not a number; "
     r"this table has no flag column", "{m}是隐匿标记（被隐去或不可得的值），不是数字；此表没有标记列"),
    # collaborations
    (r"cannot read the actor types: (?P<w>'[^']*') is not an actor type", "无法识别主体类型：{w}不是主体类型"),
    (r"empty count", "计数为空"),
    (r"(?P<m>'[^']*') is a suppression marker: a withheld count makes every T of this region and "
     r"year unknown", "{m}是隐匿标记：隐去的计数会使该地区该年份的所有T值未知"),
    (r"a total row among exact-combination counts", "精确组合计数中出现了合计行"),
    (r"the combination (?P<c>'[^']*') for (?P<k>.+) is given twice, on rows (?P<a>\d+) and (?P<b>\d+)",
     "{k}的组合{c}重复出现（第{a}行和第{b}行）"),
    (r"inclusive counts for (?P<k>.+) have no total row", "{k}的“至少含”计数缺少合计行"),
    (r"inclusive counts for (?P<k>.+) lack the combination\(s\) (?P<c>.+)", "{k}的“至少含”计数缺少组合{c}"),
    (r"inclusive counts are inconsistent: the exact count of (?P<c>\S+) would be (?P<v>\S+) \((?P<k>.+)\)",
     "“至少含”计数自相矛盾：{c}的精确计数将为{v}（{k}）"),
    (r"'none' is not an inclusive count", "none不是“至少含”计数"),
    # workflows
    (r"unknown group (?P<g>'[^']*'): the store has no groups yet \(import the data first: "
     r"megaregion data import\)", "未知的城市群{g}：库中还没有城市群（请先导入数据：megaregion data import）"),
    (r"unknown group (?P<g>'[^']*'); known groups: (?P<k>.+)", "未知的城市群{g}；已有的城市群：{k}"),
    (r"The store has no collaboration records\..*",
     "库中没有合作记录。请用`megaregion data import 文件 --mapping 映射.toml`导入自有的合作专利或合作论文记录"
     "（映射文件中写`table = \"collaborations\"`，见docs/user-tables.md）。仅用共享数据时，可运行"
     "`megaregion cofunding 城市群`，以研发资助关系展示高校、企业与政府之间的联系（美国）。"),
    (r"actors must be UIG or UIGR, got (?P<a>.+)", "actors须为UIG或UIGR，实际为{a}"),
    # openness
    (r"--year sets the last year of the FDI trend of Chinese cities; (?P<g>\S+) is a US group and there is "
     r"no FDI by US metro", "--year设定中国城市外资趋势的末年；{g}是美国城市群，美国没有分都市区的外资数据"),
    (r"(?P<g>\S+): no FDI with GDP in (?P<y>\d+); years with data: (?P<a>\d+)-(?P<b>\d+)",
     "{g}：{y}年没有外资与GDP数据；有数据的年份：{a}-{b}"),
    (r"records for (?P<k>.+) come from (?P<n>\d+) datasets \((?P<d>[^)]*)\);.*",
     "{k}的记录来自{n}个数据集（{d}）；它们不会被相加（可能是同一批文献）：请用 --source 选择其一，或在导入前合并文件"),
    (r"no establishments by size class(?P<y>.*?) in the store:.*run `(?P<cmd>[^`]+)`.*",
     "库中没有按规模等级的企业数{y}：它们来自美国人口普查局的官方县级文件；请运行`{cmd}`（共享数据中的CBP摘录没有规模等级）"),
    (r"(?P<g>\S+): R&D funding by source exists only for US metros in the data \(NSF HERD, BRDIS\)",
     "{g}：数据中只有美国都市区有按来源划分的研发经费（NSF HERD、BRDIS）"),
    (r"no dataset (?P<d>'[^']*') in the store; datasets: (?P<k>.*)", "库中没有数据集{d}；已有数据集：{k}"),
    # output paths (checked before any work starts)
    (r"(?P<o>--out|--graph|--plot) (?P<p>.+): unknown suffix (?P<s>'[^']*'); use (?P<k>.+)",
     "{o} {p}：未知的文件后缀{s}；请用{k}"),
    (r"(?P<o>--out|--graph|--plot) (?P<p>.+): the folder (?P<f>.+) does not exist \(it is not created; make it "
     r"first or choose another\)", "{o} {p}：文件夹{f}不存在（不会自动创建；请先建立该文件夹或另选路径）"),
    (r"(?P<o>--out|--graph|--plot) (?P<p>.+): the folder (?P<f>.+) is not writable", "{o} {p}：文件夹{f}不可写入"),
    (r"(?P<o>--out|--graph|--plot) (?P<p>.+): \.csv writes the folder (?P<f>.+), but a file has that name",
     "{o} {p}：.csv会写入文件夹{f}，但已有同名文件"),
    (r"(?P<o>--out|--graph|--plot) (?P<p>.+): a folder has that name", "{o} {p}：已有同名文件夹"),
    (r"--graph writes one network: give a single group", "--graph只写出一个网络：请只给一个城市群"),
    (r"`(?P<c>[^`]+)` draws no figure yet; commands with figures: (?P<k>.+)",
     "`{c}`暂无图形；有图形的命令：{k}"),
    (r"--plot draws the recommendations: not with --backtest", "--plot绘制的是联盟建议：不能与--backtest同用"),
    # the store
    (r"--store (?P<p>.+): the folder (?P<f>.+) does not exist; only `megaregion data import` creates "
     r"a new store \(and its folder\)",
     "--store {p}：文件夹{f}不存在；只有 megaregion data import 会新建库（及其文件夹）"),
    # indicators
    (r"(?P<g>\S+): no indicators in the store for its members(?P<rest>.*)",
     lambda m: f"{m['g']}：库中没有其成员的指标" + ("（请先导入：megaregion data import）" if m["rest"] else "")),
    (r"(?P<g>\S+): unknown indicator (?P<i>'[^']*'); indicators of its members: (?P<k>.+)",
     "{g}：未知的指标{i}；其成员已有的指标：{k}"),
    (r"(?P<g>\S+): indicator (?P<i>'[^']*') has no values in (?P<y>.+); its years are (?P<k>.+)",
     "{g}：指标{i}在{y}没有数值；已有年份为{k}"),
    # spatial patterns (analysis.spatial_patterns)
    (r"(?P<g>\S+): unknown indicator (?P<i>'[^']*'); available: (?P<k>\S+(?:, \S+)*) and the (?P<n>\d+) "
     r"indicators that (?P<c>`[^`]*`) lists(?:; did you mean (?P<d>'[^']*')\?)?",
     lambda m: f"{m['g']}：未知的指标{m['i']}；可用的有：`{m['k']}`，以及{m['c']}列出的{m['n']}个指标"
               + (f"；是否要用{m['d']}？" if m["d"] else "")),
    (r"(?P<g>\S+): no values of (?P<i>\S+) in (?P<y>\d+); years with values: (?P<k>.+)",
     lambda m: f"{m['g']}：`{m['i']}`在{m['y']}年没有数值；有数值的年份：" + ("无" if m["k"] == "none" else m["k"])),
    (r"(?P<g>\S+): no values of (?P<i>\S+)(?: for its members)?", "{g}：其成员没有`{i}`的数值"),
    (r"--weights (?P<w>'[^']*'): use queen or knn:K with K a positive whole number \(e\.g\. knn:5\)",
     "--weights {w}：请用`queen`或`knn:K`（K为正整数，如`knn:5`）"),
    (r"(?P<g>\S+): queen weights need polygons, and (?P<l>\S+) members have none here; use --weights knn:K \(e\.g\. knn:5\)",
     "{g}：`queen`权重需要边界多边形，而此处的都市区成员没有；请用`--weights knn:K`（如`knn:5`）"),
    (r"--permutations must be a whole number of at least 19, got (?P<n>.+)", "--permutations 须为不小于19的整数，实际为{n}"),
    (r"--alpha must lie between 0 and 1, got (?P<a>.+)", "--alpha 须在0与1之间，实际为{a}"),
    (r"(?P<g>\S+): (?P<s>\S+) has no employment of its (?P<l>\S+) members in (?P<y>\d+)",
     "{g}：{s}中没有其成员{y}年的就业数据"),
    (r"lq:(?P<c>\S*): no industry (?P<i>'[^']*') in (?P<s>\S+) (?P<y>\d+); industries: (?P<k>.*?)"
     r"(?:; did you mean (?P<d>\S+)\?)?",
     lambda m: f"lq:{m['c']}：{m['s']} {m['y']}年没有行业{m['i']}；已有行业：{m['k']}"
               + (f"；是否要用 {m['d']}？" if m["d"] else "")),
    (r"(?P<g>\S+): only (?P<n>\d+) members with (?:a value of \S+ and a polygon|neighbours); spatial autocorrelation needs at least 3",
     "{g}：仅有{n}个成员同时具备数值和相邻关系，空间自相关至少需要3个"),
    # Chinese city names in users' tables
    (r"the city name (?P<n>'[^']*') is ambiguous: it may be (?P<c>.+)",
     lambda m: f"城市名称{m['n']}有歧义，可能是：" + _levels_zh(m["c"])),
    (r"unknown city name (?P<n>'[^']*'): abolished in 2011 and split among Hefei, Wuhu and Ma'anshan",
     "未知的城市名称{n}：该市已于2011年撤销，辖区分别划归合肥、芜湖和马鞍山"),
    (r"unknown city name (?P<n>'[^']*')(?P<hint>.*)", "未知的城市名称{n}{hint}"),
    # options and years
    (r"unknown kind (?P<k>'[^']*'); use one of (?P<a>.+)", lambda m: f"未知的联系类型{m['k']}；可用：{_codes(m['a'])}"),
    (r"unknown activity source (?P<k>'[^']*'); use one of (?P<a>.+)",
     lambda m: f"未知的产业数据来源{m['k']}；可用：{_codes(m['a'])}"),
    (r"(?P<o>--[a-z-]+) (?P<v>'[^']*'): use (?P<a>.+)", lambda m: f"{m['o']} {m['v']}：可用{_codes(m['a'])}"),
    (r"(?P<o>--[a-z-]+) must be (?P<a>.+)", lambda m: f"{m['o']} 须为{_codes(m['a'])}"),
    (r"(?P<o>--[a-z-]+) takes exactly two years, e\.g\. (?P<e>.+)", "{o} 须给出两个年份，例如 {e}"),
    (r"(?:upgrade )?years must (?:be two increasing years|increase), got (?P<a>\S+) and (?P<b>\S+)",
     "两个年份须递增，实际为{a}和{b}"),
    (r"(?P<g>\S+): no (?P<m>\w+) in (?P<s>\S+) for (?P<y>\d+); its years are (?P<ys>.+?)"
     r" \(import it with `megaregion data import`\)",
     lambda m: f"{m['g']}：{m['s']}中没有{m['y']}年的{_value(m['m'])}数据；已有年份：{m['ys']}"
               "（可用`megaregion data import`导入）"),
    (r"(?P<g>\S+): no (?P<m>\w+) in (?P<s>\S+) for (?P<y>\d+); its years are (?P<ys>[^()]+)$",
     lambda m: f"{m['g']}：{m['s']}中没有{m['y']}年的{_value(m['m'])}数据；已有年份：{m['ys']}"),
    (r"(?P<g>\S+): no (?P<m>\w+) in (?P<s>\S+) for (?P<y>\d+); the store has none \(import it with `megaregion data import`\)",
     lambda m: f"{m['g']}：库中没有{m['s']}的{_value(m['m'])}数据（可用`megaregion data import`导入）"),
    (r"no (?P<m>\w+) in (?P<s>\S+) for (?P<y>\d+) at (?P<d>\d) digits \(import it with `megaregion data import`\)",
     lambda m: f"{m['s']}中没有{m['y']}年{m['d']}位数行业的{_value(m['m'])}数据（可用`megaregion data import`导入）"),
    (r"(?P<g>\S+): no (?P<m>\w+) in (?P<s>\S+) for (?P<y>\d+)",
     lambda m: f"{m['g']}：{m['s']}中没有{m['y']}年的{_value(m['m'])}数据"),
    (r"(?P<s>\S+) has no data for (?P<y>\d+); its years are (?P<ys>.+)", "{s}没有{y}年的数据；已有年份：{ys}"),
    (r"(?P<g>\S+): its (?P<l>\w+) members have no (?P<s>\S+) rows, needed for the upgrading window.*",
     lambda m: f"{m['g']}：其{_LEVEL.get(m['l'], m['l'])}级成员在{m['s']}中没有数据，而产业升级时段需要这些数据"
               "（该来源覆盖的是另一层级，或尚未导入：`megaregion data import`）"),
    (r"(?P<g>\S+): no (?P<s>\S+) data for (?P<y>\d+), needed for the upgrading window; its years are (?P<ys>.+)",
     "{g}：{s}没有产业升级时段所需的{y}年数据；已有年份：{ys}"),
    (r"(?P<g>\S+): only (?P<n>\d+) members have all innovation indicators; at least 3 are needed",
     "{g}：只有{n}个成员具备全部创新指标，至少需要3个"),
    (r"(?P<g>\S+): complexity needs industry detail, which the Chinese city data lack.*",
     "{g}：经济复杂度需要分行业数据，而中国城市数据只有三次产业；请先导入按行业的年鉴表"),
    (r"(?P<g>\S+): none of its (?P<l>\w+) members is in (?P<s>\S+) for (?P<y>\d+)",
     lambda m: f"{m['g']}：其{_LEVEL.get(m['l'], m['l'])}级成员均不在{m['s']}的{m['y']}年数据中"),
    (r"(?P<g>\S+): the core \((?P<c>[^)]*)\) has no data in (?P<s>\S+)", "{g}：核心城市（{c}）在{s}中没有数据"),
    (r"kind (?P<k>'[^']*') has (?P<a>\w+) data; (?P<g>\S+) is in (?P<b>\w+)",
     lambda m: f"联系类型{m['k']}只有{_COUNTRY.get(m['a'], m['a'])}数据；{m['g']}在{_COUNTRY.get(m['b'], m['b'])}"),
    (r"(?P<s>\S+) has (?P<a>\w+) data; (?P<g>\S+) is in (?P<b>\w+)",
     lambda m: f"{m['s']}只有{_COUNTRY.get(m['a'], m['a'])}数据；{m['g']}在{_COUNTRY.get(m['b'], m['b'])}"),
    (r"(?P<g>\S+): only (?P<n>\d+) nodes have (?P<k>\w+) links; a network needs 3 or more",
     lambda m: f"{m['g']}：只有{m['n']}个节点有{_value(m['k'])}联系；网络至少需要3个节点"),
    (r"(?P<g>\S+): no (?P<k>\w+) links for (?P<p>\S+) \(import the data, or check the period; defaults: (?P<d>.+)\)",
     lambda m: f"{m['g']}：{m['p']}没有{_value(m['k'])}联系（请导入数据或检查时期；默认时期：{m['d']}）"),
    (r"(?P<g>\S+): no US mass for (?P<y>\d+): county population exists for 2010 and 2019, Brookings metro jobs for 2006, 2011, 2015 and 2016",
     lambda m: f"{m['g']}：{m['y']}年没有美国的引力质量数据：县人口只有2010年和2019年，布鲁金斯学会都市区就业只有2006、2011、2015和2016年"),
    # Baidu migration date windows (model.flows)
    (r"window dates must be YYYY-MM-DD, got (?P<a>'[^']*') and (?P<b>'[^']*')",
     "时间窗口的日期应为“年-月-日”格式（如2020-01-23），收到的是{a}和{b}"),
    (r"window end (?P<e>\S+) is before its start (?P<s>\S+)", "时间窗口的终点{e}早于起点{s}"),
    (r"no (?P<k>\w+) migration shares between (?P<s>\S+) and (?P<e>\S+)",
     lambda m: f"{m['s']}至{m['e']}之间没有百度迁徙比例数据（{_SHARE_OF.get(m['k'], m['k'])}）"),
    (r"share_of must be one of (?P<o>.+), not (?P<v>'[^']*')", "迁徙比例口径应为{o}之一，收到的是{v}"),
    # block models (megaregion blocks)
    (r"(?P<g>\S+): only (?P<n>\d+) cities have (?P<k>\w+) links in (?P<p>\S+); (?P<m>\d+) or more are needed for (?P<b>\d+) blocks",
     lambda m: f"{m['g']}：{m['p']}只有{m['n']}个城市有{_value(m['k'])}联系；划分{m['b']}个板块至少需要{m['m']}个城市"),
    (r"--blocks (?P<b>-?\d+): CONCOR splits every block in two, so use 2, 4, 8 or 16",
     "--blocks {b}：CONCOR每次把板块一分为二，板块数须为2、4、8或16"),
    (r"--blocks (?P<b>-?\d+): use 2 or more", "--blocks {b}：板块数至少为2"),
    (r"give --period or --year, not both", "--period和--year只能给出一个"),
    (r"--year is for --kind gravity; use --period for observed links", "--year只用于--kind gravity；观测联系请用--period"),
    (r"name at least one (?:US )?group, e\.g\. (?P<g>\S+)", "请至少给出一个城市群，例如 {g}"),
    (r"cannot write (?P<p>\S+): use a \.xlsx, \.json or \.csv path", "无法写出{p}：请使用.xlsx、.json或.csv路径"),
    (r"cannot write (?P<p>\S+): use one of (?P<a>.+)", lambda m: f"无法写出{m['p']}：请使用{_codes(m['a'])}"),
    (r"(?P<p>.+): no such file or folder", "{p}：文件或文件夹不存在"),
    (r"cannot write (?P<p>\S+): (?P<e>.+)", lambda m: f"无法写出{m['p']}：{_os_reason(m['e'])}"),
    # downloads (data fetch, io/fetch.py)
    (r"cannot fetch (?P<w>'[^']*'): only 'cbp' can be downloaded; see (?P<d>\S+) for the others",
     "无法下载{w}：只有`cbp`（县域商业模式）可以下载；其他数据见{d}"),
    (r"could not download (?P<u>\S+) \((?P<r>.*)\); check the internet connection, or download the "
     r"file by hand and save it as (?P<t>.+), then run again",
     lambda m: f"无法下载`{m['u']}`（{_download_reason(m['r'])}）；请检查网络连接，或手动下载该文件并保存为"
               f"`{m['t']}`，然后重新运行"),
    (r"(?P<t>.+) has changed since it was stored \(SHA-256 (?P<d>\S+) , recorded (?P<r>\S+) in "
     r"(?P<g>.+)\); delete the file to download it again, or delete its line in registry\.txt to accept it",
     lambda m: f"`{m['t']}`自存入后已被改动（`SHA-256`哈希值为`{m['d']}`，而`{m['g']}`中记录的是`{m['r']}`）；"
               "删除该文件即可重新下载，或删除`registry.txt`中该文件的一行以接受现有文件"),
    (r"(?P<u>\S+) no longer matches the SHA-256 recorded in (?P<g>.+) \((?P<r>\S+)\); the Census Bureau "
     r"may have revised the file; delete its line in registry\.txt to accept the new version",
     lambda m: f"`{m['u']}`与`{m['g']}`中记录的`SHA-256`哈希值（`{m['r']}`）不再一致；美国人口普查局可能修订了该文件；"
               "删除`registry.txt`中该文件的一行即可接受新版本"),
    # alliances (analysis/alliances.py)
    (r"(?P<g>\S+): fewer than two of its cities have employment by industry in (?P<s>\S+) for (?P<y>\d+); no pair to rank",
     "{g}：在{s}中{y}年有分行业就业数据的城市不足两个，无法对城市对排序"),
    (r"--year (?P<y>\S+): employment by industry \((?P<s>\S+)\) exists for (?P<a>\d+)-(?P<b>\d+); choose a year in that range",
     "`--year {y}`：分行业就业（{s}）只有{a}—{b}年的数据；请在此范围内选择年份"),
    (r"--flows (?P<f>'[^']*'): for (?:US|Chinese) groups use (?P<k>.+)", lambda m: f"`--flows`取值{m['f']}无效；请使用{_codes(m['k'])}"),
    (r"--industry (?P<i>'[^']*') is not an industry code here; the codes are (?P<c>.+)",
     lambda m: f"`--industry`取值{m['i']}不是此处的行业代码；可用代码：{m['c']}"),
    (r"chain industry (?P<i>'[^']*'): use one of the industry codes (?P<c>.+)",
     lambda m: f"产业链行业{m['i']}无效；请使用以下行业代码之一：{m['c']}"),
    (r"--chain (?P<c>'[^']*'): write SUPPLIER:BUYER, e\.g\. (?P<a>\S+) or (?P<b>\S+)",
     "`--chain`取值{c}无效；请写作“上游:下游”，例如`{a}`或`{b}`"),
    (r"--city (?P<c>'[^']*') is not a city of (?P<g>\S+); use a region id such as (?P<r>\S+) or a city name",
     "`--city`取值{c}不是{g}的城市；请使用地区代码（如{r}）或城市名称"),
    (r"--city (?P<c>'[^']*'): (?P<n>.+) has no employment by industry in (?P<y>\d+), so it cannot be ranked",
     "`--city`取值{c}：{n}在{y}年没有分行业就业数据，无法排序"),
    (r"--top (?P<t>-?\d+): give a number of recommendations of at least 1", "`--top {t}`：建议数至少为1"),
    (r"--backtest runs on all US metro pairs: give no group", "`--backtest`在全美都市区对上运行：请不要给出城市群"),
    (r"give a group id, e\.g\. megaregion alliances (?P<g>\S+) \(see megaregion groups\)",
     "请给出城市群代码，例如`megaregion alliances {g}`（见`megaregion groups`）"),
    (r"no US technology transfer flows in the store \(import the data first: megaregion data import\)",
     "数据库中没有美国技术转移数据（请先导入数据：`megaregion data import`）"),
    # input-output tables and the division-of-labour test (megaregion io, megaregion division)
    (r"no (?P<e>US|CN) input-output table for (?P<y>\S+); the years there are (?P<l>.+)",
     lambda m: f"没有{_COUNTRY.get(m['e'].lower(), m['e'])}{m['y']}年的投入产出表；已有年份：{m['l']}"),
    (r"no (?P<e>US|CN) input-output table in the store; run `megaregion data import`",
     lambda m: f"库中没有{_COUNTRY.get(m['e'].lower(), m['e'])}投入产出表；请运行`megaregion data import`"),
    (r"unknown economy (?P<x>'[^']*'); expected us or cn", "未知的经济体{x}；应为us或cn"),
    (r"unknown level (?P<x>'[^']*') for (?P<e>us|cn); expected (?:one of )?(?P<l>.+)",
     lambda m: f"{m['e']}的行业层级{m['x']}未知；应为{_codes(m['l'])}"),
    (r"--top takes a whole number of 1 or more; got (?P<n>\S+)", "--top须为不小于1的整数，实际为{n}"),
    (r"unknown kind (?P<k>'[^']*') for (?P<g>\S+); expected one of (?P<l>.+)",
     lambda m: f"{m['g']}的联系类型{m['k']}未知；应为{_codes(m['l'])}"),
    (r"unknown redefinitions variant (?P<x>'[^']*'); expected after or before", "未知的重新定义口径{x}；应为`after`或`before`"),
    (r"unknown origin (?P<x>'[^']*'); expected total or domestic", "未知的中间使用口径{x}；应为`total`或`domestic`"),
    (r"no employment by industry for (?P<y>\S+) in (?P<s>\S+); the years there are (?P<l>.+)",
     "{s}中没有{y}年的分行业就业数据；已有年份：{l}"),
    (r"(?P<g>\S+): only (?P<n>\d+) cities have employment by industry for (?P<y>\d+); the test needs 4 or more",
     "{g}：只有{n}个城市有{y}年的分行业就业数据；检验至少需要4个城市"),
    (r"(?P<g>\S+): only (?P<n>\d+) city pairs have (?P<k>\w+) links for (?P<p>\S+); the test needs 5 or more",
     lambda m: f"{m['g']}：{m['p']}只有{m['n']}个城市对有{_value(m['k'])}联系；检验至少需要5个"),
    (r"(?P<g>\S+): no (?P<k>\w+) links for (?P<p>\S+)$",
     lambda m: f"{m['g']}：{m['p']}没有{_value(m['k'])}联系"),
    (r"--permutations: (?P<e>.+)", "--permutations：置换次数须为不小于1的整数"),
    # side by side (analysis.compare)
    (r"give two different groups to compare \(got (?P<g>\S+) twice\)", "请给出两个不同的城市群进行比较（{g}出现了两次）"),
    (r"(?P<a>\S+) and (?P<b>\S+) are the same group; give two different groups",
     "{a}与{b}是同一个城市群；请给出两个不同的城市群"),
    (r"(?P<g>\S+) has (?P<l>\w+) members only; the comparison measures US groups by metro employment.*",
     lambda m: f"{m['g']}只有{_LEVEL.get(m['l'], m['l'])}级成员；并列比较以都市区就业（相对全美国都市区，us/cbp_metro）衡量美国城市群，"
               "请比较由都市区组成的都市连绵区：us-boswash、us-chipitts或us-sansan"),
])


def _download_reason(text: str) -> str:
    """The Chinese of why a download failed (io/fetch.py ``_reason``)."""
    if text == "the server cannot be reached":
        return "无法连接服务器"
    if text == "the server did not answer in time":
        return "服务器未及时响应"
    return f"`{text}`"

#: Usage errors of the command line (the option parser's own messages), for ``--lang zh``.
USAGE = compile_patterns([
    (r"Invalid value for '(?P<o>[^']+)': (?P<v>\S+) is not in the range (?P<r>\S+)\.?",
     "{o}的值无效：{v}不在允许范围{r}内"),
    (r"Invalid value for '(?P<o>[^']+)': Input should be greater than or equal to (?P<v>\S+?)\.?",
     "{o}的值无效：应大于或等于{v}"),
    (r"Invalid value for '(?P<o>[^']+)': Input should be less than or equal to (?P<v>\S+?)\.?",
     "{o}的值无效：应小于或等于{v}"),
    (r"Invalid value for '(?P<o>[^']+)': '(?P<v>[^']*)' is not a valid integer\.?",
     "{o}的值无效：“{v}”不是整数"),
    (r"Missing argument (?P<a>'[^']*')\.", lambda m: f"缺少参数{_ARG.get(m['a'], m['a'])}。"),
    (r"Missing option (?P<o>'[^']*')\.?(?P<rest>.*)", "缺少选项{o}。"),
    (r"No such command (?P<c>'[^']*')\.", "没有命令{c}（`megaregion --help`列出全部命令）。"),
    (r"No such option: (?P<o>\S+?)(?: Did you mean (?P<d>\S+?)\?)?",
     lambda m: f"没有选项{m['o']}" + (f"；是否应为{m['d']}？" if m["d"] else "（`--help`列出全部选项）。")),
    (r"Invalid value for (?P<o>'?--?[\w-]+'?): Input should be a valid integer.*", "{o}的值无效：应为整数。"),
    (r"Invalid value for (?P<o>'?--?[\w-]+'?): Input should be a valid number.*", "{o}的值无效：应为数字。"),
    (r"Invalid value for (?P<o>'?--?[\w-]+'?): use en or zh", "{o}的值无效：可用`en`或`zh`。"),
    (r"Invalid value for (?P<o>'?--?[\w-]+'?): (?P<r>.*)", "{o}的值无效：{r}"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<a>.*)\)", "多余的参数：`{a}`。"),
    (r"Option (?P<o>'[^']*') requires an argument\.", "选项{o}需要一个值。"),
])

_ARG = {"'group'": "城市群代码（如`us-boswash`，`megaregion groups`列出全部）",
        "'groups'": "城市群代码（一个或多个，如`us-boswash`）"}


def usage_zh(message: str) -> str:
    """The Chinese text of a usage error of the option parser (the English where unknown)."""
    return translate(message.strip(), USAGE) or message


_COUNTRY = {"US": "美国", "CN": "中国", "us": "美国", "cn": "中国"}
_LEVEL = {"city": "城市", "metro": "都市区", "county": "县"}


def _os_reason(text: str) -> str:
    """The Chinese of an operating-system reason a file cannot be written."""
    low = text.lower()
    if "non-existent directory" in low or "no such file or directory" in low:
        return "所在文件夹不存在"
    if "permission denied" in low:
        return "没有写入权限"
    if "is a directory" in low:
        return "这是一个文件夹"
    if "no space" in low:
        return "磁盘空间不足"
    return f"系统拒绝写入（`{text}`）"


def _codes(text: str) -> str:
    """A list of option values ("a, b or c") as code the user types: `a`、`b`或`c`."""
    parts = [p.strip() for p in re.split(r",\s*|\s+or\s+", text) if p.strip()]
    if len(parts) == 1:
        return f"`{parts[0]}`"
    return "、".join(f"`{p}`" for p in parts[:-1]) + f"或`{parts[-1]}`"


def _value(code: str) -> str:
    from megaregion.i18n.values import value_label

    return value_label(code, "zh")


#: Region levels in lists of candidates.
_LEVEL_ZH = {"city": "地级市", "province": "省级", "county": "县级", "district": "区", "metro": "都市区",
             "state": "州", "world_city": "世界城市"}


def _levels_zh(text: str) -> str:
    """``cn:320100 南京市 (city), ...`` with the levels in Chinese."""
    return re.sub(r" \((\w+)\)", lambda m: f"（{_LEVEL_ZH.get(m[1], m[1])}）", text).replace(", ", "；")


#: What would have been accepted (DataError.expected).
EXPECTED = compile_patterns([
    (r"a header row and data rows", "表头行和数据行"),
    (r"a number", "一个数字"),
    (r"a value of 0 or more.*", "0或正数"),
    (r"a year such as 2019 or 2019年", "如2019或2019年的年份"),
    (r"a year such as 2019 in every data row", "每个数据行都有如2019的年份"),
    (r"a region id known to the store \(write the code, e.g. (?P<c>\S+), instead of the name\)",
     "库中已有的地区代码（请写代码，如{c}，而不是名称）"),
    (r"a region id known to the store.*", "库中已有的地区代码（检查region_prefix和代码；先导入地区）"),
    (r"a TOML mapping file at (?P<p>.+)", "位于{p}的TOML映射文件"),
    (r"a data file at (?P<p>.+)", "位于{p}的数据文件"),
    (r"the workbook saved as \.xlsx.*", "另存为.xlsx的工作簿（Excel：文件 > 另存为 > .xlsx）"),
    (r"a \.csv, \.txt, \.tsv, \.xlsx or \.parquet file", ".csv、.txt、.tsv、.xlsx或.parquet文件"),
    (r"text in UTF-8, GBK or GB18030", "UTF-8、GBK或GB18030编码的文本"),
    (r"each combination of (?P<k>.+) at most once", "{k}的每种组合至多出现一次"),
    (r"the number of documents \(0 if none\).*", "文献件数（没有则填0）：缺失的计数会改变该地区该年份的所有T值"),
    (r"a row for every combination of the actor types that occur.*",
     "出现的主体类型的每一种组合都要有一行（没有则填0）"),
    (r"a row with actors 'total' \(合计\) giving the number of all documents; or no_total = true.*",
     "一行actors为“合计”（total）的全部文献数；或在映射文件中写 no_total = true（不含任何主体类型的文献将不计入总体，T会随之改变）"),
    (r"counts_are = \"inclusive\" in the mapping.*",
     "若计数是“至少含这些主体”并带合计行，在映射文件中写 counts_are = \"inclusive\"；否则删去合计行"),
    (r"each combination of actor types once per region, year and kind", "每个地区、年份和类型中每种主体组合只出现一次"),
    (r"a column headed (?P<c>'[^']*'), as named in (?P<m>.+)", "标题为{c}的列（见{m}）"),
    (r"U/university/高校, I/industry/firm/企业, G/government/政府, R/institute/科研院所, .*",
     "U/高校/university、I/企业/firm、G/政府/government、R/科研院所/institute，用；，、/+或空格分隔"
     "（或连写字母，如UIG），或none/个人"),
    (r"a (?P<w>.+) in every data row", lambda m: f"每个数据行都有{_WHAT.get(m['w'], m['w'])}"),
])

#: What a required cell is, for "empty …" messages.
_WHAT = {"list of actor types": "主体类型", "kind of document": "文献类型", "indicator name": "指标名称",
         "industry code": "行业代码", "measure": "指标", "classification": "分类", "flow kind": "联系类型",
         "period": "时期", "category": "类别"}


_HINT = re.compile(r"; did you mean ('[^']*')\?")


def _translate(text: str, patterns) -> str | None:
    """``translate`` with the "did you mean" hint inside a message turned into Chinese."""
    out = translate(text, patterns)
    return None if out is None else _HINT.sub(r"；是否应为\1？", out)


def zh(exc) -> str:
    """The Chinese text of a user error (a DataError's frame and parts, or a plain message)."""
    problem = getattr(exc, "problem", None)
    if problem is None:  # a plain MegaregionError: its message as a whole
        return _translate(exc.message, PROBLEMS) or exc.message
    expected = exc.expected and (_translate(exc.expected, EXPECTED) or exc.expected)
    return exc.framed(_translate(problem, PROBLEMS) or problem, expected, lang="zh")

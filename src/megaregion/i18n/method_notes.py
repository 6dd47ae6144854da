"""Chinese text for the method records the numeric kernels write in English.

Kernels (``megaregion.metrics``) stay free of presentation: they record what they did as short
English strings ("entropy-method weights (Hwang & Yoon 1981)"). Workflows pass these on as
notes; under ``--lang zh`` :func:`zh` gives their Chinese text here, matched by pattern so that
numbers and names inside a record carry over. A record without a pattern stays English.
"""

from __future__ import annotations

import re

from megaregion.i18n.patterns import compile_patterns, translate

_METHOD = {"eigen": "特征向量法", "reflections": "反射法"}

#: (pattern matching the whole English record, Chinese template or function of the match)
PATTERNS = compile_patterns([
    (r"min-max normalisation with explicit directions; shift = (?P<s>.+)",
     "极差标准化（最小值—最大值法），按指标方向（正向/逆向）处理；平移量 = {s}"),
    (r"entropy-method weights \(Hwang & Yoon 1981\)", "熵值法赋权（Hwang & Yoon 1981）"),
    (r"zero weight \(no information\): (?P<c>.+)", "无信息量、权重为0的指标：{c}"),
    (r"CRITIC weights \(Diakoulaki, Mavrotas & Papayannakis 1995\)",
     "CRITIC法赋权（Diakoulaki, Mavrotas & Papayannakis 1995）"),
    (r"user-supplied weights, rescaled to sum to 1", "用户给定权重，已归一化为和等于1"),
    (r"aggregation: weighted sum (?P<f>S_i = .+)", "合成方法：加权求和 {f}"),
    (r"aggregation: TOPSIS closeness on the min-max normalised matrix \(Hwang & Yoon 1981\)",
     "合成方法：基于极差标准化矩阵的TOPSIS贴近度（Hwang & Yoon 1981）"),
    (r"RCA threshold (?P<t>\S+); ECI/PCI by (?P<m>\w+); sign: corr\(ECI, diversity\) > 0",
     lambda m: f"RCA阈值{m['t']}；ECI/PCI采用{_METHOD.get(m['m'], m['m'])}；符号取ECI与多样性正相关的方向"),
    (r"ECI, PCI standardised with ECI's mean and population sd \(ecomplexity 0\.5\.3\)",
     "ECI、PCI均以ECI的均值和总体标准差标准化（与ecomplexity 0.5.3一致）"),
    (r"COI/COG as ecomplexity 0\.5\.3: from PCI\* = PCI \+ offset; COI standardised; "
     r"COG without the −d·PCI term",
     "COI/COG按ecomplexity 0.5.3计算：基于PCI* = PCI + 偏移量；COI标准化；COG不含−d·PCI项"),
    (r"COI/COG as the Atlas \(Hausmann et al\. 2014\) text: standardised PCI, COG includes −d_cp·PCI_p",
     "COI/COG按《经济复杂性地图集》（Hausmann等 2014）正文计算：PCI标准化，COG含−d_cp·PCI_p项"),
    (r"(?P<n>\d+) unknown cells masked: neither present nor absent in RCA, proximity, density, "
     r"COI and COG \(no COG for them\)",
     "{n}个未知单元已屏蔽：在RCA、邻近度、密度、COI和COG中既不算存在也不算缺失（不计算其COG）"),
    (r"dropped (?P<r>\d+) location\(s\) and (?P<c>\d+) activity\(ies\) with zero total",
     "剔除了合计为0的{r}个地区和{c}个行业"),
    (r"(?P<n>\d+) member ids are not in the regions table: (?P<ids>.+)", "{n}个成员代码不在地区表中：{ids}"),
])
_PREFIX = re.compile(r"(?P<head>\S+): (?P<rest>.+)", re.S)


def zh(text: str) -> str | None:
    """The Chinese text of a kernel's method record, or None when no pattern knows it.

    A leading ``"group-id: "`` (how multi-group workflows prefix records) is kept.
    """
    found = translate(text, PATTERNS)
    if found is not None:
        return found
    m = _PREFIX.fullmatch(text)
    if m:
        inner = zh(m["rest"])
        if inner is not None:
            return f"{m['head']}：{inner}"
    return None

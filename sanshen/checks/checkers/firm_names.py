"""Trade names (字号) in the names of firms and cooperatives, where procurement and award notices write them: region,
trade name, line of business, form (贵州|锦程|建设工程|有限公司, 锦屏县|鸿运|农业开发|有限公司).

    firm_name_spans(text) -> list[tuple[int, int]]

The typo checker protects these spans (typo_usage.ProtectedNames): a trade name is chosen to sound well, so it is
usually an ordinary word one character off (锦程 → 进程, 黔程 → 前程, 鸿运 → 红运).
"""

from __future__ import annotations

import re

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 黔东南 黔南 黔西南"
).split()
# Lines of business between a trade name and the firm's form; one or more of them (建设工程, 农业开发).
BUSINESSES = (
    "建设 建筑 工程 农业 林业 牧业 渔业 开发 科技 贸易 商贸 劳务 物流 旅游 文化 传媒 食品 茶业 药业 医药 生态 种养殖 "
    "养殖 种植 专业 实业 投资 置业 电子 信息 咨询 服务 物业 装饰 园林 绿化 交通 水利 电力 环保 材料 运输 机械 设备 "
    "印务 印刷 广告 餐饮 酒店 房地产 发展 管理 技术 网络 教育 培训 木业 竹业 石材 矿业 能源 电器 汽车 家具 农产品 "
    "农民 合作 项目 造价 监理 勘察 设计 测绘 规划 检测 招标 代理 安装 市政 路桥 人力资源 设施 安防 消防 水务 燃气 照明 "
    "新能源 供应链".split()
)
# Sole traders' forms too: a farm or workshop (锦屏县明兴种养殖场), a shop's 经营部, 门市部 or 商行.
FORMS = "有限责任公司 股份有限公司 有限公司 专业合作社 合作社 集团 公司 场 厂 经营部 门市部 商行".split()


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# The region: a name ending in 省, 市, 州, 县 or 区 (锦屏县, 黔东南州), else a province or prefecture's short name
# (贵州, 黔东南). The trade name is the two or three characters after it, the fewest that a line of business follows.
_FIRM = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,4}}?[省市州县区]|{_alternatives(PROVINCES)})([\u4e00-\u9fff]{{2,3}}?)"
    rf"(?:{_alternatives(BUSINESSES)})+(?:{_alternatives(FORMS)})"
)


def firm_name_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` gives a firm's trade name, as (start, end) offsets, in order."""
    if not any(form in text for form in ("公司", "合作社", "场", "厂", "经营部", "门市部", "商行")):
        return []
    return [m.span(1) for m in _FIRM.finditer(text)]

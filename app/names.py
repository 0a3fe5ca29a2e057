"""Chinese names for the demo park: enterprises, shops and dormitory groups.

Deterministic for a seed, unique, and realistic enough that a screenshot reads like a real
property office's screen. Also the pinyin initials used by search (星河科技 -> xhkj).
"""

from __future__ import annotations

import random

CITIES = [
    "苏州",
    "深圳",
    "杭州",
    "宁波",
    "东莞",
    "无锡",
    "常州",
    "佛山",
    "合肥",
    "成都",
    "武汉",
    "厦门",
]
BRANDS = [
    "星河",
    "华创",
    "恒达",
    "新锐",
    "博远",
    "金桥",
    "中科",
    "智联",
    "蓝海",
    "瑞丰",
    "同创",
    "汇丰",
    "鼎盛",
    "宏图",
    "天成",
    "卓越",
    "启明",
    "远航",
    "正泰",
    "安捷",
    "晶华",
    "联科",
    "众鑫",
    "盛世",
    "凯达",
    "永信",
    "海纳",
    "弘毅",
    "长润",
    "嘉禾",
    "锐思",
    "东方",
    "泰和",
    "德信",
    "优仕",
    "赛维",
]
TRADES = [
    "科技",
    "电子",
    "精密机械",
    "新材料",
    "物流",
    "医疗器械",
    "软件",
    "光电",
    "环保科技",
    "食品",
    "模具",
    "自动化设备",
    "包装",
    "服饰",
    "生物科技",
    "新能源",
    "信息技术",
    "检测技术",
    "建材",
    "印务",
]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "实业有限公司"]
SHOP_OWNERS = [
    "老王",
    "阿芳",
    "小李",
    "张姐",
    "陈记",
    "刘家",
    "蜀香",
    "粤味",
    "江南",
    "北方",
    "好邻居",
    "惠民",
]
SHOP_TRADES = [
    "便利店",
    "川菜馆",
    "奶茶店",
    "水果店",
    "面馆",
    "理发店",
    "打印店",
    "药房",
    "烘焙坊",
    "五金店",
    "快递驿站",
    "眼镜店",
    "花店",
    "咖啡馆",
    "超市",
    "手机维修",
]
COLLEGES = [
    "信息学院",
    "机械学院",
    "经管学院",
    "外语学院",
    "材料学院",
    "电气学院",
    "艺术学院",
    "医学院",
]


def initials(name: str) -> str:
    """Pinyin initials of the Chinese part, other characters kept, lower case."""
    from pypinyin import Style, lazy_pinyin  # 0.35 s to import: only when a name is made

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


class NameMaker:
    """Hands out unique tenant names of three kinds."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def _unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name}（{n}）"
        self.used.add(candidate)
        return candidate

    def enterprise(self) -> str:
        r = self.rng
        city = r.choice(CITIES) if r.random() < 0.45 else ""
        return self._unique(f"{city}{r.choice(BRANDS)}{r.choice(TRADES)}{r.choice(SUFFIXES)}")

    def shop(self) -> str:
        r = self.rng
        return self._unique(f"{r.choice(SHOP_OWNERS)}{r.choice(SHOP_TRADES)}")

    def dorm(self, building: str, room: str) -> str:
        r = self.rng
        year = r.choice([2023, 2024, 2025, 2026])
        return self._unique(f"{r.choice(COLLEGES)}{year}级 {building}-{room}宿舍")

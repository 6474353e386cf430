"""A synthetic 督办 notice of any size, in the plain-text export format, for the import benchmark.

``generate_notice(1000)`` writes what ``bot/data/sample_notice.txt`` looks like, only longer: a
covering notice (title, reporting rule with two deadlines and a contact, issuer, date), then a
table of sections 一、… 九十九、 holding numbered tasks. Some sections carry a category column;
each task names one to four units from an invented register of about a hundred departments,
with a few merged cells (a lone TAB: "same as above") and a few names run together. About six
tasks in ten commit to a figure (新增…个, 增长…%以上, 突破…亿元). Every name and sentence is
invented. The same ``tasks`` and ``seed`` always give the same text.

Usage: ``python bench/generate.py 1000 [--seed 0] > notice.txt``
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass

MAX_SECTIONS = 99  # section numerals the importer reads: 一 … 九十九
TASKS_PER_SECTION = 15
TARGET_SHARE = 0.6
MERGED_UNITS_SHARE = 0.08
RUN_TOGETHER_SHARE = 0.03
CATEGORY_SECTION_SHARE = 0.25

PLACE = "云岭市桂川区"
ISSUER = f"{PLACE}人民政府办公室"
YEAR = 2027

_DIGITS = "一二三四五六七八九"


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# --- the invented register of units --------------------------------------------------------

_BUREAUS = _words(
    "发改委 经信委 教委 科技局 民政局 司法局 财政局 人社局 规划自然资源局"
    " 生态环境局 住建委 城管局 交通局 水利局 农业农村委 商务委 文旅委 卫健委"
    " 退役军人事务局 应急局 审计局 国资委 市场监管局 统计局 医保局 信访办 大数据局"
    " 政务服务办 投促局 机关事务局 金融办 体育局 林业局 民宗委 人防办 粮食局"
    " 公安分局 税务局 消防救援支队 总工会 妇联 残联 融媒体中心 疾控中心 人民医院"
    " 委宣传部 委组织部 委政法委 委网信办 委编办 城投公司 水务集团 文旅集团"
    " 国有资本运营公司 交通建设公司 产业发展集团 侨联 红十字会 档案馆 图书馆 气象局"
    " 供销社 招商局 委统战部 委社会工作部 住房保障中心 就业服务中心 公共资源交易中心"
    " 城市管理执法支队 交通执法支队"
)
_ZONES = _words(
    "鹭岛软件园管委会 青禾经开区管委会 北湖生态城管委会 南港物流园管委会"
    " 古镇文旅区管委会 东溪高新区管委会 西山片区管委会 临空产业园管委会"
)
_STREETS = _words("青禾 东关 南湖 桂园 柳林 石桥 云台 清风 望江 金沙 枫林 桃源 紫荆 双桥")
_TOWNS = ("白沙镇政府", "龙泉镇政府", "石门镇政府", "青山镇政府", "团区委", "区科学技术协会")
GROUPS = ("各街道办事处", "区政府各部门", "各管委会", "各产业部门", "有关单位")
DEPARTMENTS: tuple[str, ...] = (
    *(f"区{b}" for b in _BUREAUS),
    *_ZONES,
    *(f"{s}街道办事处" for s in _STREETS),
    *_TOWNS,
)
# Names written straight after another without a separator, as notices sometimes do: short
# bureau names on the left; on the right, names long enough to tell apart (≥ 4 characters).
_RUN_TOGETHER_LEFT = tuple(f"区{b}" for b in _BUREAUS if len(b) <= 3 and "会" not in b)
_RUN_TOGETHER_RIGHT = tuple(n for n in DEPARTMENTS if len(n) >= 4 and n[0] not in "会员室部办局委")

# --- the invented words of tasks -----------------------------------------------------------

_VERBS = _words(
    "推进 加快 深化 实施 完善 加强 优化 持续推进 统筹推进 全面落实 扎实开展 积极培育 大力发展"
)
_OBJECTS = _words(
    "智慧社区建设 老旧管网改造 滨河绿道贯通工程 中小企业梯度培育 数字政府建设"
    " 农村人居环境整治 城市更新试点 夜间经济集聚区建设 科技成果转化平台建设"
    " 职业教育产教融合 基层医疗服务能力提升 养老服务体系建设 海绵城市建设 生活垃圾分类"
    " 公共文化服务提质 全民健身设施补短板 跨境电商综合试验区建设"
    " 工业互联网标识解析节点建设 人才公寓筹建 重点河库水质保护 营商环境对标提升"
    " 招商引资专项攻坚 政务服务一网通办 安全生产专项整治 食品安全示范创建"
    " 乡村振兴示范片建设 高标准农田建设 社区嵌入式服务设施建设 托育服务体系建设"
    " 校园安全综合治理 住房保障体系建设 城市停车设施建设 轨道交通站点周边开发"
    " 低效用地再开发 园区标准厂房建设 金融服务实体经济 国企改革深化提升行动"
    " 应急物资储备体系建设 城市内涝治理 历史文化街区保护利用"
)
_MANNERS = _words(
    "强化要素保障 压实部门责任 建立工作台账 完善考核机制 加强统筹调度 形成工作合力"
    " 健全长效机制 提升群众满意度 推动提质增效 落实闭环管理"
)
_FACILITIES = _words(
    "社区养老服务站 公共充电桩 口袋公园 智慧停车场 便民服务中心 村级物流服务站点"
    " 社区食堂 城市书房 标准化菜市场 应急避难场所"
)
_PROJECTS = _words(
    "重点项目 产业项目 民生实事项目 市级示范项目 数字化应用场景 科技型企业 专精特新企业"
)
_COUNT_UNITS = ("个", "家", "项", "所", "处")
_GROWTH_SUBJECTS = _words(
    "规模以上工业增加值 社会消费品零售总额 外贸进出口总额 实际利用外资"
    " 软件和信息服务业营业收入 旅游综合收入 农村居民人均可支配收入 研发经费投入"
)
_LEVEL_SUBJECTS = _words("固定资产投资 数字经济核心产业营业收入 文化产业增加值 现代物流业营业收入")
_RATE_SUBJECTS = _words("城市生活污水集中处理率 空气质量优良天数比率 基本养老保险参保率 绿化覆盖率")
_SECTION_ASPECTS = _words(
    "创新驱动 开放合作 产业升级 数实融合 城乡融合 精建细管 民生优先 共建共享"
    " 依法行政 从严治政 绿色低碳 生态优先 改革攻坚 活力迸发 统筹发展 安全稳定"
    " 文化繁荣 品质提升"
)
_SECTION_GOALS = _words(
    "持续增强发展动能 加快构建现代产业体系 持续提升城市品质 不断增进群众福祉"
    " 全面加强政府自身建设 奋力推动高质量发展 着力建设美丽桂川 切实守牢安全底线"
    " 不断激发市场活力"
)
_CATEGORIES = _words(
    "现代物流业 数字经济 文化旅游业 先进制造业 现代金融业 现代农业 生态环保"
    " 城市建设 社会事业 基层治理 营商环境 科技创新"
)
_SURNAMES = _words("陈 林 周 吴 郑 王 赵 孙 马 何 罗 高 梁 宋")
_GIVEN = _words("思远 文博 晓岚 子涵 志强 雨桐 建华 嘉怡 明轩 静怡")


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三, 99 → 九十九 (as section headings write them)."""
    if not 1 <= n <= 99:
        raise ValueError(f"section numerals run from 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones - 1]
    head = "" if tens == 1 else _DIGITS[tens - 1]
    return head + "十" + (_DIGITS[ones - 1] if ones else "")


@dataclass(frozen=True)
class _Task:
    text: str
    units: tuple[str, ...]  # one cell line each; a run-together pair is one line
    merged: bool  # units cell written as a lone TAB


def generate_notice(tasks: int, *, seed: int = 0) -> str:
    """A notice with ``tasks`` tasks in ``min(99, ~tasks/15)`` sections; same seed, same text."""
    if tasks < 1:
        raise ValueError("a notice needs at least one task")
    rng = random.Random(f"duban-bench-{tasks}-{seed}")
    lines = _covering_notice(rng)
    lines += [
        "",
        "",
        "附件",
        f"{YEAR}年区政府工作报告重点工作任务分解 ",
        "\t任务内容",
        "\t牵头责任单位",
        "",
    ]
    for number, size in enumerate(_section_sizes(tasks, rng), start=1):
        lines += [f"\t{cn_numeral(number)}、{_section_title(rng)}", ""]
        with_categories = number > 1 and rng.random() < CATEGORY_SECTION_SHARE
        lines += _section_rows(size, with_categories, rng)
    return "\n".join(lines) + "\n"


def _covering_notice(rng: random.Random) -> list[str]:
    half = (7, rng.randint(1, 15))
    year = (12, rng.randint(15, 28))
    contact = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
    phone = f"6{rng.randint(1000000, 9999999)}"
    attachment = f"{YEAR}年区政府工作报告重点工作任务分解"
    return [
        f"{ISSUER}关于印发{attachment}的通知",
        "区政府各部门，各管委会、街道办事处，有关单位：",
        f"为抓好区人代会确定的各项目标任务落实，经区政府同意，区政府办公室对{YEAR}年区政府工作报告"
        f"明确的重点工作进行了责任分解，形成了《{attachment}》，现印发给你们，请认真对照任务，"
        "细化工作举措，明确完成时限，确保各项任务按期保质完成。区政府办公室将定期调度、督查通报。",
        f"请各单位分别于{half[0]}月{half[1]}日前和{year[0]}月{year[1]}日前，将上半年和全年工作任务"
        f"完成情况报区政府办（联系人：{contact}，联系电话：{phone}，邮箱：gcqzfdb@example.cn）。",
        f"附件： {attachment}",
        ISSUER,
        f"                        {YEAR}年3月{rng.randint(5, 28)}日",
        "（此件公开发布）",
    ]


def _section_sizes(tasks: int, rng: random.Random) -> list[int]:
    """Tasks per section: about fifteen each, uneven, at most 99 sections, none empty."""
    count = max(1, min(MAX_SECTIONS, round(tasks / TASKS_PER_SECTION), tasks))
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    spare = tasks - count
    shares = [spare * w / sum(weights) for w in weights]
    sizes = [1 + int(s) for s in shares]
    by_remainder = sorted(range(count), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[: tasks - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _section_title(rng: random.Random) -> str:
    a, b = rng.sample(_SECTION_ASPECTS, 2)
    return f"坚持{a}、{b}，{rng.choice(_SECTION_GOALS)}"


def _section_rows(size: int, with_categories: bool, rng: random.Random) -> list[str]:
    lines: list[str] = []
    left_in_category = 0
    categories = iter(rng.sample(_CATEGORIES, len(_CATEGORIES)) * (size // 2 + 1))
    for number in range(1, size + 1):
        task = _task(rng, first=number == 1)
        if with_categories:
            if left_in_category == 0:
                left_in_category = rng.randint(2, 6)
                lines.append(f"\t{next(categories)}")
            else:
                lines.append("\t")
            left_in_category -= 1
        lines.append(f"\t{number}.{task.text}")
        if task.merged:
            lines.append("\t")
        else:
            lines.append(f"\t{task.units[0]}")
            lines += task.units[1:]
        lines.append("")
    return lines


def _task(rng: random.Random, *, first: bool) -> _Task:
    parts = [rng.choice(_VERBS) + rng.choice(_OBJECTS)]
    if rng.random() < 0.5:
        parts.append(rng.choice(_MANNERS))
    if rng.random() < TARGET_SHARE:
        parts.append(_target_clause(rng))
        if rng.random() < 0.25:
            parts.append(_target_clause(rng))
    merged = not first and rng.random() < MERGED_UNITS_SHARE
    return _Task("，".join(parts), _units(rng), merged)


def _target_clause(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"新增{rng.choice(_PROJECTS)}{rng.randint(3, 120)}{rng.choice(_COUNT_UNITS)}"
    if kind == 1:
        return (
            f"{rng.choice(_GROWTH_SUBJECTS)}增长{rng.randint(3, 15)}%{rng.choice(('以上', '左右'))}"
        )
    if kind == 2:
        return f"{rng.choice(_LEVEL_SUBJECTS)}突破{rng.randint(10, 900)}亿元"
    if kind == 3:
        return f"{rng.choice(_RATE_SUBJECTS)}达到{rng.randint(85, 99)}%"
    if kind == 4:
        return f"建成{rng.choice(_FACILITIES)}{rng.randint(5, 300)}个"
    return f"完成改造面积{rng.randint(5, 200)}万平方米"


def _units(rng: random.Random) -> tuple[str, ...]:
    """One to four unit lines, rarely a collective name, rarely two names run together."""
    count = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
    run_together = rng.random() < RUN_TOGETHER_SHARE
    if run_together:
        count = max(count, 2)
    names = rng.sample(DEPARTMENTS, count)
    if rng.random() < 0.03:
        names[0 if run_together else -1] = rng.choice(GROUPS)
    if run_together:
        left = rng.choice([n for n in _RUN_TOGETHER_LEFT if n not in names[:-2]])
        right = rng.choice([n for n in _RUN_TOGETHER_RIGHT if n not in (*names[:-2], left)])
        names[-2:] = [left + right]
    return tuple(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic notice to standard output.")
    parser.add_argument("tasks", type=int, help="how many tasks")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sys.stdout.write(generate_notice(args.tasks, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

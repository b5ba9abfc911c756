#!/usr/bin/env python3
"""A synthetic interview-prep course in one language, for the search benchmarks.

Writes a prepress course folder whose lectures are generated from vocabulary and
sentence templates written for this script, in Chinese (`zh`), Russian (`ru`) or
English (`en`), on software-engineering interview topics (caching, load balancing,
databases, leadership, conflicts, deadlines, ...):

    python3 bench/gen_language_corpus.py --language zh [-n 10000] [--seed 42] [--force] OUT

OUT gets `course.toml` (`title`, `language`), `content/_index.md`, about 20 sections
`content/<section>/_index.md`, and N lectures `content/<section>/<NNN-slug>.md` with YAML
front matter (title, description, weight) and a body of about 300-600 words (700-1,400
characters in Chinese): paragraphs, H2/H3 headings, bullet and numbered lists, a
STAR-style example, an interview-question list under a heading the question bank reads
(`面试问题`, `Вопросы на собеседовании`, `Interview questions`) and, in about a third of
the lectures, a Q&A pair under `## 问题`/`## 答案`, `## Вопрос`/`## Ответ` or
`## Question`/`## Answer`. About half the lectures link to the one before them.

What the text is made to exercise:
  * zh: multi-character words written without spaces, many inside longer compounds
    (负载均衡 in 负载均衡器, 缓存 in 分布式缓存, 索引 in 联合索引), so a search index
    has to segment;
  * ru: nouns and adjectives in all six cases and both numbers, verbs in present,
    past (by gender), infinitive and imperative forms, so stemming matters;
  * en: the same shape of course with plain English.

Deterministic: lecture i is generated from its own RNG seeded with
"<seed>:<language>:<i>", so the same seed gives the same files, and lecture i does not
depend on N (only the section it lands in and its links do). Standard library only.

Build it with `prepress build --root OUT --output SITE`.
"""

import argparse
import os
import random
import shutil
import sys

SECTION_COUNT = 20

# --------------------------------------------------------------------------
# Chinese
# --------------------------------------------------------------------------

ZH_SECTIONS = [
    ("caching", "缓存设计", ["缓存", "分布式缓存", "缓存失效", "缓存雪崩", "缓存穿透", "淘汰策略", "热点数据"]),
    ("load-balancing", "负载均衡", ["负载均衡", "负载均衡器", "反向代理", "加权轮询", "会话保持", "健康检查"]),
    ("databases", "数据库基础", ["数据库", "关系型数据库", "事务隔离级别", "主从复制", "读写分离", "数据库连接池"]),
    ("indexing", "索引与查询优化", ["数据库索引", "联合索引", "覆盖索引", "慢查询日志", "执行计划", "分页查询"]),
    ("sharding", "分片与扩展", ["数据分片", "一致性哈希", "水平扩展", "垂直扩展", "容量规划"]),
    ("messaging", "消息队列", ["消息队列", "消费者组", "死信队列", "削峰填谷", "异步处理"]),
    ("reliability", "可靠性工程", ["限流算法", "熔断器", "服务降级", "指数退避", "重试机制", "幂等性"]),
    ("observability", "可观测性", ["可观测性", "监控告警", "日志聚合", "链路追踪", "服务等级目标"]),
    ("api-design", "接口设计", ["接口设计", "接口幂等", "版本兼容", "速率限制", "错误码设计"]),
    ("distributed", "分布式系统", ["分布式系统", "分布式锁", "领导者选举", "最终一致性", "服务发现"]),
    ("algorithms", "算法面试", ["哈希表", "二分查找", "动态规划", "滑动窗口", "双指针", "拓扑排序"]),
    ("complexity", "复杂度分析", ["时间复杂度", "空间复杂度", "复杂度分析", "边界条件", "测试用例"]),
    ("leadership", "领导力", ["领导力", "团队建设", "技术决策", "向上管理", "授权与信任"]),
    ("conflict", "冲突处理", ["冲突管理", "意见分歧", "跨团队协作", "冲突解决", "艰难对话"]),
    ("deadlines", "截止日期与交付", ["截止日期", "项目截止日期", "进度风险", "需求变更", "范围谈判"]),
    ("ownership", "主人翁精神", ["主人翁精神", "线上事故", "事故复盘", "根因分析", "技术债务"]),
    ("mentoring", "辅导与成长", ["导师制度", "新人培养", "代码审查", "绩效反馈", "职业发展"]),
    ("behavioral", "行为面试", ["行为面试", "STAR方法", "失败经历", "影响力", "客户至上"]),
    ("system-design", "系统设计面试", ["系统设计", "架构草图", "读多写少", "高可用", "数据一致性"]),
    ("negotiation", "谈判与录用", ["薪资谈判", "录用通知", "职级评估", "期权与股票", "入职准备"]),
]

# The sections from this one on are about people rather than systems (but system design).
PEOPLE_SECTIONS = {12, 13, 14, 15, 16, 17, 19}

ZH_NOUNS = {
    "tech": ["延迟", "吞吐量", "可用性", "一致性", "瓶颈", "成本", "风险", "方案", "架构", "指标",
             "约束条件", "数据模型", "失败场景", "回滚方案", "灰度发布", "设计文档", "服务器负载",
             "请求量", "缓存命中率", "数据库负载", "读写比例", "存储成本", "网络抖动", "过期时间",
             "写入放大", "单点故障", "冷启动", "长尾延迟", "并发冲突", "乐观锁", "悲观锁", "事务", "死锁"],
    "people": ["目标", "反馈", "信任", "团队士气", "沟通方式", "交付节奏", "上线计划", "优先级", "需求",
               "风险", "利益相关者", "产品经理", "团队成员", "技术选型", "工作范围", "个人成长", "期望"],
}
# What grows and what then gives way.
ZH_QUANTITIES = ["请求量", "数据量", "用户数", "写入量", "峰值流量"]
ZH_BOTTLENECKS = ["数据库", "缓存", "网络带宽", "消息队列", "磁盘", "负载均衡器", "连接池"]
# What a team keeps when time runs out.
ZH_KEEP = ["核心功能", "上线计划", "数据一致性", "用户体验", "可用性", "测试覆盖"]

ZH_SUBJECTS = ["候选人", "资深工程师", "技术负责人", "整个团队", "一位优秀的候选人", "新同事"]
ZH_VERBS = ["分析", "评估", "解释", "拆分", "优化", "监控", "验证", "量化", "记录", "重新审视", "简化", "权衡"]
ZH_ADVERBS = ["具体一些", "有条理", "简洁明了", "诚实可信", "有数据支撑", "重点突出"]
ZH_ADJS = ["清晰", "稳健", "务实", "可衡量", "可扩展", "简单"]
ZH_ACTIONS = {
    "tech": ["复述题目", "列出约束条件", "估算数据规模", "画出架构草图", "写出函数签名", "举一个小例子",
             "说明时间复杂度", "确认边界条件", "讨论失败场景", "总结权衡取舍", "和面试官确认需求",
             "先给出暴力解法"],
    "people": ["交代当时的情境", "讲清你自己的角色", "给出具体数字", "承认自己的不足", "复述问题",
               "总结学到的教训", "先讲结论再讲细节", "说明你如何说服对方", "描述对方的立场"],
}
ZH_METRICS = ["平均延迟", "错误率", "服务器成本", "告警数量", "构建时间", "数据库负载", "页面加载时间", "工单数量"]
ZH_TEAM_METRICS = ["返工次数", "会议时间", "需求变更次数", "上线延期次数", "人员流失率"]
ZH_PEOPLE = ["产品经理", "另一个团队的负责人", "我的直属经理", "一位资深同事", "客户", "设计师"]
ZH_PRINCIPLES = ["客户至上", "主人翁精神", "刨根问底", "崇尚行动", "赢得信任", "达成业绩", "坚持高标准"]

ZH_TITLES = [
    "深入理解{c}", "{c}实战", "面试中如何讲清{c}", "{c}的权衡取舍", "{c}常见误区",
    "{c}：从入门到进阶", "用一个故事讲{c}", "{c}与边界情况", "资深候选人眼中的{c}",
    "{c}面试演练", "为什么{c}很重要", "{c}的常见问法",
]
ZH_DESCRIPTIONS = [
    "本课讲解{c}的核心思路，以及面试中如何把它讲得{adj}。",
    "围绕{c}展开，结合{n}给出一个完整的回答框架。",
    "通过一个真实项目，说明{c}和{n}之间的取舍。",
]

ZH_ANY = [
    lambda w: f"讨论{w.c}时，先讲清楚{w.n()}，再{w.v()}整体方案。",
    lambda w: f"很多候选人一上来就谈{w.c}，却忽略了{w.n()}，这往往是失分的地方。",
    lambda w: f"面试官通常会追问{w.c}背后的{w.other()}，所以你的回答要{w.pick(ZH_ADVERBS)}。",
    lambda w: f"一个好的做法是先{w.act()}，然后{w.act()}。",
    lambda w: f"记住：{w.c}本身不是目的，改善{w.n()}才是。",
    lambda w: f"用STAR结构讲故事时，情境部分只需两三句话，把重点放在你如何{w.v()}{w.n()}。",
    lambda w: f"遇到意见分歧时，先倾听对方的理由，再用数据说明{w.c}对{w.other()}的影响。",
    lambda w: f"{w.c}和{w.other()}之间没有绝对的对错，关键是说明你为什么这样取舍。",
    lambda w: f"不要死记硬背答案，而要反复练习{w.act()}，直到讲起来自然流畅。",
    lambda w: f"如果面试官对你的{w.c}经验提出质疑，不要急于辩解，先确认对方关心的是{w.other()}还是{w.other()}。",
    lambda w: f"这道题考察的是你对{w.c}的理解深度，而不是背诵定义。",
    lambda w: f"当截止日期临近时，我会和{w.pick(ZH_PEOPLE)}一起重新排列优先级，先保住{w.pick(ZH_KEEP)}。",
    lambda w: f"领导力不只是做决定，更是让团队理解为什么要{w.v()}{w.n()}。",
    lambda w: f"一个{w.pick(ZH_ADJS)}的回答会先说明{w.other()}，再给出{w.c}的具体做法。",
]
ZH_TECH = [
    lambda w: f"如果{w.pick(ZH_QUANTITIES)}突然翻倍，{w.pick(ZH_BOTTLENECKS)}很可能成为新的瓶颈。",
    lambda w: f"在我上一个项目里，我们借助{w.c}把{w.pick(ZH_METRICS)}降低了{w.num(10, 70)}%。",
    lambda w: f"{w.pick(ZH_SUBJECTS)}需要{w.v()}{w.n()}，并把结论写进设计文档。",
    lambda w: f"一个常见的误区是把{w.c}当成万能方案，结果{w.n()}反而变得更复杂。",
    lambda w: f"请注意{w.c}的边界条件，例如空输入、重复数据和超时。",
    lambda w: f"我会先用最简单的方式实现{w.c}，等指标证明有必要时再考虑{w.n()}。",
    lambda w: f"复盘时，我们发现问题的根源不在{w.c}，而在于缺少对{w.n()}的监控。",
    lambda w: f"带新人时，我会让他们先负责{w.c}的一小部分，再逐步承担{w.n()}。",
    lambda w: f"把{w.c}讲清楚的最好方法，是画一张图，标出请求经过的每一层。",
    lambda w: f"在{w.num(20, 300)}毫秒的延迟预算下，{w.c}的每一步都要算清楚耗时。",
    lambda w: f"{w.pick(ZH_PEOPLE)}曾经反对我们引入{w.c}，我用一周的数据说服了对方。",
    lambda w: f"说出你的假设：每秒大约{w.num(2, 90)}千个请求，读写比例约为{w.num(3, 20)}比一。",
]
ZH_PEOPLE_SENTENCES = [
    lambda w: f"谈到{w.c}时，面试官想听的是你具体做了什么，而不是团队做了什么。",
    lambda w: f"我曾经和{w.pick(ZH_PEOPLE)}在{w.c}上意见不一致，最后我们约定用两周的试验来决定。",
    lambda w: f"在{w.c}这件事上，先对齐目标，再讨论分工，往往能省下很多会议。",
    lambda w: f"讲{w.c}的故事时，要说明问题的起因、你的判断和最后的结果。",
    lambda w: f"好的领导者会把{w.c}变成团队的习惯，而不是一次性的任务。",
    lambda w: f"如果截止日期无法调整，就要坦诚地和{w.pick(ZH_PEOPLE)}讨论哪些范围可以砍掉。",
    lambda w: f"在{w.c}上犯过的错误不必回避，关键是讲清你后来改变了什么。",
    lambda w: f"我会每周和团队成员一对一沟通，及时发现{w.c}方面的问题。",
    lambda w: f"在跨团队协作中，{w.c}往往比技术本身更难，因为每个团队对{w.n()}的看法不同。",
    lambda w: f"那次经历之后，我们团队的{w.other()}明显改善，{w.pick(ZH_TEAM_METRICS)}也下降了{w.num(10, 50)}%。",
]
ZH_SENTENCES = {"tech": ZH_ANY + ZH_TECH, "people": ZH_ANY + ZH_PEOPLE_SENTENCES}

ZH_BULLETS = [
    lambda w: f"**{w.c}**：方案默认保持{w.pick(ZH_ADJS)}，但要留意{w.other()}。",
    lambda w: f"优先{w.act()}，而不是凭感觉猜测。",
    lambda w: f"量化{w.n()}，含糊的说法会让面试官起疑。",
    lambda w: f"说明你在{w.n()}上做了哪些取舍。",
    lambda w: f"把结果和「{w.pick(ZH_PRINCIPLES)}」这样的原则联系起来。",
    lambda w: f"提前准备一个关于{w.c}的失败经历，并讲清你学到了什么。",
    lambda w: f"先弄清{w.other()}，再讨论{w.other()}。",
]

ZH_QUESTIONS = [
    lambda w: f"请讲一个你和{w.pick(ZH_PEOPLE)}发生冲突的经历，最后是怎么解决的？",
    lambda w: f"你会如何向不懂技术的同事解释{w.c}？",
    lambda w: f"如果{w.pick(ZH_QUANTITIES)}在一夜之间翻倍，你会怎么调整{w.c}？" if w.kind == "tech" else
    f"如果团队人数在一个季度里翻倍，你会怎么处理{w.c}？",
    lambda w: f"{w.c}和{w.other()}应该如何取舍？",
    lambda w: f"设计一个依赖{w.c}的系统，瓶颈可能在哪里？" if w.kind == "tech" else
    f"讲一次{w.c}没有做好的经历，你从中学到了什么？",
    lambda w: f"讲一次你在截止日期前不得不重新评估{w.other()}的经历。",
    lambda w: f"你如何判断{w.c}是不是错误的选择？" if w.kind == "tech" else
    f"你如何判断自己在{w.c}上做得好不好？",
    lambda w: f"在{w.c}上，你做过的最难的决定是什么？",
]

ZH_ANSWERS = [
    lambda w: f"先说明{w.c}解决的是什么问题，再讲{w.other()}带来的代价，最后用一个具体数字收尾，例如把{w.pick(ZH_METRICS)}降低了{w.num(10, 60)}%。",
    lambda w: f"我会从{w.n()}入手：先{w.act()}，再{w.act()}，如果还有时间，再讨论{w.c}的扩展方式。",
]

ZH_HEADINGS = {
    "concepts": ["核心概念", "基本思路", "为什么重要"],
    "mistakes": ["常见误区", "容易踩的坑", "面试官在听什么"],
    "example": ["实战示例", "一个真实的故事", "案例分析"],
    "tradeoffs": ["权衡取舍", "如何回答", "进阶讨论"],
    "sub": ["情境", "任务", "行动", "结果"],
    "questions": "面试问题",
    "question": "问题",
    "answer": "答案",
    "see_also": "另见：",
}

# --------------------------------------------------------------------------
# Russian: nouns, adjectives and verbs with their forms
# --------------------------------------------------------------------------

CASES = ["nom", "gen", "dat", "acc", "ins", "prep"]


class RuNoun:
    """A noun (or a noun with a fixed tail, `база данных`) in six cases and two numbers."""

    def __init__(self, singular, plural, gender, animate=False, tail=""):
        self.sg = dict(zip(CASES, singular))
        self.pl = dict(zip(CASES, plural)) if plural else None
        self.gender = gender
        self.animate = animate
        self.tail = tail

    def form(self, case, plural=False):
        forms = self.pl if plural and self.pl else self.sg
        return forms[case] + self.tail


def _hard_m(stem, animate=False, tail="", velar=False, pl=True):
    """кэш-type masculine: стол, стола, ... (velar/sibilant stems take -и in the plural)."""
    y = "и" if velar else "ы"
    acc = stem + "а" if animate else stem
    acc_pl = stem + "ов" if animate else stem + y
    return RuNoun([stem, stem + "а", stem + "у", acc, stem + "ом", stem + "е"],
                  [stem + y, stem + "ов", stem + "ам", acc_pl, stem + "ами", stem + "ах"] if pl else None,
                  "m", animate, tail)


def _fem_a(stem, gen_pl, tail="", velar=False, pl=True):
    """нагрузка-type feminine in -а (velar/sibilant stems take -и)."""
    y = "и" if velar else "ы"
    return RuNoun([stem + "а", stem + y, stem + "е", stem + "у", stem + "ой", stem + "е"],
                  [stem + y, gen_pl, stem + "ам", stem + y, stem + "ами", stem + "ах"] if pl else None,
                  "f", False, tail)


def _fem_ia(stem, pl=True):
    """транзакция-type feminine in -ия."""
    return RuNoun([stem + "ия", stem + "ии", stem + "ии", stem + "ию", stem + "ией", stem + "ии"],
                  [stem + "ии", stem + "ий", stem + "иям", stem + "ии", stem + "иями", stem + "иях"] if pl else None,
                  "f")


def _fem_soft(stem, pl=True):
    """доступность-type feminine in -ь."""
    return RuNoun([stem + "ь", stem + "и", stem + "и", stem + "ь", stem + "ью", stem + "и"],
                  [stem + "и", stem + "ей", stem + "ям", stem + "и", stem + "ями", stem + "ях"] if pl else None,
                  "f")


def _neut_ie(stem, pl=True):
    """решение-type neuter in -ие."""
    return RuNoun([stem + "ие", stem + "ия", stem + "ию", stem + "ие", stem + "ием", stem + "ии"],
                  [stem + "ия", stem + "ий", stem + "иям", stem + "ия", stem + "иями", stem + "иях"] if pl else None,
                  "n")


RU = {
    "кэш": RuNoun(["кэш", "кэша", "кэшу", "кэш", "кэшем", "кэше"],
                  ["кэши", "кэшей", "кэшам", "кэши", "кэшами", "кэшах"], "m"),
    "индекс": _hard_m("индекс"),
    "запрос": _hard_m("запрос"),
    "сервер": _hard_m("сервер"),
    "конфликт": _hard_m("конфликт"),
    "срок": _hard_m("срок", velar=True),
    "дедлайн": _hard_m("дедлайн"),
    "компромисс": _hard_m("компромисс"),
    "отказ": _hard_m("отказ"),
    "инцидент": _hard_m("инцидент"),
    "приоритет": _hard_m("приоритет"),
    "балансировщик": _hard_m("балансировщик", tail=" нагрузки", velar=True),
    "кластер": _hard_m("кластер"),
    "ключ": RuNoun(["ключ", "ключа", "ключу", "ключ", "ключом", "ключе"],
                   ["ключи", "ключей", "ключам", "ключи", "ключами", "ключах"], "m"),
    "лимит": _hard_m("лимит"),
    "таймаут": _hard_m("таймаут"),
    "релиз": _hard_m("релиз"),
    "прототип": _hard_m("прототип"),
    "алгоритм": _hard_m("алгоритм"),
    "бюджет": _hard_m("бюджет"),
    "риск": _hard_m("риск", velar=True),
    "результат": _hard_m("результат"),
    "мониторинг": _hard_m("мониторинг", velar=True, pl=False),
    "шардинг": _hard_m("шардинг", velar=True, pl=False),
    "план": _hard_m("план"),
    "откат": _hard_m("откат"),
    "менеджер": _hard_m("менеджер", animate=True),
    "кандидат": _hard_m("кандидат", animate=True),
    "интервьюер": _hard_m("интервьюер", animate=True),
    "заказчик": _hard_m("заказчик", animate=True, velar=True),
    "разработчик": _hard_m("разработчик", animate=True, velar=True),
    "руководитель": RuNoun(["руководитель", "руководителя", "руководителю", "руководителя", "руководителем", "руководителе"],
                           ["руководители", "руководителей", "руководителям", "руководителей", "руководителями", "руководителях"],
                           "m", True),
    "пользователь": RuNoun(["пользователь", "пользователя", "пользователю", "пользователя", "пользователем", "пользователе"],
                           ["пользователи", "пользователей", "пользователям", "пользователей", "пользователями", "пользователях"],
                           "m", True),
    "нагрузка": _fem_a("нагрузк", "нагрузок", velar=True),
    "задержка": _fem_a("задержк", "задержек", velar=True),
    "ошибка": _fem_a("ошибк", "ошибок", velar=True),
    "база": _fem_a("баз", "баз", tail=" данных"),
    "команда": _fem_a("команд", "команд"),
    "архитектура": _fem_a("архитектур", "архитектур"),
    "метрика": _fem_a("метрик", "метрик", velar=True),
    "задача": RuNoun(["задача", "задачи", "задаче", "задачу", "задачей", "задаче"],
                     ["задачи", "задач", "задачам", "задачи", "задачами", "задачах"], "f"),
    "очередь": RuNoun(["очередь", "очереди", "очереди", "очередь", "очередью", "очереди"],
                      ["очереди", "очередей", "очередям", "очереди", "очередями", "очередях"], "f", tail=" сообщений"),
    "репликация": _fem_ia("репликац", pl=False),
    "транзакция": _fem_ia("транзакц"),
    "миграция": _fem_ia("миграц"),
    "стратегия": _fem_ia("стратег"),
    "ситуация": _fem_ia("ситуац"),
    "масштабируемость": _fem_soft("масштабируемост", pl=False),
    "доступность": _fem_soft("доступност", pl=False),
    "ответственность": _fem_soft("ответственност", pl=False),
    "согласованность": _fem_soft("согласованност", pl=False),
    "пропускная способность": RuNoun(
        ["пропускная способность", "пропускной способности", "пропускной способности",
         "пропускную способность", "пропускной способностью", "пропускной способности"], None, "f"),
    "обратная связь": RuNoun(
        ["обратная связь", "обратной связи", "обратной связи", "обратную связь", "обратной связью", "обратной связи"],
        None, "f"),
    "требование": _neut_ie("требован"),
    "решение": _neut_ie("решен"),
    "ограничение": _neut_ie("ограничен"),
    "кэширование": _neut_ie("кэширован", pl=False),
    "тестирование": _neut_ie("тестирован", pl=False),
    "собеседование": _neut_ie("собеседован"),
    "совещание": _neut_ie("совещан"),
    "партиционирование": _neut_ie("партиционирован", pl=False),
    "лидерство": RuNoun(["лидерство", "лидерства", "лидерству", "лидерство", "лидерством", "лидерстве"], None, "n"),
    "качество": RuNoun(["качество", "качества", "качеству", "качество", "качеством", "качестве"], None, "n"),
    "наставничество": RuNoun(["наставничество", "наставничества", "наставничеству", "наставничество",
                              "наставничеством", "наставничестве"], None, "n"),
}

RU_SECTIONS = [
    ("caching", "Кэширование", ["кэш", "кэширование", "ключ", "таймаут"]),
    ("load-balancing", "Балансировка нагрузки", ["балансировщик", "нагрузка", "сервер", "пропускная способность"]),
    ("databases", "Базы данных", ["база", "транзакция", "репликация", "запрос"]),
    ("indexing", "Индексы и запросы", ["индекс", "запрос", "задержка"]),
    ("sharding", "Шардирование и масштабирование", ["шардинг", "партиционирование", "масштабируемость", "кластер"]),
    ("messaging", "Очереди сообщений", ["очередь", "нагрузка", "отказ"]),
    ("reliability", "Надёжность", ["отказ", "доступность", "лимит", "таймаут"]),
    ("observability", "Мониторинг и метрики", ["мониторинг", "метрика", "инцидент"]),
    ("api-design", "Проектирование API", ["запрос", "ограничение", "ошибка"]),
    ("distributed", "Распределённые системы", ["согласованность", "репликация", "кластер"]),
    ("algorithms", "Алгоритмические задачи", ["алгоритм", "задача", "решение"]),
    ("testing", "Тестирование", ["тестирование", "ошибка", "качество"]),
    ("leadership", "Лидерство", ["лидерство", "команда", "ответственность"]),
    ("conflict", "Конфликты в команде", ["конфликт", "компромисс", "обратная связь"]),
    ("deadlines", "Сроки и дедлайны", ["дедлайн", "срок", "приоритет", "риск"]),
    ("ownership", "Ответственность за результат", ["ответственность", "инцидент", "результат"]),
    ("mentoring", "Наставничество", ["наставничество", "обратная связь", "команда"]),
    ("behavioral", "Поведенческое собеседование", ["собеседование", "ситуация", "результат"]),
    ("system-design", "Системный дизайн", ["архитектура", "требование", "масштабируемость"]),
    ("migrations", "Миграции и релизы", ["миграция", "релиз", "откат", "план"]),
]

RU_PEOPLE_NOUNS = ["конфликт", "компромисс", "дедлайн", "срок", "приоритет", "риск", "результат", "команда",
                   "обратная связь", "лидерство", "ответственность", "требование", "решение", "ограничение",
                   "совещание", "собеседование", "ситуация", "стратегия", "задача", "план", "качество",
                   "наставничество", "бюджет"]
RU_PEOPLE_ONLY = {"конфликт", "компромисс", "дедлайн", "лидерство", "ответственность", "обратная связь",
                  "совещание", "собеседование", "ситуация", "стратегия", "наставничество", "команда"}
RU_NOUNS = {"people": RU_PEOPLE_NOUNS,
            "tech": [k for k in RU if not RU[k].animate and k not in RU_PEOPLE_ONLY]}
RU_PEOPLE = ["менеджер", "руководитель", "заказчик", "разработчик", "интервьюер", "пользователь"]

# Hard-stem adjectives: stem and masculine nominative ending.
RU_ADJS = [("ключев", "ой"), ("главн", "ый"), ("основн", "ой"), ("серьёзн", "ый"), ("типичн", "ый"),
           ("реальн", "ый"), ("очевидн", "ый"), ("скрыт", "ый"), ("отдельн", "ый"), ("конкретн", "ый"),
           ("заметн", "ый"), ("неожиданн", "ый"), ("понятн", "ый"), ("измерим", "ый"), ("нов", "ый")]

_ADJ_END = {
    "m": {"gen": "ого", "dat": "ому", "ins": "ым", "prep": "ом"},
    "f": {"nom": "ая", "gen": "ой", "dat": "ой", "acc": "ую", "ins": "ой", "prep": "ой"},
    "n": {"nom": "ое", "gen": "ого", "dat": "ому", "acc": "ое", "ins": "ым", "prep": "ом"},
    "pl": {"nom": "ые", "gen": "ых", "dat": "ым", "acc": "ые", "ins": "ыми", "prep": "ых"},
}


def ru_adj(adj, noun, case, plural=False):
    stem, nom_m = adj
    if plural:
        if case == "acc" and noun.animate:
            case = "gen"
        return stem + _ADJ_END["pl"][case]
    if noun.gender == "m":
        if case == "nom" or (case == "acc" and not noun.animate):
            return stem + nom_m
        if case == "acc":
            case = "gen"
        return stem + _ADJ_END["m"][case]
    return stem + _ADJ_END[noun.gender][case]


class RuVerb:
    """A transitive verb taking the accusative (or `case`): the forms the templates use."""

    def __init__(self, inf, sg3, pl3, past_m, imp, case="acc"):
        self.forms = {"inf": inf, "3sg": sg3, "3pl": pl3, "past_m": past_m,
                      "past_f": past_m + "а", "past_pl": past_m + "и", "imp": imp}
        self.case = case


def _ru_verb_at(stem, case="acc"):
    """объяснять-type: объясня|ть, объясня|ет, объясня|ют, объясня|л, объясня|йте."""
    return RuVerb(stem + "ть", stem + "ет", stem + "ют", stem + "л", stem + "йте", case)


def _ru_verb_ov(stem, case="acc"):
    """формулировать-type: формулир|овать, формулир|ует, формулир|уют, формулир|овал, формулир|уйте."""
    return RuVerb(stem + "овать", stem + "ует", stem + "уют", stem + "овал", stem + "уйте", case)


RU_VERBS = [
    _ru_verb_at("объясня"), _ru_verb_at("оценива"), _ru_verb_at("проверя"), _ru_verb_at("обсужда"),
    _ru_verb_at("измеря"), _ru_verb_at("упроща"), _ru_verb_at("описыва"), _ru_verb_at("защища"),
    _ru_verb_at("пересматрива"), _ru_verb_ov("формулир"), _ru_verb_at("согласовыва"),
    _ru_verb_ov("масштабир"), _ru_verb_ov("документир"), _ru_verb_at("учитыва"),
    _ru_verb_at("управля", "ins"), _ru_verb_ov("анализир"), _ru_verb_ov("оптимизир"),
]

RU_SUBJECTS = [("кандидат", "m"), ("инженер", "m"), ("команда", "f"), ("руководитель", "m"),
               ("опытный разработчик", "m"), ("сильный кандидат", "m"), ("разработчица", "f")]

RU_PEOPLE_ACTIONS = ["описать ситуацию в двух предложениях", "назвать свою роль", "привести конкретные цифры",
                     "признать свою ошибку", "переформулировать вопрос", "подвести итог и назвать урок",
                     "начать с вывода, а потом перейти к деталям", "объяснить позицию другой стороны"]
RU_ACTIONS = ["переформулировать задачу своими словами", "перечислить ограничения",
              "оценить объём данных", "нарисовать схему системы", "написать сигнатуру функции",
              "разобрать небольшой пример", "назвать сложность по времени и памяти",
              "проверить граничные случаи", "обсудить сценарии отказа", "подвести итог компромиссов",
              "уточнить требования у интервьюера", "начать с решения в лоб"]

RU_METRICS = [("среднюю задержку", "средняя задержка"), ("долю ошибок", "доля ошибок"),
              ("стоимость серверов", "стоимость серверов"), ("число оповещений", "число оповещений"),
              ("время сборки", "время сборки"), ("нагрузку на базу", "нагрузка на базу")]

RU_PRINCIPLES = ["Одержимость клиентом", "Ответственность", "Докапываться до сути", "Стремление к действию",
                 "Заслуживать доверие", "Добиваться результата", "Высокие стандарты"]

RU_TITLES = [
    lambda w: f"{w.cap(w.c('nom'))}: основы",
    lambda w: f"{w.cap(w.c('nom'))} на практике",
    lambda w: f"Типичные ошибки при работе с {w.c('ins')}",
    lambda w: f"Как объяснить {w.c('acc')} на собеседовании",
    lambda w: f"Компромиссы вокруг {w.c('gen')}",
    lambda w: f"Разбор задачи про {w.c('acc')}",
    lambda w: f"Вопросы {w.o('prep')}: что хочет услышать интервьюер",
    lambda w: f"{w.cap(w.c('nom'))} и граничные случаи",
    lambda w: f"История про {w.c('acc')} в формате STAR",
    lambda w: f"Глубокое погружение в {w.c('acc')}",
]

RU_DESCRIPTIONS = [
    lambda w: f"Как рассказывать {w.o('prep')} уверенно и конкретно, с цифрами и примерами.",
    lambda w: f"Разбираем {w.c('acc')} и связь с {w.n('ins')} на примере реального проекта.",
    lambda w: f"Что спрашивают про {w.c('acc')} и как построить ответ за две минуты.",
]

RU_ANY = [
    lambda w: f"Сильный ответ начинается с {w.c('gen')}: без этого трудно обсуждать {w.n('acc')}.",
    lambda w: f"Интервьюер почти всегда спросит {w.o('prep')}, поэтому заранее {w.v('imp')} {w.n('acc')}.",
    lambda w: f"Не заучивайте готовые ответы: лучше несколько раз потренируйтесь {w.act()}.",
    lambda w: f"Хороший кандидат связывает {w.c('acc')} с {w.a_n('ins')} из собственного опыта.",
    lambda w: f"Если интервьюер сомневается в вашем опыте с {w.c('ins')}, уточните, что его волнует: {w.n('nom')} или {w.n('nom')}.",
    lambda w: f"Лидерство — это не только решения, но и умение объяснить команде, зачем {w.v('inf')} {w.n('acc')}.",
    lambda w: f"Когда дедлайн близко, я вместе с {w.person('ins')} заново расставляю приоритеты и в первую очередь сохраняю {w.pick(RU_KEEP)}.",
    lambda w: f"Между {w.c('ins')} и {w.n('ins')} нет правильного ответа: важно объяснить, почему вы выбрали именно так.",
    lambda w: f"В конфликте сначала выслушайте собеседника, а потом покажите на данных, как {w.c('nom')} влияет на {w.n('acc')}.",
    lambda w: f"Вопрос проверяет глубину понимания {w.c('gen')}, а не умение пересказать определение.",
    lambda w: f"{w.subj()} {w.v('past')} {w.a_n('acc')} и записал выводы в дизайн-документ.".replace(
        "записал", w.past_suffix("записал")),
]
RU_TECH = [
    lambda w: f"{w.subj()} {w.v('3sg')} {w.a_n('acc')} до того, как переходить к {w.n('dat')}.",
    lambda w: f"Когда {w.pick(RU_GROWS)} растёт вдвое, узким местом часто становится {w.pick(RU_BOTTLENECKS)}.",
    lambda w: f"В прошлом проекте мы снизили {w.metric()} на {w.num(10, 70)} процентов благодаря {w.c('dat')}.",
    lambda w: f"Главная ошибка — считать {w.c('acc')} универсальным решением и забывать {w.o_n()}.",
    lambda w: f"Сначала я бы сделал простую версию, а к {w.c('dat')} вернулся бы, когда метрики покажут проблему.",
    lambda w: f"На ретроспективе выяснилось, что дело было не в {w.c('prep')}, а в отсутствии контроля за {w.n('ins')}.",
    lambda w: f"{w.cap(w.person('nom'))} сначала возражал против {w.c('gen')}, но данные за неделю его убедили.",
    lambda w: f"Назовите допущения: около {w.num(2, 90)} тысяч запросов в секунду и соотношение чтения к записи примерно {w.num(3, 20)} к одному.",
    lambda w: f"Лучший способ объяснить {w.c('acc')} — нарисовать схему и отметить каждый слой, через который проходит запрос.",
    lambda w: f"При бюджете задержки в {w.num(20, 300)} миллисекунд каждый шаг, связанный с {w.c('ins')}, нужно посчитать заранее.",
    lambda w: f"Новичкам в команде я сначала поручаю небольшую часть {w.c('gen')}, а потом передаю им {w.n('acc')}.",
    lambda w: f"{w.cap(w.a_n('nom', plural=True))} — частая тема вопросов на собеседованиях уровня senior.",
    lambda w: f"Опытные инженеры {w.v('3pl')} {w.n('acc', plural=True)} заранее и не ждут инцидента.",
]
RU_PEOPLE_SENTENCES = [
    lambda w: f"Рассказывая {w.o('prep')}, говорите «я», а не «мы»: интервьюеру важен ваш личный вклад.",
    lambda w: f"Однажды мы с {w.person('ins')} не сошлись во взглядах на {w.c('acc')} и договорились решить спор небольшим экспериментом.",
    lambda w: f"В истории про {w.c('acc')} опишите причину, своё решение и итог в цифрах.",
    lambda w: f"Хороший руководитель превращает {w.c('acc')} в привычку команды, а не в разовую задачу.",
    lambda w: f"Если срок сдвинуть нельзя, честно обсудите с {w.person('ins')}, что можно убрать из объёма работ.",
    lambda w: f"Ошибки, связанные с {w.c('ins')}, не нужно скрывать: важно рассказать, что вы изменили после них.",
    lambda w: f"Еженедельные встречи один на один помогают заранее заметить проблемы с {w.c('ins')}.",
    lambda w: f"В работе с другими командами {w.c('nom')} часто сложнее самой технической части, потому что у каждой команды свои приоритеты.",
    lambda w: f"После той истории число {w.pick(RU_TEAM_METRICS)} сократилось на {w.num(10, 50)} процентов.",
]
RU_SENTENCES = {"tech": RU_ANY + RU_TECH, "people": RU_ANY + RU_PEOPLE_SENTENCES}
RU_GROWS = ["нагрузка", "задержка", "число пользователей", "объём данных", "поток записей"]
RU_BOTTLENECKS = ["база данных", "кэш", "сеть", "очередь сообщений", "диск", "балансировщик нагрузки", "пул соединений"]
RU_KEEP = ["основную функциональность", "план релиза", "согласованность данных", "удобство для пользователей",
           "доступность сервиса"]
RU_TEAM_METRICS = ["переделок", "срывов сроков", "лишних совещаний", "эскалаций", "ночных инцидентов"]

RU_BULLETS = [
    lambda w: f"**{w.cap(w.c('nom'))}** — по умолчанию держите решение простым, но следите за {w.n('ins')}.",
    lambda w: f"Лучше {w.act()}, чем гадать.",
    lambda w: f"Оценивайте {w.n('acc')} в цифрах: расплывчатые утверждения настораживают.",
    lambda w: f"Скажите, какие компромиссы вы приняли ради {w.n('gen')}.",
    lambda w: f"Свяжите результат с принципом «{w.pick(RU_PRINCIPLES)}».",
    lambda w: f"Подготовьте историю о неудаче с {w.c('ins')} и о том, чему она вас научила.",
    lambda w: f"Сначала {w.v('imp')} {w.n('acc')}, потом обсуждайте {w.n('acc', plural=True)}.",
]

RU_QUESTIONS = [
    lambda w: f"Расскажите о конфликте с {w.person('ins')}. Чем он закончился?",
    lambda w: f"Как бы вы объяснили {w.c('acc')} человеку без технического образования?",
    lambda w: f"Что вы будете делать с {w.c('ins')}, если {w.pick(RU_GROWS)} вырастет вдвое за ночь?"
    if w.kind == "tech" else f"Что изменится в вашем подходе к {w.c('dat')}, если команда вырастет вдвое?",
    lambda w: f"Как выбрать между {w.c('ins')} и {w.n('ins')}?",
    lambda w: f"Расскажите о случае, когда {w.c('nom')} {dict(m='стал', f='стала', n='стало')[w.topic.gender]} для вас уроком. Что вы изменили?" if w.kind == "people" else
    f"Спроектируйте систему, которой нужен {w.c('nom')}. Где узкие места?" if w.topic.gender == "m" else
    f"Спроектируйте систему, в которой важна {w.c('nom')}. Где узкие места?" if w.topic.gender == "f" else
    f"Спроектируйте систему, в которой важно {w.c('nom')}. Где узкие места?",
    lambda w: f"Расскажите, как вам пришлось {w.v('inf')} {w.n('acc')} накануне дедлайна.",
    lambda w: f"Как понять, что {w.c('nom')} — неверный выбор?",
    lambda w: f"Какое самое трудное решение вы принимали, связанное с {w.c('ins')}?",
]

RU_ANSWERS = [
    lambda w: f"Сначала скажите, какую проблему решает {w.c('nom')}, затем объясните, как это отражается на {w.n('prep')}, и закончите цифрой: например, мы снизили {w.metric()} на {w.num(10, 60)} процентов.",
    lambda w: f"Я бы начал с {w.n('gen')}: сначала {w.act()}, потом {w.act()}, а если останется время — обсудить масштабирование {w.c('gen')}.",
]

RU_HEADINGS = {
    "concepts": ["Основные идеи", "С чего начать", "Почему это важно"],
    "mistakes": ["Типичные ошибки", "Подводные камни", "Что слушает интервьюер"],
    "example": ["Пример из практики", "Реальная история", "Разбор случая"],
    "tradeoffs": ["Компромиссы", "Как отвечать", "Для продвинутых"],
    "sub": ["Ситуация", "Задача", "Действия", "Результат"],
    "questions": "Вопросы на собеседовании",
    "question": "Вопрос",
    "answer": "Ответ",
    "see_also": "См. также:",
}

# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------

EN_SECTIONS = [
    ("caching", "Caching", ["caching", "cache invalidation", "eviction policies", "hot keys"]),
    ("load-balancing", "Load Balancing", ["load balancing", "health checks", "sticky sessions", "weighted round robin"]),
    ("databases", "Databases", ["transactions", "isolation levels", "replication", "connection pools"]),
    ("indexing", "Indexes and Queries", ["composite indexes", "covering indexes", "query plans", "slow queries"]),
    ("sharding", "Sharding and Scaling", ["sharding", "consistent hashing", "horizontal scaling", "capacity planning"]),
    ("messaging", "Message Queues", ["message queues", "consumer groups", "dead-letter queues", "backpressure"]),
    ("reliability", "Reliability", ["rate limiting", "circuit breakers", "graceful degradation", "retries with backoff"]),
    ("observability", "Observability", ["monitoring", "alerting", "distributed tracing", "service-level objectives"]),
    ("api-design", "API Design", ["API versioning", "idempotent requests", "pagination", "error contracts"]),
    ("distributed", "Distributed Systems", ["leader election", "eventual consistency", "distributed locks", "service discovery"]),
    ("algorithms", "Algorithm Interviews", ["hash tables", "binary search", "dynamic programming", "sliding windows"]),
    ("complexity", "Complexity Analysis", ["time complexity", "space complexity", "edge cases", "test cases"]),
    ("leadership", "Leadership", ["leadership", "team building", "technical decisions", "delegation"]),
    ("conflict", "Handling Conflict", ["conflict resolution", "disagreements", "cross-team work", "hard conversations"]),
    ("deadlines", "Deadlines and Delivery", ["deadlines", "schedule risk", "changing requirements", "scope negotiation"]),
    ("ownership", "Ownership", ["ownership", "incidents", "postmortems", "technical debt"]),
    ("mentoring", "Mentoring and Growth", ["mentoring", "onboarding", "code review", "performance feedback"]),
    ("behavioral", "Behavioral Interviews", ["behavioral answers", "the STAR method", "failure stories", "influence"]),
    ("system-design", "System Design Interviews", ["system design", "read-heavy workloads", "high availability", "data consistency"]),
    ("negotiation", "Negotiation and Offers", ["salary negotiation", "offers", "levelling", "equity"]),
]

EN_NOUNS = ["latency", "throughput", "availability", "the bottleneck", "cost", "risk", "the data model",
            "the rollout plan", "the design document", "the failure modes", "the constraints",
            "the priorities", "the stakeholders", "the cache hit rate", "the database load",
            "the error budget", "team morale", "trust", "the delivery schedule", "the on-call load"]
EN_VERBS = ["measure", "explain", "split", "simplify", "validate", "quantify", "document", "revisit", "weigh"]
EN_ACTIONS = ["restating the problem", "listing the constraints", "estimating the data size",
              "sketching the architecture", "walking through a small example", "naming the complexity",
              "checking the boundary conditions", "discussing failure scenarios", "summarising the trade-offs"]
EN_PEOPLE = ["the product manager", "another team's lead", "my manager", "a senior colleague", "the customer"]
EN_METRICS = ["average latency", "the error rate", "server cost", "alert volume", "build time", "database load"]
EN_PRINCIPLES = ["Customer Obsession", "Ownership", "Dive Deep", "Bias for Action", "Earn Trust", "Deliver Results"]

EN_TITLES = [
    lambda w: f"{w.cap(w.c)} in Practice", lambda w: f"Explaining {w.c} in an Interview",
    lambda w: f"Common Mistakes with {w.c}", lambda w: f"The Trade-offs of {w.c}",
    lambda w: f"A STAR Story about {w.c}", lambda w: f"{w.cap(w.c)} and Edge Cases",
    lambda w: f"A Deep Dive into {w.c}", lambda w: f"Why {w.c} Matters",
]
EN_DESCRIPTIONS = [
    lambda w: f"How to talk about {w.c} with numbers and a clear structure.",
    lambda w: f"{w.cap(w.c)} and {w.n()} through a project story.",
]
EN_SENTENCES = [
    lambda w: f"When you discuss {w.c}, make {w.n()} explicit before you {w.v()} the design.",
    lambda w: f"Many candidates jump into {w.c} and forget {w.n()}, which costs them the round.",
    lambda w: f"Interviewers often probe what lies behind {w.c}, so keep the answer specific.",
    lambda w: f"A good habit is {w.act()} first and {w.act()} second.",
    lambda w: f"If {w.n()} doubles overnight, {w.n()} is likely to become the new constraint.",
    lambda w: f"On my last project we used {w.c} to cut {w.pick(EN_METRICS)} by {w.num(10, 70)} percent.",
    lambda w: f"Remember that {w.c} is a means; improving {w.n()} is the goal.",
    lambda w: f"In a STAR story, keep the situation to two sentences and spend the time on how you chose to {w.v()} {w.n()}.",
    lambda w: f"In a disagreement, listen first, then show with data how {w.c} affects {w.n()}.",
    lambda w: f"There is no single right answer between {w.c} and {w.n()}; explain why you chose.",
    lambda w: f"Do not memorise answers: practise {w.act()} until it feels natural.",
    lambda w: f"A common trap is treating {w.c} as a cure-all, which makes {w.n()} harder.",
    lambda w: f"When a deadline is close I sit down with {w.pick(EN_PEOPLE)} and protect {w.n()} first.",
    lambda w: f"{w.cap(w.pick(EN_PEOPLE))} pushed back on {w.c} until a week of data changed their mind.",
    lambda w: f"State your assumptions: about {w.num(2, 90)} thousand requests a second, read-heavy by {w.num(3, 20)} to one.",
    lambda w: f"The question tests how deeply you understand {w.c}, not whether you can recite a definition.",
]
EN_BULLETS = [
    lambda w: f"**{w.cap(w.c)}**: keep it simple by default, but watch {w.n()}.",
    lambda w: f"Prefer {w.act()} to guessing.",
    lambda w: f"Quantify {w.n()}; vague claims are a red flag.",
    lambda w: f"Tie the result to a principle such as *{w.pick(EN_PRINCIPLES)}*.",
    lambda w: f"Prepare a failure story about {w.c} and what it taught you.",
]
EN_QUESTIONS = [
    lambda w: f"Tell me about a conflict with {w.pick(EN_PEOPLE)}. How did it end?",
    lambda w: f"How would you explain {w.c} to a non-technical colleague?",
    lambda w: f"What would you change about {w.c} if {w.n()} doubled overnight?",
    lambda w: f"How do you choose between {w.c} and {w.n()}?",
    lambda w: f"Describe a time you had to {w.v()} {w.n()} right before a deadline.",
    lambda w: f"How do you know {w.c} was the wrong choice?",
]
EN_ANSWERS = [
    lambda w: f"Say what problem {w.c} solves, name its cost in {w.n()}, and end on a number: we cut {w.pick(EN_METRICS)} by {w.num(10, 60)} percent.",
    lambda w: f"I would start from {w.n()}: {w.act()}, then {w.act()}, and, time permitting, how {w.c} scales.",
]
EN_HEADINGS = {
    "concepts": ["Core Ideas", "Where to Start", "Why It Matters"],
    "mistakes": ["Common Mistakes", "Pitfalls", "What the Interviewer Listens For"],
    "example": ["A Worked Example", "A Real Story", "Case Study"],
    "tradeoffs": ["Trade-offs", "How to Answer", "Going Further"],
    "sub": ["Situation", "Task", "Action", "Result"],
    "questions": "Interview questions",
    "question": "Question",
    "answer": "Answer",
    "see_also": "See also:",
}

# --------------------------------------------------------------------------
# Word pickers handed to the templates
# --------------------------------------------------------------------------


class Words:
    def __init__(self, rng, topic):
        self.rng = rng
        self.topic = topic

    def pick(self, items):
        return self.rng.choice(items)

    def deal(self, items):
        """The next of `items` from a shuffled deck, so a lecture repeats no template
        until it has used them all."""
        decks = self.__dict__.setdefault("decks", {})
        deck, last = decks.get(id(items), ([], None))
        if not deck:
            deck = list(items)
            self.rng.shuffle(deck)
            if len(deck) > 1 and deck[-1] is last:
                deck[0], deck[-1] = deck[-1], deck[0]
        item = deck.pop()
        decks[id(items)] = (deck, item)
        return item

    def num(self, low, high):
        return self.rng.randint(low, high)

    @staticmethod
    def cap(text):
        return text[:1].upper() + text[1:]


class ZhWords(Words):
    c = property(lambda self: self.topic)

    def n(self):
        """A noun of the lecture's kind; the topic itself now and then, so documents are
        about something."""
        return self.topic if self.rng.random() < 0.15 else self.other()

    def other(self):
        """A noun of the lecture's kind other than its topic."""
        if "pool" not in self.__dict__:
            self.pool = [x for x in ZH_NOUNS[self.kind] + ZH_SECTIONS[self.section][2] if x != self.topic]
        return self.deal(self.pool)

    def v(self):
        return self.pick(ZH_VERBS)

    def act(self):
        return self.deal(ZH_ACTIONS[self.kind])


class RuWords(Words):
    def __init__(self, rng, topic):
        super().__init__(rng, RU[topic])
        self.subject = None

    def c(self, case, plural=False):
        return self.topic.form(case, plural)

    def _noun(self, plural=False):
        while True:
            noun = RU[self.pick(RU_NOUNS[self.kind])]
            if noun is self.topic and self.rng.random() < 0.8:
                continue
            if not plural or noun.pl:
                return noun

    def n(self, case, plural=False):
        return self._noun(plural).form(case, plural)

    def a_n(self, case, plural=False):
        """An adjective and a noun agreeing in gender, number and case."""
        noun = self._noun(plural)
        return f"{ru_adj(self.pick(RU_ADJS), noun, case, plural)} {noun.form(case, plural)}"

    def o(self, case):
        """`о`/`об`/`обо` and the topic in the prepositional."""
        word = self.c(case)
        return ("об " if word[0] in "аеиоуэ" else "о ") + word

    def o_n(self):
        """`о`/`об` and some noun in the prepositional."""
        word = self.n("prep")
        return ("об " if word[0] in "аеиоуэ" else "о ") + word

    def person(self, case):
        return RU[self.pick(RU_PEOPLE)].form(case)

    def subj(self):
        self.subject = self.pick(RU_SUBJECTS)
        return self.cap(self.subject[0])

    def past_suffix(self, masculine):
        return masculine + "а" if self.subject and self.subject[1] == "f" else masculine

    def v(self, form):
        verb = self.pick(RU_VERBS)
        if verb.case != "acc":
            # The templates put an accusative after the verb; take one that governs it.
            verb = self.pick([v for v in RU_VERBS if v.case == "acc"])
        if form == "past":
            form = "past_f" if self.subject and self.subject[1] == "f" else "past_m"
        return verb.forms[form]

    def act(self):
        return self.deal(RU_PEOPLE_ACTIONS if self.kind == "people" else RU_ACTIONS)

    def metric(self):
        return self.pick(RU_METRICS)[0]


class EnWords(Words):
    c = property(lambda self: self.topic)

    def n(self):
        return self.topic if self.rng.random() < 0.15 else self.pick(EN_NOUNS)

    def v(self):
        return self.pick(EN_VERBS)

    def act(self):
        return self.pick(EN_ACTIONS)


LANGUAGES = {
    "zh": dict(sections=ZH_SECTIONS, words=ZhWords, titles=[lambda w, t=t: t.format(c=w.c) for t in ZH_TITLES],
               descriptions=[lambda w, t=t: t.format(c=w.c, n=w.other(), adj=w.pick(ZH_ADJS)) for t in ZH_DESCRIPTIONS],
               sentences=ZH_SENTENCES, bullets=ZH_BULLETS, questions=ZH_QUESTIONS, answers=ZH_ANSWERS,
               headings=ZH_HEADINGS, joiner="", course_title="面试准备课程",
               course_description="系统设计、算法与行为面试的中文练习课程。",
               home="本课程涵盖缓存、负载均衡、数据库、领导力、冲突处理和截止日期管理等面试主题。"),
    "ru": dict(sections=RU_SECTIONS, words=RuWords, titles=RU_TITLES, descriptions=RU_DESCRIPTIONS,
               sentences=RU_SENTENCES, bullets=RU_BULLETS, questions=RU_QUESTIONS, answers=RU_ANSWERS,
               headings=RU_HEADINGS, joiner=" ", course_title="Подготовка к собеседованию",
               course_description="Системный дизайн, алгоритмы и поведенческие вопросы.",
               home="Курс охватывает кэширование, балансировку нагрузки, базы данных, лидерство, конфликты и сроки."),
    "en": dict(sections=EN_SECTIONS, words=EnWords, titles=EN_TITLES, descriptions=EN_DESCRIPTIONS,
               sentences=EN_SENTENCES, bullets=EN_BULLETS, questions=EN_QUESTIONS, answers=EN_ANSWERS,
               headings=EN_HEADINGS, joiner=" ", course_title="Interview Preparation",
               course_description="System design, algorithms and behavioral interviews.",
               home="This course covers caching, load balancing, databases, leadership, conflicts and deadlines."),
}

# --------------------------------------------------------------------------
# Lectures
# --------------------------------------------------------------------------


def yaml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lecture_words(lang, seed, i):
    """The RNG and word picker of lecture i (its section is i mod the section count)."""
    spec = LANGUAGES[lang]
    rng = random.Random(f"{seed}:{lang}:{i}")
    section = i % SECTION_COUNT
    topic = rng.choice(spec["sections"][section][2])
    words = spec["words"](rng, topic)
    words.section = section
    words.kind = "people" if section in PEOPLE_SECTIONS else "tech"
    return rng, words


def title_of(lang, seed, i):
    rng, words = lecture_words(lang, seed, i)
    return rng.choice(LANGUAGES[lang]["titles"])(words)


def paragraph(spec, words, count):
    sentences = spec["sentences"]
    if isinstance(sentences, dict):
        sentences = sentences[words.kind]
    return spec["joiner"].join(words.deal(sentences)(words) for _ in range(count))


def lecture(lang, seed, i, previous):
    """The Markdown of lecture i; `previous` is (title, file name) of the one before it."""
    spec = LANGUAGES[lang]
    h = spec["headings"]
    rng, w = lecture_words(lang, seed, i)
    title = rng.choice(spec["titles"])(w)
    description = rng.choice(spec["descriptions"])(w)
    out = ["---", f"title: {yaml_string(title)}", f"description: {yaml_string(description)}",
           f"weight: {i // SECTION_COUNT + 1}", "---", ""]
    out += [paragraph(spec, w, rng.randint(3, 4)), ""]
    out += [f"## {rng.choice(h['concepts'])}", "", paragraph(spec, w, rng.randint(3, 4)), ""]
    out += ["- " + w.deal(spec["bullets"])(w) for _ in range(rng.randint(3, 5))] + [""]
    out += [f"## {rng.choice(h['mistakes'])}", "", paragraph(spec, w, rng.randint(2, 3)), ""]
    out += [f"{k + 1}. " + w.deal(spec["bullets"])(w) for k in range(rng.randint(3, 4))] + [""]
    out += [f"## {rng.choice(h['example'])}", ""]
    for sub in h["sub"]:
        out += [f"### {sub}", "", paragraph(spec, w, rng.randint(1, 2)), ""]
    out += [f"## {rng.choice(h['tradeoffs'])}", "", paragraph(spec, w, rng.randint(2, 4)), ""]
    if previous and rng.random() < 0.5:
        out += [f"{h['see_also']} [{previous[0]}]({previous[1]})", ""]
    out += [f"## {h['questions']}", ""]
    out += ["- " + w.deal(spec["questions"])(w) for _ in range(rng.randint(3, 5))] + [""]
    if rng.random() < 0.33:
        out += [f"## {h['question']}", "", w.deal(spec["questions"])(w), "",
                f"## {h['answer']}", "", rng.choice(spec["answers"])(w), ""]
    return "\n".join(out)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", required=True, choices=sorted(LANGUAGES))
    parser.add_argument("-n", type=int, default=10000, help="number of lectures (default 10000)")
    parser.add_argument("--seed", default="42", help="RNG seed (default 42)")
    parser.add_argument("--force", action="store_true", help="delete OUT first if it exists")
    parser.add_argument("out", help="the course folder to write")
    args = parser.parse_args()
    spec = LANGUAGES[args.language]
    if os.path.exists(args.out):
        if not args.force:
            sys.exit(f"{args.out} exists (use --force to replace it)")
        shutil.rmtree(args.out)
    content = os.path.join(args.out, "content")
    os.makedirs(content)
    write(os.path.join(args.out, "course.toml"),
          f"title = {yaml_string(spec['course_title'])}\n"
          f"description = {yaml_string(spec['course_description'])}\n"
          f'language = "{args.language}"\n')
    write(os.path.join(content, "_index.md"),
          f"---\ntitle: {yaml_string(spec['course_title'])}\n---\n\n{spec['home']}\n")
    per_section = -(-args.n // SECTION_COUNT)
    width = max(2, len(str(per_section)))
    names = {}
    for number, (slug, title, concepts) in enumerate(spec["sections"]):
        os.makedirs(os.path.join(content, slug))
        listed = ("、" if args.language == "zh" else ", ").join(concepts[:3])
        write(os.path.join(content, slug, "_index.md"),
              f"---\ntitle: {yaml_string(title)}\nweight: {number + 1}\n---\n\n{listed}\n")
    total_bytes = 0
    for i in range(args.n):
        section = i % SECTION_COUNT
        slug = spec["sections"][section][0]
        name = f"{i // SECTION_COUNT + 1:0{width}d}-{slug}-{i}.md"
        previous = names.get(section)
        text = lecture(args.language, args.seed, i, previous)
        write(os.path.join(content, slug, name), text)
        total_bytes += len(text.encode())
        names[section] = (title_of(args.language, args.seed, i), name)
    print(f"{args.n} lectures in {SECTION_COUNT} sections, {total_bytes / 1e6:.1f} MB of Markdown, in {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

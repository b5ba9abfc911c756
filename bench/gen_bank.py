#!/usr/bin/env python3
"""Deterministic synthetic Obsidian-style vault of bilingual interview Q&A notes.

Writes a course shaped like a real note-app vault of interview questions:

  OUT/course.toml                                 title
  OUT/content/10-android/moc-android.md           maps of content (~5% of the notes)
  OUT/content/10-android/11-ui/q-compose-recomposition-pitfalls--android--medium.md
  OUT/content/30-system-design/31-components/q-...--system-design--hard.md
  ...

in 12 numbered area folders (some with numbered subfolders). A Q&A note has YAML
front matter (title, aliases (1-2), nested tags such as `android/gradle` and
`difficulty/medium`, `topic`, `difficulty`, `created` and/or `date`, and keys prepress
keeps as `page.extra`: `subtopics`, `moc`, `related`, `status`, `updated`), then

  # Question (EN)        > the question (a quote or a paragraph)
  ## Answer (EN)         2-10 KB: paragraphs, bullet lists, `###` parts, often a fenced
                         kotlin/java/python/sql block, sometimes a table or a callout,
                         one to three inline wiki links
  # Question (RU)        > the question in Russian-looking synthetic Cyrillic
  ## Answer (RU)         a Cyrillic answer of 60-100% of the English one's bytes
  ## Follow-ups          2-4 questions (in about three notes of four)
  ## Related Questions   the rest of the note's 5-10 wiki links, `[[stem]]` or
                         `[[stem|text]]`, to notes that exist
  ## References          sometimes, one or two external links

A map of content (`moc-<area>.md`, `moc-<area>-<subtopic>.md`) lists its notes under
Easy / Medium / Hard headings, and links to the area's other maps.

How prepress reads a note (its Q&A rule, README "The question bank"): `Question (EN)`
over the question and `Answer (EN)` give one question with its answer; `Question (RU)` /
`Answer (RU)` a second one (language "ru"); the follow-up items end in `?` and sit under
the `# Question (RU)` heading, so they are bank questions too. That is about 4 bank
questions per note, two of them with answers.

  --headings native   writes the Russian half as such vaults actually do,
                      `# Вопрос (RU)` / `## Ответ (RU)`. prepress (as of this script)
                      only knows the English words, so the Russian question and,
                      with no "question" heading above them, the follow-ups are not
                      bank questions: about 1 per note.

Everything is synthetic: word lists in this file combined by a seeded RNG. Note i's
text and link targets come from its own RNG seeded with "<seed>:<i>", the note names
and areas from one seeded with "<seed>:names", so the first k Q&A notes' names do not
depend on -n (their links and maps of content do).

Usage:
  gen_bank.py -n N [--seed SEED] [--broken-links K] [--headings {tagged,native}]
              [--force] OUT

  -n N              number of notes, maps of content included (default 2000)
  --seed SEED       RNG seed (default 42)
  --broken-links K  add K wiki links to notes that do not exist (default 0), each in a
                    different note's Related Questions list
  --headings        tagged (default) or native, see above
  --when-bullets P  share of the English answers' bullets that open with "When ..."
                    (default 0.01); prepress takes them for bank questions (they sit
                    under `# Question (EN)`), about 0.16 a note at 0.01; 0 for none
  --force           delete OUT first if it exists

Prints one summary line; also writes OUT/.bank.json (parameters and counts; hidden,
so prepress skips it). Standard library only; Python >= 3.8.
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import sys
import time

# --------------------------------------------------------------------------
# Areas: (key, folder, English name, Russian-looking name, code languages,
#         {subtopic: subfolder or ""}, area terms used in sentences)
# --------------------------------------------------------------------------
AREAS = [
    ("android", "10-android", "Android", "Андроид", ["kotlin", "kotlin", "java"],
     {"gradle": "13-build", "compose": "11-ui", "lifecycle": "12-platform",
      "fragments": "11-ui", "services": "12-platform", "permissions": "12-platform",
      "room": "13-build", "workmanager": "12-platform", "navigation": "11-ui",
      "recyclerview": "11-ui", "intents": "12-platform", "resources": "13-build"},
     ["activity", "view model", "main thread", "bundle", "configuration change",
      "process death", "build variant", "manifest", "content provider", "binder call",
      "layout pass", "saved state"]),
    ("kotlin", "20-kotlin", "Kotlin", "Котлин", ["kotlin"],
     {"coroutines": "21-coroutines", "flow": "21-coroutines", "channels": "21-coroutines",
      "generics": "", "sealed-classes": "", "delegation": "", "inline-functions": "",
      "collections": "", "null-safety": "", "extensions": "", "dsl": "",
      "multiplatform": ""},
     ["coroutine scope", "dispatcher", "suspend function", "type parameter",
      "lambda", "receiver", "companion object", "data class", "smart cast",
      "structured concurrency", "cold stream", "job"]),
    ("system-design", "30-system-design", "System Design", "Системный дизайн",
     ["python", "java", "sql"],
     {"caching": "31-components", "sharding": "31-components",
      "replication": "31-components", "rate-limiting": "31-components",
      "load-balancing": "31-components", "message-queues": "31-components",
      "consistency": "31-components", "cdn": "31-components",
      "news-feed": "32-case-studies", "notifications": "32-case-studies",
      "url-shortener": "32-case-studies", "chat-service": "32-case-studies"},
     ["write path", "read replica", "partition key", "hot shard", "queue consumer",
      "cache hit ratio", "p99 latency", "quorum", "fan-out", "idempotency key",
      "leader", "back-of-envelope estimate"]),
    ("algorithms", "40-algorithms", "Algorithms", "Алгоритмы", ["python", "java", "kotlin"],
     {"arrays": "", "hashing": "", "two-pointers": "", "sliding-window": "",
      "binary-search": "", "trees": "", "graphs": "", "heaps": "",
      "dynamic-programming": "", "backtracking": "", "greedy": "", "tries": ""},
     ["invariant", "loop bound", "hash map", "recursion depth", "adjacency list",
      "memo table", "priority queue", "sorted prefix", "sentinel", "visited set",
      "base case", "time complexity"]),
    ("databases", "50-databases", "Databases", "Базы данных", ["sql", "sql", "python"],
     {"indexes": "", "transactions": "", "isolation-levels": "", "joins": "",
      "query-plans": "", "normalization": "", "partitioning": "", "mvcc": "",
      "locks": "", "replication-lag": "", "migrations": "", "window-functions": ""},
     ["b-tree page", "row lock", "snapshot", "query planner", "foreign key",
      "covering index", "write-ahead log", "vacuum", "deadlock", "table scan",
      "cardinality estimate", "commit"]),
    ("java", "60-java", "Java", "Джава", ["java"],
     {"jvm-memory": "", "garbage-collection": "", "collections": "", "streams": "",
      "generics": "", "classloading": "", "reflection": "", "exceptions": "",
      "string-pool": "", "records": "", "modules": "", "annotations": ""},
     ["heap", "young generation", "class loader", "bytecode", "interface",
      "checked exception", "hash code", "iterator", "stack frame", "JIT compiler",
      "safepoint", "object header"]),
    ("networking", "70-networking", "Networking", "Сети", ["kotlin", "python"],
     {"tcp": "", "http2": "", "tls": "", "dns": "", "websockets": "", "rest": "",
      "grpc": "", "caching-headers": "", "cors": "", "quic": "", "retries": "",
      "timeouts": ""},
     ["handshake", "round trip", "connection pool", "status code", "header",
      "certificate", "stream", "congestion window", "resolver", "keep-alive",
      "payload", "proxy"]),
    ("concurrency", "80-concurrency", "Concurrency", "Многопоточность", ["java", "kotlin"],
     {"threads": "", "locks": "", "atomics": "", "memory-model": "", "executors": "",
      "deadlocks": "", "volatile": "", "semaphores": "", "actors": "", "futures": "",
      "thread-pools": "", "race-conditions": ""},
     ["critical section", "happens-before edge", "monitor", "work queue",
      "compare-and-swap", "thread pool", "shared counter", "mutex", "wait set",
      "visibility", "contention", "interrupt"]),
    ("testing", "90-testing", "Testing", "Тестирование", ["kotlin", "java", "python"],
     {"unit-tests": "", "mocking": "", "espresso": "", "integration-tests": "",
      "test-doubles": "", "flaky-tests": "", "snapshot-tests": "", "property-tests": "",
      "coverage": "", "tdd": "", "ui-tests": "", "contract-tests": ""},
     ["fixture", "assertion", "fake", "test runner", "idling resource", "test pyramid",
      "seed", "golden file", "stub", "test double", "CI job", "shrinking"]),
    ("security", "100-security", "Security", "Безопасность", ["kotlin", "python", "sql"],
     {"authentication": "", "oauth": "", "jwt": "", "encryption": "", "keystore": "",
      "certificate-pinning": "", "obfuscation": "", "injection": "", "csrf": "",
      "secrets": "", "sandboxing": "", "password-hashing": ""},
     ["access token", "refresh token", "signing key", "salt", "cipher", "nonce",
      "trust store", "threat model", "session", "scope", "attack surface", "audit log"]),
    ("architecture", "110-architecture", "Architecture", "Архитектура", ["kotlin"],
     {"mvvm": "", "mvi": "", "clean-architecture": "", "dependency-injection": "",
      "modularization": "", "repository-pattern": "", "state-management": "",
      "offline-first": "", "feature-flags": "", "solid": "", "event-bus": "",
      "use-cases": ""},
     ["module boundary", "domain layer", "repository", "ui state", "side effect",
      "reducer", "dependency graph", "interface", "use case", "data source",
      "single source of truth", "feature module"]),
    ("tools", "120-tools", "Tools", "Инструменты", ["python", "kotlin"],
     {"git": "", "ci-pipelines": "", "profiling": "", "debugging": "", "lint": "",
      "r8": "", "adb": "", "docker": "", "shell": "", "code-review": "",
      "monitoring": "", "logging": ""},
     ["commit", "pipeline stage", "flame graph", "breakpoint", "lint rule",
      "shrinker", "container image", "shell script", "review comment", "dashboard",
      "log level", "trace"]),
]
AREA_WEIGHTS = [22, 16, 12, 12, 8, 8, 5, 5, 4, 3, 3, 2]

ASPECTS = [
    "basics", "internals", "pitfalls", "performance", "memory", "testing",
    "configuration", "migration", "error-handling", "threading", "caching", "state",
    "api-design", "best-practices", "debugging", "scaling", "security", "limits",
    "tradeoffs", "patterns", "anti-patterns", "ordering", "cancellation",
    "invalidation", "serialization", "versioning", "monitoring", "cleanup", "retries",
    "backpressure", "consistency", "timeouts", "recovery", "batching", "profiling",
    "compatibility", "defaults", "edge-cases", "lifecycle", "ownership", "isolation",
    "visibility", "tooling", "observability", "startup", "shutdown", "fallbacks",
    "benchmarks", "semantics", "guarantees", "costs", "failure-modes", "refactoring",
    "code-review", "naming", "structure", "composition", "boundaries", "contracts",
    "workflow",
]
QUALIFIERS = [
    "in-production", "at-scale", "on-low-end-devices", "under-load", "for-beginners",
    "in-legacy-code", "across-modules", "with-tests", "without-locks", "in-ci",
    "after-upgrade", "offline", "on-cold-start", "across-restarts", "in-libraries",
    "for-large-teams", "with-metrics", "under-memory-pressure", "in-interviews",
    "step-by-step", "vs-alternatives", "in-depth", "quick-check", "deep-dive",
    "on-the-hot-path", "in-multi-tenant-setups", "with-feature-flags",
    "during-rollout", "by-example", "from-scratch",
]
DIFFICULTIES = ["easy", "medium", "hard"]
DIFF_WEIGHTS = [30, 50, 20]

# --------------------------------------------------------------------------
# English sentence material
# --------------------------------------------------------------------------
ADJS = [
    "predictable", "cheap", "expensive", "subtle", "explicit", "lazy", "eager",
    "bounded", "unbounded", "stable", "fragile", "idempotent", "deterministic",
    "thread-safe", "observable", "incremental", "coarse", "fine-grained", "stale",
    "consistent", "reusable", "leaky",
]
VERBS = [
    "reduces", "hides", "exposes", "delays", "batches", "invalidates", "retries",
    "serializes", "isolates", "duplicates", "caches", "validates", "schedules",
    "blocks", "releases", "copies", "guards", "measures",
]
OUTCOMES = [
    "the first frame", "the memory footprint", "tail latency", "the number of round trips",
    "build times", "the blast radius of a bug", "the amount of shared state",
    "review effort", "cold-start time", "the error budget", "throughput",
    "the size of the diff",
]
SENTENCES = [
    "In short, {t} {verb} work so that the {x} stays {adj}.",
    "The key idea behind {t} is that the {x} should never depend on the {y}.",
    "A common mistake is to treat the {x} as {adj}, which breaks as soon as the {y} changes.",
    "Interviewers usually want to hear how {t} affects {outcome}, not just the definition.",
    "When the {x} is {adj}, {t} {verb} the {y} and the rest of the system stays simple.",
    "Measure first: a profile of the {x} usually shows that {outcome} is dominated by the {y}.",
    "The trade-off is clear: {t} {verb} the {x}, but it makes the {y} harder to reason about.",
    "In practice, teams combine {t} with a {adj} {y} and document the contract in one place.",
    "Keep the {x} {adj}; otherwise {t} quietly {verb} the {y} and {outcome} gets worse.",
    "Under the hood, the runtime {verb} the {x} before the {y} sees it.",
    "A good answer names the {x}, the {y}, and the moment when {t} kicks in.",
    "For a senior role, explain how {t} behaves when the load grows by an order of magnitude.",
    "This is why `{code}` is usually called once, close to the {x}.",
    "The default is {adj}, and most of the time that is the right choice for the {x}.",
    "If you need stronger guarantees, make the {y} {adj} and accept the extra cost in {outcome}.",
    "Do not mix the {x} and the {y} in one layer; {t} works best when each has one owner.",
    "Real projects hit this when the {x} is shared between screens, services or threads.",
    "A quick sanity check is to ask what happens to the {x} if the {y} fails halfway.",
    "The documentation describes {t} as {adj}, but the details depend on the {x}.",
    "Logging the {x} with its {y} makes problems with {t} much easier to diagnose.",
]
BULLETS = [
    "**{X}** -- {adj} by default; watch how it interacts with the {y}.",
    "Keep the {x} small and {adj}.",
    "Prefer `{code}` over hand-written plumbing around the {y}.",
    "{T} {verb} the {x}, so measure {outcome} before and after.",
    "Avoid sharing the {x} between unrelated {y}s.",
    "Document who owns the {x} and who may change the {y}.",
    "Cover the {adj} path with a test that fails loudly.",
    "Treat the {y} as an implementation detail of the {x}.",
    "Expect the {x} to be {adj} after a restart.",
    "Use a {adj} {y} when the {x} is large.",
    "Fail fast if the {x} is missing instead of guessing.",
    "Log the {y} together with the {x}.",
    "**Cost:** {outcome} grows with the size of the {x}.",
    "**Benefit:** the {y} stays {adj}.",
    "Batch updates to the {x} where possible.",
    "Check the {y} again after every configuration change.",
    "Make retries around the {x} idempotent.",
    "Keep `{code}` out of the hot path.",
    "Name the {x} after what it means, not how it is stored.",
    "Review the {y} whenever the {x} changes shape.",
    "Isolate the {x} behind an interface so tests can swap it.",
    "Know the limits of the {y} before relying on it.",
    "Read the {x} once and pass it down.",
    "Profile on a real device or dataset, not only on a laptop.",
]
# Real notes have bullets like this one (--when-bullets of them, 1% by default); under
# a `# Question` heading prepress takes an item that opens with "When" for a question.
WHEN_BULLET = "When the {x} is {adj}, {t} {verb} the {y}."
H3S = [
    "Key points", "How it works", "Under the hood", "Trade-offs", "Common mistakes",
    "In practice", "Edge cases", "Performance", "Testing it", "Why it matters",
    "Step by step", "Example",
]
CALLOUTS = ["tip", "note", "warning", "info", "example", "important", "summary"]
IDENT_A = ["user", "order", "cache", "session", "token", "event", "item", "page",
           "request", "result", "config", "payload", "record", "message", "task"]
IDENT_B = ["Repository", "Store", "Manager", "Loader", "Service", "Handler", "Mapper",
           "Validator", "Queue", "Client", "Worker", "Registry", "Builder"]

# --------------------------------------------------------------------------
# Russian-looking material: ordinary Cyrillic words written for this file, combined
# at random; the result reads like Russian but need not mean anything.
# --------------------------------------------------------------------------
RU_NOUNS = [
    "поток", "данные", "запрос", "ответ", "кэш", "слой", "модуль", "метод", "класс",
    "объект", "память", "ошибка", "задача", "очередь", "сервер", "клиент", "экран",
    "состояние", "событие", "ключ", "индекс", "таблица", "транзакция", "блокировка",
    "контракт", "интерфейс", "функция", "значение", "ссылка", "сборка", "тест",
    "сеть", "процесс", "ресурс", "граница", "нагрузка", "задержка", "версия",
    "конфигурация", "зависимость", "архитектура", "обработчик", "результат",
]
RU_ADJS = [
    "быстрый", "медленный", "надёжный", "простой", "сложный", "общий", "локальный",
    "внешний", "внутренний", "основной", "новый", "старый", "ленивый", "строгий",
    "безопасный", "дорогой", "дешёвый", "устойчивый", "явный", "скрытый",
]
RU_VERBS = [
    "хранит", "передаёт", "проверяет", "обновляет", "блокирует", "освобождает",
    "кэширует", "сериализует", "изолирует", "создаёт", "удаляет", "читает",
    "записывает", "запускает", "останавливает", "ускоряет", "замедляет", "повторяет",
]
RU_ADVS = [
    "обычно", "всегда", "иногда", "часто", "редко", "сначала", "затем", "поэтому",
    "однако", "например", "также", "именно", "заранее", "постепенно",
]
RU_PREPS = ["в", "на", "для", "при", "после", "перед", "через", "без", "из", "под"]
RU_SENT = [
    "{Adv} {t} {verb} {noun}, и {noun2} остаётся {adj}.",
    "Главная идея в том, что {noun} не должен зависеть от {noun2}.",
    "{Adv} {noun} {verb} {noun2} {prep} {noun3}.",
    "Частая ошибка: считать {noun} {adj}, хотя {noun2} {verb} его {adv}.",
    "На собеседовании важно объяснить, как {t} влияет на {noun} и {noun2}.",
    "{Noun} {verb} {noun2}, {adv} {noun3} {verb2} {adj} {noun4}.",
    "Если {noun} {adj}, то {t} {verb} {noun2} {prep} {noun3}.",
    "{Adv} стоит измерить {noun} до и после изменения.",
    "Для старшей позиции расскажите, что происходит при росте нагрузки.",
    "В реальном проекте {noun} {adv} {verb} {noun2}, поэтому {t} нужен {adj} {noun3}.",
]
RU_BULLETS = [
    "**{Noun}** -- {adj} {noun2} {prep} {noun3}.",
    "{Adv} {verb} {noun} {prep} {noun2}.",
    "Не смешивайте {noun} и {noun2} в одном слое.",
    "Проверьте `{code}` {prep} {noun}.",
    "{Noun} {verb} {noun2}; {t} {adv} {verb2} {noun3}.",
    "Держите {noun} {adj} и явным.",
]
RU_H3 = ["Ключевые моменты", "Как это работает", "Подводные камни", "Компромиссы",
         "На практике", "Итог", "Пример"]

# --------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------
QUESTIONS_EN = [
    "How does {t} work in {A}, and when would you rely on it?",
    "What is {t}, and which problems does it solve?",
    "Explain {t}: what happens under the hood?",
    "What are the common pitfalls of {t}, and how do you avoid them?",
    "Compare {t} with {alt}. When would you pick each?",
    "How would you implement {t} in a production {A} project?",
    "Why does {t} matter for {outcome}?",
    "What would you check first if {t} misbehaves in {A}?",
]
QUESTIONS_RU = [
    "Как работает {t} в области {ARU}, и когда на него стоит полагаться?",
    "Что такое {t} и какие проблемы он решает?",
    "Объясните {t}: что происходит внутри?",
    "Какие типичные ошибки связаны с {t} и как их избежать?",
    "Сравните {t} и {alt}: когда выбирать каждый вариант?",
    "Как бы вы реализовали {t} в рабочем проекте ({ARU})?",
]
FOLLOWUPS = [
    "How does {t} behave when {cond}?",
    "What changes in {t} if {cond}?",
    "How would you test {t} {ctx}?",
    "What are the trade-offs of {t} compared with {alt}?",
    "Which metrics would show that {t} is misconfigured {ctx}?",
    "How would you explain {t} to a junior engineer?",
    "When would you avoid {t} entirely?",
    "What breaks in {t} {ctx}?",
    "How would you migrate an existing codebase to {t}?",
]
CONDS = [
    "the process is killed in the background", "the dataset grows tenfold",
    "two requests race for the same key", "the network drops mid-request",
    "the configuration changes at runtime", "the clock jumps backwards",
    "a dependency is upgraded", "the disk is almost full", "the cache is cold",
    "the user rotates the screen twice",
]
CTXS = [
    "on a low-end device", "under heavy load", "in a multi-module project",
    "across app restarts", "with several teams contributing", "in CI",
    "behind a flaky network", "during a rolling deploy",
]

# --------------------------------------------------------------------------
# Code blocks, one small template family per language
# --------------------------------------------------------------------------
CODE = {
    "kotlin": [
        """class {B}(
    private val source: {C}Source,
    private val scope: CoroutineScope,
) {{
    private val state = MutableStateFlow<{C}State>({C}State.Idle)
    val {a}State: StateFlow<{C}State> = state.asStateFlow()

    fun load(id: String) {{
        scope.launch {{
            state.value = {C}State.Loading
            state.value = runCatching {{ source.fetch(id) }}
                .fold({{ {C}State.Ready(it) }}, {{ {C}State.Failed(it.message ?: "{a}") }})
        }}
    }}
}}""",
        """sealed interface {C}Event {{
    data class Opened(val id: String) : {C}Event
    data class Changed(val value: Int) : {C}Event
    data object Closed : {C}Event
}}

fun reduce(state: {C}Model, event: {C}Event): {C}Model = when (event) {{
    is {C}Event.Opened -> state.copy(id = event.id, open = true)
    is {C}Event.Changed -> state.copy(count = state.count + event.value)
    {C}Event.Closed -> state.copy(open = false)
}}""",
        """suspend fun {a}WithRetry(
    times: Int = {n},
    block: suspend () -> {C}Result,
): {C}Result {{
    var delayMs = 100L
    repeat(times - 1) {{
        try {{
            return block()
        }} catch (e: IOException) {{
            delay(delayMs)
            delayMs = (delayMs * 2).coerceAtMost(5_000)
        }}
    }}
    return block()
}}""",
    ],
    "java": [
        """public final class {B} {{
    private final Map<String, {C}> {a}ById = new ConcurrentHashMap<>();

    public {C} get(String id) {{
        return {a}ById.computeIfAbsent(id, this::load);
    }}

    private {C} load(String id) {{
        // expensive call, done once per id
        return new {C}(id, System.nanoTime());
    }}
}}""",
        """public class {B} implements AutoCloseable {{
    private final ExecutorService pool = Executors.newFixedThreadPool({n});

    public Future<{C}> submit(Callable<{C}> task) {{
        return pool.submit(task);
    }}

    @Override
    public void close() throws InterruptedException {{
        pool.shutdown();
        if (!pool.awaitTermination({n}, TimeUnit.SECONDS)) {{
            pool.shutdownNow();
        }}
    }}
}}""",
    ],
    "python": [
        """from collections import OrderedDict


class {B}:
    def __init__(self, capacity: int = {n}):
        self.capacity = capacity
        self.{a}s = OrderedDict()

    def get(self, key):
        if key not in self.{a}s:
            return None
        self.{a}s.move_to_end(key)
        return self.{a}s[key]

    def put(self, key, value):
        self.{a}s[key] = value
        self.{a}s.move_to_end(key)
        if len(self.{a}s) > self.capacity:
            self.{a}s.popitem(last=False)""",
        """def {a}_windows(values: list[int], k: int = {n}) -> list[int]:
    best, total, out = float("-inf"), 0, []
    for i, v in enumerate(values):
        total += v
        if i >= k:
            total -= values[i - k]
        if i >= k - 1:
            best = max(best, total)
            out.append(total)
    return out""",
    ],
    "sql": [
        """CREATE INDEX idx_{a}_created ON {a}s (account_id, created_at DESC);

SELECT id, status, created_at
FROM {a}s
WHERE account_id = $1
  AND created_at >= now() - interval '{n} days'
ORDER BY created_at DESC
LIMIT 50;""",
        """BEGIN;
SELECT balance FROM {a}_accounts WHERE id = $1 FOR UPDATE;
UPDATE {a}_accounts SET balance = balance - $2 WHERE id = $1;
INSERT INTO {a}_ledger (account_id, amount, created_at) VALUES ($1, -$2, now());
COMMIT;""",
        """SELECT user_id,
       {a}_count,
       SUM({a}_count) OVER (PARTITION BY user_id ORDER BY day
                           ROWS BETWEEN {n} PRECEDING AND CURRENT ROW) AS rolling
FROM daily_{a}s
ORDER BY user_id, day;""",
    ],
}


def compile_template(text):
    """'a {x} b' -> [('a ', 'x'), (' b', None)], for fast filling."""
    parts, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", text):
        parts.append((text[pos:m.start()], m.group(1)))
        pos = m.end()
    parts.append((text[pos:], None))
    return parts


C_SENTENCES = [compile_template(s) for s in SENTENCES]
C_BULLETS = [compile_template(s) for s in BULLETS]
C_RU_SENT = [compile_template(s) for s in RU_SENT]
C_RU_BULLETS = [compile_template(s) for s in RU_BULLETS]
C_WHEN_BULLET = compile_template(WHEN_BULLET)


def cap(s):
    return s[:1].upper() + s[1:]


class Writer:
    """Fills templates for one note from its RNG."""

    def __init__(self, r, note, area, when_rate=0.0):
        self.r = r
        self.when_rate = when_rate
        self.when_count = 0
        self.choice = r.choice
        self.t = note.topic_text
        self.terms = area[6]

    def slot(self, name):
        c = self.choice
        if name == "t":
            return self.t
        if name == "T":
            return cap(self.t)
        if name in ("x", "y"):
            return c(self.terms)
        if name in ("X", "Y"):
            return cap(c(self.terms))
        if name == "adj":
            return c(ADJS)
        if name == "verb":
            return c(VERBS)
        if name == "outcome":
            return c(OUTCOMES)
        if name == "code":
            return c(IDENT_A) + c(IDENT_B) + "()"
        # Russian slots
        if name in ("noun", "noun2", "noun3", "noun4"):
            return c(RU_NOUNS)
        if name == "Noun":
            return cap(c(RU_NOUNS))
        if name in ("verb2",):
            return c(RU_VERBS)
        if name == "adv":
            return c(RU_ADVS)
        if name == "Adv":
            return cap(c(RU_ADVS))
        if name == "prep":
            return c(RU_PREPS)
        raise KeyError(name)

    def fill(self, parts, ru=False):
        out = []
        for lit, name in parts:
            out.append(lit)
            if name is not None:
                if ru and name == "verb":
                    out.append(self.choice(RU_VERBS))
                elif ru and name == "adj":
                    out.append(self.choice(RU_ADJS))
                else:
                    out.append(self.slot(name))
        return "".join(out)

    def para(self, lo=3, hi=6, ru=False):
        pool = C_RU_SENT if ru else C_SENTENCES
        return " ".join(self.fill(self.choice(pool), ru) for _ in range(self.r.randint(lo, hi)))

    def bullets(self, lo=3, hi=6, ru=False):
        pool = C_RU_BULLETS if ru else C_BULLETS
        items = []
        for _ in range(self.r.randint(lo, hi)):
            if not ru and self.r.random() < self.when_rate:
                items.append("- " + self.fill(C_WHEN_BULLET))
                self.when_count += 1
            else:
                items.append("- " + self.fill(self.choice(pool), ru))
        return "\n".join(items)

    def code(self, lang):
        r = self.r
        a = r.choice(IDENT_A)
        tpl = r.choice(CODE[lang])
        return "```%s\n%s\n```" % (lang, tpl.format(
            a=a, B=cap(a) + r.choice(IDENT_B), C=cap(r.choice(IDENT_A)), n=r.randint(2, 30)))

    def table(self):
        r = self.r
        opts = r.sample(self.terms, 2)
        rows = ["| Aspect | %s | %s |" % (cap(opts[0]), cap(opts[1])), "|---|---|---|"]
        for _ in range(r.randint(3, 6)):
            rows.append("| %s | %s | %s |" % (cap(r.choice(OUTCOMES)), r.choice(ADJS),
                                              r.choice(ADJS)))
        return "\n".join(rows)


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------
class Note:
    __slots__ = ("i", "area", "sub", "subfolder", "stem", "topic_text", "title",
                 "difficulty", "moc", "is_moc", "members", "rel")


def plan(n, seed):
    """Names, areas and maps of content for n notes (Q&A notes first, then MOCs)."""
    n_moc = max(len(AREAS), round(n * 0.05)) if n >= 40 else min(len(AREAS), max(1, n // 10))
    n_qa = max(0, n - n_moc)
    rng = random.Random(f"{seed}:names")
    used = set()
    qa = []
    for i in range(n_qa):
        ai = rng.choices(range(len(AREAS)), AREA_WEIGHTS)[0]
        area = AREAS[ai]
        subs = list(area[5])
        for attempt in range(1000):
            sub = rng.choice(subs)
            words = [sub, rng.choice(ASPECTS)]
            if attempt > 3 or rng.random() < 0.35:
                words.append(rng.choice(QUALIFIERS))
            if attempt > 50:
                words.append(str(attempt))
            diff = rng.choices(DIFFICULTIES, DIFF_WEIGHTS)[0]
            topic = "-".join(words)
            if (area[0], topic) not in used:
                used.add((area[0], topic))
                break
        note = Note()
        note.i, note.area, note.sub, note.is_moc = i, ai, sub, False
        note.subfolder = area[5][sub]
        note.difficulty = diff
        note.stem = f"q-{topic}--{area[0]}--{diff}"
        note.topic_text = topic.replace("-", " ")
        note.title = cap(note.topic_text)
        note.members = []
        qa.append(note)

    # Maps of content: at least one per area with notes, the rest shared out by size,
    # each listing a run of its area's notes (sorted by subtopic).
    by_area = {}
    for note in qa:
        by_area.setdefault(note.area, []).append(note)
    areas = sorted(by_area) or [0]
    counts = {a: 1 for a in areas}
    spare = n_moc - len(areas)
    total = max(1, len(qa))
    if spare > 0:
        shares = sorted(((len(by_area.get(a, [])) * spare / total, a) for a in areas),
                        reverse=True)
        for share, a in shares:
            counts[a] += int(share)
        left = n_moc - sum(counts.values())
        for k in range(left):
            counts[shares[k % len(shares)][1]] += 1
    mocs = []
    idx = len(qa)
    for a in areas:
        notes = sorted(by_area.get(a, []), key=lambda x: (x.sub, x.stem))
        m = counts[a]
        key = AREAS[a][0]
        group = []
        for k in range(m):
            moc = Note()
            moc.i, moc.area, moc.is_moc = idx, a, True
            idx += 1
            chunk = notes[k * len(notes) // m:(k + 1) * len(notes) // m]
            moc.members = chunk
            subs = [x.sub for x in chunk]
            moc.sub = max(sorted(set(subs)), key=subs.count) if chunk else ""
            moc.subfolder = ""
            if k == 0:
                moc.stem = f"moc-{key}"
                moc.title = f"{AREAS[a][2]} (MOC)"
            else:
                base = f"moc-{key}-{moc.sub}" if moc.sub else f"moc-{key}-{k}"
                stem, j = base, 2
                while stem in used:
                    stem, j = f"{base}-{j}", j + 1
                moc.stem = stem
                moc.title = f"{AREAS[a][2]}: {cap(moc.sub.replace('-', ' '))} (MOC {k + 1})"
            used.add(moc.stem)
            moc.topic_text = moc.title
            moc.difficulty = ""
            for note in chunk:
                note.moc = moc.stem
            group.append(moc)
        mocs.extend(group)
    for moc in mocs:
        moc.rel = [x for x in mocs if x.area == moc.area and x is not moc]
    return qa, mocs


def note_path(note):
    area = AREAS[note.area]
    parts = [area[1]]
    if note.subfolder:
        parts.append(note.subfolder)
    parts.append(note.stem + ".md")
    return os.path.join(*parts)


def yq(s):
    return json.dumps(s, ensure_ascii=False)


def date_text(r):
    d = datetime.date(2024, 1, 1) + datetime.timedelta(days=r.randrange(700))
    return d


def wiki(target, r, with_text):
    if with_text:
        return f"[[{target.stem}|{target.title}]]"
    return f"[[{target.stem}]]"


def pick_targets(r, note, qa, mocs, by_area, k):
    # mocs: {stem: map of content}
    """k distinct existing notes to link to: mostly the same area, and its map."""
    out = []
    seen = {note.stem}
    if note.moc and r.random() < 0.6:
        moc = mocs[note.moc]
        out.append(moc)
        seen.add(moc.stem)
    pool_same = by_area.get(note.area, [])
    tries = 0
    while len(out) < k and tries < 50 * k:
        tries += 1
        if pool_same and r.random() < 0.7:
            t = r.choice(pool_same)
        else:
            t = r.choice(qa)
        if t.stem not in seen:
            seen.add(t.stem)
            out.append(t)
    return out


def render_qa(note, seed, qa, mocs, by_area, broken, headings, when_rate):
    r = random.Random(f"{seed}:{note.i}")
    area = AREAS[note.area]
    w = Writer(r, note, area, when_rate)
    t = note.topic_text
    alt = r.choice([x for x in area[5] if x != note.sub]).replace("-", " ")
    created = date_text(r)
    fm = ["---", "title: " + yq(f"{note.title} / {cap(r.choice(RU_ADJS))} "
                                  f"{r.choice(RU_NOUNS)} ({note.sub})")]
    aliases = [note.title]
    if r.random() < 0.6:
        aliases.append(f"{cap(r.choice(RU_NOUNS))} {note.sub.replace('-', ' ')} "
                       f"{note.topic_text.split()[-1]}")
    fm.append("aliases: [" + ", ".join(yq(a) for a in aliases) + "]")
    tags = [f"{area[0]}/{note.sub}", f"difficulty/{note.difficulty}"]
    if r.random() < 0.4:
        tags.append(f"lang/{r.choice(area[4])}")
    if r.random() < 0.5:
        fm.append("tags: [" + ", ".join(tags) + "]")
    else:
        fm.append("tags:\n" + "\n".join(f"  - {x}" for x in tags))
    fm.append(f"topic: {area[0]}")
    fm.append("subtopics: [" + ", ".join([note.sub] + r.sample(list(area[5]), 1)) + "]")
    fm.append(f"difficulty: {note.difficulty}")
    fm.append(f"moc: {note.moc}")
    roll = r.random()
    if roll < 0.1:
        fm.append(f"created: '{created.isoformat()}T{r.randrange(24):02d}:"
                  f"{r.randrange(60):02d}:{r.randrange(60):02d}.{r.randrange(1000):03d}Z'")
    elif roll < 0.85:
        fm.append(f"created: {created.isoformat()}")
    if roll >= 0.5:
        fm.append(f"date: {(created + datetime.timedelta(days=r.randrange(30))).isoformat()}")
    fm.append(f"updated: {(created + datetime.timedelta(days=r.randrange(90))).isoformat()}")
    fm.append("status: " + r.choice(["reviewed", "draft-answer", "ready", "ready"]))

    k = r.randint(5, 10)
    targets = pick_targets(r, note, qa, mocs, by_area, k)
    fm.append("related: [" + ", ".join(x.stem for x in targets[:3]) + "]")
    fm.append("---")
    n_inline = min(len(targets), r.randint(1, 3))
    inline, listed = targets[:n_inline], targets[n_inline:]

    # English question and answer
    outcome = r.choice(OUTCOMES)
    q_en = r.choice(QUESTIONS_EN).format(t=t, A=area[2], alt=alt, outcome=outcome)
    body = ["# Question (EN)", ""]
    body.append(("> " if r.random() < 0.7 else "") + q_en)
    body += ["", "## Answer (EN)", ""]
    target = int(r.triangular(2000, 10000, 3500))
    size = 0
    blocks = []

    def add(text):
        nonlocal size
        blocks.append(text)
        size += len(text) + 2

    add(w.para(2, 4))
    has_code = r.random() < 0.65
    has_table = r.random() < 0.2
    has_callout = r.random() < 0.25
    h3s = r.sample(H3S, len(H3S))
    step = 0
    while size < target:
        kind = step % 4
        if kind == 0:
            add("### " + h3s[step // 4 % len(h3s)])
            add(w.para(2, 5))
        elif kind == 1:
            add(w.bullets(3, 6))
        elif kind == 2:
            if has_code:
                add(w.code(r.choice(area[4])))
                has_code = False
            elif has_table:
                add(w.table())
                has_table = False
            else:
                add(w.para(3, 6))
        else:
            if has_callout:
                add(f"> [!{r.choice(CALLOUTS)}] {cap(r.choice(area[6]))}\n> " + w.para(1, 2))
                has_callout = False
            else:
                add(w.para(2, 5))
        step += 1
    # inline links land in paragraphs spread over the answer
    paras = [j for j, b in enumerate(blocks)
             if not b.startswith(("#", "-", "`", "|", ">"))]
    for j, tgt in enumerate(inline):
        pos = paras[(j * len(paras)) // max(1, len(inline))] if paras else 0
        anchor = (not tgt.is_moc) and r.random() < 0.15
        if anchor:
            link = f"[[{tgt.stem}#Answer (EN)|{tgt.title}]]"
        else:
            link = wiki(tgt, r, r.random() < 0.5)
        blocks[pos] += f" See also {link}."
    body += ["\n\n".join(blocks), ""]

    # Russian question and answer
    q_ru = r.choice(QUESTIONS_RU).format(t=t, ARU=area[3], alt=alt)
    if headings == "native":
        body += ["# Вопрос (RU)", ""]
    else:
        body += ["# Question (RU)", ""]
    body.append(("> " if r.random() < 0.7 else "") + q_ru)
    body += ["", "## Ответ (RU)" if headings == "native" else "## Answer (RU)", ""]
    target_ru = int(target * r.uniform(0.6, 1.0))
    blocks, size = [], 0
    add(w.para(2, 4, ru=True))
    step = 0
    ru_code = r.random() < 0.3
    while size < target_ru:
        kind = step % 3
        if kind == 0:
            add("### " + RU_H3[step // 3 % len(RU_H3)])
            add(w.para(2, 5, ru=True))
        elif kind == 1:
            add(w.bullets(2, 5, ru=True))
        else:
            if ru_code:
                add(w.code(r.choice(area[4])))
                ru_code = False
            else:
                add(w.para(3, 6, ru=True))
        step += 1
    body += ["\n\n".join(blocks), ""]

    n_follow = 0
    if r.random() < 0.75:
        n_follow = r.randint(2, 4)
        fus = []
        for pat in r.sample(FOLLOWUPS, n_follow):
            fus.append("- " + pat.format(t=t, cond=r.choice(CONDS), ctx=r.choice(CTXS),
                                         alt=alt))
        body += ["## Follow-ups", "", "\n".join(fus), ""]
    links = [f"- {wiki(x, r, r.random() < 0.4)}" for x in listed]
    for stem in broken:
        links.append(f"- [[{stem}]]")
    if links:
        body += ["## Related Questions", "", "\n".join(links), ""]
    if r.random() < 0.3:
        refs = [f"- [{cap(note.sub.replace('-', ' '))} guide]"
                f"(https://docs.example.com/{area[0]}/{note.sub}/{r.randrange(100)})"]
        body += ["## References", "", "\n".join(refs), ""]
    return "\n".join(fm) + "\n\n" + "\n".join(body), n_follow, w.when_count


def render_moc(moc, seed):
    r = random.Random(f"{seed}:{moc.i}")
    area = AREAS[moc.area]
    created = date_text(r)
    fm = ["---", "title: " + yq(moc.title), f"tags: [moc, {area[0]}]",
          f"created: {created.isoformat()}",
          f"date: {(created + datetime.timedelta(days=r.randrange(60))).isoformat()}",
          "---", ""]
    body = [f"# {moc.title}", "",
            f"A map of the {area[2]} notes in this part of the vault: "
            f"{len(moc.members)} notes, easiest first. "
            f"Карта заметок: {r.choice(RU_NOUNS)}, {r.choice(RU_NOUNS)} и "
            f"{r.choice(RU_NOUNS)}.", ""]
    for diff in DIFFICULTIES:
        items = [x for x in moc.members if x.difficulty == diff]
        if items:
            body += [f"## {cap(diff)}", ""]
            body += [f"- [[{x.stem}|{x.title}]]" for x in items]
            body.append("")
    if moc.rel:
        body += ["## Related maps", ""]
        body += [f"- [[{x.stem}]]" for x in moc.rel[:30]]
        body.append("")
    return "\n".join(fm) + "\n".join(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", default="42")
    ap.add_argument("--broken-links", type=int, default=0)
    ap.add_argument("--headings", choices=["tagged", "native"], default="tagged")
    ap.add_argument("--when-bullets", type=float, default=0.01)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    started = time.time()
    if os.path.exists(args.out):
        if not args.force and os.listdir(args.out):
            sys.exit(f"{args.out} exists and is not empty (use --force)")
        shutil.rmtree(args.out)
    content = os.path.join(args.out, "content")
    os.makedirs(content)
    with open(os.path.join(args.out, "course.toml"), "w", encoding="utf-8") as f:
        f.write(f'title = "Interview Q&A vault ({args.n} notes, seed {args.seed})"\n')

    qa, mocs = plan(args.n, args.seed)
    by_area = {}
    for note in qa:
        by_area.setdefault(note.area, []).append(note)
    moc_by_stem = {m.stem: m for m in mocs}
    # Broken links: K missing stems, each in a different note (deterministic).
    broken = {}
    br = random.Random(f"{args.seed}:broken")
    if args.broken_links and qa:
        owners = br.sample(range(len(qa)), min(args.broken_links, len(qa)))
        extra = args.broken_links - len(owners)
        owners += [br.randrange(len(qa)) for _ in range(extra)]
        for k, o in enumerate(owners):
            broken.setdefault(o, []).append(f"q-missing-note-{k}--{AREAS[qa[o].area][0]}--easy")

    made_dirs = set()
    written = 0
    followups = 0
    strays = 0
    for note in qa + mocs:
        path = os.path.join(content, note_path(note))
        d = os.path.dirname(path)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        if note.is_moc:
            text = render_moc(note, args.seed)
        else:
            text, nf, ns = render_qa(note, args.seed, qa, moc_by_stem, by_area,
                                 broken.get(note.i, []), args.headings, args.when_bullets)
            followups += nf
            strays += ns
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        written += len(data)

    langs = 2 if args.headings == "tagged" else 1
    expected = len(qa) * langs + (followups if args.headings == "tagged" else 0) + strays
    info = {"n": args.n, "seed": args.seed, "headings": args.headings,
            "qa_notes": len(qa), "mocs": len(mocs), "followups": followups, "when_bullets": strays,
            "broken_links": args.broken_links, "markdown_bytes": written,
            "expected_questions": expected, "expected_with_answer": len(qa) * langs}
    with open(os.path.join(args.out, ".bank.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"{args.n} notes ({len(qa)} Q&A, {len(mocs)} maps) in {len(made_dirs)} folders, "
          f"{written / 1e6:.1f} MB of Markdown -> {args.out} in {time.time() - started:.1f} s; "
          f"expect ~{expected} bank questions ({len(qa) * langs} with answers)")


if __name__ == "__main__":
    main()

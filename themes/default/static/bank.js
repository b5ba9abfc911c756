// The question bank's data, as prepress writes it under question-bank/ (see
// src/render/bank.rs): index.js holds every question's principles and facets as compact
// columns; texts-N.js files hold ids, texts, follow-ups and links, and answers-N.js
// files the answers, a few dozen kilobytes each, loaded only for the questions a page
// shows; ids.js holds a short key per id, loaded only to find the questions a learner's
// stored data names. They are scripts, not JSON, so they load from file:// as well as
// over HTTP. Every URL in them is relative to the course root; here each is resolved.
//
//   prepressBank.load() -> Promise of {questions, principles, stories, probes}:
//     questions: [{at, principles: [slug], section, company, level, topic, difficulty,
//                  language, answered, kind ("question", "cloze" or "card"),
//                  stories: [index into stories],
//                  translations: [the same question in other languages (questions)]}],
//                in bank order
//     principles: [{slug, title, url}], stories: [{key, title, url}], probes: [text]
//   prepressBank.known(ids) -> Promise of a Map from each of these ids that is in the
//     bank to its question, which now has its `id` (others get theirs when filled)
//   prepressBank.fill(question) -> Promise of the question with id, text, followups
//     and url added, from its texts shard
//   prepressBank.filled(question) -> whether it already has them
//   prepressBank.answer(question) -> Promise of its answer's HTML (or null), also kept
//     as question.answer_html
//   prepressBank.fillAll(progress) -> Promise, once every question is filled; calls
//     progress(filledCount) after each shard, in bank order
(() => {
  "use strict";

  const script = document.currentScript;
  const version = (script && script.dataset.version) || "";
  const base = new URL(document.body.getAttribute("data-root") || "/", location.href);
  const folder = new URL("question-bank/", base);

  const waiting = new Map(); // file name -> resolve
  const loaded = new Map(); // file name -> Promise of its data
  window.prepressBankIndex = (data) => waiting.get("index")?.(data);
  window.prepressBankIds = (digits, keys) => waiting.get("ids")?.({ digits, keys });
  window.prepressBankShard = (name, number, rows) => waiting.get(`${name}-${number}`)?.(rows);

  function load(name) {
    if (!loaded.has(name)) {
      loaded.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const tag = document.createElement("script");
        tag.src = new URL(`${name}.js?v=${encodeURIComponent(version)}`, folder).href;
        tag.onerror = () => {
          loaded.delete(name); // a later call tries again
          reject(new Error(`question-bank/${name}.js did not load`));
        };
        document.head.appendChild(tag);
      }));
    }
    return loaded.get(name);
  }

  const resolve = (url) => (url === "" || url == null ? url : new URL(url, base).href);

  // The answer's links and images, written relative to the course root, made to lead
  // there from this page.
  function rooted(html) {
    if (!html) return null;
    const template = document.createElement("template");
    template.innerHTML = html;
    for (const [selector, attribute] of [["[href]", "href"], ["[src]", "src"]]) {
      for (const el of template.content.querySelectorAll(selector)) {
        const value = el.getAttribute(attribute);
        if (value && !/^(#|[a-z][a-z0-9+.-]*:|\/)/i.test(value)) el.setAttribute(attribute, resolve(value));
      }
    }
    return template.innerHTML;
  }

  // A column: one character per question, or runs of [value, count, ...] (bank.rs).
  const DIGITS = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
  function expand(column, count) {
    const values = new Array(count);
    if (typeof column === "string") {
      for (let i = 0; i < count; i++) values[i] = DIGITS.indexOf(column[i]) - 1;
      return values;
    }
    let at = 0;
    for (let i = 0; i < column.length; i += 2) values.fill(column[i], at, (at += column[i + 1]));
    return values;
  }

  let bank = null;

  function decode(data) {
    const count = data.count;
    const principles = data.principles.map((p) => ({ slug: p.slug, title: p.title, url: resolve(p.url) }));
    const stories = data.stories.map((s) => ({ key: s.key, title: s.title, url: resolve(s.url), principles: s.principles }));
    const facets = {};
    for (const name of ["section", "company", "level", "topic", "difficulty", "language"]) {
      const facet = data.facets[name];
      facets[name] = expand(facet.column, count).map((at) => (at >= 0 ? facet.values[at] : ""));
    }
    const sets = data.facets.principles.values;
    // Each set of principles once: its slugs and the stories covering any of them.
    const setSlugs = sets.map((own) => own.map((p) => principles[p].slug));
    const setStories = sets.map((own) =>
      stories.flatMap((story, index) => (story.principles.some((p) => own.includes(p)) ? [index] : [])));
    const own = expand(data.facets.principles.column, count);
    const answered = expand(data.facets.answered, count);
    // A card written in a page is `cloze` or `card`; a bank from before cards has none.
    const kinds = data.facets.kind
      ? expand(data.facets.kind.column, count).map((at) => (at >= 0 ? data.facets.kind.values[at] : "question"))
      : null;
    const questions = new Array(count);
    for (let at = 0; at < count; at++) {
      const set = own[at];
      questions[at] = {
        at,
        principles: set >= 0 ? setSlugs[set] : [],
        section: facets.section[at],
        company: facets.company[at],
        level: facets.level[at],
        topic: facets.topic[at],
        difficulty: facets.difficulty[at],
        language: facets.language[at],
        answered: answered[at] === 1,
        kind: kinds ? kinds[at] : "question",
        stories: set >= 0 ? setStories[set] : [],
        translations: [],
      };
    }
    // A bilingual note's question in each of its languages: each lists the others.
    for (const group of data.translations || []) {
      for (const at of group) {
        questions[at].translations = group.filter((other) => other !== at).map((other) => questions[other]);
      }
    }
    return { texts: data.texts, answers: data.answers, questions, principles, stories, probes: data.probes };
  }

  function loadBank() {
    if (!bank) bank = load("index").then(decode);
    return bank;
  }

  // An id's key: its hash's first `digits` base-64 digits, six bits each (bank.rs).
  const KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function keyOf(id, digits) {
    if (!/^[0-9a-f]{16}$/.test(id)) return null;
    const hash = BigInt(`0x${id}`);
    let key = "";
    for (let digit = 0; digit < digits; digit++) {
      const bits = digit < 10 ? hash >> BigInt(58 - 6 * digit) : hash << 2n;
      key += KEY[Number(bits & 63n)];
    }
    return key;
  }

  let keys = null; // Promise of Map key -> position

  async function known(ids) {
    const found = new Map();
    const { questions } = await loadBank();
    const wanted = new Set(ids);
    if (!wanted.size) return found;
    if (!keys) {
      keys = load("ids").then(({ digits, keys: all }) => {
        const map = new Map();
        for (let at = 0; at * digits < all.length; at++) map.set(all.slice(at * digits, (at + 1) * digits), at);
        return { digits, map };
      });
    }
    const { digits, map } = await keys;
    for (const id of wanted) {
      const at = map.get(keyOf(id, digits));
      // A key names one question of the bank, though an id no longer in it may, rarely,
      // share the key: filling the question from its shard sets its own id.
      if (at === undefined) continue;
      const q = questions[at];
      if (q.id === undefined) q.id = id;
      if (q.id === id) found.set(id, q);
    }
    return found;
  }

  // The shard a question is in: the last one starting at or before it.
  function shardOf(starts, at) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  function fillFrom(questions, start, rows) {
    rows.forEach(([id, text, followups, url], offset) => {
      const q = questions[start + offset];
      q.id = id;
      q.text = text;
      q.followups = followups;
      q.url = resolve(url);
    });
  }

  async function fill(question) {
    if (filled(question)) return question;
    const { texts, questions } = await loadBank();
    const number = shardOf(texts, question.at);
    fillFrom(questions, texts[number], await load(`texts-${number}`));
    return question;
  }

  const filled = (question) => question.text !== undefined;

  async function answer(question) {
    if (question.answer_html !== undefined) return question.answer_html;
    if (!question.answered) return (question.answer_html = null);
    const { answers } = await loadBank();
    const number = shardOf(answers, question.at);
    const rows = await load(`answers-${number}`);
    question.answer_html = rooted(rows[question.at - answers[number]]);
    return question.answer_html;
  }

  async function fillAll(progress) {
    const { texts, questions } = await loadBank();
    let done = 0;
    for (let number = 0; number < texts.length; number++) {
      const end = number + 1 < texts.length ? texts[number + 1] : questions.length;
      if (!filled(questions[texts[number]])) fillFrom(questions, texts[number], await load(`texts-${number}`));
      done = end;
      progress?.(done);
    }
  }

  window.prepressBank = Object.freeze({ load: loadBank, known, fill, filled, answer, fillAll });
})();

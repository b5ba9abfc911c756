// The question bank's data, as prepress writes it under question-bank/: index.js holds every
// question's id, principles and facets; shard-N.js files hold texts, follow-ups, links
// and answers, a few dozen questions each, loaded only for the questions a page shows.
// They are scripts, not JSON, so they load from file:// as well as over HTTP. Every URL
// in them is relative to the course root; here each is resolved against it.
//
//   prepressBank.load() -> Promise of {questions, principles, stories, probes}:
//     questions: [{id, principles: [slug], section, company, level, topic, difficulty,
//                  language, answered, stories: [index into stories]}], in bank order
//     principles: [{slug, title, url}], stories: [{key, title, url}], probes: [text]
//   prepressBank.fill(question) -> Promise of the question with text, followups, url
//     and answer_html (or null) added, from its shard
//   prepressBank.filled(question) -> whether it already has them
(() => {
  "use strict";

  const script = document.currentScript;
  const version = (script && script.dataset.version) || "";
  const base = new URL(document.body.getAttribute("data-root") || "/", location.href);
  const folder = new URL("question-bank/", base);

  const waiting = new Map(); // file name -> resolve
  const loaded = new Map(); // file name -> Promise of its data
  window.prepressBankIndex = (data) => waiting.get("index")?.(data);
  window.prepressBankShard = (number, rows) => waiting.get(`shard-${number}`)?.(rows);

  function load(name) {
    if (!loaded.has(name)) {
      loaded.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const tag = document.createElement("script");
        tag.src = new URL(`${name}.js?v=${encodeURIComponent(version)}`, folder).href;
        tag.onerror = () => reject(new Error(`question-bank/${name}.js did not load`));
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

  let bank = null;

  function decode(data) {
    const facet = (name, at) => (at >= 0 ? data.facets[name].values[at] : "");
    const principles = data.principles.map((p) => ({ slug: p.slug, title: p.title, url: resolve(p.url) }));
    const stories = data.stories.map((s) => ({ key: s.key, title: s.title, url: resolve(s.url), principles: s.principles }));
    const questions = data.questions.map((row, at) => {
      const [id, own, section, company, level, topic, difficulty, language, answered] = row;
      return {
        id,
        at,
        principles: own.map((p) => principles[p].slug),
        section: facet("section", section),
        company: facet("company", company),
        level: facet("level", level),
        topic: facet("topic", topic),
        difficulty: facet("difficulty", difficulty),
        language: facet("language", language),
        answered: answered === 1,
        // The stories that cover any of its principles, in story order.
        stories: stories.flatMap((story, index) => (story.principles.some((p) => own.includes(p)) ? [index] : [])),
      };
    });
    return { shards: data.shards, questions, principles, stories, probes: data.probes };
  }

  function loadBank() {
    if (!bank) bank = load("index").then(decode);
    return bank;
  }

  // The shard a question's text is in: the last one starting at or before it.
  function shardOf(shards, at) {
    let low = 0;
    let high = shards.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (shards[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  async function fill(question) {
    if (filled(question)) return question;
    const { shards } = await loadBank();
    const number = shardOf(shards, question.at);
    const rows = await load(`shard-${number}`);
    const [text, followups, url, answer] = rows[question.at - shards[number]];
    question.text = text;
    question.followups = followups;
    question.url = resolve(url);
    question.answer_html = rooted(answer);
    return question;
  }

  const filled = (question) => question.text !== undefined;

  window.prepressBank = Object.freeze({ load: loadBank, fill, filled });
})();

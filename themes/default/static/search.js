// The /search/ page: runs the query from ?q= against the course's search index (written
// by prepress under search-index/) and lists title, section and a snippet with the match.
// The index is split in small script files: the manifest, one shard per term prefix and
// one file per group of documents; this page loads only the ones a query needs. They are
// scripts rather than JSON so that search also works from file://, where fetch is refused.
(() => {
  "use strict";
  const script = document.currentScript;
  const root = (script && script.dataset.root) || "/";
  const folder = root + "search-index/";
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const PAGE = 10;
  // The interface's words in the course's language, from static/strings.js.
  const { prepressText: say, prepressCount: sayCount } = window;
  const query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  const headerBox = document.getElementById("site-search-q");
  if (headerBox) headerBox.value = query;

  // Accents go, as in the index: decompose, then drop the marks.
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "");

  // Scripts written without spaces between words (Chinese, Japanese kana, Thai): the
  // same ranges as `is_unspaced` in the build's search index.
  const UNSPACED = /[\u0E00-\u0E7F\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FA1F}]/u;
  const isUnspaced = (word) => UNSPACED.test(word);

  // A run's stretches of unspaced and of other letters.
  const STRETCHES = new RegExp(`${UNSPACED.source}+|(?:(?!${UNSPACED.source}).)+`, "gu");

  // The course language's stemmer (static/stem-<language>.js, the same algorithm as the
  // index's), when it has one: a word's forms are one term.
  const stem = window.prepressStem;

  // Lower-cased, stemmed and without accents, as the index has them: the stemmer reads
  // a word with its accents (composed), which go after it, and `ё` as `е`.
  const lowered = (text) => text.toLowerCase().replace(/ς/g, "σ").replace(/ё/g, "е");
  const normalised = (text) =>
    stem
      ? lowered(text.normalize("NFC"))
          .split(/[^\p{Alphabetic}\p{N}\p{M}]+/u)
          .filter((word) => word.length > 0)
          .map((word) => fold(stem(word)))
      : [lowered(fold(text))];

  // The index's terms of a query: runs of letters and digits, lower-cased (final sigma
  // as sigma), stemmed where the language is, and without accents; a stretch of a
  // spaced script when two or more long, a stretch of an unspaced one as each pair of
  // neighbouring characters, or the one character alone. (The index also has each
  // run's last character alone, for a query of one character; a longer query needs it
  // not: a page with its pairs has it, and looking it up would fetch every shard of
  // the terms it begins, 146 for 衡 on a Chinese course of 10,000 lectures.)
  function words(text) {
    const terms = [];
    for (const run of normalised(text).flatMap((part) => part.split(/[^\p{Alphabetic}\p{N}]+/u))) {
      const stretches = run.match(STRETCHES) || [];
      for (const stretch of stretches) {
        const chars = [...stretch];
        if (!isUnspaced(stretch)) {
          if (chars.length >= 2) terms.push(stretch);
        } else {
          for (let at = 1; at < chars.length; at++) terms.push(chars[at - 1] + chars[at]);
          if (chars.length === 1) terms.push(chars[0]);
        }
      }
    }
    return terms;
  }

  // Each data file calls prepressSearchData(name, data) when it runs.
  const waiting = new Map();
  const loaded = new Map();
  window.prepressSearchData = (name, data) => {
    const resolve = waiting.get(name);
    if (resolve) resolve(data);
  };
  function load(name, version) {
    if (!loaded.has(name)) {
      loaded.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const tag = document.createElement("script");
        tag.src = `${folder}${name}.js?v=${version}`;
        tag.onerror = () => {
          loaded.delete(name); // a later search tries again, as bank.js and preview.js do
          reject(new Error(`${name}.js did not load`));
        };
        document.head.appendChild(tag);
      }));
    }
    return loaded.get(name);
  }

  // Words of three letters or more also find the longer words they begin; one
  // character of an unspaced script finds the pairs it begins; and a Korean word of two
  // syllables, as Korean writes its particles onto the word (면접 finds 면접에서).
  const HANGUL = /^[\uAC00-\uD7A3]{2}$/u;
  const findsLonger = (word) => word.length >= 3 || isUnspaced(word) || HANGUL.test(word);
  const matches = (term, word) => term === word || (findsLonger(word) && term.startsWith(word));

  // doc -> best weight among the terms that a word matches; an exact match counts more.
  function scoresFor(word, shards) {
    const scores = new Map();
    for (const shard of shards) {
      for (const term in shard) {
        if (!matches(term, word)) continue;
        const factor = term === word ? 1 : 0.7;
        const postings = shard[term];
        let doc = 0;
        for (let i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          const weight = postings[i + 1] * factor;
          if (!(scores.get(doc) >= weight)) scores.set(doc, weight);
        }
      }
    }
    return scores;
  }

  // Documents that match every word, best first.
  async function search(manifest, queryWords) {
    const perWord = await Promise.all(queryWords.map(async (word) => {
      const wanted = manifest.keys
        .map((key, number) => [key, number])
        .filter(([key]) => word.startsWith(key) || (findsLonger(word) && key.startsWith(word)));
      const shards = await Promise.all(wanted.map(([, n]) => load(`terms-${n}`, manifest.version)));
      return scoresFor(word, shards);
    }));
    perWord.sort((a, b) => a.size - b.size);
    const ranked = [];
    for (const [doc, weight] of perWord[0]) {
      let total = weight;
      for (const other of perWord.slice(1)) {
        const w = other.get(doc);
        if (w === undefined) {
          total = -1;
          break;
        }
        total += w;
      }
      if (total >= 0) ranked.push([doc, total]);
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return ranked.map(([doc]) => doc);
  }

  // The file of documents that holds `doc`, by binary search over the files' first ids.
  function chunkOf(manifest, doc) {
    let low = 0;
    let high = manifest.chunks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (manifest.chunks[mid] <= doc) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  async function documentsFor(manifest, docs) {
    return Promise.all(docs.map(async (doc) => {
      const chunk = chunkOf(manifest, doc);
      const rows = await load(`docs-${chunk}`, manifest.version);
      const [url, title, section, text] = rows[doc - manifest.chunks[chunk]];
      return { url, title, section, text };
    }));
  }

  // About 30 words of `text` around the first match, with every match marked.
  function snippet(text, queryWords) {
    const pattern = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
    const found = [];
    for (const m of text.matchAll(pattern)) {
      const word = normalised(m[0]).join("");
      // A run of an unspaced script is marked whole when it holds a searched pair.
      const hit = (q) => matches(word, q) || (isUnspaced(q) && word.includes(q));
      if (queryWords.some(hit)) found.push([m.index, m.index + m[0].length]);
    }
    const first = found.length ? found[0][0] : 0;
    let start = Math.max(0, first - 80);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    let end = Math.min(text.length, start + 240);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    const paragraph = document.createElement("p");
    paragraph.className = "search-result-snippet";
    let at = start;
    if (start > 0) paragraph.append("… ");
    for (const [from, to] of found) {
      if (from < start || to > end) continue;
      paragraph.append(text.slice(at, from).replace(/\s+/g, " "));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      paragraph.append(mark);
      at = to;
    }
    paragraph.append(text.slice(at, end).replace(/\s+/g, " "));
    if (end < text.length) paragraph.append(" …");
    return paragraph;
  }

  function item(result, queryWords) {
    const li = document.createElement("li");
    li.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-title";
    link.href = root + result.url;
    link.textContent = result.title || result.url;
    li.appendChild(link);
    if (result.section) {
      const section = document.createElement("p");
      section.className = "search-result-section";
      section.textContent = result.section;
      li.appendChild(section);
    }
    // A question without follow-ups is its own text: the title says it all.
    if (result.text !== result.title) li.appendChild(snippet(result.text, queryWords));
    return li;
  }

  // The manifest, loaded once per page; a query typed later reuses it.
  let manifest = null;
  // Each run has a number; a run that a newer one overtook stops showing anything.
  let latest = 0;
  // What the More button shows next, for the current run.
  let showMore = null;

  async function run(query) {
    const run = ++latest;
    const current = () => run === latest;
    list.replaceChildren();
    if (more) more.hidden = true;
    showMore = null;
    const queryWords = [...new Set(words(query))];
    // The terms looked up, for a theme (or a test) to see how a query was read.
    list.dataset.terms = queryWords.join(" ");
    if (!queryWords.length) {
      status.textContent = say(query.trim() ? "script.search_short" : "script.search_empty");
      return;
    }
    status.textContent = say("script.searching");
    manifest = manifest || await load("index", Date.now());
    const ranked = await search(manifest, queryWords);
    if (!current()) return;
    const count = ranked.length;
    status.textContent = count === 0
      ? say("script.search_none", { query })
      : sayCount("results", count, { query });
    let shown = 0;
    showMore = async () => {
      const next = ranked.slice(shown, shown + PAGE);
      shown += next.length;
      const results = await documentsFor(manifest, next);
      if (!current()) return;
      list.append(...results.map((result) => item(result, queryWords)));
      if (more) more.hidden = shown >= count;
    };
    await showMore();
  }

  function start(query) {
    run(query).catch(() => {
      status.textContent = say("script.search_failed");
    });
  }

  // A theme's own search page may leave the button out: then only the first ten show.
  if (more) more.addEventListener("click", () => showMore && showMore());

  // Results follow the typing, and the address keeps the query for reloads and links.
  let typing = null;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      if (headerBox) headerBox.value = input.value;
      start(input.value);
    }, 150);
  });

  start(query);
})();

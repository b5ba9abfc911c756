// The questions page: filters and pages through the whole question bank. The page's HTML
// holds the bank's first questions, so it reads without JavaScript; this script reads
// the bank's index (bank.js), keeps the filter in the query string
// (?principle=ownership&level=L6&text=cache, through prepressQuery) so a view can be
// linked, shows the questions that match a page at a time ("Show more questions",
// [data-more]) in the page's grouping (under each question's first principle, in
// principle order, then the others), each card made from its shard, and says after each
// filter value how many questions it would leave. The free-text filter ("Words") keeps
// the questions whose text or follow-ups hold every word typed; it reads every texts
// shard the first time, showing how far it has read. An answer loads when it is opened.
(async () => {
  "use strict";

  const form = document.querySelector("form.question-filters");
  const results = document.querySelector("[data-question-results]");
  const bank = window.prepressBank;
  if (!form || !results || !bank) return;

  // The interface's words in the course's language, from static/strings.js.
  const { prepressText: say, prepressCount: sayCount } = window;
  const NAMES = ["principle", "section", "company", "level", "topic", "difficulty", "language", "kind"];
  const PAGE = 50;
  const countEl = document.querySelector("[data-count]");
  const nounEl = document.querySelector("[data-count-noun]");
  const shownLine = document.querySelector("[data-shown-line]");
  const noResults = document.querySelector(".no-results");
  const moreButton = document.querySelector("[data-more]");
  const study = window.prepressStudy;

  // The page's own questions paint first; the bank is read after that frame.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  let data;
  try {
    data = await bank.load();
  } catch {
    return; // the page's own questions stay, unfiltered
  }
  const { questions, principles, stories } = data;
  const principleAt = new Map(principles.map((p, index) => [p.slug, index]));
  const groupOf = (q) => (q.principles.length ? principleAt.get(q.principles[0]) ?? Infinity : Infinity);
  const order = questions.slice().sort((a, b) => groupOf(a) - groupOf(b) || a.at - b.at);

  const select = (name) => form.elements.namedItem(name);
  // The kind filter (question, cloze, card) shows when the bank holds cards.
  const kindFilter = form.querySelector("[data-kind-filter]");
  if (kindFilter && questions.some((q) => q.kind !== "question")) kindFilter.hidden = false;
  const textField = select("text");

  function current() {
    const filter = {};
    for (const name of NAMES) filter[name] = select(name)?.value || "";
    filter.text = textField?.value.trim() || "";
    return filter;
  }

  // The words of the free-text filter, and whether a question holds them all. Case and
  // accents aside (NFKD, marks dropped), as a reader types them.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  const wordsOf = (text) => fold(text).split(/\s+/).filter(Boolean);
  const folded = new WeakMap(); // question -> its text and follow-ups, folded
  function holds(q, words) {
    if (!words.length) return true;
    if (!folded.has(q)) folded.set(q, fold([q.text, ...q.followups].join("\n")));
    const text = folded.get(q);
    return words.every((word) => text.includes(word));
  }

  const matchesOne = (q, name, value) =>
    !value || (name === "principle" ? q.principles.includes(value) : q[name] === value);
  const matches = (q, filter, except) =>
    NAMES.every((name) => name === except || matchesOne(q, name, filter[name])) && holds(q, filter.words || []);

  // ---------- Cards ----------

  function element(name, className, text) {
    const el = document.createElement(name);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function card(q) {
    const article = element("article", "question-card");
    article.id = q.id;
    article.dataset.at = String(q.at);
    article.setAttribute("data-principles", q.principles.join(" "));
    for (const name of ["section", "company", "level", "topic", "difficulty", "language"]) {
      if (q[name] || name === "section" || name === "company" || name === "level") article.setAttribute(`data-${name}`, q[name]);
    }
    if (q.language) {
      article.lang = q.language;
      article.dir = "auto";
    }
    if (q.kind && q.kind !== "question") article.dataset.kind = q.kind;
    article.append(element("p", "question-text", q.text));
    if (q.principles.length) {
      const pills = element("ul", "pills principles");
      pills.setAttribute("aria-label", say("page.principles"));
      for (const slug of q.principles) {
        const principle = principles[principleAt.get(slug)];
        const link = element("a", "pill", principle ? principle.title : slug);
        if (principle) link.href = principle.url;
        const li = element("li");
        li.append(link);
        pills.append(li);
      }
      article.append(pills);
    }
    if (q.answered) {
      const details = element("details", "answer");
      details.setAttribute("data-answer-later", "");
      const body = element("div", "answer-body", say("script.loading_answer"));
      details.append(element("summary", "", say("questions.show_answer")), body);
      article.append(details);
    }
    if (q.stories.length) article.append(storyChoice(q));
    if (q.followups.length) {
      const list = element("ul", "followups");
      list.setAttribute("aria-label", say("questions.followups"));
      for (const followup of q.followups) list.append(element("li", "", followup));
      article.append(list);
    }
    const meta = element("p", "question-meta");
    if (q.section) meta.append(element("span", "question-section", q.section));
    for (const name of ["company", "level", "topic", "difficulty"]) {
      if (!q[name]) continue;
      const span = element("span", `question-${name}`);
      span.append(element("span", "visually-hidden", `${say(`questions.${name}`)}: `), q[name]);
      meta.append(span);
    }
    const source = element("a", "question-source", say("questions.where_written"));
    source.href = q.url;
    meta.append(source);
    article.append(meta);
    return article;
  }

  function storyChoice(q) {
    const box = element("p", "story-choice");
    const label = element("label", "", say("questions.my_story"));
    label.htmlFor = `story-for-${q.id}`;
    const choice = element("select");
    choice.id = `story-for-${q.id}`;
    choice.setAttribute("data-story-choice", "");
    choice.setAttribute("data-question", q.id);
    choice.append(new Option(say("questions.no_story"), ""));
    for (const index of q.stories) choice.append(new Option(stories[index].title, stories[index].key));
    const saved = study?.load().stories[q.id];
    const want = saved && saved.story ? saved.story : "";
    choice.value = Array.from(choice.options).some((o) => o.value === want) ? want : "";
    box.append(label, choice);
    return box;
  }

  // The group a card goes into: the last one, when it is the card's principle's.
  function groupFor(q) {
    const slug = q.principles.length && principleAt.has(q.principles[0]) ? q.principles[0] : "";
    const last = results.lastElementChild;
    if (last && last.getAttribute("data-group") === slug) return last.querySelector(".question-list");
    const section = element("section", "question-group");
    section.id = `group-${slug || "other"}`;
    section.setAttribute("data-group", slug);
    const heading = element("h2");
    const principle = slug ? principles[principleAt.get(slug)] : null;
    if (principle) {
      const link = element("a", "", principle.title);
      link.href = principle.url;
      heading.append(link);
    } else {
      heading.textContent = say("questions.other_questions");
    }
    const list = element("div", "question-list");
    section.append(heading, list);
    results.append(section);
    return list;
  }

  // ---------- Showing the matches ----------

  let matching = order; // the questions of the filter, in the page's order
  let shown = results.querySelectorAll(".question-card").length; // of them, in the page
  let showing = 0; // the latest request to show more; an older one that loads later is dropped

  function updateCounts() {
    const count = matching.length;
    if (countEl) countEl.textContent = String(count);
    if (nounEl) nounEl.textContent = sayCount("question_nouns", count);
    if (shownLine) shownLine.textContent = shown < count ? say("questions.first_shown", { n: shown }) : "";
    if (noResults) noResults.hidden = count !== 0;
    if (moreButton) moreButton.hidden = shown >= count;
  }

  // After each value of each filter, how many questions choosing it would leave.
  function countOptions(filter) {
    for (const name of NAMES) {
      const sel = select(name);
      if (!sel) continue;
      const counts = new Map();
      let all = 0;
      for (const q of questions) {
        if (!matches(q, filter, name)) continue;
        all++;
        const values = name === "principle" ? q.principles : [q[name]];
        for (const value of values) counts.set(value, (counts.get(value) || 0) + 1);
      }
      for (const option of sel.options) {
        if (option.dataset.label === undefined) option.dataset.label = option.textContent;
        const count = option.value ? counts.get(option.value) || 0 : all;
        option.textContent = `${option.dataset.label} (${count})`;
      }
    }
  }

  async function showMore() {
    const request = ++showing;
    const next = matching.slice(shown, shown + PAGE);
    if (moreButton) moreButton.disabled = true;
    try {
      await Promise.all(next.map(bank.fill));
    } finally {
      if (moreButton) moreButton.disabled = false;
    }
    if (request !== showing) return;
    for (const q of next) groupFor(q).append(card(q));
    shown += next.length;
    updateCounts();
  }

  let applying = 0; // the latest filter; an older one still reading texts is dropped

  async function apply() {
    const request = ++applying;
    const filter = current();
    filter.words = wordsOf(filter.text);
    if (filter.words.length) {
      try {
        await bank.fillAll((read) => {
          if (request === applying && shownLine) shownLine.textContent = say("script.searching_read", { read, total: questions.length });
        });
      } catch (error) {
        if (request === applying && shownLine) shownLine.textContent = say("script.not_searched", { error: error.message });
        return;
      }
      if (request !== applying) return;
    }
    matching = order.filter((q) => matches(q, filter));
    results.textContent = "";
    shown = 0;
    countOptions(filter);
    updateCounts();
    return showMore();
  }

  // ---------- Wiring ----------

  const writeQuery = () => window.prepressQuery.set(current());

  function readQuery() {
    for (const name of NAMES) {
      const sel = select(name);
      if (!sel) continue;
      const value = window.prepressQuery.get(name);
      sel.value = Array.from(sel.options).some((option) => option.value === value) ? value : "";
    }
    if (textField) textField.value = window.prepressQuery.get("text");
  }

  let typing = 0;
  // The words field applies as it is typed (below); leaving it changes nothing more.
  form.addEventListener("change", (event) => {
    if (event.target === textField) return;
    writeQuery();
    apply();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    writeQuery();
    apply();
  });
  form.addEventListener("reset", () => {
    // The reset happens after this event; read the selects once it has.
    setTimeout(() => {
      writeQuery();
      apply();
    }, 0);
  });
  window.addEventListener("popstate", () => {
    readQuery();
    apply();
  });
  moreButton?.addEventListener("click", showMore);
  textField?.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      writeQuery();
      apply();
    }, 200);
  });

  // An answer the page does not hold, from its shard when it is opened.
  results.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.open || !details.hasAttribute("data-answer-later")) return;
    const q = questions[Number(details.closest(".question-card")?.dataset.at)];
    if (!q) return;
    const body = details.querySelector(".answer-body");
    details.removeAttribute("data-answer-later");
    bank.answer(q).then(
      // The author's Markdown as prepress rendered it.
      (html) => { if (html) body.innerHTML = html; },
      (error) => {
        details.setAttribute("data-answer-later", "");
        body.textContent = say("script.answer_failed", { error: error.message });
      },
    );
  }, true);

  readQuery();
  const filter = current();
  if (filter.text || NAMES.some((name) => filter[name])) {
    await apply();
  } else {
    countOptions(filter);
    updateCounts();
  }
})();

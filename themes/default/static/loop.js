// The mock loop: deals an interview loop from the question bank (bank.js: the deal
// reads the index, the dealt questions' texts come from their shards). N rounds (default 4, one per interviewer), each with two
// principles and one or two questions per principle, no principle or question twice.
// The deal comes from a seed kept in the address (?seed=...&rounds=4): the same seed
// deals the same loop, and "Deal again" picks a new seed. Each round has its own timer
// (timer.js). Printed, each round is an interviewer's sheet on its own page: the
// questions, their follow-ups and a score grid.
(async () => {
  "use strict";

  const { prepressText: say, prepressCount: sayCount, prepressLocale: locale } = window;
  const page = document.getElementById("loop");
  const bank = window.prepressBank;
  if (!page || !window.prepressStudy || !bank) return;
  const note = page.querySelector("[data-loop-note]");
  let data;
  try {
    data = await bank.load();
  } catch (error) {
    if (note) note.textContent = say("practice.bank_failed", { error: error.message });
    return;
  }
  const { questions, principles, probes } = data;
  const MINUTES_PER_QUESTION = 5;
  const SCORES = ["strong_no", "no", "yes", "strong_yes"].map((key) => say(`loop.${key}`));
  const both = new Intl.ListFormat(locale, { type: "conjunction" });

  const seedEl = page.querySelector("[data-loop-seed]");
  const roundsSelect = page.querySelector("#loop-rounds");
  const roundsEl = page.querySelector("[data-loop-rounds]");

  // ---------- A seeded random source ----------

  function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  // mulberry32: small, fast, and the same numbers in every browser.
  function random(seed) {
    let state = hash(seed);
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffle(list, rand) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  const newSeed = () => Math.random().toString(36).slice(2, 10).padEnd(8, "0");
  const validSeed = (seed) => /^[A-Za-z0-9_-]{1,40}$/.test(seed);

  // ---------- Dealing ----------

  function deal(seed, count) {
    const rand = random(seed);
    const byPrinciple = new Map(principles.map((p) => [p.slug, []]));
    questions.forEach((q, index) => {
      for (const slug of q.principles || []) byPrinciple.get(slug)?.push(index);
    });
    const eligible = shuffle(principles.filter((p) => byPrinciple.get(p.slug).length), rand);
    const used = new Set();
    const rounds = [];
    let next = 0;
    while (rounds.length < count && next < eligible.length) {
      const round = { principles: [], questions: [] };
      while (round.principles.length < 2 && next < eligible.length) {
        const principle = eligible[next++];
        const open = shuffle(byPrinciple.get(principle.slug).filter((q) => !used.has(q)), rand);
        if (!open.length) continue;
        const take = Math.min(open.length, rand() < 0.5 ? 1 : 2);
        round.principles.push(principle);
        for (const index of open.slice(0, take)) {
          used.add(index);
          round.questions.push({ question: questions[index], principle });
        }
      }
      if (round.principles.length) rounds.push(round);
    }
    return { rounds, probe: () => probes[Math.floor(rand() * probes.length)] };
  }

  // ---------- Drawing ----------

  function element(name, className, text) {
    const el = document.createElement(name);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function timerBox(number, seconds) {
    const box = element("div", "loop-timer");
    box.setAttribute("data-timer-box", "");
    const display = element("p", "timer", window.prepressTimer.format(seconds * 1000));
    display.setAttribute("role", "timer");
    display.setAttribute("data-timer", "");
    display.setAttribute("data-seconds", String(seconds));
    display.setAttribute("aria-label", say("loop.time_left", { n: number }));
    const buttons = element("p", "timer-buttons");
    for (const name of ["start", "pause", "reset"]) {
      const button = element("button", name === "start" ? "button button-primary" : "button", say(`timer.${name}`));
      button.type = "button";
      button.setAttribute(`data-timer-${name}`, "");
      button.setAttribute("aria-label", say(`loop.${name}`, { n: number }));
      buttons.append(button);
    }
    const status = element("p", "visually-hidden");
    status.setAttribute("data-timer-status", "");
    status.setAttribute("aria-live", "assertive");
    box.append(display, buttons, status);
    return box;
  }

  function scoreGrid(round, number) {
    const table = element("table", "score-grid");
    table.append(element("caption", "", say("loop.scores", { n: number })));
    const head = element("thead");
    const headRow = element("tr");
    for (const title of [say("questions.principle"), ...SCORES, say("loop.notes")]) {
      const th = element("th", "", title);
      th.scope = "col";
      headRow.append(th);
    }
    head.append(headRow);
    const body = element("tbody");
    for (const principle of round.principles) {
      const row = element("tr");
      const th = element("th", "", principle.title);
      th.scope = "row";
      row.append(th);
      for (let i = 0; i < SCORES.length; i++) row.append(element("td", "score-box"));
      row.append(element("td", "score-notes"));
      body.append(row);
    }
    table.append(head, body);
    // It scrolls inside a box a keyboard can reach on a narrow screen.
    const box = element("div", "table-scroll");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", say("loop.scores", { n: number }));
    box.append(table);
    return box;
  }

  function drawRound(round, number, probe) {
    const section = element("section", "loop-round");
    section.setAttribute("data-round", String(number));
    section.setAttribute("aria-labelledby", `round-${number}-title`);
    const title = element("h2", "", say("loop.round", { n: number }));
    title.id = `round-${number}-title`;
    const covers = element("p", "loop-principles", say("loop.principles", { list: both.format(round.principles.map((p) => p.title)) }));
    const list = element("ol", "loop-questions");
    for (const { question, principle } of round.questions) {
      const item = element("li", "loop-question");
      item.setAttribute("data-question", question.id);
      item.append(element("p", "loop-question-text", question.text), element("p", "loop-question-principle", principle.title));
      const followups = (question.followups || []).length ? question.followups : [probe(), probe()].filter(Boolean);
      if (followups.length) {
        const more = element("ul", "followups loop-followups");
        more.setAttribute("aria-label", say("practice.followups"));
        for (const text of new Set(followups)) more.append(element("li", "", text));
        item.append(more);
      }
      list.append(item);
    }
    section.append(title, covers, list, timerBox(number, round.questions.length * MINUTES_PER_QUESTION * 60), scoreGrid(round, number));
    return section;
  }

  let timers = [];

  let latest = null; // the deal being shown; an older one that loads later is dropped

  async function show(seed, count) {
    const dealt = deal(seed, count);
    latest = dealt;
    const { rounds, probe } = dealt;
    try {
      await Promise.all(rounds.flatMap((round) => round.questions.map(({ question }) => bank.fill(question))));
    } catch (error) {
      if (latest === dealt) note.textContent = say("loop.questions_failed", { error: error.message });
      return;
    }
    if (latest !== dealt) return;
    if (seedEl) seedEl.textContent = seed;
    for (const timer of timers) timer.destroy();
    roundsEl.textContent = "";
    timers = rounds.map((round, index) => {
      const section = drawRound(round, index + 1, probe);
      roundsEl.append(section);
      return window.prepressTimer.attach(section.querySelector("[data-timer-box]"));
    });
    if (!rounds.length) {
      note.textContent = say("loop.no_principles");
    } else if (rounds.length < count) {
      note.textContent = say("loop.too_few", { count, dealt: rounds.length });
    } else {
      note.textContent = sayCount("rounds_dealt", rounds.length, { seed });
    }
  }

  function current() {
    const wanted = parseInt(window.prepressQuery.get("rounds"), 10);
    const count = [2, 3, 4, 5, 6].includes(wanted) ? wanted : 4;
    const given = window.prepressQuery.get("seed");
    const seed = validSeed(given) ? given : newSeed();
    return { seed, count };
  }

  function go(seed, count) {
    window.prepressQuery.set({ seed, rounds: count === 4 ? "" : String(count) });
    if (roundsSelect) roundsSelect.value = String(count);
    show(seed, count);
  }

  page.querySelector("[data-loop-deal]")?.addEventListener("click", () => go(newSeed(), current().count));
  page.querySelector("[data-loop-print]")?.addEventListener("click", () => window.print());
  roundsSelect?.addEventListener("change", () => go(current().seed, parseInt(roundsSelect.value, 10) || 4));
  page.querySelector("form.loop-controls")?.addEventListener("submit", (event) => event.preventDefault());

  const { seed, count } = current();
  go(seed, count);
})();

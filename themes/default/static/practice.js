// Practice mode: a random question (optionally for one principle), a two-minute countdown
// and "Tell me more" follow-ups. Data comes from two JSON script elements:
// #practice-data: [{text, principles: [slug], principle_titles: [title], followups: [text], url}]
// #practice-probes: [text], general probes for questions without follow-ups.
// The chosen principle is kept in the query string through prepressQuery (query.js).
(() => {
  "use strict";

  const root = document.getElementById("practice");
  if (!root) return;

  function readJson(id) {
    const el = document.getElementById(id);
    if (!el) return [];
    try {
      const value = JSON.parse(el.textContent || "[]");
      return Array.isArray(value) ? value : [];
    } catch {
      return [];
    }
  }

  const questions = readJson("practice-data");
  const probes = readJson("practice-probes");

  const principleSelect = document.getElementById("practice-principle");
  const nextButton = document.getElementById("practice-next");
  const questionEl = document.getElementById("practice-question");
  const principlesEl = document.getElementById("practice-principles");
  const sourceEl = document.getElementById("practice-source");
  const followupsEl = document.getElementById("practice-followups");
  const answerEl = document.getElementById("practice-answer");
  const answerBody = document.getElementById("practice-answer-body");
  const moreButton = document.getElementById("practice-more");

  // ---------- Questions ----------

  let current = null; // the question shown
  let revealed = 0; // how many follow-ups/probes are shown for it
  let deck = []; // indices still to draw for the current filter, shuffled
  let deckFilter = null;

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  function pool(filter) {
    const indices = [];
    questions.forEach((q, i) => {
      if (!filter || (q.principles || []).includes(filter)) indices.push(i);
    });
    return indices;
  }

  // Draws without repeats until every question of the filter was shown once.
  function draw() {
    const filter = principleSelect ? principleSelect.value : "";
    if (filter !== deckFilter || deck.length === 0) {
      deck = shuffle(pool(filter));
      deckFilter = filter;
      // Do not show the same question twice in a row when a new round starts.
      if (deck.length > 1 && current && questions[deck[deck.length - 1]] === current) {
        deck.unshift(deck.pop());
      }
    }
    if (deck.length === 0) return null;
    return questions[deck.pop()];
  }

  // The follow-ups of the question, then the general probes.
  const moreList = (q) => (q?.followups || []).concat(probes);

  function updateMoreButton() {
    if (!moreButton) return;
    const left = current ? moreList(current).length - revealed : 0;
    moreButton.disabled = left <= 0;
    moreButton.textContent = current && left <= 0 ? "No more follow-ups" : "Tell me more";
  }

  // The answer, folded under "Show answer", for a question that has one. It is the
  // author's Markdown as prepress rendered it.
  function showAnswer(q) {
    if (!answerEl || !answerBody) return;
    answerEl.open = false;
    answerBody.innerHTML = (q && q.answer_html) || "";
    answerEl.hidden = !(q && q.answer_html);
  }

  function show(q) {
    current = q;
    revealed = 0;
    if (followupsEl) followupsEl.textContent = "";
    if (principlesEl) principlesEl.textContent = "";
    if (!q) {
      questionEl.textContent = questions.length
        ? "No questions for this principle yet."
        : "No questions yet.";
      if (sourceEl) sourceEl.hidden = true;
      root.removeAttribute("data-has-question");
    } else {
      questionEl.textContent = q.text;
      for (const title of q.principle_titles || []) {
        const li = document.createElement("li");
        const span = document.createElement("span");
        span.className = "pill";
        span.textContent = title;
        li.appendChild(span);
        principlesEl.appendChild(li);
      }
      if (sourceEl) {
        const link = sourceEl.querySelector("a");
        if (q.url && link) {
          link.href = q.url;
          sourceEl.hidden = false;
        } else {
          sourceEl.hidden = true;
        }
      }
      root.setAttribute("data-has-question", "");
    }
    showAnswer(q);
    updateMoreButton();
    timerReset();
  }

  function tellMore() {
    if (!current) return;
    const list = moreList(current);
    if (revealed >= list.length) return;
    const own = (current.followups || []).length;
    const li = document.createElement("li");
    li.className = revealed < own ? "followup" : "probe";
    li.textContent = list[revealed];
    followupsEl.appendChild(li);
    revealed++;
    updateMoreButton();
  }

  // ---------- Timer: remaining time comes from Date.now(), not from counting ticks ----------

  const timerEl = document.getElementById("practice-timer");
  const startButton = document.getElementById("timer-start");
  const pauseButton = document.getElementById("timer-pause");
  const resetButton = document.getElementById("timer-reset");
  const timerStatus = document.getElementById("practice-timer-status");

  const DURATION = 1000 * (parseInt(timerEl?.getAttribute("data-seconds"), 10) || 120);
  let remaining = DURATION; // ms left while not running
  let deadline = 0; // Date.now() value at which time is up, while running
  let ticker = null;

  function format(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return `${m}:${s < 10 ? "0" : ""}${s}`;
  }

  function setState(state) {
    if (timerEl) timerEl.setAttribute("data-state", state);
    if (startButton) startButton.disabled = state === "running";
    if (pauseButton) pauseButton.disabled = state !== "running";
  }

  function render() {
    if (!timerEl) return;
    const left = ticker ? deadline - Date.now() : remaining;
    if (left <= 0) {
      stopTicker();
      remaining = 0;
      timerEl.textContent = "Time's up";
      setState("done");
      if (timerStatus) timerStatus.textContent = "Time's up";
      return;
    }
    timerEl.textContent = format(left);
  }

  function stopTicker() {
    if (ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  function timerStart() {
    if (ticker) return;
    if (remaining <= 0) remaining = DURATION;
    if (timerStatus) timerStatus.textContent = "";
    deadline = Date.now() + remaining;
    ticker = setInterval(render, 200);
    setState("running");
    render();
  }

  function timerPause() {
    if (!ticker) return;
    remaining = Math.max(0, deadline - Date.now());
    stopTicker();
    setState(remaining > 0 ? "paused" : "done");
    render();
  }

  function timerReset() {
    stopTicker();
    remaining = DURATION;
    if (timerStatus) timerStatus.textContent = "";
    setState("idle");
    render();
  }

  // ---------- Wiring ----------

  // The principle in the address, if the select offers it; otherwise all principles.
  function principleFromQuery() {
    if (!principleSelect) return;
    const wanted = window.prepressQuery.get("principle");
    const offered = Array.from(principleSelect.options).some((option) => option.value === wanted);
    principleSelect.value = offered ? wanted : "";
  }

  function principleToQuery() {
    if (!principleSelect) return;
    window.prepressQuery.set({ principle: principleSelect.value });
  }

  nextButton?.addEventListener("click", () => show(draw()));
  moreButton?.addEventListener("click", tellMore);
  startButton?.addEventListener("click", timerStart);
  pauseButton?.addEventListener("click", timerPause);
  resetButton?.addEventListener("click", timerReset);
  principleSelect?.addEventListener("change", () => {
    principleToQuery();
    show(draw());
  });
  // Timers are throttled in background tabs; catch up as soon as the page is visible.
  document.addEventListener("visibilitychange", () => {
    if (ticker) render();
  });

  principleFromQuery();
  show(draw());
})();

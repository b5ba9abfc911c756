// Practice: today's queue of the question bank, spaced by the scheduler (fsrs.js), with
// the learner's reviews from prepressStudy (study.js). The queue is the cards due by the
// end of today, most overdue first, then new cards in bank order up to the learner's
// daily limit; the filters (the question bank's form) narrow it and are kept in the
// address. Grading a card (Again / Hard / Good / Easy, or keys 1-4) stores the review
// with its self-check ticks and schedules it for a later day. With nothing due,
// "Another question" deals any question of the filter, and grading still counts.
// Data: the question bank's index and shards (bank.js): the queue is made from the
// index and the questions the learner's reviews name (found by their ids); a card's
// text and follow-ups come from its shard when it is shown, and its answer's shard is
// fetched then too, so "Show answer" waits for nothing more.
(async () => {
  "use strict";

  const { prepressText: say, prepressLocale: locale } = window;
  const root = document.getElementById("practice");
  const study = window.prepressStudy;
  const fsrs = window.prepressFsrs;
  const bank = window.prepressBank;
  if (!root || !study || !fsrs || !bank) return;

  let data;
  try {
    data = await bank.load();
  } catch (error) {
    document.getElementById("practice-question").textContent = say("practice.bank_failed", { error: error.message });
    return;
  }
  const { questions, probes, stories, principles } = data;
  // The questions the learner's reviews name, each now with its id.
  const learn = () => bank.known(Object.keys(study.load().reviews));
  try {
    await learn();
  } catch (error) {
    document.getElementById("practice-question").textContent = say("practice.bank_failed", { error: error.message });
    return;
  }
  const principleTitle = new Map(principles.map((p) => [p.slug, p.title]));

  const GRADES = ["again", "hard", "good", "easy"];
  const FILTERS = ["principle", "section", "company", "level", "topic", "difficulty", "language", "kind"];
  // The kind filter (question, cloze, card) shows when the bank holds cards.
  const kindFilter = root.querySelector("[data-kind-filter]");
  if (kindFilter && questions.some((q) => q.kind !== "question")) kindFilter.hidden = false;

  const $ = (id) => document.getElementById(id);
  const form = root.querySelector("form.question-filters");
  const dueCount = root.querySelector("[data-due-count]");
  const dueText = $("practice-due-text");
  const newLimit = $("practice-new-limit");
  const questionEl = $("practice-question");
  const principlesEl = $("practice-principles");
  const sourceEl = $("practice-source");
  const answerEl = $("practice-answer");
  const answerBody = $("practice-answer-body");
  const translationEl = $("practice-translation");
  const translationLabel = $("practice-translation-label");
  const translationBody = $("practice-translation-body");
  const storyBox = $("practice-story");
  const storySelect = $("practice-story-choice");
  const rubric = $("practice-rubric");
  const gradeButtons = Array.from(root.querySelectorAll("[data-grade]"));
  const statusEl = $("practice-status");
  const nextButton = $("practice-next");
  const followupsEl = $("practice-followups");
  const moreButton = $("practice-more");
  const timer = window.prepressTimer.attach($("practice-timer-box"));

  let queue = []; // today's cards for the filter, in order
  let current = null; // the question shown
  let wanted = null; // the question to show once its shard is in
  let revealed = 0; // follow-ups shown for it

  // ---------- The queue ----------

  function filter() {
    const values = {};
    for (const name of FILTERS) {
      const select = form?.elements.namedItem(name);
      values[name] = select ? select.value : "";
    }
    return values;
  }

  function matches(q, values) {
    if (values.principle && !(q.principles || []).includes(values.principle)) return false;
    return FILTERS.filter((name) => name !== "principle" && values[name]).every(
      (name) => (q[name] || "") === values[name],
    );
  }

  // How many cards were seen for the first time today, whatever the filter.
  function newToday(saved, todayStart) {
    let count = 0;
    for (const list of Object.values(saved.reviews)) {
      if (list.length && list[0].at >= todayStart) count++;
    }
    return count;
  }

  function buildQueue() {
    const saved = study.load();
    const now = Date.now();
    const today = study.dayNumber(now);
    const values = filter();
    const due = [];
    const fresh = [];
    for (const q of questions) {
      if (!matches(q, values)) continue;
      const reviews = q.id === undefined ? undefined : saved.reviews[q.id];
      if (reviews && reviews.length) {
        const card = study.card(reviews);
        if (card.dueDay <= today) due.push({ q, due: card.dueDay });
      } else {
        fresh.push(q);
      }
    }
    due.sort((a, b) => a.due - b.due);
    const allowed = Math.max(0, saved.settings.newPerDay - newToday(saved, study.dayStart(now)));
    const news = fresh.slice(0, allowed);
    queue = due.map((d) => d.q).concat(news);
    if (dueCount) {
      dueCount.textContent = String(queue.length);
      dueCount.setAttribute("data-due-count", String(queue.length));
    }
    if (dueText) {
      dueText.textContent = say("practice.due_detail", { review: due.length, new: news.length });
    }
    if (newLimit && document.activeElement !== newLimit) newLimit.value = String(saved.settings.newPerDay);
  }

  // ---------- Showing a card ----------

  const number = new Intl.NumberFormat(locale);
  function daysText(days) {
    if (days < 30) return say("practice.days", { n: number.format(days) });
    if (days < 365) return say("practice.months", { n: number.format(Math.round(days / 30)) });
    return say("practice.years", { n: number.format(Math.round(days / 36.5) / 10) });
  }

  function showIntervals() {
    const reviews = current ? study.load().reviews[current.id] || [] : [];
    const now = Date.now();
    gradeButtons.forEach((button, index) => {
      button.disabled = !current;
      const when = button.querySelector(".grade-when");
      const next = reviews.concat([{ at: now, grade: index + 1 }]);
      if (when) when.textContent = current ? daysText(study.card(next).interval) : "";
    });
  }

  function showStories(q) {
    if (!storyBox || !storySelect) return;
    storySelect.textContent = "";
    const offered = (q?.stories || []).map((i) => stories[i]).filter(Boolean);
    storyBox.hidden = offered.length === 0;
    if (!offered.length) return;
    storySelect.setAttribute("data-question", q.id);
    const none = new Option(say("questions.no_story"), "");
    storySelect.append(none);
    for (const story of offered) storySelect.append(new Option(story.title, story.key));
    const chosen = study.load().stories[q.id];
    storySelect.value = chosen && chosen.story && offered.some((s) => s.key === chosen.story) ? chosen.story : "";
  }

  function showAnswer(q) {
    if (!answerEl || !answerBody) return;
    answerEl.open = false;
    answerEl.hidden = !(q && q.answered);
    answerBody.textContent = q && q.answered ? say("script.loading_answer") : "";
    if (!q || !q.answered) return;
    bank.answer(q).then(
      (html) => {
        // The author's Markdown as prepress rendered it.
        if (current === q) answerBody.innerHTML = html || "";
      },
      (error) => {
        if (current === q) answerBody.textContent = say("script.answer_failed", { error: error.message });
      },
    );
  }

  // A language's name in the reader's language (`Russian`, `русский`), else its code.
  function languageName(code) {
    try {
      return new Intl.DisplayNames([window.prepressLocale, "en"], { type: "language" }).of(code) || code;
    } catch {
      return code;
    }
  }

  // A question a bilingual note asks in other languages too: a closed box that shows
  // it (and its answer) in them, each marked with its language.
  function showTranslations(q) {
    if (!translationEl) return;
    translationEl.open = false;
    translationBody.textContent = "";
    const others = q ? q.translations || [] : [];
    translationEl.hidden = others.length === 0;
    if (!others.length) return;
    translationLabel.textContent = others.length === 1 && others[0].language
      ? say("practice.show_in", { language: languageName(others[0].language) })
      : say("practice.show_in_others");
    for (const other of others) {
      const block = document.createElement("div");
      block.className = "translation-of";
      if (other.language) {
        block.lang = other.language;
        // Its own direction: Arabic in an English course, or English in an Arabic one.
        block.dir = "auto";
      }
      translationBody.appendChild(block);
      Promise.all([bank.fill(other), other.answered ? bank.answer(other) : null]).then(
        ([, html]) => {
          if (current !== q) return;
          const text = document.createElement("p");
          text.className = "practice-question";
          text.textContent = other.text;
          block.appendChild(text);
          if (html) {
            const answer = document.createElement("div");
            answer.className = "answer-body";
            answer.innerHTML = html;
            block.appendChild(answer);
          }
        },
        (error) => {
          if (current === q) block.textContent = say("practice.question_failed", { error: error.message });
        },
      );
    }
  }

  // Shows `q` once its text is in (at most one shard away); a later call wins.
  function show(q) {
    wanted = q;
    if (q && !bank.filled(q)) {
      bank.fill(q).then(
        () => wanted === q && show(q),
        (error) => {
          if (wanted === q) questionEl.textContent = say("practice.question_failed", { error: error.message });
        },
      );
      return;
    }
    current = q;
    revealed = 0;
    followupsEl.textContent = "";
    principlesEl.textContent = "";
    if (!q) {
      questionEl.textContent = questions.length
        ? say("practice.nothing_due")
        : say("practice.no_questions");
      sourceEl.hidden = true;
      root.removeAttribute("data-has-question");
    } else {
      questionEl.textContent = q.text;
      // Read in its own language's voice when it is not the page's.
      if (q.language) {
        questionEl.lang = q.language;
        questionEl.dir = "auto";
      } else {
        questionEl.removeAttribute("lang");
        questionEl.removeAttribute("dir");
      }
      for (const slug of q.principles || []) {
        const li = document.createElement("li");
        const span = document.createElement("span");
        span.className = "pill";
        span.textContent = principleTitle.get(slug) || slug;
        li.appendChild(span);
        principlesEl.appendChild(li);
      }
      const link = sourceEl.querySelector("a");
      sourceEl.hidden = !(q.url && link);
      if (q.url && link) link.href = q.url;
      root.setAttribute("data-has-question", "");
      root.setAttribute("data-question", q.id);
    }
    if (rubric) {
      // The STAR self-check is for answers told, not for cards recalled.
      rubric.hidden = !(q && (q.principles || []).length && (q.kind || "question") === "question");
      for (const box of rubric.querySelectorAll("input")) box.checked = false;
    }
    nextButton.textContent = queue.length ? say("practice.skip") : say("practice.another");
    // Skipping the only card left would show it again.
    nextButton.disabled = queue.length === 1 && current === queue[0];
    showAnswer(q);
    showTranslations(q);
    showStories(q);
    showIntervals();
    updateMoreButton();
    timer.reset();
  }

  // The first card of today's queue, or nothing when the queue is empty.
  function showQueue() {
    buildQueue();
    show(queue[0] || null);
  }

  function another() {
    if (queue.length > 1 && current === queue[0]) {
      queue.push(queue.shift());
      show(queue[0]);
      return;
    }
    if (queue.length) {
      show(queue[0]);
      return;
    }
    const values = filter();
    const pool = questions.filter((q) => matches(q, values) && q !== current);
    const choice = pool.length ? pool[Math.floor(Math.random() * pool.length)] : current;
    show(choice || null);
    if (!choice && questions.length) questionEl.textContent = say("questions.none_match");
  }

  // ---------- Grading ----------

  function grade(name) {
    if (!current) return;
    const value = GRADES.indexOf(name) + 1;
    if (value < 1) return;
    const review = { at: Date.now(), grade: value };
    if (rubric && !rubric.hidden) {
      review.rubric = Array.from(rubric.querySelectorAll("input:checked")).map((box) => box.value);
    }
    const id = current.id;
    const saved = study.update((d) => {
      (d.reviews[id] = d.reviews[id] || []).push(review);
    });
    const card = study.card(saved.reviews[id]);
    showQueue();
    const label = say(`practice.${name}`).toLocaleLowerCase(locale);
    statusEl.textContent = say("practice.graded", { grade: label, interval: daysText(card.interval), left: queue.length });
  }

  // ---------- Follow-ups ----------

  const moreList = (q) => (q?.followups || []).concat(probes);

  function updateMoreButton() {
    const left = current ? moreList(current).length - revealed : 0;
    moreButton.disabled = left <= 0;
    moreButton.textContent = current && left <= 0 ? say("practice.no_more") : say("practice.tell_more");
  }

  function tellMore() {
    if (!current) return;
    const list = moreList(current);
    if (revealed >= list.length) return;
    const li = document.createElement("li");
    li.className = revealed < (current.followups || []).length ? "followup" : "probe";
    li.textContent = list[revealed];
    followupsEl.appendChild(li);
    revealed++;
    updateMoreButton();
  }

  // ---------- Wiring ----------

  function filtersFromQuery() {
    if (!form) return;
    for (const name of FILTERS) {
      const select = form.elements.namedItem(name);
      if (!select) continue;
      const wanted = window.prepressQuery.get(name);
      select.value = Array.from(select.options).some((o) => o.value === wanted) ? wanted : "";
    }
  }

  form?.addEventListener("change", () => {
    const values = filter();
    window.prepressQuery.set(values);
    showQueue();
  });
  form?.addEventListener("submit", (event) => event.preventDefault());
  form?.addEventListener("reset", () => setTimeout(() => form.dispatchEvent(new Event("change")), 0));

  newLimit?.addEventListener("change", () => {
    // An empty field is a number being typed; anything else not a number keeps the
    // setting as it was.
    if (newLimit.value.trim() === "") return;
    const typed = parseInt(newLimit.value, 10);
    if (!Number.isInteger(typed) || typed < 0) {
      newLimit.value = String(study.load().settings.newPerDay);
      return;
    }
    const limit = Math.min(9999, typed);
    study.update((d) => {
      d.settings = { ...d.settings, newPerDay: limit, at: Date.now() };
    });
    showQueue();
  });

  storySelect?.addEventListener("change", () => {
    const id = storySelect.getAttribute("data-question");
    if (!id) return;
    const story = storySelect.value || null;
    study.update((d) => {
      d.stories[id] = { story, at: Date.now() };
    });
  });

  for (const button of gradeButtons) {
    button.addEventListener("click", () => grade(button.getAttribute("data-grade")));
  }
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.isComposing) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    const index = ["1", "2", "3", "4"].indexOf(event.key);
    if (index < 0 || !current) return;
    event.preventDefault();
    grade(GRADES[index]);
  });
  nextButton.addEventListener("click", another);
  moreButton.addEventListener("click", tellMore);
  study.onChange(() => learn().then(buildQueue, () => {}));

  filtersFromQuery();
  showQueue();
})();

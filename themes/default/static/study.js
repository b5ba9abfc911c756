// The learner's data: everything the study pages remember (reviews, rubric ticks,
// chosen stories, lectures done, settings) lives under one versioned localStorage key
// per course, `prepress:v1:<course>`, where <course> is the body's data-course (the
// course's base_url, or its title), so two courses opened in one browser never mix.
// The JSON schema is in the guide (docs/content/06-study-layer/04-your-data.md):
//   {format: "prepress-progress", version: 1, course, created, exported, snoozed,
//    reviews: {questionId: [{at, grade, rubric?: [key]}]},
//    stories: {questionId: {story: storyKey|null, at}},
//    lectures: {pageKey: {done, at}},
//    last: {key, title, at, next?: {key, title}} | null,
//    settings: {newPerDay, autoDone, at, retention?, parameters?, fitted?}}
// Times are milliseconds since 1970. A card's schedule is not stored: it is its reviews
// replayed through the scheduler (fsrs.js), so merging two files is merging reviews. The
// scheduler counts in the learner's calendar days: a review's day is its local date, so
// a card due "in 2 days" is due from midnight two dates on, whatever the hour and
// however the clocks change. The settings' retention (0.70-0.97) and parameters (the 21
// FSRS weights fitted to these reviews on /progress/, with `fitted: {reviews, at, loss}`
// saying on what) are handed to fsrs.js before any replay; without them (data from
// before they existed) the scheduler's defaults apply. Replaying every card's reviews
// in the order they were made, with the count of cards due on each day, lets the
// scheduler balance the load (fsrs.js) the same way every time.
//
// Also here: "Export progress" ([data-progress-export]) downloads the data as a file,
// "Import progress" ([data-progress-import], a file input) merges one (the newer entry
// wins, no review is lost; anything invalid or from another course is refused and
// changes nothing), and a banner reminds to export after 7 days without one.
(() => {
  "use strict";

  const FORMAT = "prepress-progress";
  const VERSION = 1;
  const DAY = 24 * 60 * 60 * 1000;
  const BACKUP_AFTER = 7 * DAY;
  const NEW_PER_DAY = 10;
  const RUBRIC = ["star", "number", "i", "time", "shown"];

  const course = document.body.getAttribute("data-course") || "";
  const KEY = `prepress:v${VERSION}:${course}`;
  const root = new URL(document.body.getAttribute("data-root") || "/", location.href);
  const listeners = [];
  // The text last read or written, and its data: the schedule below is made from it.
  let seen = null;
  // False once the site found stored data it could not read and could not set aside:
  // from then on this page writes nothing, so nothing is written over it.
  let writable = true;

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  function empty(now) {
    return {
      format: FORMAT,
      version: VERSION,
      course,
      created: now,
      exported: 0,
      snoozed: 0,
      reviews: {},
      stories: {},
      lectures: {},
      last: null,
      settings: { newPerDay: NEW_PER_DAY, autoDone: false, at: 0 },
    };
  }

  // ---------- Reading a value that may come from anywhere ----------

  const isTime = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  const isText = (v) => typeof v === "string" && v.length <= 2000;
  const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  // Keys that would reach an object's prototype are never copied.
  const safeKey = (k) => isText(k) && k !== "__proto__" && k !== "constructor" && k !== "prototype";

  // The interface strings (strings.js), read when a message is shown.
  const say = (key, values) => window.prepressText(key, values);
  const sayCount = (key, n) => window.prepressCount(key, n);

  // `what` is the key of the reason, in the study table, and `values` fill it in.
  class Invalid extends Error {}
  const need = (ok, what, values) => {
    if (!ok) throw new Invalid(say(`study.${what}`, values));
  };

  // A checked copy of stored or imported data holding only the known fields, or an
  // Invalid error that says what is wrong; `strict` for a file being imported.
  function checked(value, strict) {
    need(isMap(value), "not_progress");
    need(value.format === FORMAT, "not_progress");
    need(value.version === VERSION, "version", { version: value.version, supported: VERSION });
    need(isText(value.course), "no_course");
    const data = empty(isTime(value.created) ? value.created : Date.now());
    data.course = value.course;
    data.exported = isTime(value.exported) ? value.exported : 0;
    data.snoozed = isTime(value.snoozed) ? value.snoozed : 0;
    need(isMap(value.reviews ?? {}), "reviews_not_map");
    for (const [id, list] of Object.entries(value.reviews ?? {})) {
      need(safeKey(id) && Array.isArray(list), "reviews_not_list", { id });
      data.reviews[id] = list.map((review) => {
        need(isMap(review) && isTime(review.at), "review_time", { id });
        need([1, 2, 3, 4].includes(review.grade), "review_grade", { id });
        const copy = { at: review.at, grade: review.grade };
        if (review.rubric !== undefined) {
          need(Array.isArray(review.rubric) && review.rubric.every((k) => RUBRIC.includes(k)), "review_check", { id });
          copy.rubric = review.rubric.slice();
        }
        return copy;
      });
    }
    need(isMap(value.stories ?? {}), "stories_not_map");
    for (const [id, choice] of Object.entries(value.stories ?? {})) {
      need(safeKey(id) && isMap(choice) && isTime(choice.at), "story_unreadable", { id });
      need(choice.story === null || isText(choice.story), "story_unreadable", { id });
      data.stories[id] = { story: choice.story, at: choice.at };
    }
    need(isMap(value.lectures ?? {}), "lectures_not_map");
    for (const [key, mark] of Object.entries(value.lectures ?? {})) {
      need(safeKey(key) && isMap(mark) && typeof mark.done === "boolean" && isTime(mark.at), "mark_unreadable", { key });
      data.lectures[key] = { done: mark.done, at: mark.at };
    }
    if (value.last) {
      const last = value.last;
      need(isMap(last) && isText(last.key) && isText(last.title) && isTime(last.at), "last_unreadable");
      data.last = { key: last.key, title: last.title, at: last.at };
      if (isMap(last.next) && isText(last.next.key) && isText(last.next.title)) {
        data.last.next = { key: last.next.key, title: last.next.title };
      }
    }
    if (value.settings !== undefined) {
      const s = value.settings;
      need(isMap(s) && isTime(s.at), "settings_unreadable");
      need(Number.isInteger(s.newPerDay) && s.newPerDay >= 0 && s.newPerDay <= 9999, "new_per_day");
      need(typeof s.autoDone === "boolean", "auto_done");
      data.settings = { newPerDay: s.newPerDay, autoDone: s.autoDone, at: s.at };
      checkScheduler(s, data.settings, strict);
    }
    return data;
  }

  // The scheduler's settings of `s`, checked, copied into `into`. The scheduler (fsrs.js)
  // says what is in range when the page has it; otherwise only the shape is checked.
  // A setting out of range is refused in a file being imported (`strict`); in the
  // learner's own data it is dropped alone (the defaults apply), so a hand edit or a
  // later prepress's narrower range never sets their reviews aside.
  function checkScheduler(s, into, strict) {
    const fsrs = window.prepressFsrs;
    if (s.retention !== undefined) {
      const ok = typeof s.retention === "number" && (fsrs ? fsrs.validRetention(s.retention) : s.retention > 0 && s.retention < 1);
      if (!ok && strict) throw new Invalid(say("scheduler.bad_retention"));
      if (ok) into.retention = s.retention;
    }
    if (s.parameters !== undefined) {
      const shape = Array.isArray(s.parameters) && s.parameters.length === 21 && s.parameters.every(Number.isFinite);
      const ok = shape && !(fsrs && !fsrs.validParameters(s.parameters));
      if (!ok && strict) throw new Invalid(say("scheduler.bad_parameters"));
      if (!ok) return;
      into.parameters = s.parameters.slice();
      const f = s.fitted;
      if (isMap(f) && Number.isInteger(f.reviews) && f.reviews >= 0 && isTime(f.at)) {
        into.fitted = { reviews: f.reviews, at: f.at };
        if (typeof f.loss === "number" && Number.isFinite(f.loss)) into.fitted.loss = f.loss;
      }
    }
  }

  // ---------- Storage ----------

  // A page that moved (its old URL now a redirect, listed in the tree's moved.js as
  // old key -> new key) keeps the learner's reading mark: the mark under the old key is
  // read as the new page's, and saved so with the next change.
  function movedMarks(data) {
    const moved = window.prepressMoved;
    if (!moved || typeof moved !== "object") return data;
    for (const [from, to] of Object.entries(moved)) {
      const mark = data.lectures[from];
      if (mark && typeof to === "string" && !data.lectures[to]) {
        data.lectures[to] = mark;
        delete data.lectures[from];
      }
    }
    return data;
  }

  function load() {
    const store = storage();
    let text = null;
    try {
      text = store ? store.getItem(KEY) : null;
    } catch {
      text = null;
    }
    if (text) {
      try {
        const data = movedMarks(checked(JSON.parse(text)));
        seen = { text, data };
        return data;
      } catch {
        // Unreadable data (damaged, or from a newer prepress) is never written over:
        // it is set aside under its own key, and the learner starts afresh.
        setAside(store, text);
      }
    }
    return empty(Date.now());
  }

  function setAside(store, text) {
    try {
      let key = `${KEY}:unreadable`;
      if (store.getItem(key) !== null) key += `:${Date.now()}`;
      store.setItem(key, text);
      store.removeItem(KEY);
    } catch {
      // A full or locked storage: leave everything as it is, and write nothing.
      writable = false;
    }
  }

  function save(data) {
    const store = storage();
    if (!store || !writable) return false;
    try {
      const text = JSON.stringify(data);
      store.setItem(KEY, text);
      seen = { text, data: JSON.parse(text) };
      return true;
    } catch {
      return false;
    }
  }

  // Changes the data with `change(data)`, saves it and tells the page's listeners. When
  // the browser does not keep it, the page says so once.
  function update(change) {
    const data = load();
    change(data);
    if (!save(data)) warnUnsaved();
    for (const listener of listeners) listener(data);
    return data;
  }

  let warned = false;
  function warnUnsaved() {
    if (warned) return;
    warned = true;
    const main = document.getElementById("main");
    if (!main) return;
    const note = document.createElement("p");
    note.className = "backup-banner";
    note.setAttribute("role", "alert");
    note.setAttribute("data-unsaved", "");
    note.textContent = say(writable ? "study.unsaved" : "study.unreadable");
    main.prepend(note);
  }

  const onChange = (listener) => listeners.push(listener);
  // Another tab changed the data: the page's listeners catch up.
  const notify = () => {
    const data = load();
    for (const listener of listeners) listener(data);
  };
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) notify();
  });

  // Whether there is anything an export would keep.
  const hasProgress = (data) =>
    Object.keys(data.reviews).length > 0 ||
    Object.keys(data.stories).length > 0 ||
    Object.keys(data.lectures).length > 0;

  // ---------- Merging ----------

  const newer = (a, b) => (!a ? b : !b ? a : b.at > a.at ? b : a);

  function merge(mine, theirs) {
    const data = checked(JSON.parse(JSON.stringify(mine)));
    data.created = Math.min(mine.created, theirs.created);
    // Only an export from this browser covers this browser's reviews.
    data.exported = mine.exported;
    data.snoozed = Math.max(mine.snoozed, theirs.snoozed);
    for (const [id, list] of Object.entries(theirs.reviews)) {
      const byTime = new Map((data.reviews[id] || []).map((r) => [`${r.at}:${r.grade}`, r]));
      for (const review of list) {
        const key = `${review.at}:${review.grade}`;
        const have = byTime.get(key);
        if (!have || (!have.rubric && review.rubric)) byTime.set(key, review);
      }
      data.reviews[id] = Array.from(byTime.values()).sort((a, b) => a.at - b.at);
    }
    for (const [id, choice] of Object.entries(theirs.stories)) {
      data.stories[id] = newer(data.stories[id], choice);
    }
    for (const [key, mark] of Object.entries(theirs.lectures)) {
      data.lectures[key] = newer(data.lectures[key], mark);
    }
    data.last = newer(data.last, theirs.last);
    data.settings = newer(data.settings, theirs.settings);
    return data;
  }

  // ---------- Export and import ----------

  const message = (text) => {
    for (const el of document.querySelectorAll("[data-progress-message]")) el.textContent = text;
  };

  function fileName(now) {
    const name = course.replace(/^[a-z]+:\/\//i, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
    const day = localDate(now);
    return `${name || "course"}-progress-${day}.json`;
  }

  function exportProgress() {
    const now = Date.now();
    const data = update((d) => {
      d.exported = now;
    });
    const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName(now);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60 * 1000);
    message(say("study.exported", { file: link.download }));
    hideBanner();
  }

  // Merges the text of a progress file; returns what to tell the learner.
  function importProgress(text) {
    let theirs;
    try {
      theirs = checked(JSON.parse(text), true);
    } catch (error) {
      const reason = error instanceof Invalid ? error.message : say("study.not_json");
      return { ok: false, text: say("study.not_imported", { reason }) };
    }
    if (theirs.course !== course) {
      return { ok: false, text: say("study.other_course", { theirs: theirs.course, ours: course }) };
    }
    const merged = merge(load(), theirs);
    if (!save(merged)) return { ok: false, text: say("study.no_storage") };
    for (const listener of listeners) listener(merged);
    const reviews = Object.values(theirs.reviews).reduce((n, list) => n + list.length, 0);
    return { ok: true, text: sayCount("imported", reviews) };
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-progress-export]")) exportProgress();
  });

  for (const input of document.querySelectorAll("input[type=file][data-progress-import]")) {
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const result = importProgress(await file.text());
      message(result.text);
      input.value = "";
    });
  }

  // ---------- The reminder to export ----------

  let banner = null;

  function hideBanner() {
    if (banner) banner.hidden = true;
  }

  function showBannerIfDue() {
    const data = load();
    const now = Date.now();
    const since = Math.max(data.exported, data.created);
    if (!hasProgress(data) || now - since < BACKUP_AFTER || now - data.snoozed < DAY) return;
    const main = document.getElementById("main");
    if (!main) return;
    banner = document.createElement("div");
    banner.className = "backup-banner";
    banner.setAttribute("role", "region");
    banner.setAttribute("aria-label", say("study.backup"));
    banner.setAttribute("data-backup-banner", "");
    const text = document.createElement("p");
    text.textContent = say("study.backup_text");
    const exportButton = document.createElement("button");
    exportButton.type = "button";
    exportButton.className = "button button-primary";
    exportButton.setAttribute("data-progress-export", "");
    exportButton.textContent = say("progress.export");
    const later = document.createElement("button");
    later.type = "button";
    later.className = "button";
    later.textContent = say("study.remind");
    later.addEventListener("click", () => {
      update((d) => {
        d.snoozed = Date.now();
      });
      hideBanner();
    });
    banner.append(text, exportButton, later);
    main.prepend(banner);
  }

  // ---------- Pages and days ----------

  // A page's path under the course root ("behavioural/star/"), from any link to it,
  // over HTTP or from disk; null for a link outside the course.
  function pageKey(href) {
    let url;
    try {
      url = new URL(href, location.href);
    } catch {
      return null;
    }
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    const rest = url.pathname.slice(root.pathname.length).replace(/index\.html$/, "");
    try {
      return decodeURIComponent(rest);
    } catch {
      return rest;
    }
  }

  // A link to a page by its key (and query), that works from disk too. A key from an
  // imported file cannot lead out of the course: no leading "/", no "..".
  function pageUrl(key, query) {
    const parts = key.split("/").filter((part, i, all) => part !== ".." && part !== "." && (part || i === all.length - 1));
    const url = new URL(parts.map(encodeURIComponent).join("/"), root);
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    if (query) url.search = query;
    return url.href;
  }

  // The local date of a time, as 2026-12-02.
  function localDate(time) {
    const date = new Date(time);
    const two = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  }

  // The learner's calendar day of a time, as a whole number of days since 1970-01-01.
  function dayNumber(time) {
    const date = new Date(time);
    return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY);
  }

  // Local midnight at the start of the day `days` after the one holding `time`.
  function dayStart(time, days = 0) {
    const date = new Date(time);
    date.setHours(0, 0, 0, 0);
    date.setDate(date.getDate() + days);
    return date.getTime();
  }

  // The JSON of a script element of the page (the build's data for its scripts), or
  // null when it is missing or unreadable.
  function pageData(id) {
    try {
      return JSON.parse(document.getElementById(id).textContent);
    } catch {
      return null;
    }
  }

  // ---------- The schedule ----------

  // Every card's reviews replayed through the scheduler in the order they were made,
  // each new due day balanced against the cards already due then. Made again when the
  // stored data changes: {text, days: Map(review key -> interval), load: Map(day -> count)}.
  let schedule = null;

  const reviewKey = (reviews, i) => `${reviews[0].at}|${i}|${reviews[i].at}|${reviews[i].grade}`;

  function currentSchedule() {
    const fsrs = window.prepressFsrs;
    if (!seen) load();
    const text = seen ? seen.text : "";
    if (schedule && schedule.text === text) return schedule;
    const data = seen ? seen.data : empty(Date.now());
    fsrs.configure({ retention: data.settings.retention, parameters: data.settings.parameters });
    const events = [];
    for (const list of Object.values(data.reviews)) {
      list.forEach((review, i) => events.push({ list, i, day: dayNumber(review.at), at: review.at }));
    }
    events.sort((a, b) => a.day - b.day || a.at - b.at);
    const perDay = new Map();
    const states = new Map();
    const days = new Map();
    const count = (day) => perDay.get(day) || 0;
    for (const { list, i, day } of events) {
      const before = states.get(list) || {};
      if (before.due !== undefined) perDay.set(before.dueDay, count(before.dueDay) - 1);
      const after = fsrs.review(before, list[i].grade, day * DAY, count);
      after.dueDay = Math.round(after.due / DAY);
      perDay.set(after.dueDay, count(after.dueDay) + 1);
      states.set(list, after);
      days.set(reviewKey(list, i), after.interval);
    }
    schedule = { text, days, load: perDay };
    return schedule;
  }

  // The number of cards due on each day number, from the learner's stored reviews.
  const dueLoad = () => new Map(currentSchedule().load);

  // A card's schedule: its reviews replayed through the scheduler, each at its calendar
  // day; {} when new. dueDay is the day number it is due on; recall(now) the chance of
  // recalling it at `now`. A review the stored schedule does not hold yet (the one the
  // grade buttons foresee) is balanced against today's load, less the card itself.
  function card(reviews) {
    const fsrs = window.prepressFsrs;
    const { days, load } = currentSchedule();
    let state = {};
    (reviews || []).forEach((review, i) => {
      const at = dayNumber(review.at) * DAY;
      const known = days.get(reviewKey(reviews, i));
      if (known !== undefined) {
        state = { ...fsrs.review(state, review.grade, at), interval: known, due: at + known * DAY };
        return;
      }
      const own = state.due === undefined ? null : Math.round(state.due / DAY);
      const count = (day) => (load.get(day) || 0) - (day === own ? 1 : 0);
      state = fsrs.review(state, review.grade, at, count);
    });
    if (state.due === undefined) return state;
    return { ...state, dueDay: Math.round(state.due / DAY), recall: (now) => fsrs.recallAt(state, dayNumber(now) * DAY) };
  }

  window.prepressStudy = Object.freeze({
    KEY,
    DAY,
    RUBRIC,
    load,
    update,
    onChange,
    checked,
    merge,
    importProgress,
    pageKey,
    pageUrl,
    dayStart,
    dayNumber,
    localDate,
    card,
    dueLoad,
    pageData,
  });

  showBannerIfDue();
})();

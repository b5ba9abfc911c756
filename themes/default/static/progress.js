// The progress page, drawn from the learner's reviews (study.js) and the course's
// questions (the question bank's index, bank.js, and the questions the learner's reviews
// name, found by their ids): questions due today and in the next
// seven days, reviews per day over the last 30 days as an inline SVG bar chart drawn
// here, the year of reviews as a heatmap (53 weeks of 7 days, the week starting on the
// reader's locale's first day, else Monday; mirrored on right-to-left pages), the
// current and longest streaks of calendar days with a review, the cards falling due on
// each of the next 30 days (a card's due day is its reviews replayed through the
// scheduler; the overdue ones count today), readiness per principle (the share of its
// questions whose recall the scheduler puts above 90% today) with a link to practise
// the weakest, retention achieved against desired per kind of card and per principle
// (the share of reviews graded other than "again" among every review of a card but its
// first), and how often each self-check was ticked.
(async () => {
  "use strict";

  const { prepressText: say, prepressCount: sayCount, prepressLocale: locale } = window;
  const page = document.getElementById("progress");
  const study = window.prepressStudy;
  const fsrs = window.prepressFsrs;
  const bank = window.prepressBank;
  if (!page || !study || !fsrs || !bank) return;

  let data;
  try {
    data = await bank.load();
  } catch (error) {
    page.prepend(Object.assign(document.createElement("p"), { className: "note", textContent: say("practice.bank_failed", { error: error.message }) }));
    return;
  }
  const { questions, principles } = data;
  const READY = 0.9;
  const CHART_DAYS = 30;
  const FORECAST_DAYS = 30;
  const WEEKS = 53;
  const KINDS = ["question", "cloze", "card"];
  const SVG = "http://www.w3.org/2000/svg";
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";

  const set = (selector, text) => {
    for (const el of page.querySelectorAll(selector)) el.textContent = String(text);
  };

  function svg(name, attributes, text) {
    const el = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  const dayFormat = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" });
  const dayLabel = (time) => dayFormat.format(new Date(time));
  const percent = new Intl.NumberFormat(locale, { style: "percent" });
  const share = (ratio) => percent.format(Math.round(ratio * 100) / 100);

  // An x coordinate of a box `size` wide at `x` from the start of a picture `width`
  // wide: from the left, or from the right on a right-to-left page.
  const along = (x, size, width) => (rtl ? width - x - size : x);

  // A bar chart of one count per day, into `box`: bars from the first day at the start
  // to the last at the end, each with its day and count (data-day, data-count, a
  // title), the picture named by `label`.
  function bars(box, { id, className, counts, first, label, bar, startLabel, endLabel, topLabel }) {
    const days = counts.length;
    const top = Math.max(1, ...counts);
    const width = 600;
    const height = 160;
    const bottom = 20;
    const slot = width / days;
    const picture = svg("svg", {
      viewBox: `0 0 ${width} ${height + bottom}`,
      role: "img",
      "aria-labelledby": id,
      class: className,
      preserveAspectRatio: "xMidYMid meet",
    });
    picture.append(svg("title", { id }, label));
    picture.append(svg("line", { x1: 0, y1: height, x2: width, y2: height, class: "chart-axis" }));
    counts.forEach((count, index) => {
      const day = study.dayStart(first, index);
      const barHeight = count ? Math.max(2, (count / top) * (height - 16)) : 0;
      const rect = svg("rect", {
        x: along(index * slot + 2, slot - 4, width).toFixed(1),
        y: (height - barHeight).toFixed(1),
        width: (slot - 4).toFixed(1),
        height: barHeight.toFixed(1),
        class: "chart-bar",
        "data-day": study.localDate(day),
        "data-count": count,
      });
      rect.append(svg("title", {}, bar(day, count)));
      picture.append(rect);
    });
    // Labels start at the start edge and end at the end edge, in the page's direction.
    const start = rtl ? width : 0;
    const end = rtl ? 0 : width;
    picture.append(svg("text", { x: start, y: height + 15, class: "chart-label", "text-anchor": "start" }, startLabel));
    picture.append(svg("text", { x: end, y: height + 15, class: "chart-label", "text-anchor": "end" }, endLabel));
    picture.append(svg("text", { x: start, y: 12, class: "chart-label", "text-anchor": "start" }, topLabel(top)));
    box.textContent = "";
    box.append(picture);
  }

  // Bars of reviews per day, oldest at the start, today at the end.
  function chart(saved, now) {
    const box = page.querySelector("[data-review-chart]");
    if (!box) return;
    const first = study.dayStart(now, -(CHART_DAYS - 1));
    const counts = new Array(CHART_DAYS).fill(0);
    for (const list of Object.values(saved.reviews)) {
      for (const review of list) {
        if (review.at < first) continue;
        const index = Math.round((study.dayStart(review.at) - first) / study.DAY);
        if (index >= 0 && index < CHART_DAYS) counts[index]++;
      }
    }
    const total = counts.reduce((a, b) => a + b, 0);
    bars(box, {
      id: "review-chart-title",
      className: "review-chart",
      counts,
      first,
      label: say("progress.chart_label", { days: CHART_DAYS, total, most: Math.max(...counts) }),
      bar: (day, count) => say("progress.bar", { day: dayLabel(day), reviews: sayCount("reviews", count) }),
      startLabel: dayLabel(first),
      endLabel: say("progress.today"),
      topLabel: (top) => say("progress.per_day", { n: top }),
    });
  }

  // Cards falling due on each of the next days, today (with the overdue ones) first.
  function forecast(dueCounts, now) {
    const box = page.querySelector("[data-forecast]");
    if (!box) return;
    const first = study.dayStart(now);
    const total = dueCounts.reduce((a, b) => a + b, 0);
    bars(box, {
      id: "forecast-chart-title",
      className: "review-chart forecast-chart",
      counts: dueCounts,
      first,
      label: say("heatmap.forecast_label", { days: FORECAST_DAYS, total, today: dueCounts[0] }),
      bar: (day, count) => say("heatmap.day_count", { day: dayLabel(day), count: sayCount("cards_due", count) }),
      startLabel: say("progress.today"),
      endLabel: dayLabel(study.dayStart(now, FORECAST_DAYS - 1)),
      topLabel: (top) => say("heatmap.per_day", { n: top }),
    });
  }

  // The day of the week a week starts on in the reader's locale (0 Sunday to 6
  // Saturday), where Intl says; else Monday.
  function weekStart() {
    try {
      const info = new Intl.Locale(locale);
      const week = typeof info.getWeekInfo === "function" ? info.getWeekInfo() : info.weekInfo;
      const first = week && week.firstDay;
      if (Number.isInteger(first) && first >= 1 && first <= 7) return first % 7;
    } catch {
      // An old browser: Monday.
    }
    return 1;
  }

  // Reviews per calendar day: day number -> count.
  function reviewDays(saved) {
    const days = new Map();
    for (const list of Object.values(saved.reviews)) {
      for (const review of list) {
        const day = study.dayNumber(review.at);
        days.set(day, (days.get(day) || 0) + 1);
      }
    }
    return days;
  }

  const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: "full" });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: "short" });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: "short" });

  // The last 53 weeks as squares, a column a week, today's week at the end; the darker,
  // the more reviews (five levels, the darkest for the busiest day).
  function heatmap(days, now) {
    const box = page.querySelector("[data-heatmap]");
    if (!box) return;
    const todayRow = (new Date(study.dayStart(now)).getDay() - weekStart() + 7) % 7;
    const shown = todayRow + 7 * (WEEKS - 1) + 1;
    const first = study.dayStart(now, -(shown - 1));
    const cells = [];
    let most = 0;
    let total = 0;
    let active = 0;
    for (let i = 0; i < shown; i++) {
      const time = study.dayStart(first, i);
      const count = days.get(study.dayNumber(time)) || 0;
      cells.push({ time, count });
      most = Math.max(most, count);
      total += count;
      if (count) active++;
    }
    const cell = 11;
    const step = 14;
    const left = 30;
    const topEdge = 16;
    const width = left + WEEKS * step;
    const height = topEdge + 7 * step;
    const picture = svg("svg", {
      viewBox: `0 0 ${width} ${height}`,
      role: "group",
      "aria-label": say("heatmap.year_label", { reviews: sayCount("reviews", total), days: active }),
      class: "heatmap",
      "data-total": total,
      "data-days": active,
    });
    const labels = svg("g", { "aria-hidden": "true" });
    // Weekday names on the second, fourth and sixth rows.
    for (const row of [1, 3, 5]) {
      const x = rtl ? width - left + 4 : left - 4;
      labels.append(svg("text", { x, y: topEdge + row * step + cell - 1, class: "chart-label heatmap-label", "text-anchor": "end" }, weekdayFormat.format(new Date(cells[row].time))));
    }
    // A month's name over the first week that starts in it (and over the first week,
    // when its month goes on for three weeks more), never two names within three weeks.
    const starts = [];
    for (let week = 1; week < WEEKS - 1; week++) {
      if (new Date(cells[week * 7].time).getMonth() !== new Date(cells[week * 7 - 7].time).getMonth()) starts.push(week);
    }
    if (!starts.length || starts[0] >= 3) starts.unshift(0);
    let lastLabel = -3;
    for (const week of starts) {
      if (week - lastLabel < 3) continue;
      const x = left + week * step;
      labels.append(svg("text", { x: rtl ? width - x : x, y: topEdge - 4, class: "chart-label heatmap-label", "text-anchor": "start" }, monthFormat.format(new Date(cells[week * 7].time))));
      lastLabel = week;
    }
    picture.append(labels);
    cells.forEach(({ time, count }, i) => {
      const level = count ? Math.min(4, Math.ceil((count / most) * 4)) : 0;
      const square = svg("rect", {
        x: along(left + Math.floor(i / 7) * step, cell, width),
        y: topEdge + (i % 7) * step,
        width: cell,
        height: cell,
        rx: 2,
        role: "img",
        class: `heat heat-${level}`,
        "data-date": study.localDate(time),
        "data-count": count,
        "data-row": i % 7,
        "data-week": Math.floor(i / 7),
      });
      square.append(svg("title", {}, say("heatmap.day_count", { day: fullDate.format(new Date(time)), count: sayCount("reviews", count) })));
      picture.append(square);
    });
    box.textContent = "";
    box.append(picture);
    // Today's end of the year in view when the picture is wider than the page.
    box.scrollLeft = rtl ? -box.scrollWidth : box.scrollWidth;
  }

  // Runs of consecutive calendar days with a review: the current one (ending today or
  // yesterday) and the longest.
  function streaks(days, now) {
    const today = study.dayNumber(now);
    const sorted = Array.from(days.keys()).sort((a, b) => a - b);
    let longest = 0;
    let run = 0;
    let previous = null;
    for (const day of sorted) {
      run = previous !== null && day === previous + 1 ? run + 1 : 1;
      longest = Math.max(longest, run);
      previous = day;
    }
    const end = days.has(today) ? today : days.has(today - 1) ? today - 1 : null;
    let current = 0;
    if (end !== null) while (days.has(end - current)) current++;
    for (const [key, value, text] of [["current", current, "heatmap.current"], ["longest", longest, "heatmap.longest"]]) {
      const el = page.querySelector(`[data-streak=${key}]`);
      if (!el) continue;
      el.setAttribute("data-days", String(value));
      el.textContent = say(text, { days: sayCount("streak_days", value) });
    }
  }

  // The retention the learner asked the scheduler for.
  function desiredRetention(saved) {
    const chosen = saved.settings && saved.settings.retention;
    return typeof chosen === "number" && chosen > 0 && chosen < 1 ? chosen : 0.9;
  }

  // Retention achieved: over every review of a card but its first, the share not
  // graded "again"; in all, per kind of card and per principle, against desired.
  function retention(saved, found) {
    const desired = desiredRetention(saved);
    set("[data-desired]", share(desired));
    const all = { counted: 0, recalled: 0 };
    const kinds = new Map();
    const byPrinciple = new Map();
    const add = (map, key, counted, recalled) => {
      if (!map.has(key)) map.set(key, { counted: 0, recalled: 0 });
      const tally = map.get(key);
      tally.counted += counted;
      tally.recalled += recalled;
    };
    for (const [id, list] of Object.entries(saved.reviews)) {
      if (list.length < 2) continue;
      const first = list.reduce((early, review) => (review.at < early.at ? review : early), list[0]);
      let counted = 0;
      let recalled = 0;
      for (const review of list) {
        if (review === first) continue;
        counted++;
        if (review.grade > 1) recalled++;
      }
      all.counted += counted;
      all.recalled += recalled;
      const q = found.get(id);
      if (!q) continue;
      add(kinds, q.kind || "question", counted, recalled);
      for (const slug of q.principles) add(byPrinciple, slug, counted, recalled);
    }
    const none = page.querySelector("[data-retention-none]");
    const tables = page.querySelector("[data-retention]");
    if (none) none.hidden = all.counted > 0;
    if (tables) tables.hidden = all.counted === 0;
    const kindRows = [{ key: "all", name: say("heatmap.all"), tally: all }];
    const kindOrder = KINDS.concat(Array.from(kinds.keys()).filter((k) => !KINDS.includes(k)));
    for (const kind of kindOrder) {
      if (!kinds.has(kind)) continue;
      const name = KINDS.includes(kind) ? say(`heatmap.kind_${kind}`) : kind;
      kindRows.push({ key: kind, name, tally: kinds.get(kind) });
    }
    retentionRows(page.querySelector("[data-retention-kinds]"), "data-kind", kindRows, desired);
    const principleRows = principles
      .filter((p) => byPrinciple.has(p.slug))
      .map((p) => ({ key: p.slug, name: p.title, url: p.url, tally: byPrinciple.get(p.slug) }));
    retentionRows(page.querySelector("[data-retention-principles]"), "data-principle", principleRows, desired);
  }

  function retentionRows(body, attribute, rows, desired) {
    if (!body) return;
    body.textContent = "";
    for (const { key, name, url, tally } of rows) {
      const achieved = tally.recalled / tally.counted;
      const tr = document.createElement("tr");
      tr.setAttribute(attribute, key);
      tr.setAttribute("data-counted", String(tally.counted));
      tr.setAttribute("data-recalled", String(tally.recalled));
      tr.setAttribute("data-achieved", achieved.toFixed(3));
      const head = document.createElement("th");
      head.scope = "row";
      if (url) {
        const link = document.createElement("a");
        link.href = url;
        link.textContent = name;
        head.append(link);
      } else {
        head.textContent = name;
      }
      const cells = [tally.counted, tally.recalled, share(achieved)].map((value) => {
        const td = document.createElement("td");
        td.textContent = String(value);
        return td;
      });
      const gap = Math.round(achieved * 100) - Math.round(desired * 100);
      const against = document.createElement("td");
      against.className = gap < 0 ? "retention-below" : "retention-met";
      against.textContent = say(gap > 0 ? "heatmap.above" : gap < 0 ? "heatmap.below" : "heatmap.on_target");
      tr.append(head, ...cells, against);
      body.append(tr);
    }
  }

  function practiceUrl(slug) {
    const link = page.querySelector("[data-practice-link]");
    const url = new URL(link ? link.href : "../practice/", location.href);
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    if (slug) url.search = `?principle=${encodeURIComponent(slug)}`;
    return url.href;
  }

  function readiness(cards, found, now) {
    const body = page.querySelector("[data-readiness]");
    const weakestEl = page.querySelector("[data-weakest]");
    if (!body) return;
    const tally = new Map(principles.map((p) => [p.slug, { total: 0, practised: 0, ready: 0 }]));
    for (const q of questions) {
      for (const slug of q.principles) tally.get(slug).total++;
    }
    for (const [id, q] of found) {
      const card = cards.get(id);
      if (!card) continue;
      const ready = card.recall(now) > READY;
      for (const slug of q.principles) {
        const counts = tally.get(slug);
        counts.practised++;
        if (ready) counts.ready++;
      }
    }
    const rows = [];
    for (const principle of principles) {
      const { total, practised, ready } = tally.get(principle.slug);
      if (total) rows.push({ principle, total, practised, ready, share: ready / total });
    }
    body.textContent = "";
    for (const row of rows) {
      const tr = document.createElement("tr");
      tr.setAttribute("data-principle", row.principle.slug);
      tr.setAttribute("data-ready", row.share.toFixed(3));
      const name = document.createElement("th");
      name.scope = "row";
      const link = document.createElement("a");
      link.href = row.principle.url;
      link.textContent = row.principle.title;
      name.append(link);
      const cells = [row.total, row.practised].map((value) => {
        const td = document.createElement("td");
        td.textContent = String(value);
        return td;
      });
      const readyCell = document.createElement("td");
      const meter = document.createElement("meter");
      meter.min = 0;
      meter.max = 1;
      meter.value = row.share;
      meter.setAttribute("aria-hidden", "true");
      readyCell.append(meter, ` ${share(row.share)}`);
      tr.append(name, ...cells, readyCell);
      body.append(tr);
    }
    if (!weakestEl) return;
    const weakest = rows.reduce((low, row) => (!low || row.share < low.share ? row : low), null);
    weakestEl.hidden = !weakest;
    weakestEl.textContent = "";
    if (weakest) {
      const link = document.createElement("a");
      link.href = practiceUrl(weakest.principle.slug);
      link.className = "button";
      link.textContent = say("progress.weakest", { title: weakest.principle.title, share: share(weakest.share) });
      weakestEl.append(link);
    }
  }

  function rubricSummary(saved) {
    const counts = Object.fromEntries(study.RUBRIC.map((key) => [key, 0]));
    let checked = 0;
    for (const list of Object.values(saved.reviews)) {
      for (const review of list) {
        if (!review.rubric) continue;
        checked++;
        for (const key of review.rubric) counts[key]++;
      }
    }
    for (const row of page.querySelectorAll("[data-rubric]")) {
      const key = row.getAttribute("data-rubric");
      const cell = row.querySelector("td");
      row.setAttribute("data-ticked", String(counts[key] || 0));
      if (cell) cell.textContent = checked ? say("progress.ticked_of", { n: counts[key] || 0, total: checked }) : say("progress.no_checks");
    }
  }

  let drawing = 0; // the latest draw; an older one whose ids load later is dropped

  async function draw() {
    const request = ++drawing;
    const saved = study.load();
    let found;
    try {
      found = await bank.known(Object.keys(saved.reviews));
    } catch (error) {
      page.prepend(Object.assign(document.createElement("p"), { className: "note", textContent: say("practice.bank_failed", { error: error.message }) }));
      return;
    }
    if (request !== drawing) return;
    const now = Date.now();
    const today = study.dayNumber(now);
    let dueToday = 0;
    let dueWeek = 0;
    let reviewed = 0;
    const cards = new Map();
    const dueCounts = new Array(FORECAST_DAYS).fill(0);
    for (const id of found.keys()) {
      const reviews = saved.reviews[id];
      if (!reviews.length) continue;
      reviewed++;
      const card = study.card(reviews);
      cards.set(id, card);
      if (card.dueDay <= today) dueToday++;
      if (card.dueDay < today + 7) dueWeek++;
      const ahead = Math.max(0, card.dueDay - today);
      if (ahead < FORECAST_DAYS) dueCounts[ahead]++;
    }
    set("[data-due-count]", dueToday);
    for (const el of page.querySelectorAll("[data-due-count]")) el.setAttribute("data-due-count", String(dueToday));
    set("[data-due-week]", dueWeek);
    set("[data-reviewed-cards]", reviewed);
    set("[data-card-total]", questions.length);
    chart(saved, now);
    const days = reviewDays(saved);
    heatmap(days, now);
    streaks(days, now);
    forecast(dueCounts, now);
    readiness(cards, found, now);
    retention(saved, found);
    rubricSummary(saved);
  }

  study.onChange(draw);
  draw();
})();

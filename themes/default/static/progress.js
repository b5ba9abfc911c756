// The progress page, drawn from the learner's reviews (study.js) and the course's
// questions (the question bank's index, bank.js, and the questions the learner's reviews
// name, found by their ids): questions due today and in the next
// seven days, reviews per day over the last 30 days as an inline SVG bar chart drawn
// here, readiness per principle (the share of its questions whose recall the scheduler
// puts above 90% today) with a link to practise the weakest, and how often each
// self-check was ticked.
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
  const SVG = "http://www.w3.org/2000/svg";

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

  // Bars of reviews per day, oldest on the left, today on the right.
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
    const top = Math.max(1, ...counts);
    const width = 600;
    const height = 160;
    const bottom = 20;
    const slot = width / CHART_DAYS;
    const picture = svg("svg", {
      viewBox: `0 0 ${width} ${height + bottom}`,
      role: "img",
      "aria-labelledby": "review-chart-title",
      class: "review-chart",
      preserveAspectRatio: "xMidYMid meet",
    });
    picture.append(
      svg("title", { id: "review-chart-title" }, say("progress.chart_label", { days: CHART_DAYS, total, most: Math.max(...counts) })),
    );
    picture.append(svg("line", { x1: 0, y1: height, x2: width, y2: height, class: "chart-axis" }));
    counts.forEach((count, index) => {
      const day = study.dayStart(first, index);
      const barHeight = count ? Math.max(2, (count / top) * (height - 16)) : 0;
      const bar = svg("rect", {
        x: (index * slot + 2).toFixed(1),
        y: (height - barHeight).toFixed(1),
        width: (slot - 4).toFixed(1),
        height: barHeight.toFixed(1),
        class: "chart-bar",
        "data-day": study.localDate(day),
        "data-count": count,
      });
      bar.append(svg("title", {}, say("progress.bar", { day: dayLabel(day), reviews: sayCount("reviews", count) })));
      picture.append(bar);
    });
    picture.append(svg("text", { x: 0, y: height + 15, class: "chart-label" }, dayLabel(first)));
    picture.append(svg("text", { x: width, y: height + 15, class: "chart-label", "text-anchor": "end" }, say("progress.today")));
    picture.append(svg("text", { x: 0, y: 12, class: "chart-label" }, say("progress.per_day", { n: top })));
    box.textContent = "";
    box.append(picture);
  }

  function practiceUrl(slug) {
    const link = page.querySelector("[data-practice-link]");
    const url = new URL(link ? link.href : "../practice/", location.href);
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    if (slug) url.search = `?principle=${encodeURIComponent(slug)}`;
    return url.href;
  }

  function readiness(saved, found, now) {
    const body = page.querySelector("[data-readiness]");
    const weakestEl = page.querySelector("[data-weakest]");
    if (!body) return;
    const tally = new Map(principles.map((p) => [p.slug, { total: 0, practised: 0, ready: 0 }]));
    for (const q of questions) {
      for (const slug of q.principles) tally.get(slug).total++;
    }
    for (const [id, q] of found) {
      const reviews = saved.reviews[id];
      if (!reviews.length) continue;
      const ready = study.card(reviews).recall(now) > READY;
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
    for (const id of found.keys()) {
      const reviews = saved.reviews[id];
      if (!reviews.length) continue;
      reviewed++;
      const card = study.card(reviews);
      if (card.dueDay <= today) dueToday++;
      if (card.dueDay < today + 7) dueWeek++;
    }
    set("[data-due-count]", dueToday);
    for (const el of page.querySelectorAll("[data-due-count]")) el.setAttribute("data-due-count", String(dueToday));
    set("[data-due-week]", dueWeek);
    set("[data-reviewed-cards]", reviewed);
    set("[data-card-total]", questions.length);
    chart(saved, now);
    readiness(saved, found, now);
    rubricSummary(saved);
  }

  study.onChange(draw);
  draw();
})();

// Reading progress, on every page, from the learner's data (study.js). A lecture has a
// "Mark as done" toggle at its end ([data-mark-done], aria-pressed) and an option to
// mark lectures done on reaching the end; opening a lecture remembers it. Everywhere,
// done lectures get data-done on their entry in the sidebar and the home page's
// contents, sections show how many of their lectures are done (from data-lectures), and
// the home page offers "Continue where you left off": the last lecture opened, or the
// next one when that one is done.
(() => {
  "use strict";

  const study = window.prepressStudy;
  if (!study) return;
  const here = study.pageKey(location.href);
  const isLecture = document.body.classList.contains("kind-lecture");

  const isDone = (saved, key) => Boolean(key && saved.lectures[key] && saved.lectures[key].done);

  function markEntries(saved) {
    const entries = document.querySelectorAll(".nav-lectures a, .contents-list li.is-lecture a");
    for (const link of entries) {
      const item = link.closest("li");
      const done = isDone(saved, study.pageKey(link.href));
      item.toggleAttribute("data-done", done);
      let mark = item.querySelector(".done-mark");
      if (done && !mark) {
        mark = document.createElement("span");
        mark.className = "done-mark";
        const tick = Object.assign(document.createElement("span"), { textContent: " ✓" });
        tick.setAttribute("aria-hidden", "true");
        const said = Object.assign(document.createElement("span"), { className: "visually-hidden" });
        said.textContent = ` ${window.prepressText("reading.done")}`;
        mark.append(tick, said);
        link.after(mark);
      } else if (!done && mark) {
        mark.remove();
      }
    }
    const doneKeys = Object.keys(saved.lectures).filter((key) => saved.lectures[key].done);
    const sections = document.querySelectorAll(".nav-sections li[data-lectures], .contents-list li.is-section[data-lectures]");
    for (const item of sections) {
      const link = item.querySelector("a");
      const key = link && study.pageKey(link.href);
      const total = parseInt(item.getAttribute("data-lectures"), 10) || 0;
      let count = item.querySelector(".done-count");
      const done = key === null || key === undefined ? 0 : Math.min(total, doneKeys.filter((k) => k !== key && k.startsWith(key)).length);
      if (!done || !total) {
        count?.remove();
        continue;
      }
      if (!count) {
        count = document.createElement("span");
        count.className = "done-count";
        link.after(count);
      }
      count.textContent = ` ${window.prepressText("reading.done_count", { done, total })}`;
      count.setAttribute("data-done-count", String(done));
    }
  }

  function showContinue(saved) {
    const box = document.querySelector("[data-continue]");
    if (!box) return;
    const last = saved.last;
    box.textContent = "";
    box.hidden = !last;
    if (!last) return;
    const target = isDone(saved, last.key) && last.next && !isDone(saved, last.next.key) ? last.next : last;
    const link = document.createElement("a");
    link.className = "button button-primary";
    link.href = study.pageUrl(target.key);
    link.textContent = window.prepressText("script.continue_reading", { title: target.title });
    box.append(link);
  }

  // ---------- On a lecture ----------

  function lectureControls() {
    const box = document.querySelector("[data-reading]");
    const button = box && box.querySelector("[data-mark-done]");
    const auto = box && box.querySelector("[data-auto-done]");
    if (!box || !button || here === null) return;
    box.hidden = false;

    const title = (document.querySelector("main h1")?.textContent || document.title).trim();
    const nextLink = document.querySelector(".pager a[rel=next]");
    study.update((d) => {
      d.last = { key: here, title, at: Date.now() };
      const nextKey = nextLink && study.pageKey(nextLink.href);
      if (nextKey !== null && nextKey !== undefined) {
        const nextTitle = (nextLink.querySelector(".pager-title")?.textContent || nextLink.textContent).trim();
        d.last.next = { key: nextKey, title: nextTitle };
      }
    });

    const reflect = (saved) => {
      const done = isDone(saved, here);
      button.setAttribute("aria-pressed", done ? "true" : "false");
      if (auto) auto.checked = saved.settings.autoDone;
    };
    const setDone = (done) =>
      study.update((d) => {
        d.lectures[here] = { done, at: Date.now() };
      });

    let unmarkedHere = false;
    button.addEventListener("click", () => {
      const done = button.getAttribute("aria-pressed") !== "true";
      if (!done) unmarkedHere = true;
      setDone(done);
    });
    auto?.addEventListener("change", () =>
      study.update((d) => {
        d.settings = { ...d.settings, autoDone: auto.checked, at: Date.now() };
      }),
    );
    if ("IntersectionObserver" in window) {
      const watcher = new IntersectionObserver((seen) => {
        if (!seen.some((entry) => entry.isIntersecting)) return;
        const saved = study.load();
        if (saved.settings.autoDone && !isDone(saved, here) && !unmarkedHere) setDone(true);
      });
      watcher.observe(box);
    }
    reflect(study.load());
    study.onChange(reflect);
  }

  function refresh(saved) {
    markEntries(saved);
    showContinue(saved);
  }

  if (isLecture) lectureControls();
  study.onChange(refresh);
  refresh(study.load());
})();

// A page's date, which the build writes as `<time datetime="2025-08-07">` in the form
// every reader can parse, shown in the course's language by the browser's own calendar
// data ("7 августа 2025 г." in Russian); without this script the ISO date stays.
(() => {
  "use strict";

  let format;
  try {
    format = new Intl.DateTimeFormat(window.prepressLocale, { dateStyle: "long" });
  } catch {
    return;
  }
  for (const time of document.querySelectorAll(".page-meta time[datetime], .page-source time[datetime]")) {
    const [, year, month, day] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(time.getAttribute("datetime")) || [];
    if (year) time.textContent = format.format(new Date(Number(year), Number(month) - 1, Number(day)));
  }
})();

// The scheduler's settings on /progress/ (partials/scheduler.html): the desired
// retention (0.70-0.97) that practice's intervals aim for, the count of the learner's
// reviews, and "Optimise", which fits the scheduler's weights to those reviews
// (optimise.js) once there are enough of them, with the way back to the defaults.
// Both are kept in the learner's data (study.js: settings.retention,
// settings.parameters and settings.fitted), so they travel with an export.
(() => {
  "use strict";

  const root = document.querySelector("[data-scheduler]");
  const study = window.prepressStudy;
  const fsrs = window.prepressFsrs;
  if (!root || !study || !fsrs) return;

  const say = (key, values) => window.prepressText(key, values);
  const locale = window.prepressLocale;
  const $ = (name) => root.querySelector(`[data-scheduler-${name}]`);
  const input = $("retention");
  const reviewsEl = $("reviews");
  const optimiseButton = $("optimise");
  const restoreButton = $("restore");
  const why = $("why");
  const bar = $("progress");
  const weightsEl = $("weights");
  const messageEl = $("message");
  const [low, high] = fsrs.RETENTION_RANGE;
  const number = new Intl.NumberFormat(locale);
  const decimal = (x, digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
  const date = (time) => new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(time));
  let fitting = false;

  const optimiser = () => window.prepressOptimise;
  const samples = (data) => optimiser().samples(data.reviews, study.dayNumber);

  function draw(data) {
    const settings = data.settings;
    if (document.activeElement !== input) input.value = (settings.retention ?? fsrs.RETENTION).toFixed(2);
    const all = Object.values(data.reviews).reduce((n, list) => n + list.length, 0);
    const usable = optimiser() ? samples(data).count : 0;
    const needed = optimiser() ? optimiser().NEEDED : Infinity;
    reviewsEl.textContent = say("scheduler.reviews", { all: number.format(all), usable: number.format(usable) });
    optimiseButton.disabled = fitting || usable < needed;
    why.textContent = usable < needed
      ? say("scheduler.optimise_needs", { needed: number.format(needed), usable: number.format(usable) })
      : say("scheduler.optimise_help");
    const fitted = Boolean(settings.parameters);
    restoreButton.hidden = !fitted;
    root.toggleAttribute("data-fitted", fitted);
    weightsEl.textContent = fitted
      ? say("scheduler.weights_fitted", {
        date: date(settings.fitted ? settings.fitted.at : settings.at),
        reviews: number.format(settings.fitted ? settings.fitted.reviews : usable),
      })
      : say("scheduler.weights_default");
    weightsEl.title = (settings.parameters || fsrs.PARAMETERS).map((w) => decimal(w, 4)).join(" ");
  }

  function setRetention() {
    const value = Number(String(input.value).replace(",", "."));
    const rounded = Math.round(value * 100) / 100;
    if (!input.value || !fsrs.validRetention(rounded)) {
      messageEl.textContent = say("scheduler.retention_invalid", { low: decimal(low, 2), high: decimal(high, 2) });
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    study.update((d) => {
      d.settings.retention = rounded;
      d.settings.at = Date.now();
    });
    messageEl.textContent = say("scheduler.retention_saved", { value: decimal(rounded, 2) });
  }

  async function optimise() {
    const data = study.load();
    const { cards, count } = samples(data);
    if (fitting || count < optimiser().NEEDED) return;
    fitting = true;
    optimiseButton.disabled = true;
    root.setAttribute("aria-busy", "true");
    bar.hidden = false;
    bar.value = 0;
    const percent = new Intl.NumberFormat(locale, { style: "percent" });
    messageEl.textContent = say("scheduler.optimising", { percent: percent.format(0) });
    const started = performance.now();
    try {
      const result = await optimiser().fit(cards, {
        progress: (done, of) => {
          bar.value = Math.round((100 * done) / of);
          messageEl.textContent = say("scheduler.optimising", { percent: percent.format(done / of) });
        },
      });
      const before = optimiser().logLoss(fsrs.PARAMETERS, cards).loss;
      const seconds = (performance.now() - started) / 1000;
      root.setAttribute("data-fit-ms", String(Math.round(seconds * 1000)));
      if (!(result.loss < before)) {
        messageEl.textContent = say("scheduler.kept_defaults", { loss: decimal(result.loss, 4), before: decimal(before, 4) });
      } else {
        const now = Date.now();
        study.update((d) => {
          d.settings.parameters = result.parameters;
          d.settings.fitted = { reviews: count, at: now, loss: result.loss };
          d.settings.at = now;
        });
        messageEl.textContent = say("scheduler.optimised", {
          reviews: number.format(result.samples),
          loss: decimal(result.loss, 4),
          before: decimal(before, 4),
          seconds: decimal(seconds, 1),
        });
      }
    } catch (error) {
      messageEl.textContent = say("scheduler.failed", { error: error.message });
    } finally {
      fitting = false;
      bar.hidden = true;
      root.removeAttribute("aria-busy");
      draw(study.load());
    }
  }

  function restore() {
    study.update((d) => {
      delete d.settings.parameters;
      delete d.settings.fitted;
      d.settings.at = Date.now();
    });
    messageEl.textContent = say("scheduler.restored");
  }

  input.addEventListener("change", setRetention);
  optimiseButton.addEventListener("click", optimise);
  restoreButton.addEventListener("click", restore);
  study.onChange(draw);
  draw(study.load());
  root.setAttribute("data-ready", "");
})();

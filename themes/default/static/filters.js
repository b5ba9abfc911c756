// The question bank's filters: reads the selects of form.question-filters, shows or hides
// .question-card elements, hides a .question-group whose cards are all hidden, updates
// [data-count], and keeps the filter in the query string (?principle=ownership&level=L6)
// so a view can be linked. The query string goes through prepressQuery (query.js).
(() => {
  "use strict";

  const form = document.querySelector("form.question-filters");
  if (!form) return;

  const NAMES = ["principle", "section", "company", "level", "topic", "difficulty", "language"];
  const cards = Array.from(document.querySelectorAll(".question-card"));
  const groups = Array.from(document.querySelectorAll(".question-group"));
  const countEl = document.querySelector("[data-count]");
  const nounEl = document.querySelector("[data-count-noun]");
  const noResults = document.querySelector(".no-results");

  const select = (name) => form.elements.namedItem(name);

  const hasOption = (sel, value) =>
    Array.from(sel.options).some((option) => option.value === value);

  function current() {
    const filter = {};
    for (const name of NAMES) {
      const sel = select(name);
      filter[name] = sel ? sel.value : "";
    }
    return filter;
  }

  function matches(card, filter) {
    if (filter.principle) {
      const slugs = (card.getAttribute("data-principles") || "").split(/\s+/);
      if (!slugs.includes(filter.principle)) return false;
    }
    // Every other filter is one data attribute of the card, compared whole.
    return NAMES.filter((name) => name !== "principle" && filter[name]).every(
      (name) => card.getAttribute(`data-${name}`) === filter[name],
    );
  }

  function apply() {
    const filter = current();
    const shown = new Set();
    for (const card of cards) {
      const ok = matches(card, filter);
      card.hidden = !ok;
      // A question listed under two principles is one question: count it once.
      if (ok) shown.add(card.id || card.textContent);
    }
    const count = shown.size;
    for (const group of groups) {
      const visible = group.querySelectorAll(".question-card:not([hidden])").length;
      group.hidden = visible === 0;
      const groupCount = group.querySelector(".group-count");
      if (groupCount) groupCount.textContent = String(visible);
    }
    if (countEl) countEl.textContent = String(count);
    if (nounEl) nounEl.textContent = count === 1 ? "question" : "questions";
    if (noResults) noResults.hidden = count !== 0;
  }

  const writeQuery = () => window.prepressQuery.set(current());

  function readQuery() {
    for (const name of NAMES) {
      const sel = select(name);
      if (!sel) continue;
      const value = window.prepressQuery.get(name);
      sel.value = hasOption(sel, value) ? value : "";
    }
  }

  form.addEventListener("change", () => {
    apply();
    writeQuery();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
    writeQuery();
  });

  form.addEventListener("reset", () => {
    // The reset happens after this event; read the selects once it has.
    setTimeout(() => {
      apply();
      writeQuery();
    }, 0);
  });

  window.addEventListener("popstate", () => {
    readQuery();
    apply();
  });

  readQuery();
  apply();
})();

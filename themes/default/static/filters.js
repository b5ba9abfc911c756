/* prepress: question bank filters.
   Reads the selects of form.question-filters, shows or hides .question-card elements,
   hides a .question-group whose cards are all hidden, updates [data-count], and keeps
   the filter in the query string (?principle=ownership&level=L6) so a view can be linked. */
(function () {
  "use strict";

  var form = document.querySelector("form.question-filters");
  if (!form) return;

  var NAMES = ["principle", "section", "company", "level"];
  var cards = Array.prototype.slice.call(document.querySelectorAll(".question-card"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".question-group"));
  var countEl = document.querySelector("[data-count]");
  var nounEl = document.querySelector("[data-count-noun]");
  var noResults = document.querySelector(".no-results");

  function select(name) {
    return form.elements.namedItem(name);
  }

  function hasOption(sel, value) {
    for (var i = 0; i < sel.options.length; i++) {
      if (sel.options[i].value === value) return true;
    }
    return false;
  }

  function current() {
    var filter = {};
    NAMES.forEach(function (name) {
      var sel = select(name);
      filter[name] = sel ? sel.value : "";
    });
    return filter;
  }

  function matches(card, filter) {
    if (filter.principle) {
      var slugs = (card.getAttribute("data-principles") || "").split(/\s+/);
      if (slugs.indexOf(filter.principle) === -1) return false;
    }
    if (filter.section && card.getAttribute("data-section") !== filter.section) return false;
    if (filter.company && card.getAttribute("data-company") !== filter.company) return false;
    if (filter.level && card.getAttribute("data-level") !== filter.level) return false;
    return true;
  }

  function apply() {
    var filter = current();
    var shown = {};
    var count = 0;
    cards.forEach(function (card) {
      var ok = matches(card, filter);
      card.hidden = !ok;
      // A question listed under two principles is one question: count it once.
      var key = card.id || card.textContent;
      if (ok && !shown[key]) {
        shown[key] = true;
        count++;
      }
    });
    groups.forEach(function (group) {
      var visible = group.querySelectorAll(".question-card:not([hidden])").length;
      group.hidden = visible === 0;
      var groupCount = group.querySelector(".group-count");
      if (groupCount) groupCount.textContent = String(visible);
    });
    if (countEl) countEl.textContent = String(count);
    if (nounEl) nounEl.textContent = count === 1 ? "question" : "questions";
    if (noResults) noResults.hidden = count !== 0;
  }

  function writeQuery() {
    if (!window.history || !window.history.replaceState) return;
    var filter = current();
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      if (filter[name]) params.set(name, filter[name]);
      else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function readQuery() {
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      var sel = select(name);
      if (!sel) return;
      var value = params.get(name) || "";
      sel.value = hasOption(sel, value) ? value : "";
    });
  }

  form.addEventListener("change", function () {
    apply();
    writeQuery();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
    writeQuery();
  });

  form.addEventListener("reset", function () {
    // The reset happens after this event; read the selects once it has.
    window.setTimeout(function () {
      apply();
      writeQuery();
    }, 0);
  });

  window.addEventListener("popstate", function () {
    readQuery();
    apply();
  });

  readQuery();
  apply();
})();

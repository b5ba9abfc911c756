// The folding navigation (base.html): the site menu and the on-page table of contents
// are <details> elements, native disclosures that work without JavaScript. Here: on
// wide screens both stay open (the stylesheet shows them anyway); on narrow ones they
// start folded, Escape closes the menu and gives focus back to its button, and
// following a link inside the menu closes it.
(() => {
  "use strict";

  const NARROW = window.matchMedia("(max-width: 800px)");
  const menu = document.querySelector("[data-menu]");
  const folds = Array.from(document.querySelectorAll("[data-fold-narrow]"));

  function fit() {
    const open = !NARROW.matches;
    if (menu) menu.open = open;
    for (const fold of folds) fold.open = open;
  }

  NARROW.addEventListener("change", fit);
  fit();

  if (!menu) return;
  const button = menu.querySelector("summary");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !NARROW.matches || !menu.open) return;
    menu.open = false;
    button.focus();
  });
  menu.addEventListener("click", (event) => {
    if (NARROW.matches && event.target.closest("a[href]")) menu.open = false;
  });
})();

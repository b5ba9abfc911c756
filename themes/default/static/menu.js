// The folding navigation (base.html): the site menu and the on-page table of contents
// are <details> elements, native disclosures that work without JavaScript. Here: on
// wide screens both stay open (the stylesheet shows them anyway); on narrow ones they
// start folded, Escape closes the menu and gives focus back to its button, and
// following a link inside the menu closes it. While a lecture is read, its table of
// contents marks the heading being read (aria-current): the last one above the top
// third of the window.
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

  const toc = document.querySelector(".toc");
  if (toc) {
    const links = new Map();
    for (const link of toc.querySelectorAll('a[href^="#"]')) {
      const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (heading) links.set(heading, link);
    }
    const headings = Array.from(links.keys());
    let marked = null;
    let waiting = false;
    const mark = () => {
      waiting = false;
      let reading = null;
      for (const heading of headings) {
        if (heading.getBoundingClientRect().top > window.innerHeight / 3) break;
        reading = heading;
      }
      const link = reading ? links.get(reading) : null;
      if (link === marked) return;
      marked?.removeAttribute("aria-current");
      link?.setAttribute("aria-current", "true");
      marked = link;
    };
    window.addEventListener("scroll", () => {
      if (!waiting) {
        waiting = true;
        requestAnimationFrame(mark);
      }
    }, { passive: true });
    mark();
  }

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

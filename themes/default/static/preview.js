// Link previews: hovering a link to another page of the course for a moment, or giving
// it the keyboard's focus, shows a small card with the page's title, description and
// first paragraph, read from link-previews/N.js (the file a hash of the page's URL
// names; see src/render/previews.rs). Escape, moving away or losing focus closes it.
// A touch gets none (only a mouse or a pen hovers), and neither do links to other sites
// and to places on the same page.
(() => {
  "use strict";

  const body = document.body;
  const files = parseInt(body.getAttribute("data-previews") || "0", 10);
  if (!files) return;
  const base = new URL(body.getAttribute("data-root") || "/", location.href);
  const DELAY = 300;

  const waiting = new Map(); // file number -> resolve
  const loaded = new Map(); // file number -> Promise of its data
  window.prepressPreviews = (number, data) => waiting.get(number)?.(data);

  function load(number) {
    if (!loaded.has(number)) {
      loaded.set(number, new Promise((resolve, reject) => {
        waiting.set(number, resolve);
        const tag = document.createElement("script");
        tag.src = new URL(`link-previews/${number}.js`, base).href;
        tag.onerror = () => {
          loaded.delete(number);
          reject(new Error("no preview"));
        };
        document.head.appendChild(tag);
      }));
    }
    return loaded.get(number);
  }

  // FNV-1a over the UTF-8 bytes, 32 bits, as the build computes it.
  function fileOf(path) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(path)) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % files;
  }

  // The page a link leads to, as a path under the course root; null when it leads
  // elsewhere (another site, this page, a file).
  function pathOf(link) {
    const url = new URL(link.href, location.href);
    const here = new URL(location.href);
    if (url.origin !== base.origin && !(url.protocol === "file:" && base.protocol === "file:")) return null;
    if (url.pathname === here.pathname) return null;
    let path = url.pathname;
    if (!path.startsWith(base.pathname)) return null;
    path = path.slice(base.pathname.length).replace(/index\.html$/, "");
    if (path !== "" && !path.endsWith("/")) return null;
    return decodeURIComponent(path);
  }

  const card = document.createElement("div");
  card.className = "link-preview";
  card.id = "link-preview";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  body.appendChild(card);

  let shownFor = null; // the link whose preview shows
  let timer = 0;

  function hide() {
    clearTimeout(timer);
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    card.hidden = true;
  }

  async function show(link) {
    const path = pathOf(link);
    if (path === null) return;
    let data;
    try {
      data = await load(fileOf(path));
    } catch {
      return;
    }
    const entry = data[path];
    if (!entry || shownFor !== link) return;
    const [title, description, text] = entry;
    card.textContent = "";
    const heading = document.createElement("p");
    heading.className = "link-preview-title";
    heading.textContent = title;
    card.append(heading);
    for (const part of [description, text]) {
      if (!part) continue;
      const p = document.createElement("p");
      p.textContent = part;
      card.append(p);
    }
    card.hidden = false;
    const box = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = `${width}px`;
    card.style.left = `${Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8)) + window.scrollX}px`;
    card.style.top = `${box.bottom + window.scrollY + 6}px`;
    link.setAttribute("aria-describedby", card.id);
  }

  function later(link) {
    clearTimeout(timer);
    if (shownFor && shownFor !== link) hide();
    shownFor = link;
    timer = setTimeout(() => show(link), DELAY);
  }

  const linkOf = (target) => target.closest?.("main a[href]");

  document.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return;
    const link = linkOf(event.target);
    if (link && link !== shownFor) later(link);
  });
  document.addEventListener("pointerout", (event) => {
    const link = linkOf(event.target);
    if (link && link === shownFor && !link.contains(event.relatedTarget)) hide();
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event.target);
    if (link) later(link);
  });
  document.addEventListener("focusout", (event) => {
    if (linkOf(event.target) === shownFor) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shownFor) hide();
  });
})();

// prepress serve: reloads the page when it changes and shows build problems over it.
// Injected by `prepress serve` only; never part of a built site.
(() => {
  "use strict";
  const here = () => location.pathname.replace(/index\.html$/, "");
  const scrollKey = "prepress:scroll:" + here();
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function text(tag, className, content) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (content !== undefined) element.textContent = content;
    return element;
  }

  function showProblems(problems, total, more) {
    let overlay = document.getElementById("prepress-overlay");
    if (!problems.length) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = text("div");
      overlay.id = "prepress-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,monospace";
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    const count = total || problems.length;
    const title = text("h2", "", count === 1 ? "The build failed: 1 problem" : `The build failed: ${count} problems`);
    title.style.cssText = "margin:0 0 1rem;color:#fca5a5;font-size:1.2rem";
    overlay.appendChild(title);
    overlay.appendChild(text("p", "", "The page shows the last good build. Fix the file and save; this goes away."));
    for (const problem of problems) {
      const item = text("section", "prepress-problem");
      item.style.cssText = "margin:1rem 0;padding:1rem;border-left:4px solid #f87171;background:rgba(255,255,255,.05)";
      const where = text("div", "prepress-location", problem.location);
      where.style.cssText = "color:#93c5fd;font-weight:bold";
      item.appendChild(where);
      item.appendChild(text("div", "prepress-message", problem.message));
      if (problem.hint) item.appendChild(text("div", "prepress-hint", "hint: " + problem.hint));
      if (problem.snippet && problem.snippet.length) {
        const pre = text("pre");
        pre.style.cssText = "margin:.5rem 0 0;padding:.5rem;background:rgba(0,0,0,.35);white-space:pre-wrap";
        pre.textContent = problem.snippet.map((l) => `${String(l.line).padStart(5)} | ${l.text}`).join("\n");
        item.appendChild(pre);
      }
      overlay.appendChild(item);
    }
    for (const line of more || []) overlay.appendChild(text("p", "prepress-more", line));
  }

  const events = new EventSource("/__prepress/events");
  events.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.kind === "reload") {
      if (message.all || message.urls.includes(here())) reload();
    } else if (message.kind === "problems") {
      showProblems(message.problems, message.total, message.more);
    }
  };
})();

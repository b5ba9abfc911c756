// Opened from disk (file://), a link to a folder shows the folder, not its page: links
// and the search form go to the folder's index.html instead. Over HTTP nothing changes.
(() => {
  "use strict";
  if (location.protocol !== "file:") return;
  const page = (url) => {
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    return url.href;
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link && !link.getAttribute("href").startsWith("#")) link.href = page(new URL(link.href));
  }, true);
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.method === "get") form.action = page(new URL(form.action));
  }, true);
})();

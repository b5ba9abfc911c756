// The /search/ page: runs the query from ?q= against the course's search index (built by
// prepress with Pagefind) and lists title, section and a snippet with the match.
(() => {
  "use strict";
  const script = document.currentScript;
  const root = (script && script.dataset.root) || "/";
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  const headerBox = document.getElementById("site-search-q");
  if (headerBox) headerBox.value = query;
  if (!query.trim()) {
    status.textContent = "Type a word to search the course.";
    return;
  }

  function item(result) {
    const li = document.createElement("li");
    li.className = "search-result";
    const link = document.createElement("a");
    link.className = "search-result-title";
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    li.appendChild(link);
    if (result.meta && result.meta.section) {
      const section = document.createElement("p");
      section.className = "search-result-section";
      section.textContent = result.meta.section;
      li.appendChild(section);
    }
    const snippet = document.createElement("p");
    snippet.className = "search-result-snippet";
    // Pagefind's excerpt is escaped text with <mark> around the matches.
    snippet.innerHTML = result.excerpt;
    li.appendChild(snippet);
    return li;
  }

  status.textContent = "Searching…";
  import(root + "pagefind/pagefind.js")
    .then(async (pagefind) => {
      await pagefind.options({ baseUrl: root });
      const search = await pagefind.search(query);
      const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
      list.replaceChildren(...results.map(item));
      const count = search.results.length;
      status.textContent = count === 0
        ? `Nothing found for “${query}”.`
        : `${count} result${count === 1 ? "" : "s"} for “${query}”.`;
    })
    .catch(() => {
      status.textContent = "Search is not available here: open the site from a web server (prepress serve, or any static host).";
    });
})();

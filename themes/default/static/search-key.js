// "/" anywhere outside a form field puts the cursor in the header's search box, as on
// most documentation sites.
(() => {
  "use strict";
  const box = document.getElementById("site-search-q");
  if (!box) return;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    event.preventDefault();
    box.focus();
  });
})();

// The page address's query string, shared by filters.js and practice.js so that a
// filtered view can be linked. prepressQuery.get(name) reads one parameter ("" when it is
// absent); prepressQuery.set({ name: value, ... }) sets the non-empty values, drops the
// empty ones and replaces the address in place, keeping its path, other parameters and hash.
(() => {
  "use strict";
  window.prepressQuery = {
    get: (name) => new URLSearchParams(location.search).get(name) || "",
    set(values) {
      if (!window.history?.replaceState) return;
      const params = new URLSearchParams(location.search);
      for (const [name, value] of Object.entries(values)) {
        if (value) params.set(name, value);
        else params.delete(name);
      }
      const query = params.toString();
      const url = location.pathname + (query ? `?${query}` : "") + location.hash;
      history.replaceState(history.state, "", url);
    },
  };
})();

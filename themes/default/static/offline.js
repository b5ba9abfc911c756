// Lets the site be read offline: registers the service worker the build writes at the
// site's root (sw.js, beside manifest.webmanifest). Only over http(s): a page opened
// from disk needs no worker, and `prepress serve` writes none.
(function () {
  "use strict";
  const manifest = document.querySelector('link[rel="manifest"]');
  if (!manifest || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
    return;
  }
  const worker = new URL("sw.js", manifest.href);
  navigator.serviceWorker.register(worker.href, { scope: new URL("./", worker).href }).catch(function () {
    // A host that serves no sw.js (or not as JavaScript): the site works as before.
  });
})();

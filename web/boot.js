// boot.js lets go-app's service worker in only once the page has loaded.
//
// go-app's app.js registers the worker as soon as it runs. On a first
// visit the worker's install then downloads and caches the whole app
// (app.wasm again among it) while the page itself downloads, compiles and
// starts app.wasm, on the same few cores: the first visit became
// interactive later than it needed to. This script, a plain one in the
// head so that it runs before app.js, makes app.js's register call wait
// for the page's load event and then for an idle moment (2 s at most).
// On a first visit offline use begins that much later; on later ones,
// where the worker already runs, only its check for a new version waits.
"use strict";

(() => {
  const workers = navigator.serviceWorker;
  if (!workers || !workers.register || !window.requestIdleCallback) {
    return;
  }
  const loaded = new Promise((done) => {
    if (document.readyState === "complete") {
      done();
    } else {
      window.addEventListener("load", done, { once: true });
    }
  });
  const idle = () => new Promise((done) => window.requestIdleCallback(done, { timeout: 2000 }));
  const register = workers.register;
  workers.register = function (...args) {
    return loaded.then(idle).then(() => register.apply(workers, args));
  };
})();

// boot.js starts compiling app.wasm while the page is still being read,
// and lets the service worker in only after that.
//
// go-app's app.js (a deferred script) asks for app.wasm and compiles it
// only once the whole page is parsed and the deferred scripts ran: for a
// returning reader, whose app.wasm comes at once from the service worker,
// the compile then starts 100–200 ms after the bytes could be there. This
// script, a plain one in the head, runs as soon as the style sheets are
// in: it asks for app.wasm and compiles it as it arrives. When app.js asks
// for app.wasm, it gets this same response (its progress label counts
// it); when it instantiates, it gets this compiled module. If anything
// here fails, app.js does as it always did. It also holds back app.js's
// service worker registration until the module is compiled (see below).
"use strict";

(() => {
  const url = "/web/app.wasm";
  const wasm = window.WebAssembly;
  if (!wasm || !wasm.compileStreaming || !wasm.instantiateStreaming || !window.fetch) {
    return;
  }
  // Too late (app.js ran and asked for app.wasm itself), or no app at
  // all: as app.js, none for robots nor with ?wasm=false.
  if (typeof window.goappInitWebAssembly === "function" ||
      /bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) ||
      new URLSearchParams(location.search).get("wasm") === "false") {
    return;
  }
  const fetch = window.fetch;
  const instantiateStreaming = wasm.instantiateStreaming;
  const response = fetch(url);
  const module = response.then((r) => wasm.compileStreaming(r.clone()));
  module.catch(() => {}); // app.js's own way then says what went wrong

  // On a first visit, the service worker caches the whole app (app.wasm
  // again among it) while the page compiles and starts the same one:
  // it is registered once the module is compiled and the page is idle.
  const workers = navigator.serviceWorker;
  if (workers && workers.register && window.requestIdleCallback) {
    const register = workers.register;
    workers.register = function (...args) {
      const idle = () => new Promise((done) => window.requestIdleCallback(done, { timeout: 2000 }));
      return module.then(idle, idle).then(() => register.apply(workers, args));
    };
  }

  let handed = false;
  window.fetch = function (input, init) {
    if (!handed && input === url && init === undefined) {
      handed = true;
      window.fetch = fetch;
      return response;
    }
    return fetch.call(window, input, init);
  };

  wasm.instantiateStreaming = async function (source, imports) {
    wasm.instantiateStreaming = instantiateStreaming;
    let compiled;
    try {
      compiled = await module;
    } catch {
      return instantiateStreaming.call(wasm, source, imports);
    }
    return { module: compiled, instance: await wasm.instantiate(compiled, imports) };
  };
})();

package server

// OfflineWorkerJS is a service worker template for app.Handler's
// ServiceWorkerTemplate. Like go-app's own, it precaches the app's
// resources under a cache named after the version, drops older caches on
// activation and answers from the cache first. Unlike it, a page that is
// not cached (a route added since, or a URL with a query) falls back to the
// cached "/" when the network fails: every page is the same app, which
// routes by the URL once it runs, so every route opens offline.
const OfflineWorkerJS = `const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") {
    return;
  }
  const navigate = req.mode === "navigate";
  event.respondWith(
    (async () => {
      const cache = await caches.open(cacheName);
      const cached = await cache.match(req, { ignoreSearch: navigate });
      if (cached) {
        return cached;
      }
      try {
        return await fetch(req);
      } catch (err) {
        if (navigate) {
          const shell = await cache.match("/");
          if (shell) {
            return shell;
          }
        }
        throw err;
      }
    })()
  );
});
`

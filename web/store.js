// store.js keeps Marginalia's library in IndexedDB, where the browser
// allows a site hundreds of megabytes (localStorage allows about 5).
//
// The Go app reads and writes its storage synchronously (store.Backend),
// and it must: a change is saved from the pagehide listener, where
// nothing asynchronous may be waited for, and Go code running in a
// JavaScript callback cannot wait for a promise at all. So this script
// keeps every key's value in a Map, read from IndexedDB once as the page
// starts (it runs in the head, so that this overlaps app.wasm's download),
// and the app reads the Map. A write changes the Map at once and is
// written to IndexedDB in the same task: the writes of one Go call (a
// record and its stamp) go in one transaction, so they land together or
// not at all. A failed transaction (a full disk) keeps its keys to write
// and says so (onfailure, failure); its keys are written with the next
// transaction, which the app's next save or retry starts.
//
// Every page so reads the whole library at start (13 MB for a 30,000-
// annotation book: about a tenth of a second, overlapped with app.wasm's
// start). For libraries of hundreds of MB, the next step is to read only
// the open article's keys at start and the rest when asked.
//
// Other tabs hear of each committed write through a BroadcastChannel, and
// take it as localStorage's storage event: this script fires one on their
// window, so the app merges another tab's save as it always has.
"use strict";

(() => {
  const DB = "marginalia";
  const STORE = "kv";

  const values = new Map(); // every key's value, as this tab knows it
  const dirty = new Set(); // keys changed here and not committed yet
  let db = null;
  let failure = ""; // why the last write failed ("" if it did not)
  let quota = false; // it failed for want of space
  let writing = 0; // transactions under way
  let scheduled = false;
  let waiters = [];
  const channel = window.BroadcastChannel ? new BroadcastChannel("marginalia") : null;

  const decoder = new TextDecoder();
  const text = (v) => (typeof v === "string" ? v : decoder.decode(v));

  const done = (request) =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  const settle = () => {
    if (writing > 0 || dirty.size > 0 || scheduled) {
      return;
    }
    const ws = waiters;
    waiters = [];
    ws.forEach(([resolve]) => resolve());
  };

  const fail = (error) => {
    failure = String((error && (error.message || error.name)) || "the write was not done");
    quota = !!error && error.name === "QuotaExceededError";
    const ws = waiters;
    waiters = [];
    ws.forEach(([, reject]) => reject(new Error(failure)));
    if (api.onfailure) {
      api.onfailure(failure, quota);
    }
  };

  // commit writes every changed key in one transaction.
  const commit = () => {
    scheduled = false;
    if (!db || dirty.size === 0) {
      settle();
      return;
    }
    const keys = [...dirty];
    dirty.clear();
    const written = keys.map((k) => (values.has(k) ? values.get(k) : null));
    let tx;
    try {
      tx = db.transaction(STORE, "readwrite");
      const s = tx.objectStore(STORE);
      keys.forEach((k, i) => (written[i] === null ? s.delete(k) : s.put(written[i], k)));
    } catch (e) {
      keys.forEach((k) => dirty.add(k));
      fail(e);
      return;
    }
    writing++;
    tx.oncomplete = () => {
      writing--;
      if (dirty.size === 0 && failure !== "") {
        failure = "";
        quota = false;
        if (api.onfailure) {
          api.onfailure("", false); // the failures are over
        }
      }
      if (channel) {
        channel.postMessage(keys.map((k, i) => [k, written[i]]));
      }
      settle();
    };
    tx.onabort = () => {
      writing--;
      keys.forEach((k) => dirty.add(k));
      fail(tx.error);
    };
    if (tx.commit) {
      tx.commit();
    }
  };

  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(commit);
    }
  };

  const api = {
    // ready resolves with "indexeddb" once the values are read, or with
    // "" and sets error when IndexedDB cannot be used here.
    ready: null,
    error: "",
    onfailure: null,
    // raw gives a value as kept: the app writes UTF-8 bytes (a Uint8Array,
    // half the memory of a JavaScript string of most texts, and copied
    // into Go as it is); get gives it as a string, for everyone else.
    raw: (key) => (values.has(key) ? values.get(key) : null),
    get: (key) => (values.has(key) ? text(values.get(key)) : null),
    keys: () => [...values.keys()],
    set: (key, value) => {
      values.set(key, value instanceof Uint8Array ? value : String(value));
      dirty.add(key);
      schedule();
    },
    remove: (key) => {
      values.delete(key);
      dirty.add(key);
      schedule();
    },
    // failure says why the last write failed, "" if it did not, and
    // whether for want of space. onfailure is called with the same when a
    // write fails, and with "" when one succeeds after failures.
    failure: () => [failure, quota],
    // flushed resolves once every write made so far is committed.
    flushed: () =>
      new Promise((resolve, reject) => {
        waiters.push([resolve, reject]);
        if (dirty.size > 0) {
          schedule();
        }
        settle();
      }),
    // stored reads a key from IndexedDB itself (not from the Map): to
    // check that a write really landed.
    stored: (key) => done(db.transaction(STORE, "readonly").objectStore(STORE).get(key)).then((v) => (v === undefined ? null : text(v))),
  };

  const open = () =>
    new Promise((resolve, reject) => {
      const request = window.indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("another tab holds an older version of the database open"));
    });

  api.ready = (async () => {
    try {
      if (!window.indexedDB) {
        throw new Error("this browser offers no IndexedDB here");
      }
      db = await open();
      // A newer version of the app wants the database: let it have it.
      db.onversionchange = () => db.close();
      const s = db.transaction(STORE, "readonly").objectStore(STORE);
      const [keys, vals] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
      keys.forEach((k, i) => values.set(k, vals[i]));
      return "indexeddb";
    } catch (e) {
      db = null;
      api.error = String((e && (e.message || e.name)) || e);
      return "";
    }
  })();

  if (channel) {
    channel.onmessage = ({ data }) => {
      for (const [key, value] of data) {
        // A key this tab changed and has not committed yet keeps this
        // tab's value: the app merges the other's, then saves the union.
        if (!dirty.has(key)) {
          if (value === null) {
            values.delete(key);
          } else {
            values.set(key, value);
          }
        }
        window.dispatchEvent(new StorageEvent("storage", { key, newValue: value === null ? null : text(value) }));
      }
    };
  }

  window.marginaliaStore = api;
})();

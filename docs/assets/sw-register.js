// Registers the service worker (sw.js at the site root) that keeps the site and the checker
// usable offline after the first visit. Loaded on every page (mkdocs.yml extra_javascript).
//
// Only a `mkdocs build` marks its pages with <meta name="offline-cache" content="on">
// (hooks/service_worker.py). Under `mkdocs serve` the mark is absent: nothing is registered,
// so live reload sees every change, and a worker left on this origin by an earlier production
// build is removed.
//
// On the checker page the runtime (about 15 MB) is added to the offline cache once the checker
// is ready: by then it sits in the HTTP cache, so caching it costs no download. When that is
// done, <html> gets data-offline="ready".
//
// A new release: its worker takes over the open pages at once (skipWaiting + clients.claim). A
// page whose build (data-build on the mark) is not the one now in control is out of date: it
// gets <html data-new-version="<build>"> and the event "sirkulaer:ny-versjon", and the checker
// page says that a new version is ready. A page loaded just before its own build's worker took
// over is not told. An open tab asks for a new release when the reader comes back to it.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.currentScript) return;

  // This file is <root>/assets/sw-register.js, wherever the site is deployed.
  var root = new URL("../", document.currentScript.src).href;
  var enabled = document.querySelector('meta[name="offline-cache"][content="on"]');

  if (!enabled) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (r) {
        if (r.scope === root) r.unregister();
      });
    });
    return;
  }

  function whenLoaded() {
    return new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else window.addEventListener("load", resolve, { once: true });
    });
  }

  // Resolves with the checker's root element once it is ready, or null if it fails to start.
  function whenCheckerReady(checker) {
    return new Promise(function (resolve) {
      function check() {
        var state = checker.getAttribute("data-checker-state");
        if (state === "ready") resolve(checker);
        else if (state === "error") resolve(null);
        else return false;
        observer.disconnect();
        return true;
      }
      var observer = new MutationObserver(check);
      observer.observe(checker, { attributes: true, attributeFilter: ["data-checker-state"] });
      check();
    });
  }

  var pageBuild = enabled.getAttribute("data-build");
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    var controller = navigator.serviceWorker.controller;
    if (!controller || !pageBuild) return;
    ask(controller, { type: "build" }).then(function (answer) {
      if (!answer || !answer.build || answer.build === pageBuild) return;
      document.documentElement.setAttribute("data-new-version", answer.build);
      window.dispatchEvent(new CustomEvent("sirkulaer:ny-versjon"));
    });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    navigator.serviceWorker.getRegistration(root).then(function (registration) {
      return registration && registration.update();
    }).catch(function () {
      // Offline: the next visit asks again.
    });
  });

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  // After an upgrade the page may still be controlled by the previous build's worker, which
  // answers "other-build" until the new one has taken over (skipWaiting + claim): ask again.
  function cacheRuntime(pyodideBase, attempt) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return ask(registration.active, { type: "cache-runtime", pyodideBase: pyodideBase })
        .then(function (answer) {
          if (answer && answer.ok) {
            document.documentElement.setAttribute("data-offline", "ready");
          } else if (answer && answer.reason === "other-build" && attempt < 120) {
            if (attempt === 0) registration.update();
            setTimeout(function () { cacheRuntime(pyodideBase, attempt + 1); }, 500);
          } else {
            console.warn("Sjekkeren ble ikke lagret for frakoblet bruk:", answer && answer.reason);
          }
        });
    });
  }

  var checker = document.querySelector("[data-checker-state][data-pyodide-base]");
  // Register after the page (and on the checker page, Pyodide) has loaded, so that the
  // worker's own downloads never compete with what the reader is waiting for.
  var started = checker ? whenCheckerReady(checker) : whenLoaded();
  started.then(function () {
    return navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root });
  }).then(function () {
    if (checker && checker.getAttribute("data-checker-state") === "ready") {
      return cacheRuntime(new URL(checker.getAttribute("data-pyodide-base"), location.href).href, 0);
    }
  }).catch(function (error) {
    // Offline support is a bonus: the site works without it.
    console.warn("Frakoblet bruk er ikke tilgjengelig:", error);
  });
})();

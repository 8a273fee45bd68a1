// On the checker page, Material's search builds its index only once the checker is ready (or
// failed), or when the reader opens the search; until then the index would compete with
// Python's start-up for the same two cores. Runs before Material's bundle (overrides/main.html):
// it points the bundle at a stand-in worker (assets/javascripts/workers/search-deferred.js) and
// tells it when to start, on a BroadcastChannel.
(() => {
  "use strict";
  const config = document.getElementById("__config");
  const root = document.querySelector("[data-checker-state]");
  if (!config || !root || typeof BroadcastChannel !== "function") return;
  const settings = JSON.parse(config.textContent);
  if (!settings.search) return;
  const material = new URL(settings.search, document.baseURI);
  const deferred = new URL("search-deferred.js", material);
  deferred.searchParams.set("worker", material.pathname.split("/").pop());
  settings.search = deferred.href;
  config.textContent = JSON.stringify(settings);

  const channel = new BroadcastChannel("sirkulaer-sok");
  let time = false;
  const start = () => {
    time = true;
    channel.postMessage("start");
  };
  channel.onmessage = ({ data }) => data === "waiting" && time && channel.postMessage("start");

  const settled = () => ["ready", "error"].includes(root.getAttribute("data-checker-state"));
  const observer = new MutationObserver(() => {
    if (!settled()) return;
    observer.disconnect();
    start();
  });
  observer.observe(root, { attributes: true, attributeFilter: ["data-checker-state"] });
  // Opening the search: its toggle, or focus in the search field (the / and s shortcuts).
  document.getElementById("__search")?.addEventListener("change", start, { once: true });
  document.addEventListener("focusin", (event) => {
    if (event.target.matches?.("[data-md-component=search-query]")) start();
  });
})();

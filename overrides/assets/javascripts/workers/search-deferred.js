// Stand-in for Material's search worker on the checker page (assets/checker/defer-search.js
// points Material's bundle here). It keeps the index that the bundle sends at once, and runs
// Material's own worker (named in ?worker=, in this folder) only when the page says "start":
// the checker is ready, or the reader opened the search. Building the index would otherwise
// compete with Python's start-up for the same two cores. After 20 s it starts anyway.
"use strict";
(() => {
  const material = new URLSearchParams(location.search).get("worker") || "";
  const held = [];
  const hold = (event) => held.push(event.data);
  addEventListener("message", hold);
  const channel = new BroadcastChannel("sirkulaer-sok");
  let started = false;

  function start() {
    if (started) return;
    started = true;
    clearTimeout(timer);
    channel.close();
    removeEventListener("message", hold);
    if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error(`Not Material's search worker: ${material}`);
    importScripts(material); // adds Material's own message listener; replay what came so far
    for (const data of held.splice(0)) dispatchEvent(new MessageEvent("message", { data }));
  }

  channel.onmessage = ({ data }) => data === "start" && start();
  channel.postMessage("waiting"); // the page answers "start" if it is already time
  const timer = setTimeout(start, 20_000);
})();

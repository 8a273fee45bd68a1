// Material 9.8.2's inline bootstrap (partials/javascripts/base.html), moved to a file so the
// Content-Security-Policy can forbid inline scripts. Material's bundle and its content
// scripts use these globals; it must stay a classic, synchronous script in <head>.
/* global __md_scope */
__md_scope = new URL(document.currentScript.dataset.mdScope, location);

__md_hash = (value) =>
  [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);

__md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(scope.pathname + "." + key));

__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // Storage full or disabled: Material treats its preferences as optional.
  }
};

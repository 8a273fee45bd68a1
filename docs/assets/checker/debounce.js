// Run `fn` once `ms` after the last call; `.now()` runs it at once (and drops the wait),
// `.pending()` says whether a run is waiting.
export function debounce(fn, ms) {
  let timer = null;
  const run = () => {
    clearTimeout(timer);
    timer = null;
    fn();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  schedule.now = run;
  schedule.pending = () => timer !== null;
  return schedule;
}

// @ts-check
// How many cores really run at once, measured: browsers often report another number
// (Safari and Firefox's fingerprinting protection say 4 or 8 whatever the machine has,
// Brave randomises it). The page bases the Workers slider and every verdict's bound on
// the measured count. Twice the reported count of workers spin at once; each reports
// when it was really running (a thread taken off its core sees the clock jump), and the
// most of them running at the same instant is the number of cores. It can count fewer
// than the machine has (a core busy with something else all along) but never more: a
// thread is counted only while it runs, and no more threads run at once than there are
// cores. The result is kept for the browser tab's session where the page may keep it (a
// frame isolated by Document-Isolation-Policy has no storage and measures at each load);
// `measureAgain()` forgets it.
const KEY = 'interleave-cores';
const TOGETHER_MS = 50;
const TRIES = 3;
const clock = () => performance.timeOrigin + performance.now();

/** Starts `count` probe workers and resolves once each has warmed up. */
function startWorkers(count) {
  return Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const worker = new Worker(new URL('core-probe-worker.js', import.meta.url));
    worker.onmessage = () => resolve(worker);
    worker.onerror = (event) => reject(new Error(event.message || 'a probe worker failed to load'));
  })));
}

/** Has every worker spin over the same interval, `ms` from now; resolves, for each, the
 * intervals it was running in and its gap. */
function spinTogether(workers, ms) {
  const from = clock() + 10;
  return Promise.all(workers.map((worker) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.postMessage({ from, to: from + ms });
  })));
}

/** The most intervals of different workers that overlap for a stretch of at least `hold`
 * ms. A thread off its core for less than its gap still looks as if it ran, so two
 * threads sharing a core can seem to overlap for that long; a real overlap lasts a time
 * slice (a millisecond or more). */
function mostAtOnce(perWorker, hold) {
  const edges = perWorker.flatMap((intervals) => intervals.flatMap(([a, b]) => [[a, 1], [b, -1]]));
  // Ends before starts at the same instant: touching intervals do not overlap.
  edges.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let level = 0;
  let since = -Infinity;
  let most = 0;
  for (const [at, change] of edges) {
    if (level > most && at - since >= hold) most = level;
    level += change;
    since = at;
  }
  return most;
}

/** Measures the cores; `reported` is navigator.hardwareConcurrency. */
async function measure(reported) {
  const count = Math.min(Math.max(2 * reported, 4), 32);
  const workers = await startWorkers(count);
  try {
    // The best of three tries: load elsewhere can only make a try count fewer.
    let free = 0;
    for (let attempt = 0; attempt < TRIES; attempt += 1) {
      const answers = await spinTogether(workers, TOGETHER_MS);
      const hold = 5 * Math.max(...answers.map((a) => a.gap));
      free = Math.max(free, mostAtOnce(answers.map((a) => a.running), hold));
    }
    free = Math.max(1, free);
    // A browser that reports two cores or more gets at least two: one core measured
    // there is far more often a machine busy with something else than a one-core
    // machine, and the lessons need two workers. The page says how many were free.
    return { measured: Math.max(free, Math.min(2, reported)), free, reported };
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** The cores measured this session (measuring them the first time), or the reported
 * count with the reason it could not be measured. */
export async function measuredCores() {
  const reported = Math.max(1, Math.floor(navigator.hardwareConcurrency || 1));
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (kept?.reported === reported && Number.isInteger(kept.measured)) return kept;
  } catch { /* no storage in this context: measure */ }
  try {
    const cores = await measure(reported);
    try { sessionStorage.setItem(KEY, JSON.stringify(cores)); } catch { /* not kept */ }
    return cores;
  } catch (error) {
    return { measured: null, reported, error: String(error) };
  }
}

/** Forgets the measurement, so the next load measures again. */
export function measureAgain() {
  try { sessionStorage.removeItem(KEY); } catch { /* nothing kept */ }
}

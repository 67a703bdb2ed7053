// How many cores really run at once, measured: browsers often report another number
// (Safari and Firefox's fingerprinting protection say 4 or 8 whatever the machine has,
// Brave randomises it). The page bases the Workers slider and every verdict's bound on
// the measured count. It spins one worker alone, then many at once, and divides: each
// worker's share of its solo speed adds up to the cores that ran in parallel. The
// result is kept for the browser tab's session where the page may keep it (a frame
// isolated by Document-Isolation-Policy has no storage and measures at each load);
// `measureAgain()` forgets it.
const KEY = 'interleave-cores';
const SOLO_MS = 40;
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

/** Has every worker spin over the same interval, `ms` from now; resolves their rounds. */
function spinTogether(workers, ms) {
  const from = clock() + 10;
  return Promise.all(workers.map((worker) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data.rounds);
    worker.postMessage({ from, to: from + ms });
  })));
}

/** Measures the cores; `reported` is navigator.hardwareConcurrency. */
async function measure(reported) {
  const count = Math.min(Math.max(2 * reported, 4), 32);
  const workers = await startWorkers(count);
  try {
    // Solo and together take turns, three times, and the best of each counts: the fastest
    // solo run is the one least disturbed by load elsewhere (or by code not yet
    // optimised), and taking turns lets neither side catch a better moment than the other.
    let perMs = 0;
    let together = 0;
    for (let attempt = 0; attempt < TRIES; attempt += 1) {
      const [solo] = await spinTogether(workers.slice(0, 1), SOLO_MS);
      perMs = Math.max(perMs, solo / SOLO_MS);
      const rounds = await spinTogether(workers, TOGETHER_MS);
      together = Math.max(together, rounds.reduce((a, b) => a + b, 0) / TOGETHER_MS);
    }
    const best = together / perMs;
    const free = Math.min(count, Math.max(1, Math.round(best)));
    // A browser that reports two cores or more gets at least two: one core measured
    // there is far more often a machine busy with something else than a one-core
    // machine, and the lessons need two workers. The page says how many were free.
    return { measured: Math.max(free, Math.min(2, reported)), free, reported, parallel: best };
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

// @ts-check
// One worker of the core probe (see core-probe.js): on each request it spins from `from`
// to `to` (times on the clock all workers share) and answers the intervals in which it
// was really running. A thread the system took off its core sees the clock jump: a gap
// longer than `gap` between two readings ends an interval. The gap is a few steps of the
// timer (5 µs on an isolated page, 100 µs elsewhere), measured while warming up.
const clock = () => performance.timeOrigin + performance.now();

function spin(from, to, gap) {
  while (clock() < from);
  const running = [];
  let start = clock();
  let last = start;
  let step = Infinity;
  let x = 1;
  while (last < to) {
    for (let i = 0; i < 50; i += 1) x = (x * 1103515245 + 12345) | 0;
    const now = clock();
    if (now > last) step = Math.min(step, now - last);
    if (now - last > gap) {
      running.push([start, last]);
      start = now;
    }
    last = now;
  }
  running.push([start, last]);
  return { running, step, x };
}

// Let the JIT optimise the loop before anything is measured, and learn the timer's step.
const { step } = spin(0, clock() + 30, Infinity);
const gap = Math.max(0.05, 3 * step);
postMessage({ ready: true, gap });
addEventListener('message', ({ data }) => postMessage({ ...spin(data.from, data.to, gap), gap }));

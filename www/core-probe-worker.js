// One worker of the core probe (see core-probe.js): on each request it spins from `from`
// to `to` (times on the clock all workers share) and answers how many rounds of a small
// loop it got through. Rounds on many workers at once, over the rounds of one worker
// alone, say how many ran at the same time.
const clock = () => performance.timeOrigin + performance.now();

function spin(from, to) {
  while (clock() < from);
  let rounds = 0;
  let x = 1;
  while (clock() < to) {
    for (let i = 0; i < 1000; i += 1) x = (x * 1103515245 + 12345) | 0;
    rounds += 1;
  }
  return { rounds, x };
}

// Let the JIT optimise the loop before anything is measured.
spin(0, clock() + 30);
postMessage({ ready: true });
addEventListener('message', ({ data }) => postMessage(spin(data.from, data.to)));

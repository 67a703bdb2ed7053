// A host page that sends run and stop back to back, as an author's "Reset" button would,
// to a frame whose rendering is slowed down as on a busy machine: every stop ends the run
// it races with, every command is answered, no stopped run reports a result, and no
// runtime worker outlives a stop.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

const PLAYGROUND = new URL(URL_ISOLATED).origin;
const ROUNDS = 50;

let browser;
before(async () => {
  browser = await launch();
  // In the playground's frames only: count live Web Workers, and make every DOM update
  // take 20 ms more, as on a loaded 2-core machine.
  await browser.context.addInitScript(() => {
    if (!new URLSearchParams(location.search).has('embed')) return;
    const live = new Set();
    const Native = globalThis.Worker;
    globalThis.Worker = class extends Native {
      constructor(...args) { super(...args); live.add(this); }
      terminate() { live.delete(this); super.terminate(); }
    };
    globalThis.liveWorkers = () => live.size;
    const slow = () => { const end = performance.now() + 20; while (performance.now() < end); };
    addEventListener('DOMContentLoaded', () => {
      new MutationObserver(slow).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  });
});
after(async () => { await browser?.close(); });

/** CPU seconds used so far by every Chromium process on the machine (user + system). */
function chromiumCpuSeconds() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/^(chromium|chrome)/.test(comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch { /* the process ended */ }
  }
  return ticks / 100; // USER_HZ
}

/** Waits (up to a minute) until Chromium uses under a tenth of a core over 300 ms. */
async function untilIdle(page) {
  for (let i = 0; i < 200; i += 1) {
    const before = chromiumCpuSeconds();
    await page.waitForTimeout(300);
    if ((chromiumCpuSeconds() - before) / 0.3 < 0.1) return;
  }
  throw new Error('Chromium never came to rest after loading the tutorial');
}

describe('host commands', () => {
  it(`run then stop from the host, ${ROUNDS} rounds with slowed rendering: every command answered, no worker left`, async (t) => {
    const url = new URL('/www/examples/tutorial.html', URL_ISOLATED);
    url.hostname = 'localhost';
    url.searchParams.set('playground', PLAYGROUND);
    const { page, errors } = await open(browser.context, url.href);
    await page.waitForFunction(() => messages.some((m) => m.frame === 0 && m.type === 'ready'), null, { timeout: 60_000 });
    const frame = page.frames().find((f) => f.url().startsWith(PLAYGROUND));
    // A sum of about half a second: a runtime that survived its stop would finish it and
    // send its result.
    await page.evaluate(() => send(0, { type: 'set-params', params: { n: 400000000 } }));
    await page.waitForFunction(() => messages.some((m) => m.frame === 0 && m.type === 'ack'));

    // Start from a browser at rest: after loading two frames, V8 spends a few seconds
    // optimising their wasm on a core, which is not a run.
    await untilIdle(page);
    const cpu = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const seen = await page.evaluate(() => messages.length);
      await page.evaluate(() => { send(0, { type: 'run' }); send(0, { type: 'stop' }); });
      const acks = await page.waitForFunction((from) => {
        const acks = messages.slice(from).filter((m) => m.frame === 0 && m.type === 'ack');
        return acks.length >= 2 && acks;
      }, seen, { timeout: 30_000 }).then((handle) => handle.jsonValue(), async (error) => {
        const got = await page.evaluate((from) => messages.slice(from), seen);
        throw new Error(`round ${round}: ${error.message}; the host got ${JSON.stringify(got)}`);
      });
      assert.deepEqual(acks.map((a) => a.command), ['run', 'stop'], `round ${round}`);
      assert.equal(typeof acks[0].run, 'number', `round ${round}: the run was asked for`);
      assert.equal(acks[1].run, acks[0].run, `round ${round}: the stop ended that run`);
      // The teardown happens after the frame's next render; then nothing runs.
      await frame.waitForFunction(() => liveWorkers() === 0, null, { timeout: 30_000 });
      const before = chromiumCpuSeconds();
      await page.waitForTimeout(300);
      cpu.push((chromiumCpuSeconds() - before) / 0.3);
    }
    const [results, started] = await page.evaluate(() => ['result', 'progress'].map((type) =>
      messages.filter((m) => m.frame === 0 && m.type === type).length));
    assert.equal(results, 0, 'no stopped run sent a result');
    t.diagnostic(`${started} of ${ROUNDS} runs had started on the workers when their stop came`);
    // Reported, not judged: a pool worker of a stopped run finishes the task it is in (up to
    // one variant's work) before Chromium ends it, although its runtime worker is gone.
    cpu.sort((a, b) => a - b);
    t.diagnostic(`Chromium's CPU in the 300 ms after each stop, in cores: median ${cpu[ROUNDS >> 1].toFixed(2)}, max ${cpu.at(-1).toFixed(2)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

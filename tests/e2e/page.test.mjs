// The playground page as a visitor meets it: load, run on 1 and 2 workers, read the
// timeline, download the trace, bad URL values, a page without isolation, Stop.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { launch, open, spanRows, workersOverlap, stopLatency, URL_ISOLATED, URL_NOT_ISOLATED } from './browser.mjs';

/** Small enough to keep the tests quick, large enough that spans last milliseconds. */
const N = 20_000_000;
const EXPECTED_SUM = String((BigInt(N) * BigInt(N + 1)) / 2n);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Sets the Workers slider and n, presses Run, and waits for the verdict. */
async function runSum(page, workers) {
  await page.getByRole('slider', { name: 'Workers' }).fill(String(workers));
  await page.getByLabel('Numbers to add (n)').fill(String(N));
  await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#status', { hasText: `Finished on ${workers} worker` }).waitFor({ timeout: 60_000 });
}

describe('the isolated playground', () => {
  let page;
  let errors;
  before(async () => {
    ({ page, errors } = await open(browser.context, URL_ISOLATED));
    // Start from a page whose pool is ready, as the tests below assume.
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  });
  after(async () => { await page.close(); });

  it('shows the title, the controls and the environment', async () => {
    await page.getByRole('heading', { name: 'Interleave' }).waitFor();
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const slider = page.getByRole('slider', { name: 'Workers' });
    assert.equal(await slider.getAttribute('min'), '1');
    assert.equal(await slider.getAttribute('max'), String(2 * cores));
    assert.equal(await slider.inputValue(), String(cores));
    assert.ok(await page.getByRole('combobox', { name: 'Experiment' }).isVisible());
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    const environment = await page.locator('#environment').textContent();
    assert.match(environment, /Cross-origin isolated: yes/);
    assert.match(environment, new RegExp(`${cores} cores? measured`));
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  });

  it('runs the sum on 1 worker: one lane, correct result', async () => {
    await runSum(page, 1);
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    const values = await page.$$eval('#variants tbody tr', (rows) => rows.map((r) => r.dataset.value));
    assert.deepEqual(values, [EXPECTED_SUM, EXPECTED_SUM, EXPECTED_SUM]);
    assert.equal(await page.locator('#timeline').getAttribute('data-lanes'), '1');
    const all = await spanRows(page);
    assert.ok(all.length >= 3);
    assert.ok(all.every((s) => s.worker === 0 && s.end >= s.start));
    assert.ok((await page.locator('#verdict').textContent()).length > 40);
  });

  it('runs the sum on 2 workers: two lanes whose spans overlap in time', async () => {
    await runSum(page, 2);
    assert.equal(await page.locator('#timeline').getAttribute('data-lanes'), '2');
    assert.match(await page.locator('#environment').textContent(), /pool of 2 Web Workers/);
    // One program, two executions: the same 2 tasks, 8 turns each (a preemption point
    // after every eighth of the work), on 1 worker and on 2.
    const parallel = (await spanRows(page)).filter((s) => s.variant === 'parallel');
    assert.equal(parallel.length, 16);
    assert.deepEqual([...new Set(parallel.map((s) => s.worker))].sort(), [0, 1], 'both workers ran tasks');
    assert.ok(workersOverlap(parallel), 'the two workers ran at the same time');
    // On 1 worker the scheduler switched between the tasks: turns that never overlap.
    const concurrent = (await spanRows(page)).filter((s) => s.variant === 'concurrent');
    assert.equal(concurrent.length, 16);
    assert.equal(new Set(concurrent.map((s) => s.worker)).size, 1);
    assert.deepEqual([...new Set(concurrent.map((s) => s.task))].sort(), [0, 1]);
    for (let i = 1; i < concurrent.length; i++) {
      assert.ok(concurrent[i - 1].end <= concurrent[i].start);
      assert.notEqual(concurrent[i - 1].task, concurrent[i].task, 'the tasks alternate');
    }
  });

  it('draws the timeline on the canvas', async () => {
    const painted = await page.$eval('#timeline', (canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count / (canvas.width * canvas.height);
    });
    assert.ok(painted > 0.05, `only ${(painted * 100).toFixed(1)} % of the canvas is painted`);
  });

  it('downloads the run as a Chrome trace that matches the timeline', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download trace' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^interleave-sum-2w-shared-memory\.json$/);
    const trace = JSON.parse(await readFile(await download.path(), 'utf8'));
    // The workers' processes hold the timeline's spans; the task view's come after them.
    const complete = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid < 1000);
    const table = await spanRows(page);
    assert.equal(complete.length, table.length);
    const taskTracks = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid >= 1000);
    assert.ok(taskTracks.some((e) => e.args.variant === 'parallel'), 'the tasks have tracks of their own');
    for (const event of complete) {
      assert.equal(typeof event.ts, 'number');
      assert.equal(typeof event.dur, 'number');
      const match = table.find((s) => s.variant === event.args.variant && s.worker === event.tid
        && s.task === event.args.task && Math.abs(s.start / 1e3 - event.ts) < 0.002);
      assert.ok(match, `no span in the table for ${JSON.stringify(event)}`);
      assert.ok(Math.abs((match.end - match.start) / 1e3 - event.dur) < 0.002);
    }
    // Worker threads in the variants' processes; task threads in the task views'.
    const names = trace.traceEvents.filter((e) => e.name === 'thread_name' && e.pid < 1000);
    const tids = new Set(names.map((e) => e.tid));
    assert.deepEqual([...tids].sort(), [0, 1], 'one tid per worker');
    assert.ok(names.every((e) => e.args.name === `worker ${e.tid}`));
    const taskNames = trace.traceEvents.filter((e) => e.name === 'thread_name' && e.pid >= 1000);
    assert.ok(taskNames.some((e) => e.args.name === 'task 0: add a share'), 'tasks are named');
  });

  it('rebuilds the pool with exactly the new worker count', async () => {
    await runSum(page, 3);
    assert.equal(await page.locator('#timeline').getAttribute('data-lanes'), '3');
    assert.match(await page.locator('#environment').textContent(), /pool of 3 Web Workers/);
    // The runtime worker and its 3 pool workers: the old pool's workers end with their
    // runtime worker (the browser closes them within a few seconds).
    let workers = 0;
    for (let waited = 0; waited < 10_000; waited += 250) {
      workers = page.workers().length;
      if (workers === 4) break;
      await page.waitForTimeout(250);
    }
    assert.equal(workers, 4, 'live Web Workers: 1 runtime worker + 3 pool workers');
  });

  it('keeps the main thread free during a run: no long task', async (t) => {
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByLabel('Numbers to add (n)').fill('400000000');
    await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Run' }).click();
    // While the workers compute, the page still answers input at once.
    await page.locator('#status', { hasText: 'Running' }).waitFor();
    const echo = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      setTimeout(() => resolve(performance.now() - t0), 0);
    }));
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    const longTasks = await page.evaluate(() => window.longTasks);
    t.diagnostic(`main-thread echo during the run: ${echo.toFixed(1)} ms; long tasks: ${JSON.stringify(longTasks)}`);
    assert.deepEqual(longTasks, [], 'the Long Tasks API saw tasks over 50 ms');
  });

  it('stops a long run at once and runs again afterwards', async (t) => {
    await page.getByLabel('Numbers to add (n)').fill('4000000000');
    await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Running' }).waitFor();
    const latency = await stopLatency(page);
    t.diagnostic(`stop latency: ${latency.toFixed(1)} ms`);
    assert.match(await page.locator('#status').textContent(), /Stopped/);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    await runSum(page, 2);
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
  });

  it('logs no errors', () => {
    const relevant = errors.filter((e) => !/deprecated parameters/.test(e));
    assert.deepEqual(relevant, []);
  });
});

describe('bad URL values', () => {
  it('are clamped or replaced, with a visible note', async () => {
    const url = new URL(URL_ISOLATED);
    url.search = '?experiment=nope&workers=999&n=abc';
    const { page } = await open(browser.context, url.href);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const slider = page.getByRole('slider', { name: 'Workers' });
    await slider.waitFor();
    assert.equal(await slider.inputValue(), String(2 * cores));
    const note = await page.locator('[data-note="url"]').textContent();
    assert.match(note, /no experiment "nope"/);
    assert.match(note, /workers = 999 is above the maximum/);
    assert.match(note, /n = "abc" is not a whole number/);
    // The field groups the digits of the value it holds.
    assert.equal(await page.getByLabel('Numbers to add (n)').inputValue(), '200,000,000');
    await page.close();
  });

  it('from the controls are clamped too', async () => {
    const { page } = await open(browser.context, URL_ISOLATED);
    const n = page.getByLabel('Numbers to add (n)');
    await n.fill('5');
    await n.dispatchEvent('change');
    assert.match(await page.locator('[data-note="n"]').textContent(), /below the minimum; using 1,000/);
    assert.equal(await n.inputValue(), '1,000');
    await page.close();
  });
});

describe('typing in a number field', () => {
  it('keeps the text while the page re-renders, until it is committed', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&workers=2`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    const n = page.getByLabel('Numbers to add (n)');
    await n.fill('1234567');
    const upTo = page.getByLabel('Up to workers');
    await upTo.fill('1');
    // Another control changes the state (and re-renders the page) while both are drafts;
    // set from script, so that neither field loses focus, which would commit it.
    await page.evaluate(() => {
      const slider = document.querySelector('#workers');
      slider.value = '1';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // The address bar follows the state once the page has re-rendered.
    await page.waitForURL(/workers=1/);
    // Moving to the next field committed n, which then shows its digits grouped.
    assert.equal(await n.inputValue(), '1,234,567', 'n kept its value through the re-render');
    assert.equal(await upTo.inputValue(), '1', 'the draft of the sweep survived too');
    await n.dispatchEvent('change');
    await upTo.dispatchEvent('change');
    await page.getByRole('button', { name: 'Sweep 1 to 1 workers' }).waitFor();
    assert.match(page.url(), /n=1234567/, 'the committed value reached the state');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a page that is not cross-origin isolated', { skip: !URL_NOT_ISOLATED }, () => {
  it('runs the sum on 2 workers by message passing: two lanes that overlap', async (t) => {
    const { page, errors } = await open(browser.context, `${URL_NOT_ISOLATED}?experiment=sum&workers=2&n=50000000`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await page.locator('#not-isolated').waitFor();
    assert.match(await page.locator('#not-isolated').textContent(), /message-passing backend/);
    assert.match(await page.locator('#not-isolated').textContent(), /Cross-Origin-Embedder-Policy: require-corp/);
    assert.equal(await page.locator('#backend').textContent(), 'message passing');
    await page.locator('#run:not([disabled])').click();
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#run-facts').getAttribute('data-backend'), 'message passing');
    // The engines probed the cores over one window of the shared clock before each variant.
    const free = Number(await page.locator('#run-facts').getAttribute('data-free-cores'));
    t.diagnostic(`message passing: ${free} cores free`);
    assert.ok(free > 0 && free <= 2, `free cores ${free}`);
    assert.match(await page.locator('#run-facts').textContent(), /cores free while it ran: [\d.]+ of 2/);
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    const walls = await page.$$eval('#variants tbody tr', (rows) => rows.map((r) => [r.dataset.variant, Number(r.dataset.wallNs)]));
    t.diagnostic(`message passing: ${walls.map(([v, ns]) => `${v} ${(ns / 1e6).toFixed(1)} ms`).join(', ')}`);
    const parallel = (await spanRows(page)).filter((s) => s.variant === 'parallel');
    assert.deepEqual([...new Set(parallel.map((s) => s.worker))].sort(), [0, 1], 'spans on each worker');
    assert.ok(workersOverlap(parallel), 'the two workers ran at the same time');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stops a long message-passing run at once and runs again afterwards', async (t) => {
    const { page } = await open(browser.context, `${URL_NOT_ISOLATED}?experiment=sum&workers=2&n=4000000000`);
    await page.locator('#run:not([disabled])').click();
    await page.locator('#status', { hasText: 'Running' }).waitFor();
    await page.waitForTimeout(300);
    const t0 = Date.now();
    await page.keyboard.press('Escape');
    await page.locator('#status', { hasText: 'Stopped' }).waitFor({ timeout: 1_000 });
    t.diagnostic(`message-passing stop, as seen by the test: ${Date.now() - t0} ms`);
    await page.getByLabel('Numbers to add (n)').fill('4000000');
    await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    await page.close();
  });

  it('explains why an experiment that needs shared memory cannot run, and offers no Run', async () => {
    const { page } = await open(browser.context, `${URL_NOT_ISOLATED}?experiment=lock&workers=2`);
    const why = page.locator('#needs-shared-memory');
    await why.waitFor();
    assert.match(await why.textContent(), /needs shared memory/);
    assert.match(await why.textContent(), /Cross-Origin-Opener-Policy: same-origin/);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isDisabled());
    // Another experiment of independent tasks can run again.
    await page.selectOption('#experiment', 'io-bound');
    assert.equal(await why.count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    await page.close();
  });
});

describe('an isolated page that asks for message passing', () => {
  it('runs on the message-passing backend, so the two backends can be compared', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&workers=2&n=4000000&backend=message`);
    assert.equal(await page.locator('#backend').textContent(), 'message passing');
    await page.locator('#run:not([disabled])').click();
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#run-facts').getAttribute('data-backend'), 'message passing');
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// The run drawn while it goes: each variant appears on the timeline as soon as it is
// measured, with "variant i of n", on both backends; the final report then replaces the
// partial view. And `view=tasks` opens the timeline on its task view.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, stopLatency, URL_ISOLATED, URL_NOT_ISOLATED } from './browser.mjs';

/** Five variants of waits: about 3.6 s on 2 workers, long enough to watch it grow. */
const IO_BOUND = '?experiment=io-bound&workers=2&tasks=4&wait_ms=300';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** What the page shows of a run in progress, read in one go once a variant is drawn. */
function partialState(page) {
  return page.waitForFunction(() => {
    const progress = document.querySelector('#run-progress');
    const canvas = document.querySelector('#timeline');
    const status = document.querySelector('#status');
    if (!progress || !canvas || Number(canvas.dataset.variantsDrawn) < 1) return null;
    return {
      running: status.classList.contains('running'),
      measured: Number(progress.dataset.measured),
      total: Number(progress.dataset.total),
      text: progress.textContent,
      drawn: Number(canvas.dataset.variantsDrawn),
      live: canvas.dataset.live,
      rows: document.querySelectorAll('#variants tbody tr').length,
      verdict: document.querySelector('#verdict') !== null,
    };
  }, null, { timeout: 60_000, polling: 'raf' }).then((handle) => handle.jsonValue());
}

/** Runs the I/O-bound experiment and checks the partial view mid-run, then the final. */
async function watchRun(base, backend) {
  const { page, errors } = await open(browser.context, `${base}${IO_BOUND}`);
  try {
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run' }).click();
    const partial = await partialState(page);
    assert.equal(partial.running, true, 'a variant is drawn before the run finishes');
    assert.equal(partial.total, 5);
    assert.ok(partial.measured >= 1 && partial.measured < 5, `measured ${partial.measured}`);
    assert.match(partial.text, new RegExp(`Variant ${partial.measured} of 5 measured`));
    assert.equal(partial.drawn, partial.measured, 'every variant measured is drawn');
    assert.equal(partial.rows, partial.measured);
    assert.equal(partial.live, 'true');
    assert.equal(partial.verdict, false, 'no verdict before the run ends');

    await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
    const canvas = await page.$eval('#timeline', (c) => ({ ...c.dataset }));
    assert.equal(canvas.variantsDrawn, '5');
    assert.equal(canvas.live, 'false');
    assert.equal(await page.locator('#run-progress').count(), 0, 'the report replaced the progress');
    assert.equal(await page.locator('#variants tbody tr').count(), 5);
    assert.equal(await page.locator('#run-facts').getAttribute('data-backend'), backend);
    // The spans came in with the variants: the final report has them all.
    const spanRows = await page.locator('#spans tbody tr').count();
    assert.ok(spanRows >= 5 * 4, `${spanRows} spans listed`);
    assert.match(await page.locator('#verdict').textContent(), /supports the claim|does not support/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

describe('a run drawn while it goes', () => {
  it('shows each variant as it is measured on the shared-memory backend', async () => {
    await watchRun(URL_ISOLATED, 'shared memory');
  });

  it('shows each variant as it is merged on the message-passing backend',
    { skip: !URL_NOT_ISOLATED && 'INTERLEAVE_URL_NOT_ISOLATED is not set' },
    async () => {
      await watchRun(URL_NOT_ISOLATED, 'message passing');
    });
});

describe('the view URL parameter', () => {
  it('view=tasks opens the timeline on one lane per task', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}${IO_BOUND}&wait_ms=20&view=tasks`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.$eval('#timeline', (c) => c.dataset.mode), 'tasks');
    const tasks = page.locator('.timeline-modes').getByRole('button', { name: 'Tasks' });
    assert.equal(await tasks.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a bad view falls back to workers with a note', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}${IO_BOUND}&wait_ms=20&view=gantt`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    assert.match(await page.locator('[data-note="url"]').textContent(), /view = "gantt" is not workers or tasks/);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.$eval('#timeline', (c) => c.dataset.mode), 'workers');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/** Runs the sum and returns, per variant, when its message reached the page, its wall
 * time, and the end of the last timeline draw of the variant before it (page clock, ms). */
async function pacedRun(base) {
  const context = browser.context;
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.arrivals = [];
    window.draws = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'interleave-timeline-draw') window.draws.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      }
    }).observe({ type: 'measure' });
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url, options) {
        super(url, options);
        // Registered before the page's own handler, so it sees each message first.
        this.addEventListener('message', ({ data }) => {
          if (data?.type === 'variant') window.arrivals.push({ at: performance.now(), wallMs: JSON.parse(data.variant).wall_ns / 1e6 });
        });
      }
    };
  });
  await page.goto(`${base}?experiment=sum&workers=2&n=50000000`);
  await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
  const { arrivals, draws } = await page.evaluate(() => ({ arrivals: window.arrivals, draws: window.draws }));
  await page.close();
  return arrivals.map((arrival, i) => ({
    ...arrival,
    previousDrawn: i === 0 ? null : Math.max(...draws
      .filter((d) => d.start >= arrivals[i - 1].at && d.end <= arrival.at)
      .map((d) => d.end)),
  }));
}

describe('the page drawing a variant', () => {
  for (const [name, base] of [['shared-memory', URL_ISOLATED], ['message-passing', URL_NOT_ISOLATED]]) {
    it(`never overlaps the next variant's measurement (${name} backend)`,
      { skip: !base && 'its URL is not set' },
      async (t) => {
        const variants = await pacedRun(base);
        assert.equal(variants.length, 3);
        for (const [i, v] of variants.entries()) {
          if (i === 0) continue;
          assert.ok(Number.isFinite(v.previousDrawn), `variant ${i - 1} was drawn before variant ${i} arrived`);
          // The runtime started variant i only after the page had drawn variant i - 1, so
          // variant i arrived at least its wall time after that draw ended.
          const gap = v.at - v.previousDrawn;
          t.diagnostic(`variant ${i}: arrived ${gap.toFixed(2)} ms after the draw before it; wall ${v.wallMs.toFixed(2)} ms`);
          assert.ok(gap >= v.wallMs - 0.1, `variant ${i} was measured while the page drew variant ${i - 1}`);
        }
      });
  }
});

describe('a stopped run', () => {
  it('keeps what it measured before the stop on the timeline, marked as stopped', async (t) => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}${IO_BOUND}`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run' }).click();
    const partial = await partialState(page);
    const latency = await stopLatency(page);
    t.diagnostic(`stopped after ${partial.measured} of ${partial.total} variants in ${latency.toFixed(1)} ms`);
    const progress = page.locator('#run-progress');
    const measured = Number(await progress.getAttribute('data-measured'));
    assert.ok(measured >= partial.measured && measured < 5);
    assert.match(await progress.textContent(), new RegExp(`Stopped after ${measured} of 5 variants`));
    assert.equal(await page.locator('#variants tbody tr').count(), measured);
    assert.equal(await page.$eval('#timeline', (c) => c.dataset.variantsDrawn), String(measured));
    assert.equal(await page.locator('#verdict').count(), 0, 'no verdict from part of a run');
    // The next run starts afresh.
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#run-progress').count(), 0);
    assert.equal(await page.locator('#variants tbody tr').count(), 5);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stops a run of a million tiny tasks at once', async (t) => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=granularity&workers=2&n=1000000`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Running' }).waitFor();
    await page.waitForTimeout(100);
    const latency = await stopLatency(page);
    t.diagnostic(`stop latency with a million tasks: ${latency.toFixed(1)} ms`);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    assert.deepEqual(errors, []);
    await page.close();
  });
});

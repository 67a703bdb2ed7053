// 200 runs with changing worker counts leave no workers or memory behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch({ args: ['--js-flags=--expose-gc'] }); });
after(async () => { await browser?.close(); });

const RUNS = 200;

/** Live Web Workers once the browser has closed the ones that were terminated. */
async function settledWorkers(page, expected) {
  let count = page.workers().length;
  for (let waited = 0; waited < 15_000 && count !== expected; waited += 250) {
    await page.waitForTimeout(250);
    count = page.workers().length;
  }
  return count;
}

async function heapBytes(page) {
  return page.evaluate(() => { gc(); return performance.memory.usedJSHeapSize; });
}

/** The wasm memory of the runtime and of the page after the last run, as it reports them. */
async function wasmBytes(page) {
  const facts = page.locator('#run-facts');
  return {
    runtime: Number(await facts.getAttribute('data-runtime-memory-bytes')),
    page: Number(await facts.getAttribute('data-page-memory-bytes')),
  };
}

describe('many runs', () => {
  it(`${RUNS} runs with changing worker counts leak neither workers nor memory`, async (t) => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&n=100000`);
    const slider = page.getByRole('slider', { name: 'Workers' });
    let heapAfterWarmUp = 0;
    // The wasm memories at the last run of each pool, by worker count: the first pool of
    // each count against the last.
    const firstPool = new Map();
    const lastPool = new Map();
    for (let run = 0; run < RUNS; run++) {
      // The worker count changes every 10 runs: 1, 2, 3, 4, 1, ... so the pool is rebuilt.
      const workers = 1 + (Math.floor(run / 10) % 4);
      await slider.fill(String(workers));
      await page.getByRole('button', { name: 'Run' }).click();
      await page.locator('#status', { hasText: `Finished on ${workers} worker` }).waitFor({ timeout: 30_000 });
      await page.locator('#run:not([disabled])').waitFor();
      if (run === 19) heapAfterWarmUp = await heapBytes(page);
      if (run % 10 === 9) {
        const bytes = await wasmBytes(page);
        if (!firstPool.has(workers)) firstPool.set(workers, bytes);
        lastPool.set(workers, bytes);
      }
    }
    const workersLeft = await settledWorkers(page, 1 + 4);
    const heapAtEnd = await heapBytes(page);
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    const pools = [...firstPool.keys()].sort().map((k) =>
      `${k}: runtime ${mb(firstPool.get(k).runtime)} → ${mb(lastPool.get(k).runtime)}, page ${mb(firstPool.get(k).page)} → ${mb(lastPool.get(k).page)}`);
    t.diagnostic(`live workers after ${RUNS} runs: ${workersLeft} (1 runtime + 4 pool); ` +
      `JS heap after 20 runs ${mb(heapAfterWarmUp)}, after ${RUNS} ${mb(heapAtEnd)}; ` +
      `wasm memory after a pool's 10th run, its first pool → its last, by workers: ${pools.join('; ')}`);
    for (const [k, first] of firstPool) {
      const last = lastPool.get(k);
      assert.ok(first.runtime > 0 && first.page > 0, 'the page reports both wasm memories');
      assert.ok(last.runtime <= first.runtime, `the runtime memory of ${k} workers grew with the number of runs`);
      assert.ok(last.page <= first.page + 2 ** 20, 'the page memory grew with the number of runs');
    }
    assert.equal(workersLeft, 5, 'only the current pool is alive');
    assert.ok(heapAtEnd < heapAfterWarmUp * 1.5 + 2e6, 'the JS heap grew with the number of runs');
    assert.deepEqual(errors.filter((e) => !/deprecated parameters/.test(e)), []);
    await page.close();
  });
});

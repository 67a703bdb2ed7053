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

describe('many runs', () => {
  it(`${RUNS} runs with changing worker counts leak neither workers nor memory`, async (t) => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&n=100000`);
    const slider = page.getByRole('slider', { name: 'Workers' });
    let heapAfterWarmUp = 0;
    for (let run = 0; run < RUNS; run++) {
      // The worker count changes every 10 runs: 1, 2, 3, 4, 1, ... so the pool is rebuilt.
      const workers = 1 + (Math.floor(run / 10) % 4);
      await slider.fill(String(workers));
      await page.getByRole('button', { name: 'Run' }).click();
      await page.locator('#status', { hasText: `Finished on ${workers} worker` }).waitFor({ timeout: 30_000 });
      await page.locator('#run:not([disabled])').waitFor();
      if (run === 19) heapAfterWarmUp = await heapBytes(page);
    }
    const workersLeft = await settledWorkers(page, 1 + 4);
    const heapAtEnd = await heapBytes(page);
    t.diagnostic(`live workers after ${RUNS} runs: ${workersLeft} (1 runtime + 4 pool); ` +
      `JS heap after 20 runs ${(heapAfterWarmUp / 1e6).toFixed(1)} MB, after ${RUNS} ${(heapAtEnd / 1e6).toFixed(1)} MB`);
    assert.equal(workersLeft, 5, 'only the current pool is alive');
    assert.ok(heapAtEnd < heapAfterWarmUp * 1.5 + 2e6, 'the JS heap grew with the number of runs');
    assert.deepEqual(errors.filter((e) => !/deprecated parameters/.test(e)), []);
    await page.close();
  });
});

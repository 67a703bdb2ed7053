// When something the page needs cannot load, the page says so instead of going blank.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('failure paths', () => {
  it('a UI module that fails to load gives a clear message', async () => {
    const page = await browser.context.newPage();
    await page.route('**/pkg/app/*.wasm', (route) => route.abort());
    await page.goto(URL_ISOLATED);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Interleave could not start/);
    await page.close();
  });

  it('a runtime that fails to load is reported, and Run stays usable for a retry', async () => {
    const page = await browser.context.newPage();
    await page.route('**/pkg/runtime/*.wasm', (route) => route.abort());
    await page.goto(URL_ISOLATED);
    await page.locator('#status.failed').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#status').textContent(), /failed/);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    // Once the module can load again, Run starts a fresh pool and works.
    await page.unroute('**/pkg/runtime/*.wasm');
    await page.getByLabel('Numbers to add (n)').fill('1000000');
    await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('a browser without SharedArrayBuffer falls back to message passing and still runs', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => { delete globalThis.SharedArrayBuffer; });
    await page.goto(`${URL_ISOLATED}?experiment=sum&workers=2&n=4000000`);
    const notice = page.locator('#not-isolated');
    await notice.waitFor();
    assert.match(await notice.textContent(), /offers no shared memory/);
    assert.equal(await page.locator('#backend').textContent(), 'message passing');
    await page.locator('#run:not([disabled])').click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    await page.close();
  });

  it('a worker that fails to start is reported, and Run stays usable for a retry', async () => {
    const page = await browser.context.newPage();
    // The message-passing backend's coordinator (nested workers' requests cannot be routed).
    await page.route('**/www/message-passing-worker.js*', (route) => route.abort());
    await page.goto(`${URL_ISOLATED}?experiment=sum&workers=2&n=4000000&backend=message`);
    await page.locator('#status.failed').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#status').textContent(), /could not start|failed/);
    assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled());
    await page.unroute('**/www/message-passing-worker.js*');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('an engine that panics reports the panic with its experiment and parameters', async () => {
    const page = await browser.context.newPage();
    await page.goto(URL_ISOLATED);
    // A step of a variant the experiment does not have makes the engine panic.
    const report = await page.evaluate(() => new Promise((resolve, reject) => {
      const channel = new BroadcastChannel('interleave-test-panics');
      channel.onmessage = (event) => resolve(event.data);
      const engine = new Worker('/www/engine-worker.js?panics=interleave-test-panics', { type: 'module' });
      engine.onmessage = ({ data }) => {
        if (data.type !== 'ready') return;
        const request = { experiment: 'sum', workers: 2, cores: 2, params: { n: 5000 } };
        const step = { request, variant: 99, step: 0, shard: { index: 0, count: 1 }, origin_ns: 0 };
        engine.postMessage({ type: 'step', id: 0, step: JSON.stringify(step) });
      };
      setTimeout(() => reject(new Error('no panic report')), 20_000);
    }));
    assert.match(report, /The engine panicked during the run of Sum: sequential, concurrent, parallel \(n = 5000\) on 2 workers/);
    assert.match(report, /variant/);
    await page.close();
  });

  it('a panic reported by the runtime ends the run with its message, and Run starts afresh', async () => {
    const page = await browser.context.newPage();
    // Note each worker's URL as the page creates it (resource timing entries for worker
    // scripts are not always there by the time the page is ready).
    await page.addInitScript(() => {
      const Native = window.Worker;
      window.workerUrls = [];
      window.Worker = class extends Native {
        constructor(url, options) {
          window.workerUrls.push(new URL(url, location.href).href);
          super(url, options);
        }
      };
    });
    await page.goto(`${URL_ISOLATED}?experiment=sum&workers=2&n=4000000`);
    await page.locator('#run:not([disabled])').waitFor();
    const channel = await page.evaluate(() => window.workerUrls
      .map((url) => new URL(url).searchParams.get('panics')).find(Boolean));
    assert.match(channel, /^interleave-panics-/, 'the runtime worker was given a panic channel');
    await page.evaluate((name) => new BroadcastChannel(name).postMessage('The engine panicked during a test: boom'), channel);
    await page.locator('#status.failed').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#status').textContent(), /boom/);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await page.close();
  });
});

describe('the memory cap', () => {
  it('runs the teaching text\'s 1,000,000 lock tasks within the cap, recorded coarsely', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=lock&workers=2&items=1000000`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#over-budget').count(), 0, 'a million tasks fit under the cap');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    const row = page.locator('#variants tbody tr[data-variant="locked-k"]');
    assert.match(await row.textContent(), /Locked: 1,000,000 tasks, one lock, on 2 workers/);
    assert.match(await page.locator('#verdict').textContent(), /1,000,000/);
    assert.match(await page.locator('#result-check').textContent(), /the correct answer/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

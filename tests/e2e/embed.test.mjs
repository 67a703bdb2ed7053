// Tutorial pages embed the playground from another origin and drive it by message:
// www/examples/tutorial.html on an isolated host, not-isolated.html on a host without
// the isolation headers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { launch, open, workersOverlap, URL_ISOLATED, URL_NOT_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The playground is at 127.0.0.1; the tutorial pages are at localhost: two origins. */
const PLAYGROUND = new URL(URL_ISOLATED).origin;
const tutorial = (server, page = 'tutorial.html', playground = PLAYGROUND) => {
  const url = new URL(`/www/examples/${page}`, server);
  url.hostname = 'localhost';
  url.searchParams.set('playground', playground);
  return url.href;
};

/** The spans of variant `id` in a frame's span table, as numbers. */
const spansOf = (frame, id) => frame.locator(`#spans tbody tr[data-variant="${id}"]`).evaluateAll((rows) =>
  rows.map((r) => ({ worker: Number(r.dataset.worker), start: Number(r.dataset.startNs), end: Number(r.dataset.endNs) })));

/** Every span of variant `id` of a frame's last run, from its trace download (the span
 * table shows only the first 2,000): each worker is a thread of the variant's process. */
async function traceSpans(page, frame, id) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    frame.getByRole('button', { name: 'Download trace' }).click(),
  ]);
  const trace = JSON.parse(await readFile(await download.path(), 'utf8'));
  const { pid } = trace.traceEvents.find((e) => e.name === 'process_name' && e.args.name.startsWith(`${id}: `));
  return trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === pid)
    .map((e) => ({ worker: e.tid, start: e.ts, end: e.ts + e.dur }));
}

/** Whether spans on two different workers overlap in time: two lanes at once. */
const lanesOverlap = (spans) => spans.some((a) => spans.some((b) =>
  a.worker !== b.worker && a.start < b.end && b.start < a.end));

async function waitForMessage(page, frame, type, count = 1) {
  // A reader looks at the frame they wait on; a lazy frame loads once it is in view.
  await page.locator('iframe').nth(frame).scrollIntoViewIfNeeded();
  try {
    await page.waitForFunction(
      ([f, t, n]) => messages.filter((m) => m.frame === f && m.type === t).length >= n,
      [frame, type, count],
      { timeout: 60_000 },
    );
  } catch (error) {
    // Say what the frame showed and what the host got, to tell a slow frame from a stuck one.
    const shown = await Promise.all(page.frames().slice(1).map((f) => f.evaluate(() => ({
      url: location.href,
      environment: document.querySelector('#environment')?.textContent,
      status: document.querySelector('#status')?.textContent,
    })).catch((e) => String(e))));
    const got = await page.evaluate(() => messages).catch(() => 'unknown');
    throw new Error(`no ${type} message from frame ${frame}: ${error.message}\nframes: ${JSON.stringify(shown)}\nmessages: ${JSON.stringify(got)}`);
  }
  return page.evaluate(([f, t]) => messages.filter((m) => m.frame === f && m.type === t).at(-1), [frame, type]);
}

describe('embedding', () => {
  it('an isolated tutorial gets real threads, drives a run by message and receives the result', async (t) => {
    // Not waiting for the frames to load: if one never does, waitForMessage says what it showed.
    const { page, errors } = await open(browser.context, tutorial(URL_ISOLATED), { waitUntil: 'domcontentloaded' });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the host is isolated');
    const ready = await waitForMessage(page, 0, 'ready');
    assert.equal(ready.workers, 2);
    const frame = page.frameLocator('iframe').first();
    const inner = await (await page.$('iframe')).contentFrame();
    assert.equal(await inner.evaluate(() => crossOriginIsolated), true, 'the frame is isolated');
    assert.ok(await frame.getByRole('link', { name: /Open in full playground/ }).isVisible());

    // Malformed and unknown messages are ignored (a console warning each); nothing answers.
    await page.evaluate(() => {
      const target = document.querySelector('iframe').contentWindow;
      target.postMessage('run', '*');
      target.postMessage({ type: 'run' }, '*');
      target.postMessage({ interleave: 9, type: 'run' }, '*');
      target.postMessage({ interleave: 1, type: 'eval', code: 'alert(1)' }, '*');
      send(0, { type: 'set-params', params: { n: '<img src=x onerror=alert(1)>' } });
    });
    // Only the one valid command is answered: an acknowledgement, and nothing runs.
    const ack = await waitForMessage(page, 0, 'ack');
    assert.deepEqual([ack.command, ack.run], ['set-params', null]);
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => messages.filter((m) => m.frame === 0 && !['ready', 'resize'].includes(m.type)).map((m) => m.type)), ['ack']);
    assert.match(await frame.locator('[data-note="n"]').textContent(), /not a whole number/);
    assert.equal(await frame.locator('img').count(), 0, 'host input is never rendered as HTML');

    await page.evaluate(() => {
      send(0, { type: 'set-params', params: { n: 20000000 } });
      send(0, { type: 'run' });
    });
    const result = await waitForMessage(page, 0, 'result');
    t.diagnostic(`result: ${result.variants.map((v) => `${v.id} ${v.wall_ms.toFixed(1)} ms`).join(', ')}`);
    assert.equal(result.experiment, 'sum');
    assert.equal(result.workers, 2);
    assert.deepEqual(result.variants.map((v) => v.id), ['sequential', 'concurrent', 'parallel']);
    // The verdict the page computed from this run: a judgement of the claim, or, when the
    // repeats spread too far (CI runs other tests on the same cores), that it cannot judge.
    assert.match(result.verdict, /^(This run (supports|does not support|cannot test) the claim|Too noisy to judge)\./);
    const parallel = await frame.locator('#spans tbody tr[data-variant="parallel"]').evaluateAll((rows) =>
      rows.map((r) => ({ worker: Number(r.dataset.worker), start: Number(r.dataset.startNs), end: Number(r.dataset.endNs) })));
    assert.equal(new Set(parallel.map((s) => s.worker)).size, 2);
    assert.ok(workersOverlap(parallel), 'the two lanes overlap');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('oversized and deeply nested host messages neither crash nor grow the frame, and it answers on', async (t) => {
    const { page } = await open(browser.context, tutorial(URL_ISOLATED));
    await waitForMessage(page, 0, 'ready');
    const frame = page.frames().find((f) => f.url().startsWith(PLAYGROUND) && f.url().includes('experiment=sum'));
    const pageMemory = async () => {
      const seen = await page.evaluate(() => messages.length);
      await page.evaluate(() => { send(0, { type: 'set-params', params: { n: 1000000 } }); send(0, { type: 'run' }); });
      await page.waitForFunction((from) => messages.slice(from).some((m) => m.frame === 0 && m.type === 'result'), seen, { timeout: 60_000 });
      return Number(await frame.locator('#run-facts').getAttribute('data-page-memory-bytes'));
    };
    const before = await pageMemory();
    await frame.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
      // How long the frame's own listener takes: from a capturing listener, which runs
      // before it, to one added after it, which runs after it.
      window.handling = [];
      addEventListener('message', () => { window.handlingFrom = performance.now(); }, { capture: true });
      addEventListener('message', () => { window.handling.push(performance.now() - window.handlingFrom); });
    });
    // Each message, then a valid command: its answer says the frame handled the message.
    const kinds = ['a 100 MB string', 'a 100 MB type', 'params with 1,000,000 keys',
      'a 4,000,000-element array', 'an object nested 1,000 deep'];
    const tasks = {};
    for (const kind of kinds) {
      await frame.evaluate(() => { window.longTasks = []; window.handling = []; });
      const seen = await page.evaluate(() => messages.length);
      await page.evaluate((which) => {
        const make = {
          'a 100 MB string': () => 'a'.repeat(100_000_000),
          'a 100 MB type': () => ({ interleave: 1, type: 'a'.repeat(100_000_000) }),
          'params with 1,000,000 keys': () => {
            const params = {};
            for (let i = 0; i < 1_000_000; i += 1) params[`k${i}`] = i;
            return { interleave: 1, type: 'set-params', params };
          },
          'a 4,000,000-element array': () => new Array(4_000_000).fill(1),
          'an object nested 1,000 deep': () => {
            let nested = { interleave: 1, type: 'set-params', params: { n: 5 } };
            for (let i = 0; i < 1000; i += 1) nested = { interleave: 1, type: 'deep', inner: nested };
            return nested;
          },
        }[which];
        document.querySelector('iframe').contentWindow.postMessage(make(), '*');
        send(0, { type: 'set-workers', workers: 2 });
      }, kind);
      const ack = await page.waitForFunction((from) => messages.slice(from).find((m) => m.frame === 0 && m.type === 'ack'), seen, { timeout: 60_000 })
        .then((handle) => handle.jsonValue());
      assert.equal(ack.command, 'set-workers', `after ${kind}, the frame answers`);
      tasks[kind] = await frame.evaluate(() => ({
        listener_ms: Math.max(...window.handling).toFixed(2),
        long_tasks_ms: window.longTasks,
      }));
    }
    const after = await pageMemory();
    // Reported, not judged: the long tasks are the browser's copy of the message into the
    // frame, done before any listener runs; the frame's own listener is what it controls.
    t.diagnostic(`per message, the frame's listener and its long tasks: ${JSON.stringify(tasks)}; its wasm memory ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB`);
    assert.ok(after <= before + 2 ** 20, `the frame's wasm memory grew from ${before} to ${after} bytes`);
    await page.close();
  });

  it('an author\'s frame: sized to its content both ways, locked, captioned, named, and reporting the reader\'s runs', async () => {
    const { page, errors } = await open(browser.context, tutorial(URL_ISOLATED));
    await waitForMessage(page, 1, 'ready');
    const iframe = page.locator('iframe').nth(1);
    const inner = page.frames().find((f) => f.url().includes('experiment=io-bound'));
    // lock=1, caption= and title= show what they say.
    assert.equal(await inner.locator('#experiment').count(), 0, 'no experiment picker when locked');
    assert.match(await inner.locator('#experiment-title').textContent(), /I\/O-bound/);
    assert.equal(await inner.locator('#caption').textContent(), 'Four waits of 200 ms: how long on 1 worker?');
    assert.equal(await inner.evaluate(() => document.title), 'Waiting, parked or blocking');
    const frameHeight = () => iframe.evaluate((f) => f.clientHeight);
    const contentHeight = () => inner.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const settled = async () => {
      await page.waitForFunction(() => {
        const last = messages.filter((m) => m.frame === 1 && m.type === 'resize').at(-1);
        return last && Math.abs(document.querySelectorAll('iframe')[1].clientHeight - last.height) < 1;
      });
      await inner.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    };
    await settled();
    const before = await frameHeight();
    assert.ok(Math.abs(before - await contentHeight()) <= 1, 'the iframe fits the content');
    // A run the reader starts reaches a host that said hello; the results make it grow.
    await page.evaluate(() => send(1, { type: 'hello' }));
    await waitForMessage(page, 1, 'ack');
    await inner.getByRole('button', { name: 'Run' }).click();
    const result = await waitForMessage(page, 1, 'result');
    assert.equal(result.experiment, 'io-bound');
    await settled();
    const grown = await frameHeight();
    assert.ok(grown > before + 100, `the iframe grew with the results: ${before} -> ${grown} px`);
    // Narrower, the content is taller; wide again, shorter: the iframe follows both ways.
    await iframe.evaluate((f) => { f.style.width = '360px'; });
    await page.waitForFunction((h) => document.querySelectorAll('iframe')[1].clientHeight > h + 50, grown);
    await iframe.evaluate((f) => { f.style.width = ''; });
    await page.waitForFunction((h) => Math.abs(document.querySelectorAll('iframe')[1].clientHeight - h) < 30, grown);
    await settled();
    assert.ok(Math.abs(await frameHeight() - await contentHeight()) <= 1, 'the iframe fits the content again');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the host sets the experiment, the view and the theme, and reads the state back', async () => {
    const { page, errors } = await open(browser.context, tutorial(URL_ISOLATED));
    await waitForMessage(page, 0, 'ready');
    const inner = page.frames().find((f) => f.url().includes('experiment=sum'));
    const state = async () => {
      const seen = await page.evaluate(() => messages.length);
      await page.evaluate(() => send(0, { type: 'get-state' }));
      return page.waitForFunction((from) => messages.slice(from).find((m) => m.frame === 0 && m.type === 'state'), seen)
        .then((handle) => handle.jsonValue());
    };
    const first = await state();
    assert.deepEqual([first.experiment, first.view, first.theme, first.running], ['sum', 'workers', 'auto', null]);
    await page.evaluate(() => {
      send(0, { type: 'set-experiment', experiment: 'cpu-bound' });
      send(0, { type: 'set-view', view: 'tasks' });
      send(0, { type: 'set-theme', theme: 'dark' });
      send(0, { type: 'set-experiment', experiment: 'no-such-experiment' });
    });
    const now = await state();
    assert.deepEqual([now.experiment, now.view, now.theme], ['cpu-bound', 'tasks', 'dark']);
    assert.equal(await inner.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await inner.locator('#experiment').inputValue(), 'cpu-bound');
    const acks = await page.evaluate(() => messages.filter((m) => m.frame === 0 && m.type === 'ack').map((m) => m.command));
    assert.deepEqual(acks, ['get-state', 'set-experiment', 'set-view', 'set-theme', 'set-experiment', 'get-state']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('set-workers from the host rebuilds the pool, clamped to its bounds', async () => {
    const { page } = await open(browser.context, tutorial(URL_ISOLATED));
    await waitForMessage(page, 1, 'ready');
    await page.evaluate(() => {
      send(1, { type: 'set-params', params: { tasks: 2, wait_ms: 20 } });
      send(1, { type: 'set-workers', workers: 99 });
      send(1, { type: 'run' });
    });
    const result = await waitForMessage(page, 1, 'result');
    // Clamped to the frame's slider, twice the cores it measured.
    const inner = page.frames().find((f) => f.url().includes('experiment=io-bound'));
    const max = Number(await inner.locator('#workers').getAttribute('max'));
    assert.equal(result.workers, max, 'clamped to twice the cores');
    assert.ok(max >= 4, 'at least 2 cores counted');
    assert.equal(result.experiment, 'io-bound');
    await page.close();
  });

  it('on a host that sends no headers, the frames isolate themselves: the lock and the race run on shared memory', { skip: !URL_NOT_ISOLATED }, async (t) => {
    const { page, errors } = await open(browser.context, tutorial(URL_NOT_ISOLATED, 'not-isolated.html'), { waitUntil: 'domcontentloaded' });
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the host is not isolated');
    const results = {};
    for (const [index, experiment] of [[1, 'lock'], [2, 'race']]) {
      const ready = await waitForMessage(page, index, 'ready');
      assert.deepEqual([ready.workers, ready.backend], [2, 'shared-memory'], experiment);
      const inner = page.frames().find((f) => f.url().includes(`experiment=${experiment}`));
      assert.equal(await inner.evaluate(() => crossOriginIsolated), true, `the ${experiment} frame is isolated`);
      await page.evaluate((i) => send(i, { type: 'run' }), index);
      const result = await waitForMessage(page, index, 'result');
      t.diagnostic(`${experiment} in a frame on a plain host: ${result.variants.map((v) => `${v.id} ${v.wall_ms.toFixed(1)} ms`).join(', ')}`);
      assert.deepEqual([result.experiment, result.backend, result.workers], [experiment, 'shared-memory', 2]);
      results[experiment] = { result, inner };
    }
    // One lock shared by 20,000 tasks on 2 workers gives the right total: real shared memory.
    const total = 20_000 * 20_001 / 2;
    assert.deepEqual(results.lock.result.variants.map((v) => v.value), [total, total, total, total]);
    // The unsynchronised bookings run on both workers at once: two lanes overlap.
    assert.ok(lanesOverlap(await traceSpans(page, results.race.inner, 'unsynchronised')), 'two lanes overlap in the race');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a frame served without any isolation runs the sum on 2 workers by message passing', { skip: !URL_NOT_ISOLATED }, async (t) => {
    // Both from the server that sends no headers: what a browser without
    // Document-Isolation-Policy gets (the playground on another origin of it).
    const plain = new URL(URL_NOT_ISOLATED).origin;
    const { page, errors } = await open(browser.context, tutorial(URL_NOT_ISOLATED, 'not-isolated.html', plain));
    const ready = await waitForMessage(page, 0, 'ready');
    assert.deepEqual([ready.workers, ready.backend], [2, 'message-passing']);
    const frame = page.frameLocator('iframe').first();
    assert.match(await frame.locator('#not-isolated').textContent(), /message-passing backend/);
    const notice = await frame.locator('#not-isolated').boundingBox();
    assert.ok(notice.height < 60, `the frame's notice takes ${notice.height} px, not a line or two`);

    await page.evaluate(() => send(0, { type: 'run' }));
    const result = await waitForMessage(page, 0, 'result');
    t.diagnostic(`message passing in a frame: ${result.variants.map((v) => `${v.id} ${v.wall_ms.toFixed(1)} ms`).join(', ')}`);
    assert.deepEqual([result.experiment, result.workers, result.backend], ['sum', 2, 'message-passing']);
    const inner = page.frames().find((f) => f.url().includes('experiment=sum'));
    assert.ok(lanesOverlap(await spansOf(inner, 'parallel')), 'the two lanes overlap');
    assert.deepEqual(errors, []);

    // The lock cannot run there: it says why and links to the playground in its own tab.
    await waitForMessage(page, 1, 'ready');
    const lock = page.frameLocator('iframe').nth(1);
    await lock.locator('#needs-shared-memory').waitFor();
    assert.match(await lock.locator('#needs-shared-memory').textContent(), /needs shared memory/);
    assert.ok(await lock.getByRole('button', { name: 'Run' }).isDisabled());
    const own = new URL(await lock.locator('#needs-shared-memory a.open-own-tab').getAttribute('href'));
    assert.equal(own.origin, plain);
    assert.equal(own.searchParams.get('experiment'), 'lock');
    assert.equal(own.searchParams.get('embed'), null, 'the own tab is the full playground');
    // Asked to run anyway, it answers with an error instead of running.
    await page.evaluate(() => send(1, { type: 'run' }));
    const error = await waitForMessage(page, 1, 'error');
    assert.match(error.message, /needs shared memory/);
    await page.close();
  });
});

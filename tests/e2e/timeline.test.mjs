// The timeline as a visitor uses it: zoom with the wheel and the keyboard, drag, hover a
// span for its details, click to highlight its task, shift+drag a selection, download the
// view as PNG and the spans as CSV, and a narrow high-DPI screen.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { launch, open, spanRows, URL_ISOLATED } from './browser.mjs';

/** Small enough to keep the tests quick, large enough that spans last milliseconds. */
const N = 20_000_000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Runs the Sum on 2 workers and waits for the results. */
async function runSum(page) {
  await page.getByRole('slider', { name: 'Workers' }).fill('2');
  await page.getByLabel('Numbers to add (n)').fill(String(N));
  await page.getByLabel('Numbers to add (n)').dispatchEvent('change');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
}

/** The canvas's view and layout, from its data attributes. */
async function canvasState(page) {
  return page.$eval('#timeline', (c) => ({
    start: Number(c.dataset.viewStartNs),
    end: Number(c.dataset.viewEndNs),
    plotLeft: Number(c.dataset.plotLeft),
    plotWidth: Number(c.dataset.plotWidth),
    laneHeight: Number(c.dataset.laneHeight),
    laneTops: JSON.parse(c.dataset.laneTops),
    origins: JSON.parse(c.dataset.blockOriginsNs),
    highlight: c.dataset.highlightTask,
    box: (({ x, y, width, height }) => ({ x, y, width, height }))(c.getBoundingClientRect()),
  }));
}

/** Where (page coordinates) the middle of `span` is drawn. */
async function spanPoint(page, span) {
  const s = await canvasState(page);
  const variants = await page.$$eval('#variants tbody tr', (rows) => rows.map((r) => r.dataset.variant));
  const block = variants.indexOf(span.variant);
  const middle = (span.start + span.end) / 2 - s.origins[block];
  const x = s.plotLeft + ((middle - s.start) / (s.end - s.start)) * s.plotWidth;
  const y = s.laneTops[block][span.worker] + s.laneHeight / 2;
  return { x: s.box.x + x, y: s.box.y + y };
}

/** Waits until the canvas's visible range differs from `before`. */
async function viewChangedFrom(page, before) {
  await page.waitForFunction(
    ([start, end]) => {
      const c = document.querySelector('#timeline');
      return Number(c.dataset.viewStartNs) !== start || Number(c.dataset.viewEndNs) !== end;
    },
    [before.start, before.end],
  );
  return canvasState(page);
}

/** The longest variant's wall time in the repeat the timeline draws: the range "fit" shows. */
async function fullNs(page) {
  const walls = await page.$$eval('#variants tbody tr', (rows) => rows.map((r) => Number(r.dataset.tracedWallNs)));
  return Math.max(...walls);
}

describe('the timeline', () => {
  let page;
  let errors;
  before(async () => {
    ({ page, errors } = await open(browser.context, URL_ISOLATED));
    await runSum(page);
    // The mouse works in viewport coordinates: bring the whole timeline into view.
    await page.locator('.timeline').scrollIntoViewIfNeeded();
  });
  after(async () => {
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows the whole run at first', async () => {
    const s = await canvasState(page);
    assert.equal(s.start, 0);
    assert.equal(s.end, await fullNs(page));
    assert.equal(s.laneTops.length, 3, 'one block per variant');
    assert.ok(s.laneTops.every((lanes) => lanes.length === 2), 'one lane per worker');
  });

  it('zooms around the pointer with the wheel', async () => {
    const before = await canvasState(page);
    const px = before.plotLeft + before.plotWidth * 0.3;
    const instant = before.start + ((px - before.plotLeft) / before.plotWidth) * (before.end - before.start);
    await page.mouse.move(before.box.x + px, before.box.y + before.laneTops[0][0] + 4);
    await page.mouse.wheel(0, -400);
    const after = await viewChangedFrom(page, before);
    assert.ok(after.end - after.start < (before.end - before.start) / 2, 'the range narrowed');
    const still = after.start + ((px - after.plotLeft) / after.plotWidth) * (after.end - after.start);
    assert.ok(Math.abs(still - instant) < (after.end - after.start) / 100, 'the instant under the pointer stayed');
    assert.match(await page.locator('#timeline-range').textContent(), /–/);
  });

  it('pans when dragged', async () => {
    const before = await canvasState(page);
    const y = before.box.y + before.laneTops[0][1] + 4;
    const x = before.box.x + before.plotLeft + before.plotWidth / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y, { steps: 4 });
    await page.mouse.up();
    const after = await viewChangedFrom(page, before);
    assert.ok(after.start < before.start, 'dragging right shows earlier times');
    assert.ok(Math.abs((after.end - after.start) - (before.end - before.start)) < 1, 'the zoom stayed');
  });

  it('zooms with + and -, pans with the arrows and fits with 0', async () => {
    await page.locator('#timeline').focus();
    const zoomedIn = await canvasState(page);
    await page.keyboard.press('0');
    const fit = await viewChangedFrom(page, zoomedIn);
    assert.deepEqual([fit.start, fit.end], [0, await fullNs(page)]);
    await page.keyboard.press('+');
    const once = await viewChangedFrom(page, fit);
    await page.keyboard.press('+');
    const twice = await viewChangedFrom(page, once);
    assert.ok(twice.end - twice.start < once.end - once.start);
    await page.keyboard.press('ArrowRight');
    const panned = await viewChangedFrom(page, twice);
    assert.ok(panned.start > twice.start);
    await page.keyboard.press('-');
    const out = await viewChangedFrom(page, panned);
    assert.ok(out.end - out.start > panned.end - panned.start);
    await page.keyboard.press('0');
    const again = await viewChangedFrom(page, out);
    assert.deepEqual([again.start, again.end], [fit.start, fit.end]);
  });

  it('shows a span\'s task and duration in a tooltip when hovered', async () => {
    const span = (await spanRows(page)).find((s) => s.variant === 'parallel' && s.worker === 1);
    const { x, y } = await spanPoint(page, span);
    await page.mouse.move(x, y);
    const tip = page.locator('#timeline-tip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.textContent();
    assert.match(text, new RegExp(`task ${span.task} · worker 1 · compute`));
    assert.ok(text.includes(`duration ${span.duration}`), `${text} lacks ${span.duration}`);
    assert.equal(await tip.getAttribute('data-start-ns'), String(span.start));
    assert.equal(await tip.getAttribute('data-end-ns'), String(span.end));
    await page.mouse.move(1, 1);
    await tip.waitFor({ state: 'hidden' });
  });

  it('highlights every span of a task when one is clicked', async () => {
    const span = (await spanRows(page)).find((s) => s.variant === 'concurrent');
    const { x, y } = await spanPoint(page, span);
    await page.mouse.click(x, y);
    await page.waitForFunction(
      (task) => document.querySelector('#timeline').dataset.highlightTask === String(task),
      span.task,
    );
    assert.match(await page.locator('.timeline-legend').textContent(), new RegExp(`task ${span.task} highlighted`));
    await page.mouse.click(x, y);
    await page.waitForFunction(() => document.querySelector('#timeline').dataset.highlightTask === undefined);
  });

  it('summarises a range selected with shift+drag', async () => {
    const s = await canvasState(page);
    const y = s.box.y + s.laneTops[2][0] + 4;
    const x0 = s.box.x + s.plotLeft + 2;
    const x1 = s.box.x + s.plotLeft + s.plotWidth - 2;
    await page.keyboard.down('Shift');
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x1, y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const summary = page.locator('#timeline-selection');
    await summary.waitFor();
    const text = await summary.textContent();
    assert.match(text, /^Selected /);
    assert.match(text, /parallel: 16 spans of tasks 0, 1/);
    await page.locator('.timeline').getByRole('button', { name: 'Zoom to selection', exact: true }).click();
    const zoomed = await viewChangedFrom(page, s);
    assert.ok(zoomed.end - zoomed.start < s.end - s.start);
    await page.locator('.timeline').getByRole('button', { name: 'Clear', exact: true }).click();
    await summary.waitFor({ state: 'detached' });
    await page.locator('.timeline').getByRole('button', { name: 'Fit', exact: true }).click();
  });

  it('downloads the current view as a PNG', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'interleave-sum-2w-shared-memory.png');
    const png = await readFile(await download.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = await page.$eval('#timeline', (c) => [c.width, c.height]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], size, 'the image is the canvas');
  });

  it('downloads the spans as CSV, one row per span of the table', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'interleave-sum-2w-shared-memory.csv');
    const [header, ...lines] = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
    assert.equal(header, 'variant,worker,task,kind,start_ns,end_ns,duration_ns,backend');
    const table = await spanRows(page);
    assert.equal(lines.length, table.length);
    lines.forEach((line, i) => {
      const [variant, worker, task, kind, start, end, duration] = line.split(',');
      const row = table[i];
      assert.deepEqual(
        [variant, Number(worker), Number(task), Number(start), Number(end)],
        [row.variant, row.worker, row.task, row.start, row.end],
      );
      assert.equal(kind, 'compute');
      assert.equal(Number(duration), row.end - row.start);
    });
  });
});

describe('the task view', () => {
  let page;
  let errors;
  before(async () => { ({ page, errors } = await open(browser.context, URL_ISOLATED)); });
  after(async () => {
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('has one lane per task for a small run, and keeps the range when switched', async () => {
    await runSum(page);
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await page.locator('#timeline').focus();
    const fit = await canvasState(page);
    await page.keyboard.press('+');
    const zoomed = await viewChangedFrom(page, fit);
    await page.locator('.timeline').getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#timeline').dataset.mode === 'tasks');
    const spans = await spanRows(page);
    const s = await canvasState(page);
    const variants = await page.$$eval('#variants tbody tr', (rows) => rows.map((r) => r.dataset.variant));
    const tasks = variants.map((v) => new Set(spans.filter((x) => x.variant === v).map((x) => x.task)).size);
    assert.deepEqual(s.laneTops.map((lanes) => lanes.length), tasks);
    assert.deepEqual([s.start, s.end], [zoomed.start, zoomed.end], 'the same range');
    // A task's lane holds its spans: hover one there.
    await page.locator('#timeline').focus();
    await page.keyboard.press('0');
    const all = await viewChangedFrom(page, s);
    const span = spans.find((x) => x.variant === 'parallel' && x.task === 1);
    const block = variants.indexOf('parallel');
    const x = all.plotLeft + (((span.start + span.end) / 2 - all.origins[block] - all.start) / (all.end - all.start)) * all.plotWidth;
    await page.mouse.move(all.box.x + x, all.box.y + all.laneTops[block][1] + all.laneHeight / 2);
    await page.locator('#timeline-tip', { hasText: `task 1 · worker ${span.worker}` }).waitFor();
    await page.locator('.timeline').getByRole('button', { name: 'Workers', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#timeline').dataset.mode === 'workers');
  });

  it('shows parked waits and runnable time of scheduled tasks', async () => {
    await page.getByRole('combobox', { name: 'Experiment' }).selectOption('io-bound');
    await page.getByLabel('Tasks (N)').fill('3');
    await page.getByLabel('Tasks (N)').dispatchEvent('change');
    await page.getByLabel('Wait per task (ms)').fill('5');
    await page.getByLabel('Wait per task (ms)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    // The Workers view shows the parked waits too, on the lane under the workers.
    assert.match(await page.locator('.timeline-legend').textContent(), /parked wait/);
    await page.locator('.timeline').getByRole('button', { name: 'Tasks', exact: true }).click();
    const legend = page.locator('.timeline-legend');
    await legend.filter({ hasText: 'parked wait' }).waitFor();
    assert.match(await legend.textContent(), /blocking wait.*runnable/);
  });
});

describe('the timeline on a narrow high-DPI screen', () => {
  it('fits 320 px, draws at the device pixel ratio and follows resizes', async () => {
    const { page, errors } = await open(browser.context, URL_ISOLATED);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 320, height: 800, deviceScaleFactor: 2, mobile: false,
    });
    await runSum(page);
    const narrow = await page.$eval('#timeline', (c) => ({
      css: c.getBoundingClientRect().width, pixels: c.width, plot: Number(c.dataset.plotWidth),
    }));
    assert.ok(narrow.css <= 320, `the canvas is ${narrow.css} px wide`);
    assert.equal(narrow.pixels, Math.round(narrow.css * 2), 'two canvas pixels per CSS pixel');
    assert.ok(narrow.plot >= 150, `the plot keeps ${narrow.plot} px for time`);
    const right = await page.$eval('.timeline-stage', (e) => e.getBoundingClientRect().right);
    assert.ok(right <= 320, `the timeline reaches ${right} px`);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 700, height: 800, deviceScaleFactor: 2, mobile: false,
    });
    await page.waitForFunction((before) => document.querySelector('#timeline').width > before, narrow.pixels);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

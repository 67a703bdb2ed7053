// Benchmark of the timeline: how long the page's main thread is busy while a run of many
// spans arrives and is drawn, and how long one full redraw takes at fit, while zooming
// with the wheel, while dragging, and in the task view, in headless Chromium.
//
//   cargo xtask serve --port 8091 &
//   node tests/bench/timeline.mjs [URL] [SPANS...]      (defaults: :8080, 10000 100000 1000000)
//
// The runtime worker is swapped (in the browser only, through request interception) for
// one that runs the real experiment and replaces each variant's spans with synthetic
// ones, so the page receives and draws a run of exactly SPANS spans through its usual path
// (each variant as it is measured, its spans in chunks; or, with a runtime worker from
// before the run was streamed, one report at the end). Each redraw is timed by the page
// itself with User Timing (`performance.measure`, named `interleave-timeline-draw`), which
// this script collects with a PerformanceObserver; it also collects the main thread's long
// tasks (over 50 ms, PerformanceObserver 'longtask') from Run until the finished run is
// drawn, and during the gestures.
import { launch, open } from '../e2e/browser.mjs';

const [url = 'http://127.0.0.1:8080/', ...counts] = process.argv.slice(2);
const SIZES = counts.length ? counts.map(Number) : [10_000, 100_000, 1_000_000];
const MEASURE = 'interleave-timeline-draw';

/** Synthetic spans for a streamed run (run inside the worker): wraps the runtime's
 * `onVariant`, giving each variant its share of `total` synthetic spans, sent as the runtime sends
 * them (five numbers a span, at most 50,000 spans a chunk); `finish` then gives the lean
 * report the wall times and task counts of the synthetic variants. */
function streamed(total) {
  const walls = [];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  // Codes of compute, lock_held and blocking_wait in the engine's `SpanKind::ALL`.
  const kinds = [0, 0, 0, 0, 0, 0, 2, 1];
  const share = (n, parts, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0);
  return {
    wrap: (onVariant) => (index, count, json, _chunks) => {
      const variant = JSON.parse(json);
      const workers = Math.max(1, self.benchWorkers);
      const perVariant = share(total, count, index);
      const chunks = [];
      let chunk = [];
      let end = variant.start_ns;
      for (let worker = 0; worker < workers; worker++) {
        let t = variant.start_ns;
        const spans = share(perVariant, workers, worker);
        for (let i = 0; i < spans; i++) {
          t += Math.floor(random() * 2_000);
          const duration = 200 + Math.floor(random() * 5_000);
          chunk.push(worker, Math.floor(random() * 64), kinds[Math.floor(random() * kinds.length)], t, t + duration, 0);
          t += duration;
          if (chunk.length === 50_000 * 6) { chunks.push(new Float64Array(chunk)); chunk = []; }
        }
        end = Math.max(end, t);
      }
      if (chunk.length) chunks.push(new Float64Array(chunk));
      variant.tasks = 64;
      variant.wall_ns = end - variant.start_ns;
      walls[index] = variant.wall_ns;
      onVariant(index, count, JSON.stringify(variant), chunks);
    },
    finish: (json) => {
      const report = JSON.parse(json);
      report.variants.forEach((variant, index) => {
        variant.tasks = 64;
        variant.wall_ns = walls[index] ?? variant.wall_ns;
      });
      return JSON.stringify(report);
    },
  };
}

/** Median, 95th percentile and maximum of `values`. */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const format = (ms) => `${ms.toFixed(2)} ms`;

async function bench(browser, spans) {
  await browser.context.route('**/www/runtime-worker.js*', async (route) => {
    const response = await route.fetch();
    const source = await response.text();
    const streamedCall = 'report: run(message.request, onVariant)';
    if (!source.includes(streamedCall)) {
      throw new Error(`runtime-worker.js has no \`${streamedCall}\` to wrap`);
    }
    const bench = `const bench = streamed(${spans}); self.benchWorkers = workers;`;
    const body = source.replace(streamedCall, 'report: bench.finish(run(message.request, bench.wrap(onVariant)))')
      + `\n${streamed}\n${bench}\n`;
    await route.fulfill({ response, body });
  });
  const { page, errors } = await open(browser.context, 'about:blank');
  await page.addInitScript((name) => {
    window.benchDraws = [];
    window.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === name) window.benchDraws.push(e.duration);
    }).observe({ type: 'measure' });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  }, MEASURE);
  await page.goto(`${url}?experiment=sum&workers=2&n=1000000`);
  await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  // Only what happens from Run on counts: loading the page has long tasks of its own.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  await page.evaluate(() => { window.benchDraws = []; window.benchLongTasks = []; });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#status', { hasText: 'Finished' }).waitFor({ timeout: 300_000 });
  const arrival = Date.now() - t0;
  await page.locator('.timeline').scrollIntoViewIfNeeded();
  const shown = await page.locator('#spans').evaluate(() => document.querySelector('.span-table summary').textContent);
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const take = () => page.evaluate(() => {
    const out = { draws: window.benchDraws, longTasks: window.benchLongTasks };
    window.benchDraws = [];
    window.benchLongTasks = [];
    return out;
  });
  await frame();
  const first = await take();
  const c = await page.$eval('#timeline', (el) => ({ ...el.dataset, box: el.getBoundingClientRect().toJSON() }));
  const tops = JSON.parse(c.laneTops);
  const left = c.box.x + Number(c.plotLeft);
  const width = Number(c.plotWidth);
  const y = c.box.y + tops[0][0] + 5;
  const results = { spans, arrival_ms: arrival, table: shown, first, first_draw: stats(first.draws) };

  // Full redraws at fit: the hover outline moves from span to span.
  for (let i = 0; i < 40; i++) {
    await page.mouse.move(left + (width * (i + 0.5)) / 40, y);
    await frame();
  }
  results.fit = await take();

  // Zooming in and out around the pointer, one wheel notch per frame.
  await page.mouse.move(left + width * 0.37, y);
  for (const delta of [...Array(20).fill(-120), ...Array(20).fill(120)]) {
    await page.mouse.wheel(0, delta);
    await frame();
  }
  results.zoom = await take();

  // Dragging a 16× zoom across the run.
  await page.locator('#timeline').focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('+');
  await page.mouse.move(left + width * 0.9, y);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    await page.mouse.move(left + width * (0.9 - i * 0.02), y);
    await frame();
  }
  await page.mouse.up();
  results.pan = await take();

  // The task view of the same run (64 tasks per variant): switching builds its lanes.
  await page.locator('#timeline').focus();
  await page.keyboard.press('0');
  await frame();
  await take();
  await page.locator('.timeline-modes').getByRole('button', { name: 'Tasks' }).click();
  await page.waitForFunction(() => document.querySelector('#timeline').dataset.mode === 'tasks');
  await frame();
  results.switch = await take();
  const t = await page.$eval('#timeline', (el) => ({ ...el.dataset, box: el.getBoundingClientRect().toJSON() }));
  // Hover over the fourth lane of the variant with the most task lanes (the sum's task
  // variants have only as many tasks as workers; its baseline gets the synthetic 64).
  const lanes = JSON.parse(t.laneTops).reduce((most, block) => (block.length > most.length ? block : most));
  const taskY = t.box.y + lanes[Math.min(3, lanes.length - 1)] + 2;
  for (let i = 0; i < 40; i++) {
    await page.mouse.move(left + (width * (i + 0.5)) / 40, taskY);
    await frame();
  }
  results.tasks = await take();

  await page.close();
  await browser.context.unroute('**/www/runtime-worker.js*');
  if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
  return results;
}

const browser = await launch();
try {
  for (const spans of SIZES) {
    const r = await bench(browser, spans);
    console.log(`\n${spans.toLocaleString('en')} spans (report arrived and drawn ${r.arrival_ms} ms after Run; ${r.table})`);
    const arrivalTasks = r.first.longTasks.map(format).join(', ') || 'none';
    const longest = r.first.longTasks.length ? format(Math.max(...r.first.longTasks)) : 'under 50 ms';
    console.log(`  longest main-thread task from Run to the finished run drawn: ${longest} (long tasks: ${arrivalTasks})`);
    console.log(`  draws from Run to the finished run drawn: ${r.first.draws.length}, longest ${format(r.first_draw.max)}`);
    const switchTasks = r.switch.longTasks.map(format).join(', ') || 'none';
    console.log(`  switch to the task view: draw ${format(Math.max(...r.switch.draws))}; long tasks: ${switchTasks}`);
    for (const phase of ['fit', 'zoom', 'pan', 'tasks']) {
      const s = stats(r[phase].draws);
      const long = r[phase].longTasks;
      console.log(`  ${phase.padEnd(4)} ${String(s.n).padStart(3)} redraws: median ${format(s.median)}, p95 ${format(s.p95)}, max ${format(s.max)}; long tasks: ${long.length ? long.map(format).join(', ') : 'none'}`);
    }
  }
} finally {
  await browser.close();
}

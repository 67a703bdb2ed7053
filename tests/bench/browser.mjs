// The browser half of `cargo xtask bench`: carries out a benchmark plan once in a fresh
// headless Chromium against a running server and prints what it measured as JSON on
// stdout (the build tool runs it once per repeat, taking turns with the native half).
//
//   node tests/bench/browser.mjs PLAN.json URL
//
// URL is a cross-origin isolated server of the app (`cargo xtask serve`). It measures:
// - start-up: from navigation to an interactive page (Run enabled and the environment
//   line saying the pool is ready), first with the new profile's caches empty, then again
//   in a fresh tab, and the pool start the page reports for each;
// - a pool rebuild: from pressing Run after moving the Workers slider to the cores until
//   the page says the new pool is ready;
// - the plan's runs whose backend is `shared` or `message`: each opens the isolated page
//   with the run's settings in its address (`backend=message` for the message-passing
//   backend), waits until the workers are ready, presses Run and reads every variant's
//   wall time from the results table (`#variants tr[data-wall-ns]`);
// - the plan's Go programs whose runner is `page`: each opens the isolated page in Go mode
//   with the program's source as its `code=` and the run's workers, presses Run and
//   reads what the program printed (its own time in ns and its answer), which the build
//   tool reads.
// Progress goes to stderr.
import { readFileSync } from 'node:fs';
import { launch, open, programEnded, programLink, runProgram } from '../e2e/browser.mjs';

const [planPath, url] = process.argv.slice(2);
if (!planPath || !url) throw new Error('usage: node tests/bench/browser.mjs PLAN.json URL');
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const TIMEOUT = 300_000;

/** The page's address for `run` (an entry of the plan's runs). */
function address(run, extra = {}) {
  const query = new URLSearchParams({ experiment: run.experiment, workers: run.workers, ...run.params, ...extra });
  if (run.backend === 'message') query.set('backend', 'message');
  return `${url}?${query}`;
}

/** Resolves when the page has Run enabled and its environment line says the pool is ready. */
function interactive(page) {
  return page.waitForFunction(() => {
    const environment = document.getElementById('environment');
    const run = document.getElementById('run');
    return run && !run.disabled && environment?.textContent.includes('ready');
  }, null, { timeout: TIMEOUT });
}

/** The pool start the environment line reports ("ready in N ms"), in ms. */
async function reportedStart(page) {
  const text = await page.locator('#environment').textContent();
  const match = text.match(/ready in (\d+(?:\.\d+)?) ms/);
  return match ? Number(match[1]) : null;
}

/** Presses Run and resolves when the status line says Finished (after having said
 * anything else), or rejects if it says the run failed. */
function runOnce(page) {
  return page.evaluate((timeout) => new Promise((resolve, reject) => {
    let left = false;
    const timer = setTimeout(() => reject(new Error('the run did not finish')), timeout);
    const observer = new MutationObserver(() => {
      const status = document.getElementById('status')?.textContent ?? '';
      if (!status.startsWith('Finished')) left = true;
      if (left && status.startsWith('Finished')) {
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      } else if (/failed|Stopped/.test(status)) {
        observer.disconnect();
        clearTimeout(timer);
        reject(new Error(status));
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    document.getElementById('run').click();
  }), TIMEOUT);
}

/** Every variant's wall time from the results table, by variant id. */
function walls(page) {
  return page.$$eval('#variants tbody tr[data-wall-ns]', (rows) => Object.fromEntries(
    rows.map((r) => [r.dataset.variant, Number(r.dataset.wallNs)]),
  ));
}

async function measureRun(context, run) {
  const { page, errors } = await open(context, address(run));
  await interactive(page);
  await runOnce(page);
  const sample = { walls: await walls(page) };
  await page.close();
  if (errors.length) throw new Error(`page errors in ${address(run)}: ${errors.join('\n')}`);
  return { ...run, samples: [sample] };
}

/** One repeat of a Go program in the page: what it printed on stdout. */
async function measureProgram(context, run) {
  const address = programLink(url, run.source, `&workers=${run.workers}`);
  const { page, errors } = await open(context, address);
  await runProgram(page);
  const { exit, stdout, stderr } = await programEnded(page, { timeout: TIMEOUT });
  await page.close();
  if (exit !== 0 || errors.length) {
    throw new Error(`${run.program} (n = ${run.n}) on ${run.workers} in the page: exit ${exit}, ${[...stderr, ...errors].join('\n')}`);
  }
  return { ...run, samples: [{ output: stdout.join('\n') }] };
}

/** Ms from navigation to an interactive page in a fresh tab, and the pool start the page
 * reports. */
async function load(context) {
  const { page } = await open(context, address({ experiment: 'sum', workers: plan.cores, params: {} }));
  await interactive(page);
  const ms = await page.evaluate(() => performance.now());
  const poolStart = await reportedStart(page);
  await page.close();
  return [ms, poolStart];
}

/** Sets the Workers slider to `workers`, presses Run and resolves with the ms from the
 * press until the environment line says a pool of that size is ready. */
function rebuildTo(page, workers) {
  return page.evaluate(([k, timeout]) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the pool did not start')), timeout);
    const start = performance.now();
    const observer = new MutationObserver(() => {
      const text = document.getElementById('environment')?.textContent ?? '';
      if (text.includes(`pool of ${k} Web Worker`) && text.includes('ready')) {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    document.getElementById('run').click();
  }), [workers, TIMEOUT]);
}

/** Rebuilds the pool from another size to the cores, with tiny runs, and times it. */
async function rebuild(context) {
  const cores = plan.cores;
  const other = cores === 1 ? 2 : 1;
  const { page } = await open(context, address({ experiment: 'sum', workers: other, params: { n: 1000 } }));
  await interactive(page);
  await page.getByRole('slider', { name: 'Workers' }).fill(String(cores));
  const ms = await rebuildTo(page, cores);
  const reported = await reportedStart(page);
  await page.locator('#status', { hasText: `Finished on ${cores} worker` }).waitFor({ timeout: TIMEOUT });
  await page.close();
  return { ms: [ms], reported_ms: [reported] };
}

const browser = await launch();
try {
  const [cold, coldPool] = await load(browser.context);
  const [warm, warmPool] = await load(browser.context);
  const out = { startup: { cold_ms: [cold], warm_ms: [warm], pool_start_ms: [coldPool, warmPool] } };
  const probe = await browser.context.newPage();
  out.user_agent = await probe.evaluate(() => navigator.userAgent);
  await probe.close();
  out.rebuild = await rebuild(browser.context);
  out.runs = [];
  for (const run of plan.runs.filter((r) => r.backend === 'shared' || r.backend === 'message')) {
    console.error(`browser: ${run.backend} ${run.experiment} on ${run.workers}`);
    out.runs.push(await measureRun(browser.context, run));
  }
  out.go = [];
  for (const run of plan.go.filter((r) => r.runner === 'page')) {
    console.error(`browser: Go ${run.program} (n = ${run.n}) on ${run.workers}`);
    out.go.push(await measureProgram(browser.context, run));
  }
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}

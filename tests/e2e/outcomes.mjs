// The outcome table of #15: `node outcomes.mjs URL RUNS LABEL [QUERY]` runs every
// experiment at its defaults (on its default workers: the cores, twice them for
// oversubscription) RUNS times in headless Chromium and prints, per experiment, how often
// each judgement came out, with the free cores the page measured. With QUERY (such as
// the coffee shop's `experiment=mixed&tasks=4&wait_ms=60&rounds=60`) it runs only that. Not a test: what it prints depends on the
// machine and on what else runs on it, which is the point.
import { launch, open } from './browser.mjs';

const [url = 'http://127.0.0.1:8080/', runs = '10', label = 'idle', query] = process.argv.slice(2);
const browser = await launch();
const { page: index } = await open(browser.context, url);
await index.locator('#experiment option').first().waitFor({ state: 'attached' });
const slugs = await index.$$eval('#experiment option', (options) => options.map((o) => o.value));
await index.close();

for (const slug of query ? [query] : slugs) {
  const { page } = await open(browser.context, `${url}?${query ?? `experiment=${slug}`}`);
  await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
  const counts = {};
  const free = [];
  for (let run = 0; run < Number(runs); run++) {
    // The last run's verdict is marked, so that only this run's counts.
    await page.evaluate(() => document.querySelector('#verdict')?.setAttribute('data-seen', ''));
    await page.locator('#run:not([disabled])').click();
    await page.locator('#verdict:not([data-seen])').waitFor({ timeout: 120_000 });
    const judgement = await page.locator('#verdict').getAttribute('data-judgement');
    if (run === 0) console.error(`${label} ${slug} first: ${await page.locator('#verdict').textContent()}`);
    counts[judgement] = (counts[judgement] ?? 0) + 1;
    free.push(Number(await page.locator('#run-facts').getAttribute('data-free-cores')));
    if (judgement === 'contradicts') {
      console.error(`${label} ${slug}: ${await page.locator('#verdict').textContent()}`);
    }
  }
  const cores = free.map((f) => f.toFixed(1)).join(' ');
  console.log(`${label} ${slug} ${Object.entries(counts).map(([j, n]) => `${j}=${n}`).join(' ')} free cores: ${cores}`);
  await page.close();
}
await browser.close();

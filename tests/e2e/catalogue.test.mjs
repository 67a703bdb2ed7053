// Every experiment in the picker runs in the browser with 1 and 2 workers and produces a
// timeline, correct answers and a verdict.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
let slugs;
before(async () => {
  browser = await launch();
  const { page } = await open(browser.context, URL_ISOLATED);
  await page.locator('#experiment option').first().waitFor({ state: 'attached' });
  slugs = await page.$$eval('#experiment option', (options) => options.map((o) => o.value));
  await page.close();
});
after(async () => { await browser?.close(); });

/** The URL of an experiment with every parameter at its minimum, to keep runs short. */
async function smallUrl(page, slug, workers) {
  const url = new URL(URL_ISOLATED);
  url.searchParams.set('experiment', slug);
  url.searchParams.set('workers', String(workers));
  await page.goto(url.href);
  // The app renders after its module loads: wait for the experiment's controls.
  await page.getByRole('button', { name: 'Run' }).waitFor();
  const fields = await page.$$eval('.controls input[type=number]', (inputs) =>
    inputs.map((i) => [i.id.replace(/^param-/, ''), i.min]));
  for (const [key, min] of fields) url.searchParams.set(key, min);
  return url.href;
}

describe('the catalogue', () => {
  it('lists all 14 experiments of the catalogue, in groups', async () => {
    assert.equal(slugs.length, 14, `the picker lists ${slugs.length} experiments`);
    assert.ok(slugs.includes('sum'));
    const { page } = await open(browser.context, URL_ISOLATED);
    await page.locator('#experiment optgroup').first().waitFor({ state: 'attached' });
    const groups = await page.$$eval('#experiment optgroup', (gs) => gs.map((g) => g.label));
    assert.deepEqual(groups, ['Basics', 'Waiting', 'Coordination', 'Limits']);
    await page.close();
  });

  for (const workers of [1, 2]) {
    it(`runs every experiment on ${workers} worker(s)`, async () => {
      assert.equal(slugs.length, 14);
      const { page, errors } = await open(browser.context, URL_ISOLATED);
      for (const slug of slugs) {
        await page.goto(await smallUrl(page, slug, workers));
        await page.getByRole('button', { name: 'Run' }).click();
        await page.locator('#status', { hasText: `Finished on ${workers} worker` })
          .waitFor({ timeout: 60_000 });
        assert.equal(await page.locator('#timeline').getAttribute('data-lanes'), String(workers), slug);
        const spans = await page.locator('#spans tbody tr').count();
        assert.ok(spans > 0, `${slug}: no spans`);
        if (await page.locator('#result-check').count()) {
          assert.match(await page.locator('#result-check').textContent(), /the correct answer/, slug);
        }
        const verdict = await page.locator('#verdict').textContent();
        assert.match(verdict, /^(This run (supports|does not support|cannot test) the claim|Too noisy to judge)\./, slug);
      }
      assert.deepEqual(errors.filter((e) => !/deprecated parameters/.test(e)), []);
      await page.close();
    });
  }
});

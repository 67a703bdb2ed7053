// A sweep over worker counts: chart, table with one row per worker count, CSV = table.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('the sweep', () => {
  it('measures 1..2 workers twice each, with charts, a table and a matching CSV', async (t) => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&n=20000000`);
    await page.getByLabel('Up to workers').fill('2');
    await page.getByLabel('Up to workers').dispatchEvent('change');
    await page.getByLabel('Runs per worker count').fill('2');
    await page.getByLabel('Runs per worker count').dispatchEvent('change');
    await page.getByRole('button', { name: 'Sweep 1 to 2 workers' }).click();
    await page.locator('#sweep-status', { hasText: 'Sweep finished: 4 runs.' }).waitFor({ timeout: 120_000 });

    const rows = await page.$$eval('#sweep-table tbody tr', (trs) => trs.map((tr) => ({
      workers: Number(tr.dataset.workers),
      median: Number(tr.dataset.medianNs),
      cells: [...tr.children].map((c) => c.textContent),
    })));
    assert.deepEqual(rows.map((r) => r.workers), [1, 2]);
    assert.equal(rows[0].cells[4], '1.00×');
    t.diagnostic(`sweep of the sum, 2 runs each: ${rows.map((r) => r.cells.join(' ')).join(' | ')}`);

    for (const id of ['#speedup-chart', '#efficiency-chart']) {
      const painted = await page.$eval(id, (canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
        return count;
      });
      assert.ok(painted > 1000, `${id} is empty`);
    }
    assert.match(await page.locator('#sweep-facts').textContent(), /2 cores measured, cross-origin isolated/);

    // The export names what was swept, whatever the page shows now.
    await page.getByRole('combobox', { name: 'Experiment' }).selectOption('cpu-bound');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download sweep CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'interleave-sweep-sum-shared-memory.csv');
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.match(csv[0], /^# Interleave sweep of Sum.*2 cores measured/);
    assert.equal(csv[1], 'workers,runs,median_ms,min_ms,max_ms,speedup,efficiency,karp_flatt,utilisation');
    const data = csv.slice(2).map((line) => line.split(','));
    assert.equal(data.length, rows.length);
    for (const [i, fields] of data.entries()) {
      assert.equal(Number(fields[0]), rows[i].workers);
      assert.equal(Number(fields[1]), 2, 'two runs per worker count');
      assert.ok(Math.abs(Number(fields[2]) - rows[i].median / 1e6) < 0.01, 'median agrees with the table');
      // The CSV has three decimals, the table two: they agree to the table's rounding.
      assert.ok(Math.abs(Number(fields[5]) - parseFloat(rows[i].cells[4])) <= 0.0051,
        'speedup agrees with the table');
      assert.ok(Math.abs(Number(fields[8]) * 100 - parseFloat(rows[i].cells[7])) <= 0.6,
        'utilisation agrees with the table (which rounds to whole per cent)');
      assert.ok(Number(fields[8]) > 0 && Number(fields[8]) <= 1, 'utilisation is a share');
    }
    assert.deepEqual(errors.filter((e) => !/deprecated parameters/.test(e)), []);
    await page.close();
  });
});

// The decision matrix fills from measured runs, with progress, one row per workload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('the decision matrix', () => {
  it('fills every cell from measured runs', async (t) => {
    const { page, errors } = await open(browser.context, URL_ISOLATED);
    await page.getByRole('button', { name: 'Fill the decision matrix' }).click();
    await page.locator('#matrix-progress').waitFor();
    await page.locator('#matrix-status', { hasText: 'Filled from 12 runs.' }).waitFor({ timeout: 180_000 });
    const rows = await page.$$eval('#matrix-table tbody tr', (trs) => trs.map((tr) => ({
      workload: tr.dataset.workload,
      speedups: [...tr.querySelectorAll('td[data-speedup]')].map((td) => Number(td.dataset.speedup)),
      why: tr.querySelector('td:last-child')?.textContent,
      text: tr.textContent,
    })));
    assert.deepEqual(rows.map((r) => r.workload), ['I/O-bound', 'CPU-bound', 'mixed', 'coordination-heavy']);
    // The material's "why" beside each row, and no "0.00×" however slow a cell was.
    assert.deepEqual(rows.map((r) => r.why), ['Overlap wait times', 'Needs parallel execution',
      'Overlap I/O, parallelize CPU', 'Synchronization overhead dominates']);
    assert.ok(rows.every((r) => !r.text.includes('0.00×')), rows.map((r) => r.text).join(' | '));
    for (const row of rows) {
      assert.equal(row.speedups.length, 2);
      assert.ok(row.speedups.every((s) => Number.isFinite(s) && s > 0), row.text);
    }
    t.diagnostic(rows.map((r) => `${r.workload}: ${r.speedups.map((s) => s.toFixed(2)).join(' / ')}`).join('; '));
    // Waits overlap on one worker whatever the machine; one task per item under a lock
    // is slower than a plain loop whatever the machine.
    assert.ok(rows[0].speedups[0] > 2, 'I/O-bound work gains on one worker');
    assert.ok(rows[3].speedups[1] < 1, 'coordination-heavy work loses on all workers');
    assert.deepEqual(errors.filter((e) => !/deprecated parameters/.test(e)), []);
    await page.close();
  });
});

// The cores the page counts are measured, not taken from the browser's word: a browser
// told to report 8 cores on this machine still gets a slider and verdicts for the cores
// that really run at once.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch({ measureCores: true }); });
after(async () => { await browser?.close(); });

describe('the measured core count', () => {
  it('stands beside what the browser reports, and sets the slider', async (t) => {
    const machine = availableParallelism();
    const claimed = 4 * machine;
    await browser.context.addInitScript((n) => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n });
    }, claimed);
    const { page, errors } = await open(browser.context, URL_ISOLATED);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    const environment = await page.locator('#environment').textContent();
    t.diagnostic(environment);
    // The probe counts the cores free when it runs: the machine's, or fewer if something
    // else keeps some busy; never the browser's inflated claim.
    const { measured } = JSON.parse(await page.evaluate(() => sessionStorage.getItem('interleave-cores')));
    assert.ok(measured >= 1 && measured <= machine, `measured ${measured} cores on a ${machine}-core machine`);
    const plural = measured === 1 ? 'core' : 'cores';
    assert.match(environment, new RegExp(`${measured} ${plural} measured \\(the browser reports ${claimed}\\)`));
    const slider = page.getByRole('slider', { name: 'Workers' });
    assert.equal(await slider.getAttribute('max'), String(2 * measured), 'the range rests on the measured count');
    assert.equal(await slider.inputValue(), String(measured), 'so does the default');
    // "measure again" forgets the count kept for the session and measures anew.
    await page.evaluate((n) => sessionStorage.setItem('interleave-cores',
      JSON.stringify({ measured: 1, reported: n, free: -1 })), claimed);
    await Promise.all([page.waitForEvent('load'), page.locator('#measure-cores').click()]);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    const again = JSON.parse(await page.evaluate(() => sessionStorage.getItem('interleave-cores')));
    assert.ok(again.free >= 1 && again.measured <= machine, `measured again: ${JSON.stringify(again)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

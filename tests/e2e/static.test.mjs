// The page without JavaScript, and printed: what a reader without scripts or with a
// printer gets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('without scripts, on paper and on a phone', () => {
  it('at 320 px wide, an embed with results scrolls only up and down', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=sum&n=2000000&embed=1&autorun=1`);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page is ${width} px wide at a 320 px viewport`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('without JavaScript, says why and shows a reference run instead of "Loading"', async () => {
    const plain = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const context = await plain.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(URL_ISOLATED);
      assert.match(await page.locator('noscript').first().evaluate((n) => n.parentElement.innerText), /please enable JavaScript/);
      assert.equal(await page.locator('#loading').isVisible(), false, 'no loading line that never ends');
      const poster = page.locator('img.poster');
      assert.ok(await poster.isVisible());
      assert.ok(await poster.evaluate((img) => img.complete && img.naturalWidth > 0), 'the poster image loads');
    } finally {
      await plain.close();
    }
  });

  it('printed, keeps the claim, the numbers, the verdict and the timeline, and drops the buttons', async () => {
    const { page, errors } = await open(browser.context, `${URL_ISOLATED}?experiment=io-bound&tasks=2&wait_ms=20`);
    await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    for (const shown of ['.claim', '#variants', '#verdict', '#timeline']) {
      assert.ok(await page.locator(shown).first().isVisible(), `${shown} is printed`);
    }
    for (const hidden of ['#run', '#download-trace', '#share']) {
      assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});

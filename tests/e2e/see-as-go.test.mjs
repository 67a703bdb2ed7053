// See it as Go: an experiment's button opens its Go program in Go mode with the parameters
// as set, and the program, run, prints the comparison the experiment's verdict makes; an
// experiment without a program says why; the button is reached by keyboard and fits 320 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The page's address with these settings. */
function settings(search) {
  const url = new URL(URL_ISOLATED);
  url.search = search;
  return url.href;
}

describe('See it as Go', () => {
  it('opens the CPU-bound experiment as its Go program, which runs and prints its rows', async () => {
    const { page, errors } = await open(browser.context, settings('?experiment=cpu-bound&workers=2&tasks=2'));
    // From the keyboard: the button takes the focus and Enter presses it.
    await page.locator('#see-as-go').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#mode-program').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#gallery').inputValue(), 'experiments/cpu-bound');
    assert.match(await page.locator('#example-shows').textContent(), /GOMAXPROCS\(1\)/);
    await page.locator('#editor .cm-editor').waitFor({ timeout: 30_000 });
    // The experiment's Tasks (2) is written into the program.
    assert.match(await page.locator('#editor .cm-content').textContent(), /const tasks = 2 /);
    await page.locator('#run').click();
    await page.locator('#exit').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#exit').getAttribute('data-exit'), '0');
    const lines = await page.$$eval('#output .line', (ls) => ls.map((l) => l.textContent.trim()));
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0], /^sequential, 2 calls one after another: \d+ in [\d.]+ ms$/);
    assert.match(lines[1], /^concurrent, 2 goroutines on GOMAXPROCS\(1\): \d+ in [\d.]+ ms, speedup [\d.]+x$/);
    assert.match(lines[2], /^parallel, 2 goroutines on GOMAXPROCS\(2\): \d+ in [\d.]+ ms, speedup [\d.]+x$/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says why the memory experiment has no Go program, and offers no button', async () => {
    const { page, errors } = await open(browser.context, settings('?experiment=memory'));
    assert.match(await page.locator('#no-go-program').textContent(), /No Go program shows this experiment: .*memory bus/);
    assert.equal(await page.locator('#see-as-go').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('at 320 px wide, the button is on the page and the page scrolls only up and down', async () => {
    const { page, errors } = await open(browser.context, settings('?experiment=pipeline'));
    await page.setViewportSize({ width: 320, height: 640 });
    const button = await page.locator('#see-as-go').boundingBox();
    assert.ok(button && button.x >= 0 && button.x + button.width <= 320, JSON.stringify(button));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page is ${width} px wide at a 320 px viewport`);
    await page.locator('#see-as-go').click();
    assert.equal(await page.locator('#gallery').inputValue(), 'experiments/pipeline');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// Accessibility as axe-core checks it, in the light and the dark theme: the playground
// after a run (controls, results, verdict, timeline), Go mode after a run, and an embed, with no violation of
// WCAG 2 A and AA rules, colour contrast among them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

// Evaluated through the debugging protocol: the page's Content-Security-Policy forbids
// inline scripts, as it should.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The WCAG 2 A and AA violations on the page as it is, in words for the test's message. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('')}`),
    }));
  });
  return found.map((v) => `${v.id}\n    ${v.nodes.join('\n    ')}`);
}

for (const scheme of ['light', 'dark']) {
  describe(`in the ${scheme} theme`, () => {
    it('the playground after a run has no WCAG 2 A or AA violation', async () => {
      const { page } = await open(browser.context, `${URL_ISOLATED}?experiment=io-bound&workers=2&tasks=3&wait_ms=20`);
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('#run:not([disabled])').click();
      await page.locator('#verdict').waitFor({ timeout: 60_000 });
      assert.deepEqual(await violations(page), []);
      await page.close();
    });

    it('Go mode after a run has no WCAG 2 A or AA violation', async () => {
      const { page } = await open(browser.context, URL_ISOLATED);
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('#mode-program').click();
      await page.locator('#gallery').selectOption('three-goroutines-one-cpu');
      await page.locator('#editor .cm-editor').waitFor();
      await page.locator('#run:not([disabled])').click();
      await page.locator('#exit').waitFor({ timeout: 60_000 });
      await page.locator('#output-times').check();
      assert.deepEqual(await violations(page), []);
      await page.close();
    });

    it('an embed with its results has no WCAG 2 A or AA violation', async () => {
      // The theme an embedding page asks for, whatever the reader's system prefers.
      const { page } = await open(browser.context, `${URL_ISOLATED}?embed=1&theme=${scheme}&experiment=sum&workers=2&n=1000000`);
      await page.locator('#run:not([disabled])').click();
      await page.locator('#verdict').waitFor({ timeout: 60_000 });
      assert.deepEqual(await violations(page), []);
      await page.close();
    });
  });
}

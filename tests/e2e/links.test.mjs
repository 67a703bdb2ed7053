// Links reproduce what ran: the address bar, Share and Embed keep the backend, the view and
// autorun, a link with autorun runs on its own, and what the address cannot set is noted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, open, URL_ISOLATED } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('links', () => {
  it('keep the backend, the view and autorun in the address bar, Share and Embed', async () => {
    const url = new URL(URL_ISOLATED);
    url.search = '?experiment=io-bound&workers=2&tasks=2&wait_ms=20&backend=message&view=tasks&autorun=1';
    const { page, errors } = await open(browser.context, url.href);
    // autorun=1 runs on a page that is not embedded too.
    await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#backend').textContent(), 'message passing');
    const kept = new URL(page.url()).searchParams;
    assert.deepEqual(['backend', 'view', 'autorun'].map((k) => kept.get(k)), ['message', 'tasks', '1']);
    await page.getByRole('button', { name: 'Embed' }).click();
    const snippet = await page.locator('#embed-code').inputValue();
    const src = new URL(snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&'));
    assert.deepEqual(['experiment', 'backend', 'view', 'embed'].map((k) => src.searchParams.get(k)),
      ['io-bound', 'message', 'tasks', '1']);
    // The author's options go into the snippet; the script lines come with height=auto.
    assert.match(snippet, /addEventListener\('message'/);
    await page.locator('#embed-lock').check();
    await page.locator('#embed-theme').selectOption('dark');
    await page.locator('#embed-caption').fill('Fig. 3 & why');
    await page.locator('#embed-auto-height').uncheck();
    const chosen = await page.locator('#embed-code').inputValue();
    const chosenSrc = new URL(chosen.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&'));
    assert.deepEqual(['lock', 'theme', 'caption', 'height'].map((k) => chosenSrc.searchParams.get(k)),
      ['1', 'dark', 'Fig. 3 & why', null]);
    assert.doesNotMatch(chosen, /<script>/, 'no script without height=auto');
    assert.match(chosen, /title="Interleave: I\/O-bound/);
    assert.ok(await page.locator('#copy-embed').isVisible());
    // Reloaded, the link runs on the same backend with the same view.
    const again = await open(browser.context, page.url());
    await again.page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
    assert.equal(await again.page.locator('#backend').textContent(), 'message passing');
    assert.deepEqual(errors, []);
    await again.page.close();
    await page.close();
  });

  it('keep the view the reader switched to, in the address bar and the snippet', async () => {
    const url = new URL(URL_ISOLATED);
    url.search = '?experiment=io-bound&workers=2&tasks=2&wait_ms=20&autorun=1';
    const { page, errors } = await open(browser.context, url.href);
    await page.locator('#status', { hasText: 'Finished on 2 workers' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'tasks');
    await page.getByRole('button', { name: 'Embed' }).click();
    const snippet = await page.locator('#embed-code').inputValue();
    assert.match(snippet, /view=tasks/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('panels= shows only the parts it names', async () => {
    const url = new URL(URL_ISOLATED);
    url.search = '?experiment=io-bound&tasks=2&wait_ms=20&embed=1&autorun=1&panels=verdict,timeline';
    const { page, errors } = await open(browser.context, url.href);
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    assert.ok(await page.locator('#timeline').isVisible(), 'the timeline shows');
    for (const hidden of ['#run', '#experiment', '#variants', '#spans']) {
      assert.equal(await page.locator(hidden).count(), 0, `${hidden} is left out`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('notes settings the experiment does not have and numbers too large to read', async () => {
    const url = new URL(URL_ISOLATED);
    url.search = '?experiment=sum&frob=1&tasks=4&n=99999999999999999999999999';
    const { page } = await open(browser.context, url.href);
    const note = await page.locator('[data-note="url"]').textContent();
    assert.match(note, /has no setting "frob", "tasks"; ignored/);
    assert.match(note, /n = 999999999999999999999999… is above the maximum/);
    assert.doesNotMatch(note, /18446744073709551615/);
    await page.close();
  });
});

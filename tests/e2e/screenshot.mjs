// Regenerates the README's screenshot: `node screenshot.mjs URL OUT.png` runs the Sum on
// 2 workers in headless Chromium and captures the page.
import { launch, open } from './browser.mjs';

const [url = 'http://127.0.0.1:8080/', out = '../../www/img/screenshot.png'] = process.argv.slice(2);
const browser = await launch();
const { page } = await open(browser.context, `${url}?experiment=sum&workers=2`);
await page.locator('#environment', { hasText: 'ready' }).waitFor({ timeout: 30_000 });
await page.getByRole('button', { name: 'Run' }).click();
await page.locator('#verdict').waitFor({ timeout: 60_000 });
await page.locator('.results').screenshot({ path: out });
await browser.close();

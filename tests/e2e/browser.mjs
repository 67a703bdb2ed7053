// Shared set-up of the browser tests: Debian's Chromium, headless, with a fresh profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

/** The isolated playground's URL, given by `cargo xtask test`. */
export const URL_ISOLATED = process.env.INTERLEAVE_URL ?? 'http://127.0.0.1:8080/';
/** The same app served without COOP/COEP. */
export const URL_NOT_ISOLATED = process.env.INTERLEAVE_URL_NOT_ISOLATED;

/** Starts headless Chromium with a fresh user-data dir; `close()` removes both.
 *
 * Unless `measureCores` is set, every page starts with the core probe's result already
 * kept for the session, as the machine's own count: the probe measures the cores free at
 * that moment, so on a machine busy with something else it may count fewer, and the tests
 * of everything else must not depend on that. cores.test.mjs runs the probe itself. */
export async function launch({ args = [], measureCores = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'interleave-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Extra flags for diagnosis, e.g. CHROMIUM_EXTRA_ARGS=--js-flags=--no-liftoff.
      ...(process.env.CHROMIUM_EXTRA_ARGS ? process.env.CHROMIUM_EXTRA_ARGS.split(' ') : []),
      ...args,
    ],
  });
  if (!measureCores) {
    await context.addInitScript(() => {
      const n = navigator.hardwareConcurrency;
      try { sessionStorage.setItem('interleave-cores', JSON.stringify({ measured: n, reported: n })); } catch { /* no storage */ }
    });
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` in a new page and collects its console errors and uncaught exceptions;
 * `waitUntil` is Playwright's (a page with frames may want 'domcontentloaded'). */
export async function open(context, url, { waitUntil = 'load' } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url, { waitUntil });
  return { page, errors };
}

/** The rows of the page's span table (the timeline's accessible twin), as numbers, with
 * each row's duration as the table writes it. */
export async function spanRows(page) {
  return page.$$eval('#spans tbody tr', (rows) => rows.map((r) => ({
    variant: r.dataset.variant,
    worker: Number(r.dataset.worker),
    task: Number(r.dataset.task),
    start: Number(r.dataset.startNs),
    end: Number(r.dataset.endNs),
    duration: r.cells[4].textContent,
  })));
}

/** Whether spans on two different workers overlap in time: the workers ran at once. */
export function workersOverlap(spans) {
  return spans.some((a) => spans.some((b) => a.worker !== b.worker && a.start < b.end && b.start < a.end));
}

/** Presses Stop and resolves with the milliseconds until the status says the run stopped,
 * timed by the page itself. */
export function stopLatency(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const status = document.getElementById('status');
    const t0 = performance.now();
    new MutationObserver((_, observer) => {
      if (status.textContent.startsWith('Stopped')) {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    }).observe(status, { childList: true, subtree: true, characterData: true });
    document.getElementById('stop').click();
  }));
}

/** The address of `url` (the page) with the Go program `source` as its `code=` (the
 * base64url, without padding, of its raw-deflated UTF-8) and `extra` after it, e.g.
 * `&workers=2`. */
export function programLink(url, source, extra = '') {
  const code = deflateRawSync(Buffer.from(source, 'utf8')).toString('base64url');
  const address = new URL(url);
  address.search = `?code=${code}${extra}`;
  return address.href;
}

/** Presses Run in Go mode once the editor is there. */
export async function runProgram(page) {
  await page.locator('#editor .cm-editor').waitFor({ timeout: 30_000 });
  await page.locator('#run').click();
}

/** Waits up to `timeout` ms for the program's run to end and returns its exit status and
 * output lines (all of them, those of stdout and those of stderr). */
export async function programEnded(page, { timeout = 60_000 } = {}) {
  await page.locator('#exit').waitFor({ timeout });
  return {
    exit: Number(await page.locator('#exit').getAttribute('data-exit')),
    lines: await page.$$eval('#output .line', (lines) => lines.map((l) => l.textContent.replace(/\n$/, ''))),
    stdout: await page.$$eval('#output .line:not(.stderr)', (lines) => lines.map((l) => l.textContent.replace(/\n$/, ''))),
    stderr: await page.$$eval('#output .line.stderr', (lines) => lines.map((l) => l.textContent.replace(/\n$/, ''))),
  };
}

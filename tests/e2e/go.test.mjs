// Go mode: a program from a link runs and prints; a gallery program runs; two CPU-bound
// goroutines on 2 workers run at once; a compile error is marked at its line; Stop ends a
// program that never ends; a link whose program cannot be read says so; without shared
// memory a program runs on one worker; a host page sets a program and gets its result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  launch, open, programEnded as ended, programLink, runProgram as run, spanRows, URL_ISOLATED, workersOverlap,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The isolated page's address with `source` as its `code=` and `extra` after it. */
const linkTo = (source, extra = '') => programLink(URL_ISOLATED, source, extra);

describe('Go mode', () => {
  it('runs the program of a link and prints what it prints', async () => {
    const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello from", 6*7)\n\tfmt.Printf("%d-%s\\n", 7, "go")\n}\n';
    const { page, errors } = await open(browser.context, linkTo(source, '&workers=2'));
    assert.equal(await page.locator('#mode-program').getAttribute('aria-selected'), 'true');
    // Ctrl+Enter in the editor runs it.
    await page.locator('#editor .cm-content').click();
    await page.keyboard.press('Control+Enter');
    const { exit, lines } = await ended(page);
    assert.equal(exit, 0);
    assert.deepEqual(lines, ['hello from 42', '7-go']);
    // On request each line says which goroutine printed it.
    await page.locator('#output-times').check();
    assert.match(await page.locator('#output .line').first().textContent(), /^g1\s/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('runs a program of the gallery and shows what its text says beside what ran', async () => {
    const { page, errors } = await open(browser.context, URL_ISOLATED);
    await page.locator('#mode-program').click();
    await page.locator('#gallery').selectOption('three-goroutines-one-cpu');
    assert.match(await page.locator('#example-shows').textContent(), /three goroutines in turn/);
    await run(page);
    const { exit, lines } = await ended(page);
    assert.equal(exit, 0);
    assert.deepEqual([...lines].sort(), [0, 1, 2].flatMap((g) => [0, 1, 2].map((s) => `goroutine ${g} step ${s}`)));
    assert.match(await page.locator('#measured').textContent(), /This run took/);
    // The link now carries the program, and so does the embed snippet.
    const code = new URL(page.url()).searchParams.get('code');
    assert.ok(code);
    await page.locator('#embed').click();
    const snippet = await page.locator('#embed-code').inputValue();
    const src = new URL(snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&'));
    assert.equal(src.searchParams.get('code'), code);
    assert.match(snippet, /title="Interleave: Go, Three goroutines on a single CPU"/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('runs two CPU-bound goroutines at once on 2 workers', async () => {
    const source = `package main

import (
	"fmt"
	"sync"
)

func spin(n int, out *int, wg *sync.WaitGroup) {
	defer wg.Done()
	total := 0
	for i := 0; i < n; i++ {
		total += i % 7
	}
	*out = total
}

func main() {
	var a, b int
	var wg sync.WaitGroup
	wg.Add(2)
	go spin(20000000, &a, &wg)
	go spin(20000000, &b, &wg)
	wg.Wait()
	fmt.Println(a == b)
}
`;
    const { page, errors } = await open(browser.context, linkTo(source, '&workers=2'));
    await run(page);
    const { exit, lines } = await ended(page);
    assert.equal(exit, 0);
    assert.deepEqual(lines, ['true']);
    // The two spinning goroutines (tasks 1 and 2; main, task 0, only waits) ran on both
    // workers, at once.
    const spans = (await spanRows(page)).filter((s) => s.task !== 0);
    assert.deepEqual([...new Set(spans.map((s) => s.worker))].sort(), [0, 1], 'two worker lanes');
    assert.ok(workersOverlap(spans), 'the two workers ran at once');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('prints a panic to stderr, apart from stdout, with exit status 2', async () => {
    const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("before")\n\tpanic("boom")\n}\n';
    const { page, errors } = await open(browser.context, linkTo(source));
    await run(page);
    const { exit, lines, stderr } = await ended(page);
    assert.equal(exit, 2);
    assert.equal(lines[0], 'before');
    assert.match(stderr[0], /^panic: boom/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('marks a compile error at its line', async () => {
    const source = 'package main\n\nfunc main() {\n\tx := \n}\n';
    const { page, errors } = await open(browser.context, linkTo(source));
    await run(page);
    const { exit } = await ended(page);
    assert.equal(exit, 1);
    const error = page.locator('#compile-errors li').first();
    assert.ok(Number(await error.getAttribute('data-line')) >= 4, 'the error is at or after the unfinished line');
    assert.match(await error.textContent(), /^prog\.go:\d+:\d+: /);
    // The editor marks it: a lint mark in the gutter and on the text.
    await page.locator('#editor .cm-lint-marker-error').first().waitFor();
    assert.ok(await page.locator('#editor :is(.cm-lintRange-error, .cm-lintPoint-error)').count() >= 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stops a program that never ends', async () => {
    const { page, errors } = await open(browser.context, linkTo('package main\n\nfunc main() {\n\tfor {\n\t}\n}\n'));
    await run(page);
    await page.locator('#status.running').waitFor();
    await page.locator('#stop').click();
    await page.locator('#status', { hasText: 'Stopped' }).waitFor();
    // The next run gets a fresh pool and runs.
    assert.equal(await page.locator('#run').isEnabled(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows what a program prints while it runs, not only when it ends', async () => {
    const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("first")\n\tfor {\n\t}\n}\n';
    const { page, errors } = await open(browser.context, linkTo(source, '&workers=2'));
    await run(page);
    await page.locator('#output .line', { hasText: 'first' }).waitFor();
    // The line is there and the program still runs: it was shown as it came.
    assert.equal(await page.locator('#status.running').count(), 1);
    await page.locator('#stop').click();
    await page.locator('#status', { hasText: 'Stopped' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says why the program of a link cannot be read, and still opens the editor', async () => {
    const url = new URL(URL_ISOLATED);
    for (const [code, said] of [['%%%', /not base64url/], ['____', /does not decompress/]]) {
      url.search = `?code=${encodeURIComponent(code)}`;
      const { page, errors } = await open(browser.context, url.href);
      await page.locator('#code-note').waitFor();
      assert.match(await page.locator('#code-note').textContent(), said);
      await page.locator('#editor .cm-editor').waitFor();
      assert.ok(await page.locator('#editor .cm-line').count() > 1, 'the editor has a program');
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  it('leaves the editor with Escape then Tab, where Tab alone indents', async () => {
    const { page, errors } = await open(browser.context, linkTo('package main\n\nfunc main() {\n}\n'));
    const content = page.locator('#editor .cm-content');
    await content.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Tab');
    assert.match(await content.textContent(), /}\t$/, 'Tab indents');
    const inEditor = () => page.evaluate(() => document.activeElement?.id === 'editor');
    assert.ok(await inEditor(), 'the editor has the focus');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.ok(!(await inEditor()), 'Escape then Tab moved the focus on');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('runs a program on one worker on the message-passing backend, and says why', async () => {
    const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tdone := make(chan int)\n\tgo func() { done <- 42 }()\n\tfmt.Println(<-done)\n}\n';
    const { page, errors } = await open(browser.context, linkTo(source, '&workers=2&backend=message'));
    assert.match(await page.locator('#one-worker').textContent(), /runs on one worker/);
    await run(page);
    const { exit, lines } = await ended(page);
    assert.equal(exit, 0);
    assert.deepEqual(lines, ['42']);
    const workers = new Set((await spanRows(page)).map((s) => s.worker));
    assert.deepEqual([...workers], [0], 'one worker ran every goroutine');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('at 320 px wide, Go mode after a run scrolls only up and down', async () => {
    const { page, errors } = await open(browser.context, linkTo('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("a long line of output that is wider than a phone held upright, to wrap")\n}\n'));
    await page.setViewportSize({ width: 320, height: 640 });
    await run(page);
    await ended(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page is ${width} px wide at a 320 px viewport`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('takes a program from the host page and reports its output, exit and errors', async () => {
    const { page, errors } = await open(browser.context, URL_ISOLATED);
    await page.locator('#status').waitFor();
    // The playground's own origin hosts the frame: the host page is the test's.
    await page.evaluate((src) => {
      globalThis.messages = [];
      addEventListener('message', (e) => globalThis.messages.push(e.data));
      const frame = document.createElement('iframe');
      Object.assign(frame, { src, width: 900, height: 900 });
      document.body.replaceChildren(frame);
    }, `${URL_ISOLATED}?embed=1`);
    const next = (type, after) => page.waitForFunction(([t, n]) =>
      globalThis.messages.slice(n).find((m) => m.type === t), [type, after], { timeout: 60_000 }).then((h) => h.jsonValue());
    const send = (message) => page.evaluate((m) => document.querySelector('iframe').contentWindow.postMessage({ interleave: 1, ...m }, '*'), message);
    await next('ready', 0);
    const runs = async (code) => {
      await send({ type: 'set-code', code });
      const seen = await page.evaluate(() => globalThis.messages.length);
      await send({ type: 'run' });
      return next('result', seen);
    };
    const printed = await runs('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello from", 6*7)\n}\n');
    assert.equal(printed.program, true);
    assert.equal(printed.exit, 0);
    assert.match(printed.stdout, /^hello from 42\n/);
    assert.equal(printed.error, null);
    const refused = await runs('package main\n\nfunc main() {\n\tx := \n}\n');
    assert.equal(refused.exit, 1);
    assert.ok(refused.error.length >= 1 && refused.error[0].line >= 4 && refused.error[0].col >= 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// @ts-check
// Measures the cores that really run at once (see core-probe.js), then loads the UI's
// wasm module, which reads the count from `globalThis.interleave`; if loading fails, says
// so on the page instead of leaving it blank. The module is fetched while the probe
// runs, and compiled after it, so the compiler's threads do not disturb the measurement.
import init from '../pkg/app/interleave_app.js';
import { measureAgain, measuredCores } from './core-probe.js';

async function start() {
  document.getElementById('loading')?.removeAttribute('hidden');
  const bytes = fetch(new URL('../pkg/app/interleave_app_bg.wasm', import.meta.url)).then((r) => r.arrayBuffer());
  const cores = await measuredCores();
  const wasm = WebAssembly.compile(await bytes);
  globalThis.interleave = {
    cores,
    // The page's "Measure again": forget this session's count and load the page anew.
    measureAgain() {
      measureAgain();
      location.reload();
    },
    // The Go mode's editor (CodeMirror, 130 KB gzipped), loaded only when Go mode opens.
    /** @type {(...args: Parameters<import('./vendor/codemirror.js').mount>) => Promise<import('./vendor/codemirror.js').GoEditor>} */
    goEditor: (...args) => import('./vendor/codemirror.js').then((editor) => editor.mount(...args)),
  };
  await init({ module_or_path: await wasm });
}

start().catch((error) => {
  const loading = document.getElementById('loading');
  const message = document.createElement('p');
  message.className = 'fatal';
  message.setAttribute('role', 'alert');
  message.textContent =
    `Interleave could not start: ${error}. This browser may lack WebAssembly support, ` +
    'or the app was not built (run `./x serve`).';
  (loading ?? document.body).replaceWith(message);
});

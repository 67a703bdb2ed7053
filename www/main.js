// Loads the UI's wasm module; if that fails, says so on the page instead of leaving it blank.
import init from '../pkg/app/interleave_app.js';

init().catch((error) => {
  const loading = document.getElementById('loading');
  const message = document.createElement('p');
  message.className = 'fatal';
  message.setAttribute('role', 'alert');
  message.textContent =
    `Interleave could not start: ${error}. This browser may lack WebAssembly support, ` +
    'or the app was not built (run `cargo xtask serve`).';
  (loading ?? document.body).replaceWith(message);
});

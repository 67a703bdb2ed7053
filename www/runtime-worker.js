// @ts-check
// The runtime worker: the only place the threaded wasm module runs besides its own pool.
//
// The page starts this worker with the worker count in the URL (?workers=k). It loads the
// runtime, starts k Web Workers as rayon's threads, and then runs one request at a time,
// posting each variant as soon as it is measured (its spans first, in chunks of numbers
// handed over without copying: `spans`, then `variant`) and the report at the end. The
// page never calls into the pool, so it never blocks; to change k or to stop a run, the
// page terminates this worker, which ends its pool too. A run repeats its variants in
// rounds until their times settle: only the first round's variants are posted. A Go
// program (`run-program`) runs on a pool thread while this worker posts its output.
import { postProgram } from './program-runner.js';
import init, { initThreadPool, poolSize, reportPanicsTo, run, runProgram, stopFlag, warmUp } from '../pkg/runtime/interleave_runtime.js';

/**
 * Posts a message of the page protocol (www/protocol.d.ts).
 * @param {import('./protocol').FromRuntime} message
 * @param {Transferable[]} [transfer]
 */
const send = (message, transfer = []) => postMessage(message, transfer);

const params = new URL(self.location.href).searchParams;
const workers = Number(params.get('workers'));

async function start() {
  const t0 = performance.now();
  await init();
  // A panic aborts the wasm instance; its hook tells the page on this channel.
  reportPanicsTo(params.get('panics') ?? '');
  await initThreadPool(workers);
  // Let the browser optimise the experiments' code before the first measured run.
  warmUp();
  // The page sets this flag in the runtime's shared memory when it stops a run, just
  // before it terminates this worker, so the pool's workers stop computing at once.
  send({ type: 'ready', workers: poolSize(), startMs: performance.now() - t0, stopFlag: stopFlag() });
}

const started = start().catch((error) => {
  send({ type: 'error', message: `The worker pool could not start: ${error}` });
  throw error;
});

addEventListener('message', async ({ data }) => {
  /** @type {import('./protocol').ToRuntime} */
  const message = data;
  if (message?.type === 'run-program' && typeof message.source === 'string') {
    await started;
    const { source } = message;
    postProgram(message.id, () => runProgram(source), send);
    return;
  }
  if (message?.type !== 'run' || typeof message.request !== 'string') return;
  await started;
  const { id } = message;
  // What the page has drawn of this run (see the app's pacing.rs), when it sent a flag:
  // 1 once the run's start is drawn, i + 2 once variant i is.
  const drawn = message.drawn instanceof SharedArrayBuffer ? new Int32Array(message.drawn) : null;
  // Called by the runtime between two variants, while the run goes on. Before the next
  // variant is measured, the page draws this one: waiting for it (a second at most) keeps
  // the page's drawing from taking a core from the next variant.
  const onVariant = (index, total, variant, chunks) => {
    for (const spans of chunks) send({ type: 'spans', id, index, spans }, [spans.buffer]);
    send({ type: 'variant', id, index, total, variant });
    if (drawn) Atomics.wait(drawn, 0, index + 1, 1000);
  };
  // Likewise, the page first replaces the last run's results with this run's start.
  if (drawn) Atomics.wait(drawn, 0, 0, 1000);
  try {
    send({ type: 'result', id, report: run(message.request, onVariant) });
  } catch (error) {
    send({ type: 'error', id, message: `The run failed: ${error}` });
  }
});

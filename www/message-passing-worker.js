// @ts-check
// The message-passing backend: what a page gets when it is not cross-origin isolated.
//
// Without shared memory there is no pool of threads over one wasm memory, but there can
// be k Web Workers, each with its own engine (engine-worker.js): real threads still. This
// worker speaks the same protocol to the page as runtime-worker.js: `ready`, then per
// `run` each variant as soon as it is merged (`spans` chunks, then `variant`) and one
// `result` (or `error`). For each run it asks its own engine instance for the
// plan, has the engines carry out every step (one engine for a step on one worker, all
// of them at once for a step spread over k), and merges and judges what they send back.
// A Go program (`run-program`) runs here, on this worker alone.
import { postProgram } from './program-runner.js';
import init, { anotherRound, clockMs, judge, merge, plan, probeWindowMs, reportPanicsTo, runProgram, stepRequest } from '../pkg/message-passing/interleave_runtime.js';

/**
 * Posts a message of the page protocol (www/protocol.d.ts).
 * @param {import('./protocol').FromRuntime} message
 * @param {Transferable[]} [transfer]
 */
const send = (message, transfer = []) => postMessage(message, transfer);

const params = new URL(self.location.href).searchParams;
const count = Number(params.get('workers'));
// The channel on which a panicking engine tells the page (see runtime-worker.js).
const panics = params.get('panics') ?? '';

// One engine worker and its replies, by request id.
class Engine {
  constructor(index) {
    this.pending = new Map();
    this.nextId = 0;
    const url = new URL('./engine-worker.js', import.meta.url);
    url.searchParams.set('panics', panics);
    this.worker = new Worker(url, { type: 'module' });
    this.ready = new Promise((resolve, reject) => {
      this.worker.addEventListener('message', ({ data }) => {
        /** @type {import('./protocol').FromEngine} */
        const reply = data;
        if (reply.type === 'ready') return resolve(undefined);
        const waiting = this.pending.get(reply.id);
        if (reply.type === 'error') {
          const error = new Error(reply.message);
          if (waiting) waiting.reject(error); else reject(error);
        } else if (waiting) {
          waiting.resolve(reply);
        }
        this.pending.delete(reply.id);
      });
      this.worker.addEventListener('error', (event) => {
        reject(new Error(`engine ${index} failed to load: ${event.message || 'see the console'}`));
      });
    });
  }

  /**
   * Sends a message and resolves with the engine's reply to it.
   * @param {{ type: 'prime' } | { type: 'probe', from: number, to: number } | { type: 'step', step: string }} message
   * @returns {Promise<any>}
   */
  ask(message) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }
}

let engines = [];

async function start() {
  const t0 = performance.now();
  await init();
  reportPanicsTo(panics);
  engines = Array.from({ length: count }, (_, index) => new Engine(index));
  await Promise.all(engines.map((engine) => engine.ready));
  send({ type: 'ready', workers: engines.length, startMs: performance.now() - t0 });
}

const started = start().catch((error) => {
  send({ type: 'error', message: `The message-passing workers could not start: ${error}` });
  throw error;
});

// Carries out a run request (JSON) on the engines, posting each variant of the first
// round to the page as it is merged, and returns the report (JSON, without the spans the
// page already has). The variants are measured again in rounds, untold (a page that
// redrew would take a core from them), for as long as the engine's rule says
// (`anotherRound`, the rule of a shared-memory run).
async function run(requestJson, id) {
  const variants = [];
  // Wake every engine's core before measuring, as the shared-memory runtime does.
  await Promise.all(engines.map((engine) => engine.ask({ type: 'prime' })));
  // The page first replaces the last run's results with this run's start.
  await pageDrew(DRAWN_START);
  const originNs = Math.round(clockMs() * 1e6);
  /** @type {import('./protocol').VariantPlan[]} */
  const plans = JSON.parse(plan(requestJson));
  /** @type {number[][]} */
  const walls = plans.map(() => []);
  /** @type {number[]} */
  const free = [];
  const began = clockMs();
  for (let round = 1; ; round += 1) {
    for (const [variant, { steps }] of plans.entries()) {
      free.push(await freeCores());
      const parts = [];
      for (const [step, shards] of steps.entries()) {
        const replies = await Promise.all(engines.slice(0, shards).map((engine, index) =>
          engine.ask({ type: 'step', step: stepRequest(requestJson, variant, step, index, shards, originNs) })));
        parts.push(...replies.map((reply) => reply.part));
      }
      const merged = merge(`[${parts.join(',')}]`);
      walls[variant].push(merged.wallNs);
      if (round > 1) continue;
      variants.push(merged.variant);
      for (const spans of merged.chunks) send({ type: 'spans', id, index: variant, spans }, [spans.buffer]);
      send({ type: 'variant', id, index: variant, total: plans.length, variant: merged.page });
      // The page draws this variant before the next is measured (see the app's pacing.rs).
      await pageDrew(variant + 2);
      // The engines idled meanwhile: wake their cores again, as before the run.
      await Promise.all(engines.map((engine) => engine.ask({ type: 'prime' })));
    }
    if (!anotherRound(requestJson, JSON.stringify(walls), clockMs() - began)) break;
  }
  return judge(requestJson, `[${variants.join(',')}]`, JSON.stringify(walls), JSON.stringify(free));
}

// How many cores the engines had at once just now: every engine spins over one window
// of the shared clock and reports the share of it it ran (the engine's `free_cores`, as
// a shared-memory run probes before each variant).
async function freeCores() {
  const [from, to] = probeWindowMs();
  const replies = await Promise.all(engines.map((engine) => engine.ask({ type: 'probe', from, to })));
  return replies.reduce((sum, reply) => sum + reply.share, 0);
}

// What the page has drawn of the run in progress (see the app's pacing.rs): 1 once the
// run's start is drawn, i + 2 once variant i is; and who waits for more.
const DRAWN_START = 1;
let drawn = 0;
let onDrawn = () => {};
addEventListener('message', ({ data }) => {
  /** @type {import('./protocol').ToRuntime} */
  const message = data;
  if (message?.type !== 'drawn' || !Number.isInteger(message.count)) return;
  drawn = Math.max(drawn, message.count);
  onDrawn();
});

// Resolves once the page has drawn `count` (or after a second: a hidden tab does not
// draw), so that the page's drawing does not take a core from what is measured next.
function pageDrew(count) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    onDrawn = () => {
      if (drawn >= count) {
        clearTimeout(timer);
        resolve();
      }
    };
    onDrawn();
  });
}

addEventListener('message', async ({ data }) => {
  /** @type {import('./protocol').ToRuntime} */
  const message = data;
  if (message?.type === 'run-program' && typeof message.source === 'string') {
    // A Go program runs on this worker alone: its goroutines share memory, which the
    // engine workers do not. The page says so.
    await started;
    const { source } = message;
    postProgram(message.id, () => runProgram(source), send);
    return;
  }
  if (message?.type !== 'run' || typeof message.request !== 'string') return;
  drawn = 0; // Before waiting: the page's first `drawn` of this run may come meanwhile.
  await started;
  try {
    send({ type: 'result', id: message.id, report: await run(message.request, message.id) });
  } catch (error) {
    send({ type: 'error', id: message.id, message: `The run failed: ${error}` });
  }
});

// One engine of the message-passing backend: its own wasm instance, no memory shared.
//
// The coordinator (message-passing-worker.js) starts k of these. Each loads the
// message-passing runtime, warms its kernels up, and then carries out whatever share of
// a step it is sent, posting the part of the variant it measured back.
import init, { prime, reportPanicsTo, runStep, warmUp } from '../pkg/message-passing/interleave_runtime.js';

const started = init().then(() => {
  // A panic aborts this engine; its hook tells the page on the channel it named.
  reportPanicsTo(new URL(self.location.href).searchParams.get('panics') ?? '');
  // Let the browser optimise the experiments' code before the first measured step.
  warmUp();
  postMessage({ type: 'ready' });
});
started.catch((error) => postMessage({ type: 'error', message: `An engine could not start: ${error}` }));

self.addEventListener('message', async ({ data }) => {
  await started;
  try {
    if (data?.type === 'prime') {
      prime();
      postMessage({ type: 'primed', id: data.id });
    } else if (data?.type === 'step' && typeof data.step === 'string') {
      postMessage({ type: 'part', id: data.id, part: runStep(data.step) });
    }
  } catch (error) {
    postMessage({ type: 'error', id: data.id, message: `A step failed: ${error}` });
  }
});

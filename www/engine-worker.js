// @ts-check
// One engine of the message-passing backend: its own wasm instance, no memory shared.
//
// The coordinator (message-passing-worker.js) starts k of these. Each loads the
// message-passing runtime, warms its kernels up, and then carries out whatever share of
// a step it is sent, posting the part of the variant it measured back.
import init, { prime, probeShare, reportPanicsTo, runStep, warmUp } from '../pkg/message-passing/interleave_runtime.js';

/**
 * Posts a message to the coordinator (www/protocol.d.ts).
 * @param {import('./protocol').FromEngine} message
 */
const send = (message) => postMessage(message);

const started = init().then(() => {
  // A panic aborts this engine; its hook tells the page on the channel it named.
  reportPanicsTo(new URL(self.location.href).searchParams.get('panics') ?? '');
  // Let the browser optimise the experiments' code before the first measured step.
  warmUp();
  send({ type: 'ready' });
});
started.catch((error) => send({ type: 'error', message: `An engine could not start: ${error}` }));

addEventListener('message', async ({ data }) => {
  /** @type {import('./protocol').ToEngine} */
  const message = data;
  await started;
  try {
    if (message?.type === 'prime') {
      prime();
      send({ type: 'primed', id: message.id });
    } else if (message?.type === 'probe') {
      send({ type: 'probed', id: message.id, share: probeShare(message.from, message.to) });
    } else if (message?.type === 'step' && typeof message.step === 'string') {
      send({ type: 'part', id: message.id, part: runStep(message.step) });
    }
  } catch (error) {
    send({ type: 'error', id: message?.id, message: `A step failed: ${error}` });
  }
});

// How a tutorial page embeds Interleave and talks to it: create the iframes, send
// versioned commands with postMessage, and read what the frames answer.
const params = new URLSearchParams(location.search);
const playground = new URL(params.get('playground') ?? location.origin).origin;

const frames = [...document.querySelectorAll('[data-interleave]')].map((slot, index) => {
  const iframe = document.createElement('iframe');
  iframe.src = `${playground}/?embed=1&${slot.dataset.interleave}`;
  iframe.title = 'Interleave experiment';
  iframe.allow = 'cross-origin-isolated'; // Needed for threads in a cross-origin frame.
  // The first frame is at the top of the page: loading it lazily only delays it (and a
  // browser may hold a lazy frame back for good until the page is scrolled).
  iframe.loading = index === 0 ? 'eager' : 'lazy';
  slot.append(iframe);
  return iframe;
});

/** Every message the frames sent, with the index of the frame that sent it. */
window.messages = [];

addEventListener('message', (event) => {
  if (event.origin !== playground) return; // Only the playground's answers.
  const frame = frames.findIndex((f) => f.contentWindow === event.source);
  if (frame < 0 || event.data?.interleave !== 1) return;
  window.messages.push({ frame, ...event.data });
  // height=auto: the frame says how tall its content is; the iframe follows.
  if (event.data.type === 'resize') {
    frames[frame].style.height = `${event.data.height}px`;
    return;
  }
  const item = document.createElement('li');
  const { type, verdict, workers, backend } = event.data;
  const on = workers ? ` (${workers} workers${backend ? `, ${backend}` : ''})` : '';
  item.textContent = `frame ${frame}: ${type}${on}${verdict ? `: ${verdict}` : ''}`;
  document.getElementById('log').append(item);
});

/** Sends a command to frame `index`, e.g. send(1, { type: 'run' }), or `hello` to hear of
 * the runs the reader starts there too. */
window.send = (index, message) => {
  frames[index].contentWindow.postMessage({ interleave: 1, ...message }, playground);
};

for (const button of document.querySelectorAll('[data-message]')) {
  button.addEventListener('click', () => {
    window.send(Number(button.dataset.frame), JSON.parse(button.dataset.message));
  });
}

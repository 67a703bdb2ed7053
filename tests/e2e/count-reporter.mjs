// A reporter for Node's test runner that writes one JSON line per test (not per suite):
// its file and name and whether it passed. `cargo xtask test --repeat N` adds the lines up
// to count each test's passes and failures over N runs.
import { basename } from 'node:path';

export default async function* countReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite' || data.skip || data.todo) continue;
    const test = `${data.file ? basename(data.file) : '?'} > ${data.name}`;
    yield `${JSON.stringify({ test, ok: event.type === 'test:pass' })}\n`;
  }
}

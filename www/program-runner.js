// @ts-check
// A Go program's run, posted to the page: what it printed every OUTPUT_MS (a batch per
// interval, not a message per write), then its spans (as variant 0's) and its report.
// Both runtime workers use it on the run their module's `runProgram` returns: on shared
// memory the program runs on a pool thread meanwhile, without it it has already ended.

/** How often a program's output is collected and posted, in milliseconds. */
const OUTPUT_MS = 50;

/**
 * The part of a runtime module's `ProgramRun` that is read here.
 * @typedef {{ ended(): boolean, output(): string | undefined, spans(): Float64Array[], report(): string | undefined, free(): void }} ProgramRun
 */

/**
 * Posts program run `id`'s output as it comes, then its spans and report.
 * @param {number} id
 * @param {() => ProgramRun} start starts the run
 * @param {(message: import('./protocol').FromRuntime, transfer?: Transferable[]) => void} send
 */
export function postProgram(id, start, send) {
  /** @type {ProgramRun} */
  let program;
  try {
    program = start();
  } catch (error) {
    send({ type: 'error', id, message: `The program could not run: ${error}` });
    return;
  }
  const poll = () => {
    try {
      // Read before the output: once the program has ended, the output is all there.
      const ended = program.ended();
      const output = program.output();
      if (output !== undefined) send({ type: 'output', id, output });
      if (!ended) {
        setTimeout(poll, OUTPUT_MS);
        return;
      }
      for (const spans of program.spans()) send({ type: 'spans', id, index: 0, spans }, [spans.buffer]);
      const report = program.report();
      program.free();
      if (report !== undefined) send({ type: 'program', id, report });
    } catch (error) {
      send({ type: 'error', id, message: `The program failed: ${error}` });
    }
  };
  poll();
}

// The messages between the page and its runtime worker, and between the message-passing
// coordinator and its engines: the JavaScript side of the protocol whose Rust side is
// `crates/app/src/wire.rs` (read and written there with serde; keep the two alike). The
// workers' scripts are type-checked against these and against the declarations
// wasm-bindgen writes for the runtimes' exports (`./x test`, "type-checking the page's
// JavaScript"), so a renamed field or export fails the tests instead of the page.

/** A message of a runtime worker to the page. */
export type FromRuntime =
  | { type: 'ready'; workers: number; startMs: number; stopFlag?: Int32Array }
  | { type: 'spans'; id: number; index: number; spans: Float64Array }
  | { type: 'variant'; id: number; index: number; total: number; variant: string }
  | { type: 'result'; id: number; report: string }
  | { type: 'output'; id: number; output: string }
  | { type: 'program'; id: number; report: string }
  | { type: 'error'; id?: number; message: string };

/** A message of the page to its runtime worker. */
export type ToRuntime =
  | { type: 'run'; id: number; request: string; drawn?: SharedArrayBuffer }
  | { type: 'run-program'; id: number; source: string }
  | { type: 'drawn'; count: number };

/** A message of the message-passing coordinator to one engine worker. */
export type ToEngine =
  | { type: 'prime'; id: number }
  | { type: 'probe'; id: number; from: number; to: number }
  | { type: 'step'; id: number; step: string };

/** A message of an engine worker to the coordinator. */
export type FromEngine =
  | { type: 'ready' }
  | { type: 'primed'; id: number }
  | { type: 'probed'; id: number; share: number }
  | { type: 'part'; id: number; part: string }
  | { type: 'error'; id?: number; message: string };

/** One variant of the engine's plan (`VariantPlan` in `crates/engine/src/distributed.rs`). */
export interface VariantPlan {
  id: string;
  workers: number;
  steps: number[];
}

/** What a core-probe worker answers (`www/core-probe-worker.js`). */
export interface ProbeAnswer {
  running: [number, number][];
  step: number;
  x: number;
  gap: number;
}

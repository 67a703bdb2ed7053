//! The page's handle on the runtime worker, which owns the pool of Web Workers.

use std::cell::RefCell;
use std::rc::Rc;

use interleave_engine::program::{Output, ProgramReport};
use interleave_engine::trace::Span;
use interleave_engine::{Backend, RunReport, RunRequest, VariantReport, stream};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::live::Measured;
use crate::pacing::{DRAWN_START, Pacing, drawn_after_variant};
use crate::wire::{
    Failure, FromRuntime, ProgramEnded, ProgramOutput, Ready, RunFinished, SpanChunk, ToRuntime,
    VariantMeasured,
};

/// What the runtime worker reports.
#[derive(Debug, Clone)]
pub enum PoolEvent {
    /// The pool is up.
    Ready {
        /// Worker threads the pool really has.
        workers: u32,
        /// Milliseconds from loading the runtime to the pool being ready.
        start_ms: f64,
    },
    /// A variant of run `.0` was measured; it came with all its spans.
    Variant(u32, Measured),
    /// Run `.0` finished.
    Finished(u32, Rc<RunReport>),
    /// Run `.0`, a Go program, printed this.
    Output(u32, Vec<Output>),
    /// Run `.0`, a Go program, ended; its spans are in the report.
    ProgramEnded(u32, Rc<ProgramReport>),
    /// Run `.0`, or with `None` the pool itself, failed; the pool should be dropped.
    Failed(Option<u32>, String),
}

/// A runtime worker with a pool of `size` Web Workers; dropping it terminates them all.
pub struct RuntimePool {
    worker: Worker,
    size: u32,
    backend: Backend,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
    /// The run in progress, put together from the worker's messages.
    run: Rc<RefCell<Assembly>>,
    /// Tells the runtime when the page has drawn each variant.
    pacing: Rc<RefCell<Pacing>>,
    /// Where the runtime's panic hook reports a panic (see `panic_report.rs`).
    panics: BroadcastChannel,
    /// The engine's stop flag in the shared-memory runtime's memory, once it is ready:
    /// set before the worker is terminated, so its pool stops computing at once.
    stop_flag: Rc<RefCell<Option<js_sys::Int32Array>>>,
    _on_panic: Closure<dyn FnMut(MessageEvent)>,
}

impl RuntimePool {
    /// Starts the runtime worker of `backend`, which starts `size` workers; events go to
    /// `on_event`. Both runtimes speak the same protocol to the page.
    pub fn start(
        size: u32,
        backend: Backend,
        on_event: Callback<PoolEvent>,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let script = match backend {
            Backend::SharedMemory => "runtime-worker.js",
            Backend::MessagePassing => "message-passing-worker.js",
        };
        // A channel of its own, so that another tab's panics are not taken for ours.
        let channel = format!("interleave-panics-{}", js_sys::Math::random().to_bits());
        let panics = BroadcastChannel::new(&channel)
            .map_err(|e| format!("the runtime's panic channel could not open: {e:?}"))?;
        let url = format!("/www/{script}?workers={size}&panics={channel}");
        let worker = Worker::new_with_options(&url, &options)
            .map_err(|e| format!("the runtime worker could not be created: {e:?}"))?;

        let (events, failed) = (on_event.clone(), on_event.clone());
        let run = Rc::new(RefCell::new(Assembly::default()));
        let assembly = run.clone();
        let pacing = Rc::new(RefCell::new(Pacing::new(
            worker.clone(),
            backend == Backend::SharedMemory,
        )));
        let paced = pacing.clone();
        let stop_flag = Rc::new(RefCell::new(None));
        let flag = stop_flag.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let decoded = match FromRuntime::decode(&event.data()) {
                Ok(message) => {
                    if let Some(view) = message.stop_flag() {
                        *flag.borrow_mut() = Some(view);
                    }
                    assembly.borrow_mut().decode(message)
                }
                Err(error) => Some(PoolEvent::Failed(None, error)),
            };
            let drawn = match &decoded {
                Some(PoolEvent::Variant(_, measured)) => Some(measured.index),
                _ => None,
            };
            if let Some(decoded) = decoded {
                events.emit(decoded);
            }
            if let Some(index) = drawn {
                paced.borrow().after_next_frame(drawn_after_variant(index));
            }
        });
        // A script that fails to load fires a plain `Event`, not an `ErrorEvent`: read its
        // message only if it has one.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let message = js_sys::Reflect::get(&event, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            on_event.emit(PoolEvent::Failed(
                None,
                if message.is_empty() {
                    "the runtime worker failed to load (see the browser console)".into()
                } else {
                    format!("the runtime worker failed: {message}")
                },
            ));
        });
        let on_panic = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            failed.emit(PoolEvent::Failed(
                None,
                event
                    .data()
                    .as_string()
                    .unwrap_or_else(|| "the engine panicked (see the browser console)".into()),
            ));
        });
        panics.set_onmessage(Some(on_panic.as_ref().unchecked_ref()));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            size,
            backend,
            _on_message: on_message,
            _on_error: on_error,
            run,
            pacing,
            panics,
            stop_flag,
            _on_panic: on_panic,
        })
    }

    /// How many pool workers this runtime was asked to start.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// How its workers work together.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Submits run `id`; the worker queues it until its pool is ready. The page submits
    /// one run at a time: messages of any run but the last submitted are ignored.
    pub fn run(&self, id: u32, request: &RunRequest) -> Result<(), String> {
        *self.run.borrow_mut() = Assembly {
            id,
            request: Some(Rc::new(request.clone())),
            ..Assembly::default()
        };
        let request = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let drawn = self.pacing.borrow_mut().begin_run();
        let message = ToRuntime::Run { id, request, drawn }.encode()?;
        self.worker
            .post_message(&message)
            .map_err(|e| format!("the run could not be sent to the runtime worker: {e:?}"))?;
        // The runtime measures nothing until the page has drawn the run's start: replacing
        // the last run's results is main-thread work that would take a core from it.
        self.pacing.borrow().after_next_frame(DRAWN_START);
        Ok(())
    }
}

impl RuntimePool {
    /// Submits run `id`, the Go program `source`, on the pool's workers (shared memory
    /// only). The runtime streams its output and then its report.
    pub fn run_program(&self, id: u32, source: &str) -> Result<(), String> {
        *self.run.borrow_mut() = Assembly {
            id,
            ..Assembly::default()
        };
        let message = ToRuntime::RunProgram {
            id,
            source: source.to_owned(),
        }
        .encode()?;
        self.worker
            .post_message(&message)
            .map_err(|e| format!("the program could not be sent to the runtime worker: {e:?}"))
    }
}

impl Drop for RuntimePool {
    fn drop(&mut self) {
        // Stop the pool's computing first: terminating the runtime worker alone lets its
        // pool's workers finish the task they are in, seconds on a large sum.
        if let Some(flag) = self.stop_flag.borrow().as_ref() {
            let _ = js_sys::Atomics::store(flag, 0, 1);
        }
        // Detach first: events already queued must not reach the dropped closures.
        self.panics.set_onmessage(None);
        self.panics.close();
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The run in progress as its messages arrive: the spans of the variant being received,
/// and the variants received so far, with which the report is made whole at the end.
#[derive(Default)]
struct Assembly {
    /// The id of the run submitted (0 before any).
    id: u32,
    /// The request submitted.
    request: Option<Rc<RunRequest>>,
    /// Spans of the next variant, received so far, chunk by chunk (joined once, when the
    /// variant is complete, rather than copied again at each chunk as one vector grows).
    spans: Vec<Vec<Span>>,
    /// The variants received, with their spans.
    variants: Vec<Rc<VariantReport>>,
}

impl Assembly {
    /// Takes one message of the runtime worker ([`crate::wire`]); a chunk of spans is
    /// only kept, with nothing to show yet. A message of a run the page no longer waits
    /// for is dropped.
    fn decode(&mut self, message: FromRuntime) -> Option<PoolEvent> {
        if message.run().is_some_and(|id| id != self.id) {
            return None;
        }
        let run = self.id;
        let event = match message {
            FromRuntime::Spans(SpanChunk { index, .. }) if index != self.variants.len() => {
                PoolEvent::Failed(Some(run), "the run's spans came out of order".into())
            }
            FromRuntime::Spans(SpanChunk { spans: chunk, .. }) => {
                let mut spans = Vec::new();
                let decoded = stream::decode_into(&chunk.to_vec(), &mut spans);
                self.spans.push(spans);
                return decoded.err().map(|e| {
                    PoolEvent::Failed(Some(run), format!("the run's spans were malformed: {e}"))
                });
            }
            FromRuntime::Variant(VariantMeasured {
                index,
                total,
                variant,
                ..
            }) => {
                let read = serde_json::from_str::<VariantReport>(&variant);
                return Some(match (read, self.request.clone()) {
                    (Ok(mut variant), Some(request)) if index == self.variants.len() => {
                        variant.spans = std::mem::take(&mut self.spans).concat();
                        let variant = Rc::new(variant);
                        self.variants.push(variant.clone());
                        PoolEvent::Variant(
                            run,
                            Measured {
                                request,
                                index,
                                total: total.max(self.variants.len()),
                                variant,
                            },
                        )
                    }
                    (Ok(_), _) => {
                        PoolEvent::Failed(Some(run), "the run's variants came out of order".into())
                    }
                    (Err(e), _) => {
                        PoolEvent::Failed(Some(run), format!("a variant was malformed: {e}"))
                    }
                });
            }
            FromRuntime::Result(RunFinished { report, .. }) => {
                match serde_json::from_str::<RunReport>(&report) {
                    Ok(mut report) => {
                        // The spans came with each variant; the report leaves them out.
                        stream::restore_spans(&mut report, |index| {
                            self.variants.get(index).map(|v| v.spans.clone())
                        });
                        PoolEvent::Finished(run, Rc::new(report))
                    }
                    Err(e) => {
                        PoolEvent::Failed(Some(run), format!("the run's report was malformed: {e}"))
                    }
                }
            }
            FromRuntime::Output(ProgramOutput { output, .. }) => {
                return Some(match serde_json::from_str(&output) {
                    Ok(pieces) => PoolEvent::Output(run, pieces),
                    Err(e) => PoolEvent::Failed(
                        Some(run),
                        format!("the program's output was malformed: {e}"),
                    ),
                });
            }
            FromRuntime::Program(ProgramEnded { report, .. }) => {
                match serde_json::from_str::<ProgramReport>(&report) {
                    Ok(mut report) => {
                        report.run.spans = std::mem::take(&mut self.spans).concat();
                        PoolEvent::ProgramEnded(run, Rc::new(report))
                    }
                    Err(e) => PoolEvent::Failed(
                        Some(run),
                        format!("the program's report was malformed: {e}"),
                    ),
                }
            }
            FromRuntime::Ready(Ready {
                workers, start_ms, ..
            }) => PoolEvent::Ready { workers, start_ms },
            FromRuntime::Error(Failure { id, message }) => {
                PoolEvent::Failed(id.map(|_| run), message)
            }
        };
        if !matches!(event, PoolEvent::Ready { .. }) {
            // The run is over, one way or the other.
            self.spans = Vec::new();
            self.variants = Vec::new();
        }
        Some(event)
    }
}

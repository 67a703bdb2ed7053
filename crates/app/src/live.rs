//! A run while it goes: the variants measured so far, drawn before the run ends.
//!
//! The runtime posts each variant as soon as it is measured (its spans in chunks first,
//! see the engine's `stream`); [`crate::pool`] puts it together and the state keeps the
//! variants received so far in a [`LiveRun`], each behind an `Rc`, so that a new variant
//! copies none of the spans of those before it.

use std::rc::Rc;

use interleave_engine::{RunReport, RunRequest, VariantReport};

/// One variant of the run in progress, measured and received with all its spans.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The request the run was submitted with.
    pub request: Rc<RunRequest>,
    /// Its position in the run, from 0.
    pub index: usize,
    /// How many variants the run has.
    pub total: usize,
    /// The variant.
    pub variant: Rc<VariantReport>,
}

impl PartialEq for Measured {
    fn eq(&self, other: &Self) -> bool {
        (self.index, self.total) == (other.index, other.total)
            && Rc::ptr_eq(&self.request, &other.request)
            && Rc::ptr_eq(&self.variant, &other.variant)
    }
}

/// The run in progress as far as it has come.
#[derive(Debug, Clone)]
pub struct LiveRun {
    /// The request the run was submitted with.
    pub request: Rc<RunRequest>,
    /// How many variants the run has.
    pub total: usize,
    /// The variants measured so far, in the order they ran; only ever appended to.
    pub variants: Vec<Rc<VariantReport>>,
}

impl PartialEq for LiveRun {
    fn eq(&self, other: &Self) -> bool {
        self.total == other.total
            && Rc::ptr_eq(&self.request, &other.request)
            && self.variants.len() == other.variants.len()
            && self
                .variants
                .iter()
                .zip(&other.variants)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl LiveRun {
    /// Adds a measured variant: the next one of this run, or the first of a new run.
    /// Anything else (a variant out of order) is ignored.
    pub fn add(live: &mut Option<Rc<LiveRun>>, measured: Measured) {
        match live {
            Some(run)
                if Rc::ptr_eq(&run.request, &measured.request)
                    && run.variants.len() == measured.index =>
            {
                let run = Rc::make_mut(run);
                run.total = measured.total;
                run.variants.push(measured.variant);
            }
            _ if measured.index == 0 => {
                *live = Some(Rc::new(LiveRun {
                    request: measured.request,
                    total: measured.total,
                    variants: vec![measured.variant],
                }));
            }
            _ => {}
        }
    }
}

/// What the results show: a finished run, or one in progress.
#[derive(Debug, Clone)]
pub enum ShownRun {
    /// A finished run, with its verdict.
    Finished(Rc<RunReport>),
    /// The variants of a run in progress, measured so far.
    Live(Rc<LiveRun>),
}

impl PartialEq for ShownRun {
    /// The same run as far as it has come: compared by address, never span by span.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ShownRun::Finished(a), ShownRun::Finished(b)) => Rc::ptr_eq(a, b),
            (ShownRun::Live(a), ShownRun::Live(b)) => Rc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl ShownRun {
    /// The variants shown, in the order they ran.
    pub fn variants(&self) -> Vec<&VariantReport> {
        match self {
            ShownRun::Finished(report) => report.variants.iter().collect(),
            ShownRun::Live(live) => live.variants.iter().map(|v| &**v).collect(),
        }
    }

    /// How many workers ran them.
    pub fn workers(&self) -> u32 {
        match self {
            ShownRun::Finished(report) => report.workers,
            ShownRun::Live(live) => live.request.workers,
        }
    }

    /// The cores the run's machine has (as the page measured them), which its workers
    /// share.
    pub fn cores(&self) -> u32 {
        match self {
            ShownRun::Finished(report) => report.request.cores,
            ShownRun::Live(live) => live.request.cores,
        }
    }

    /// The finished run's report, if the run has finished.
    pub fn report(&self) -> Option<&Rc<RunReport>> {
        match self {
            ShownRun::Finished(report) => Some(report),
            ShownRun::Live(_) => None,
        }
    }

    /// Whether `self` is the same run as `before`, further on: `before` was in progress
    /// and every variant it had is still shown, in place.
    pub fn continues(&self, before: &ShownRun) -> bool {
        let ShownRun::Live(_) = before else {
            return false;
        };
        let (now, then) = (self.variants(), before.variants());
        now.len() >= then.len()
            && then.iter().zip(&now).all(|(a, b)| {
                (&a.id, a.start_ns, a.wall_ns, a.spans.len())
                    == (&b.id, b.start_ns, b.wall_ns, b.spans.len())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_engine::ExperimentId;

    fn measured(request: &Rc<RunRequest>, index: usize, id: &str) -> Measured {
        Measured {
            request: request.clone(),
            index,
            total: 3,
            variant: Rc::new(VariantReport {
                id: id.into(),
                start_ns: index as u64 * 100,
                wall_ns: 90,
                ..VariantReport::default()
            }),
        }
    }

    #[test]
    fn variants_are_appended_in_order_and_a_new_run_starts_afresh() {
        let request = Rc::new(RunRequest::new(ExperimentId::Sum, 2, 2));
        let mut live = None;
        LiveRun::add(&mut live, measured(&request, 1, "b"));
        assert!(live.is_none(), "a run starts at its first variant");
        LiveRun::add(&mut live, measured(&request, 0, "a"));
        let first = live.clone().unwrap();
        LiveRun::add(&mut live, measured(&request, 1, "b"));
        LiveRun::add(&mut live, measured(&request, 3, "d"));
        let run = live.clone().unwrap();
        assert_eq!(run.variants.len(), 2);
        assert_eq!(first.variants.len(), 1, "the state before is untouched");
        assert!(Rc::ptr_eq(&first.variants[0], &run.variants[0]));
        assert!(ShownRun::Live(run.clone()).continues(&ShownRun::Live(first.clone())));
        assert!(!ShownRun::Live(first.clone()).continues(&ShownRun::Live(run.clone())));

        let other = Rc::new(RunRequest::new(ExperimentId::Sum, 2, 2));
        LiveRun::add(&mut live, measured(&other, 0, "x"));
        let next = live.unwrap();
        assert_eq!(next.variants.len(), 1);
        assert!(!ShownRun::Live(next).continues(&ShownRun::Live(run)));
    }
}

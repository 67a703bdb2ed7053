//! What each kind of span looks like: computing is a solid bar in the task's colour,
//! waiting is drawn so it cannot be mistaken for work (hatched when the thread is blocked,
//! faint when it is parked, outlined when it waits for a lock, a channel or a permit).
//!
//! Kinds are told apart by their wire name (`SpanKind` serialised, e.g. `blocking_wait`),
//! so a kind the engine adds later is drawn sensibly before anyone names it here: a
//! `…_wait` that keeps its worker is hatched, any other `…_wait` outlined, the rest solid.

use interleave_engine::trace::{Span, SpanKind};

/// How a span's bar is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Look {
    /// A solid bar in the task's colour: the task is computing.
    Solid,
    /// Solid with a dark band along its top: the task holds a lock while it runs.
    Held,
    /// Diagonal stripes in the task's colour: the thread is blocked, doing nothing else.
    Hatched,
    /// A faint bar: the thread is parked (asleep) until woken.
    Faint,
    /// A thin outline with a faint fill: the task waits for something; the line's dash
    /// says what for.
    Outlined(Stroke),
}

/// The outline of a waiting span, one per thing waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stroke {
    /// A continuous line: waiting for a lock.
    Line,
    /// Long dashes: waiting on a channel.
    Dashed,
    /// Dots: waiting for a permit (a semaphore).
    Dotted,
    /// Dash and dot: waiting for anything else.
    DashDot,
}

impl Stroke {
    /// The canvas line-dash pattern, in CSS pixels.
    pub fn pattern(self) -> &'static [f64] {
        match self {
            Stroke::Line => &[],
            Stroke::Dashed => &[5.0, 3.0],
            Stroke::Dotted => &[1.5, 2.5],
            Stroke::DashDot => &[6.0, 2.5, 1.5, 2.5],
        }
    }

    /// The class of the legend swatch that shows this outline.
    fn swatch(self) -> &'static str {
        match self {
            Stroke::Line => "outlined",
            Stroke::Dashed => "outlined dashed",
            Stroke::Dotted => "outlined dotted",
            Stroke::DashDot => "outlined dash-dot",
        }
    }
}

impl Look {
    /// The look of spans of `kind`.
    pub fn of(kind: SpanKind) -> Look {
        Look::named(&wire_name(kind), kind.occupies_worker())
    }

    /// The look of the kind whose wire name is `name`, with a default for kinds not
    /// named here: a wait that keeps its worker is hatched, any other wait outlined, the
    /// rest solid.
    fn named(name: &str, occupies_worker: bool) -> Look {
        match name {
            "compute" => Look::Solid,
            "lock_held" => Look::Held,
            "blocking_wait" => Look::Hatched,
            "parked_wait" => Look::Faint,
            "lock_wait" => Look::Outlined(Stroke::Line),
            "channel_wait" => Look::Outlined(Stroke::Dashed),
            "permit_wait" => Look::Outlined(Stroke::Dotted),
            other if other.ends_with("_wait") && occupies_worker => Look::Hatched,
            other if other.ends_with("_wait") => Look::Outlined(Stroke::DashDot),
            _ => Look::Solid,
        }
    }

    /// Whether the look is work (solid) rather than waiting: density columns of waits
    /// are drawn fainter.
    pub fn is_work(self) -> bool {
        matches!(self, Look::Solid | Look::Held)
    }

    /// The class of the legend swatch (see `www/style.css`).
    pub fn swatch(self) -> &'static str {
        match self {
            Look::Solid => "solid",
            Look::Held => "held",
            Look::Hatched => "hatched",
            Look::Faint => "faint",
            Look::Outlined(stroke) => stroke.swatch(),
        }
    }
}

/// The wire name of `kind`, e.g. `blocking_wait`: what CSV and trace exports call it.
pub fn wire_name(kind: SpanKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}

/// One kind that occurs in a run.
#[derive(Clone, Debug, PartialEq)]
pub struct KindInfo {
    /// The kind.
    pub kind: SpanKind,
    /// Its wire name, e.g. `blocking_wait`.
    pub name: String,
    /// Its name in words, e.g. "blocking wait".
    pub label: String,
    /// How its spans are drawn.
    pub look: Look,
}

/// The kinds a run's spans have, in order of first appearance: looked up for every
/// span drawn (a handful of entries, so a linear search), and listed in the legend.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kinds {
    entries: Vec<KindInfo>,
}

impl Kinds {
    /// The distinct kinds of `spans`.
    pub fn of<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Self {
        let mut kinds = Self::default();
        for span in spans {
            if kinds.get(span.kind).is_none() {
                let name = wire_name(span.kind);
                kinds.entries.push(KindInfo {
                    kind: span.kind,
                    label: name.replace('_', " "),
                    look: Look::of(span.kind),
                    name,
                });
            }
        }
        kinds
    }

    /// The kinds of all of `parts`, in order of first appearance.
    pub fn union<'a>(parts: impl IntoIterator<Item = &'a Kinds>) -> Self {
        let mut kinds = Self::default();
        for entry in parts.into_iter().flat_map(|part| &part.entries) {
            if kinds.get(entry.kind).is_none() {
                kinds.entries.push(entry.clone());
            }
        }
        kinds
    }

    /// What the run's spans of `kind` are called and look like.
    pub fn get(&self, kind: SpanKind) -> Option<&KindInfo> {
        self.entries.iter().find(|e| e.kind == kind)
    }

    /// How spans of `kind` are drawn (solid for a kind not in the run).
    pub fn look(&self, kind: SpanKind) -> Look {
        self.get(kind).map_or(Look::Solid, |e| e.look)
    }

    /// `kind` in words.
    pub fn label(&self, kind: SpanKind) -> String {
        self.get(kind)
            .map_or_else(|| wire_name(kind).replace('_', " "), |e| e.label.clone())
    }

    /// Every kind of the run.
    pub fn iter(&self) -> impl Iterator<Item = &KindInfo> {
        self.entries.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_look_and_unknown_waits_are_outlined() {
        assert_eq!(Look::of(SpanKind::Compute), Look::Solid);
        assert_eq!(Look::of(SpanKind::BlockingWait), Look::Hatched);
        assert_eq!(Look::of(SpanKind::LockHeld), Look::Held);
        assert_eq!(Look::of(SpanKind::ParkedWait), Look::Faint);
        assert_eq!(Look::of(SpanKind::LockWait), Look::Outlined(Stroke::Line));
        assert_eq!(
            Look::of(SpanKind::ChannelWait),
            Look::Outlined(Stroke::Dashed)
        );
        assert_eq!(
            Look::of(SpanKind::PermitWait),
            Look::Outlined(Stroke::Dotted)
        );
        assert_eq!(
            Look::named("barrier_wait", false),
            Look::Outlined(Stroke::DashDot)
        );
        assert_eq!(Look::named("spin_wait", true), Look::Hatched);
        assert_eq!(Look::named("something_new", true), Look::Solid);
        assert!(Look::Held.is_work() && !Look::Faint.is_work());
    }

    #[test]
    fn the_runs_kinds_are_listed_once_with_their_names() {
        let span = Span {
            worker: 0,
            task: 0,
            kind: SpanKind::Compute,
            start_ns: 0,
            end_ns: 1,
            line: 0,
        };
        let kinds = Kinds::of(&[span, span]);
        assert_eq!(kinds.iter().count(), 1);
        assert_eq!(kinds.get(SpanKind::Compute).unwrap().name, "compute");
        assert_eq!(kinds.label(SpanKind::Compute), "compute");
        assert_eq!(kinds.look(SpanKind::Compute), Look::Solid);
    }
}

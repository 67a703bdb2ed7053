//! The results table: sections of rows, each row a measurement with its target, written
//! as Markdown for people and as JSON for tools.

use serde_json::{Value, json};

use super::stats::Stats;

/// What a row's numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds.
    Ms,
    /// Nanoseconds.
    Ns,
    /// A ratio of two times.
    Times,
    /// Per cent.
    Percent,
    /// Kilobytes of 1,000 bytes.
    Kb,
    /// Megabytes of 1,000,000 bytes.
    Mb,
    /// Speedup over the worker count (1 is ideal).
    Efficiency,
}

impl Unit {
    /// `value` written with this unit, to a precision that suits it.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms if value < 10.0 => format!("{value:.2} ms"),
            Unit::Ms if value < 1_000.0 => format!("{value:.1} ms"),
            Unit::Ms => format!("{value:.0} ms"),
            Unit::Ns => format!("{value:.0} ns"),
            Unit::Times => format!("{value:.2}×"),
            Unit::Percent if value != 0.0 && value.abs() < 0.01 => format!("{value:.1e} %"),
            Unit::Percent => format!("{value:.2} %"),
            Unit::Kb => format!("{value:.1} KB"),
            Unit::Mb => format!("{value:.1} MB"),
            Unit::Efficiency => format!("{value:.3}"),
        }
    }

    /// The unit's name in the JSON.
    fn name(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::Ns => "ns",
            Unit::Times => "ratio",
            Unit::Percent => "percent",
            Unit::Kb => "kB",
            Unit::Mb => "MB",
            Unit::Efficiency => "efficiency",
        }
    }
}

/// What a row's median should be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// At most this much.
    AtMost(f64),
    /// At least this much.
    AtLeast(f64),
}

impl Target {
    /// Whether `value` meets the target.
    pub fn met(self, value: f64) -> bool {
        match self {
            Target::AtMost(limit) => value <= limit,
            Target::AtLeast(limit) => value >= limit,
        }
    }

    fn text(self, unit: Unit) -> String {
        match self {
            Target::AtMost(limit) => format!("≤ {}", unit.format(limit)),
            Target::AtLeast(limit) => format!("≥ {}", unit.format(limit)),
        }
    }

    fn json(self) -> Value {
        match self {
            Target::AtMost(limit) => json!({ "at_most": limit }),
            Target::AtLeast(limit) => json!({ "at_least": limit }),
        }
    }
}

/// How far a row's measurements spread around its median.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spread {
    /// The smallest and the largest.
    Range(f64, f64),
    /// The 95th percentile and the largest (the timeline benchmark reports these).
    P95Max(f64, f64),
}

/// One measurement of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What was measured.
    pub name: String,
    /// What its numbers count.
    pub unit: Unit,
    /// The median of its measurements.
    pub median: f64,
    /// Their spread, when there was more than one.
    pub spread: Option<Spread>,
    /// How many measurements there were.
    pub n: usize,
    /// What the median should be, if anything.
    pub target: Option<Target>,
}

impl Row {
    /// A row summarising `stats`, without a target.
    pub fn new(name: impl Into<String>, unit: Unit, stats: Stats) -> Row {
        Row {
            name: name.into(),
            unit,
            median: stats.median,
            spread: (stats.n > 1).then_some(Spread::Range(stats.min, stats.max)),
            n: stats.n,
            target: None,
        }
    }

    /// The row with a target.
    pub fn target(self, target: Target) -> Row {
        Row {
            target: Some(target),
            ..self
        }
    }

    /// Whether the median meets the target (`None` without one).
    pub fn met(&self) -> Option<bool> {
        self.target.map(|t| t.met(self.median))
    }

    fn markdown(&self) -> String {
        let spread = match self.spread {
            Some(Spread::Range(min, max)) => {
                format!("{} – {}", self.unit.format(min), self.unit.format(max))
            }
            Some(Spread::P95Max(p95, max)) => format!(
                "p95 {}, max {}",
                self.unit.format(p95),
                self.unit.format(max)
            ),
            None => String::new(),
        };
        // A row without a target is there for context.
        let target = self.target.map_or("—".to_owned(), |t| t.text(self.unit));
        let met = match self.met() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        format!(
            "| {} | {} | {spread} | {} | {target} | {met} |",
            self.name,
            self.unit.format(self.median),
            self.n
        )
    }

    fn json(&self) -> Value {
        let mut row = json!({
            "name": self.name, "unit": self.unit.name(), "median": self.median, "n": self.n,
            "target": self.target.map(Target::json), "met": self.met(),
        });
        match self.spread {
            Some(Spread::Range(min, max)) => {
                row["min"] = json!(min);
                row["max"] = json!(max);
            }
            Some(Spread::P95Max(p95, max)) => {
                row["p95"] = json!(p95);
                row["max"] = json!(max);
            }
            None => {}
        }
        row
    }
}

/// One section of the table: a heading, a note on what it measured, its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub title: &'static str,
    /// How it was measured, and anything a reader needs to read the rows.
    pub note: String,
    /// The measurements.
    pub rows: Vec<Row>,
}

/// The whole report: the machine's facts, then the sections.
pub struct Report {
    /// (name, value) facts about the machine and the build, in order.
    pub facts: Vec<(&'static str, String)>,
    /// The sections.
    pub sections: Vec<Section>,
}

impl Report {
    /// The report as a Markdown document.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# Benchmark results\n\nWritten by `cargo xtask bench` (see the README's \
             Benchmarks section). Timings are medians of repeated runs with their range; \
             each row's target applies to its median.\n\n| Machine | |\n|---|---|\n",
        );
        for (name, value) in &self.facts {
            out += &format!("| {name} | {value} |\n");
        }
        for section in &self.sections {
            out += &format!("\n## {}\n\n{}\n\n", section.title, section.note);
            out +=
                "| Measure | Median | Range | n | Target | Met |\n|---|---:|---:|---:|---|---|\n";
            for row in &section.rows {
                out += &row.markdown();
                out.push('\n');
            }
        }
        out
    }

    /// The report as JSON, with `raw` (what the measuring programs printed) beside it.
    pub fn json(&self, raw: Value) -> Value {
        let facts: serde_json::Map<String, Value> = self
            .facts
            .iter()
            .map(|(name, value)| ((*name).to_owned(), json!(value)))
            .collect();
        let sections: Vec<Value> = self
            .sections
            .iter()
            .map(|s| {
                json!({
                    "title": s.title, "note": s.note,
                    "rows": s.rows.iter().map(Row::json).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "machine": facts, "sections": sections, "raw": raw })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row::new(
            "sum, k=2",
            Unit::Efficiency,
            Stats::of(&[0.9, 0.97, 0.99]).unwrap(),
        )
    }

    #[test]
    fn targets_are_met_by_the_median() {
        assert_eq!(row().met(), None);
        assert_eq!(row().target(Target::AtLeast(0.95)).met(), Some(true));
        assert_eq!(row().target(Target::AtLeast(0.98)).met(), Some(false));
        assert!(Target::AtMost(1.3).met(1.3));
        assert!(!Target::AtMost(1.3).met(1.31));
    }

    #[test]
    fn units_format_their_values() {
        assert_eq!(Unit::Ms.format(3.456), "3.46 ms");
        assert_eq!(Unit::Ms.format(123.45), "123.5 ms");
        assert_eq!(Unit::Ms.format(4321.0), "4321 ms");
        assert_eq!(Unit::Ns.format(480.4), "480 ns");
        assert_eq!(Unit::Times.format(1.234), "1.23×");
        assert_eq!(Unit::Percent.format(0.5), "0.50 %");
        assert_eq!(Unit::Percent.format(0.000123), "1.2e-4 %");
        assert_eq!(Unit::Percent.format(0.0), "0.00 %");
        assert_eq!(Unit::Kb.format(540.12), "540.1 KB");
        assert_eq!(Unit::Mb.format(17.82), "17.8 MB");
        assert_eq!(Unit::Efficiency.format(0.98765), "0.988");
    }

    #[test]
    fn markdown_rows_show_median_range_target_and_verdict() {
        let met = row().target(Target::AtLeast(0.95)).markdown();
        assert_eq!(
            met,
            "| sum, k=2 | 0.970 | 0.900 – 0.990 | 3 | ≥ 0.950 | yes |"
        );
        let missed = Row::new("size", Unit::Kb, Stats::single(700.0))
            .target(Target::AtMost(600.0))
            .markdown();
        assert_eq!(missed, "| size | 700.0 KB |  | 1 | ≤ 600.0 KB | **no** |");
        let timeline = Row {
            spread: Some(Spread::P95Max(4.0, 5.0)),
            ..Row::new("fit", Unit::Ms, Stats::single(3.0))
        };
        assert!(timeline.markdown().contains("| p95 4.00 ms, max 5.00 ms |"));
        let context = Row::new("raw", Unit::Kb, Stats::single(1.0)).markdown();
        assert_eq!(context, "| raw | 1.0 KB |  | 1 | — | — |");
    }

    #[test]
    fn the_report_has_every_fact_section_and_row() {
        let report = Report {
            facts: vec![("Cores", "2".into())],
            sections: vec![Section {
                title: "1. Parallel efficiency",
                note: "How.".into(),
                rows: vec![row().target(Target::AtLeast(0.95))],
            }],
        };
        let markdown = report.markdown();
        assert!(markdown.contains("| Cores | 2 |"));
        assert!(markdown.contains("## 1. Parallel efficiency\n\nHow.\n"));
        assert!(markdown.contains("| sum, k=2 |"));
        let json = report.json(json!({"native": 1}));
        assert_eq!(json["machine"]["Cores"], "2");
        let first = &json["sections"][0]["rows"][0];
        assert_eq!(first["met"], true);
        assert_eq!(first["target"]["at_least"], 0.95);
        assert_eq!(first["min"], 0.9);
        assert_eq!(json["raw"]["native"], 1);
    }
}

//! The page's components, one per file.

pub mod app;
mod controls;
mod download;
mod environment_line;
mod go_editor;
mod hooks;
mod intro;
mod matrix_panel;
mod number_field;
mod program_panel;
mod results;
mod share;
mod span_table;
mod sweep_chart;
mod sweep_panel;
mod timeline;
mod traps_panel;
mod workers_field;

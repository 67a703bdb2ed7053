//! The page's components, one per file.

pub mod app;
mod controls;
mod environment_line;
mod results;
mod span_table;
mod timeline;
mod timeline_draw;

//! The check that the engine's modules form layers: no module uses, directly or through
//! others, a module that uses it back. `./x test` runs it first.
//!
//! A module is a file at the top of `crates/engine/src` or a folder there (all of
//! `tasks/` is the task scheduler, all of `experiments/` the experiments); what a module
//! uses is every `crate::name` in its code, leaving out comments and the `#[cfg(test)]`
//! module at the end of a file (a test may use anything). `lib.rs` only declares and
//! re-exports the modules, so it is left out. Rust itself allows cycles between modules;
//! the layers are a rule of this project (see ARCHITECTURE.md), and this keeps them.
//!
//! Written by hand: it reads Rust's `use` paths textually, which is all it needs, and a
//! crate such as `cargo-modules` would be a large dependency for one check.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// What each module uses.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// Checks the engine's sources under `src`: an error names a cycle, in order.
pub fn check(src: &Path) -> Result<usize, String> {
    let graph = engine_graph(src)?;
    match find_cycle(&graph) {
        None => Ok(graph.len()),
        Some(cycle) => Err(format!(
            "the engine's modules have an import cycle: {} (each uses the next; see the \
             layers in ARCHITECTURE.md)",
            cycle.join(" -> ")
        )),
    }
}

/// The module graph of the engine under `src`.
pub fn engine_graph(src: &Path) -> Result<Graph, String> {
    let mut graph = Graph::new();
    read_dir(src, src, &mut graph)?;
    Ok(graph)
}

fn read_dir(src: &Path, dir: &Path, graph: &mut Graph) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            read_dir(src, &path, graph)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap_or(&path);
        let Some(module) = module_of(relative) else {
            continue;
        };
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let uses = graph.entry(module.clone()).or_default();
        uses.extend(uses_in(&text).into_iter().filter(|m| *m != module));
    }
    Ok(())
}

/// The module a file of the engine belongs to (`tasks/executor.rs` is `tasks`), or `None`
/// for `lib.rs`.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" => None,
        file if relative.components().count() == 1 => Some(file.trim_end_matches(".rs").to_owned()),
        folder => Some(folder.to_owned()),
    }
}

/// The modules a file's code names as `crate::name`, outside comments and its tests.
pub fn uses_in(text: &str) -> BTreeSet<String> {
    let code = text
        .find("\n#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at]);
    let mut uses = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue; // e.g. `$crate::` or `other_crate::`
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.starts_with(|c: char| c.is_lowercase()) {
                uses.insert(name);
            } else if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c};`
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let item = item.trim();
                    let name: String = item
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if name.starts_with(|c: char| c.is_lowercase()) {
                        uses.insert(name);
                    }
                }
            }
        }
    }
    uses
}

/// A cycle in `graph`, as the modules along it with the first repeated at the end, if
/// there is one.
pub fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        node: &'a str,
        graph: &'a Graph,
        marks: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = path.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle: Vec<String> = path[from..].iter().map(|n| (*n).to_owned()).collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node, Mark::Open);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph
                .entry((*from).into())
                .or_default()
                .insert((*to).into());
            graph.entry((*to).into()).or_default();
        }
        graph
    }

    #[test]
    fn finds_a_cycle_through_several_modules_and_none_in_layers() {
        let layered = graph(&[("c", "b"), ("b", "a"), ("c", "a")]);
        assert_eq!(find_cycle(&layered), None);
        let cyclic = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
        assert_eq!(
            find_cycle(&cyclic).unwrap(),
            ["a", "b", "c", "a"].map(String::from)
        );
    }

    #[test]
    fn reads_paths_groups_and_skips_comments_tests_and_other_crates() {
        let text = "use crate::clock::RunClock;\nuse crate::{trace::Span, shard};\n\
                    // crate::nope in a comment\nfn f() { crate::stop::requested(); }\n\
                    macro_rules! m { () => { $crate::macro_only } }\n\
                    use crate::Clock;\n\
                    \n#[cfg(test)]\nmod tests {\n    use crate::native::pool;\n}\n";
        let uses: Vec<String> = uses_in(text).into_iter().collect();
        assert_eq!(uses, ["clock", "shard", "stop", "trace"]);
    }

    #[test]
    fn files_belong_to_their_top_module() {
        assert_eq!(
            module_of(Path::new("tasks/executor.rs")).as_deref(),
            Some("tasks")
        );
        assert_eq!(module_of(Path::new("budget.rs")).as_deref(), Some("budget"));
        assert_eq!(module_of(Path::new("lib.rs")), None);
    }

    #[test]
    fn the_engine_has_no_import_cycle() {
        let src = crate::repo_root().join("crates/engine/src");
        let modules = check(&src).unwrap();
        assert!(modules > 20, "read {modules} modules");
    }
}

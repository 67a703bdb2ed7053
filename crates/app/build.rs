//! Lists the Go gallery (`crates/golang/gallery/*.go`) and the experiments as Go programs
//! (`crates/golang/gallery/experiments/*.go`) for the page: each program is compiled into
//! the UI's wasm with `include_str!`, so neither needs a fetch.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golang/gallery");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_owned();
    list(&gallery, "", &out.join("gallery.rs"));
    list(
        &gallery.join("experiments"),
        "experiments/",
        &out.join("experiment_programs.rs"),
    );
}

/// Writes to `out` the `.go` files of `dir` as a Rust slice of (slug, source), in file-name
/// order, each slug the file's name without `.go` after `prefix`.
fn list(dir: &Path, prefix: &str, out: &Path) {
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "go"))
        .collect();
    files.sort();
    let mut list = String::from("&[\n");
    for path in files {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let slug = format!("{prefix}{name}");
        let file = path.canonicalize().unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            list,
            "    ({slug:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    list.push(']');
    std::fs::write(out, list).expect("the list of programs can be written");
}

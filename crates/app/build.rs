//! Lists the Go gallery (`crates/golang/gallery/*.go`) for the page: each program is
//! compiled into the UI's wasm with `include_str!`, so the gallery needs no fetch.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golang/gallery");
    println!("cargo::rerun-if-changed={}", gallery.display());
    let mut files: Vec<_> = std::fs::read_dir(&gallery)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "go"))
        .collect();
    files.sort();
    let mut list = String::from("&[\n");
    for path in files {
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let file = path.canonicalize().unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            list,
            "    ({slug:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gallery.rs");
    std::fs::write(out, list).expect("the gallery's list can be written");
}

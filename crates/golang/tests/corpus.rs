//! Runs every `tests/go/corpus/*.go` through our VM on 1 and 2 workers and compares with
//! its `.out` and `// want:` headers (the format is in `tests/go/README.md`); where Go is installed
//! (`INTERLEAVE_GO`, else `go` on the PATH), also runs each with real Go and checks that ours prints what Go prints.

use std::path::{Path, PathBuf};
use std::process::Command;
mod common;

struct Want {
    exit: i32,
    stderr_starts: Option<String>,
    sorted: bool,
    go122: bool,
}

fn headers(src: &str) -> Want {
    let mut w = Want {
        exit: 0,
        stderr_starts: None,
        sorted: false,
        go122: false,
    };
    for line in src.lines() {
        let Some(h) = line.strip_prefix("// want: ") else {
            break;
        };
        if let Some(code) = h.strip_prefix("exit ") {
            w.exit = code.trim().parse().unwrap();
        } else if let Some(s) = h.strip_prefix("stderr-starts ") {
            w.stderr_starts = Some(s.to_string());
        } else if h.trim() == "sorted" {
            w.sorted = true;
        } else if h.trim() == "go1.22" {
            w.go122 = true;
        }
    }
    w
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "go"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn ours(src: &str, workers: u32) -> Result<(String, String, i32), String> {
    let ran = common::go(src, workers)?;
    Ok((ran.stdout, ran.stderr, ran.exit))
}

fn normal(text: &str, sorted: bool) -> String {
    if !sorted {
        return text.to_string();
    }
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.join("\n")
}

fn check(path: &Path, src: &str, want: &Want, expected: &str, workers: u32) -> Result<(), String> {
    let (o, e, exit) = ours(src, workers)?;
    if normal(&o, want.sorted) != normal(expected, want.sorted) {
        return Err(format!(
            "stdout differs on {workers} workers:\n--- ours\n{o}--- want\n{expected}"
        ));
    }
    if exit != want.exit {
        return Err(format!("exit {exit}, want {} (stderr: {e})", want.exit));
    }
    if let Some(s) = &want.stderr_starts
        && !e.lines().next().unwrap_or("").starts_with(s.as_str())
    {
        return Err(format!("stderr starts {:?}, want {s:?}", e.lines().next()));
    }
    let _ = path;
    Ok(())
}

#[test]
fn the_corpus_runs_as_its_expected_output_says_on_1_and_2_workers() {
    let files = corpus();
    assert!(!files.is_empty(), "no corpus found");
    let mut failures = Vec::new();
    let mut passed = [0usize; 2];
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
        let want = headers(&src);
        for (i, w) in [1u32, 2].into_iter().enumerate() {
            match check(path, &src, &want, &expected, w) {
                Ok(()) => passed[i] += 1,
                Err(e) => failures.push(format!("{name} on {w} workers: {e}")),
            }
        }
    }
    println!(
        "corpus: {} programs; passed {} on 1 worker, {} on 2 workers",
        files.len(),
        passed[0],
        passed[1]
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The real Go: `INTERLEAVE_GO` (which `./x test` sets, installing Go where it can), or
/// `go` on the PATH.
fn go_command() -> PathBuf {
    std::env::var_os("INTERLEAVE_GO").map_or_else(|| PathBuf::from("go"), PathBuf::from)
}

fn go_available() -> bool {
    Command::new(go_command())
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds and runs `path` with real Go; (stdout, exit).
fn real_go(path: &Path, tmp: &Path) -> Option<(String, i32)> {
    let bin = tmp.join("prog");
    let build = Command::new(go_command())
        .args(["build", "-o"])
        .arg(&bin)
        .arg(path)
        .env("GOCACHE", tmp.join("cache"))
        .env("GOPATH", tmp.join("gopath"))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .output()
        .ok()?;
    if !build.status.success() {
        return None;
    }
    let out = Command::new(&bin).output().ok()?;
    Some((
        String::from_utf8_lossy(&out.stdout).to_string(),
        out.status.code().unwrap_or(-1),
    ))
}

#[test]
fn the_corpus_prints_what_real_go_prints() {
    if !go_available() {
        println!(
            "note: no Go (INTERLEAVE_GO or go on the PATH); the comparison with real Go is skipped"
        );
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-corpus");
    std::fs::create_dir_all(&tmp).unwrap();
    let (mut agree, mut compared, mut failures) = (0, 0, Vec::new());
    for path in corpus() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(&path).unwrap();
        let want = headers(&src);
        if want.go122 {
            println!("note: {name} needs Go 1.22 semantics; not compared with the installed go");
            continue;
        }
        let Some((go_out, go_exit)) = real_go(&path, &tmp) else {
            // Every program outside Go 1.22's is written for the installed Go.
            failures.push(format!("{name} (real Go could not build it)"));
            continue;
        };
        compared += 1;
        let ok = match ours(&src, 2) {
            Ok((o, _, exit)) => {
                normal(&o, want.sorted) == normal(&go_out, want.sorted) && exit == go_exit
            }
            Err(_) => false,
        };
        if ok {
            agree += 1;
        } else {
            failures.push(name);
        }
    }
    println!("real Go: {agree} of {compared} programs agree");
    assert!(failures.is_empty(), "differ from Go: {failures:?}");
}

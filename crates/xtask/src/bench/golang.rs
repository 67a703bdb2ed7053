//! Go's goroutines on this machine, the yardstick of the scheduler's rows: 1,000,000
//! goroutines each calling `wg.Done()`, at the same GOMAXPROCS as the engine's worker
//! counts, timed by Go itself. Debian's `golang-go` is installed with apt where the bench
//! runs as root; elsewhere the rows are left out with a sentence saying how to get them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Go program: for each GOMAXPROCS given, `n` goroutines that each call `wg.Done()`,
/// spawned by `main` in a loop; prints `k ns` a line.
const PROGRAM: &str = r#"package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	for _, arg := range os.Args[2:] {
		k, _ := strconv.Atoi(arg)
		runtime.GOMAXPROCS(k)
		runtime.GC()
		var wg sync.WaitGroup
		start := time.Now()
		wg.Add(n)
		for i := 0; i < n; i++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
		fmt.Printf("%d %d\n", k, time.Since(start).Nanoseconds())
	}
}
"#;

/// A built Go program and the Go that built it.
pub struct GoBench {
    binary: PathBuf,
    /// What `go version` says, e.g. `go1.19.8`.
    pub version: String,
}

/// The `go` command: on the PATH, or where Debian puts it.
fn find_go() -> Option<PathBuf> {
    ["go", "/usr/lib/go/bin/go"]
        .into_iter()
        .map(PathBuf::from)
        .find(|go| {
            Command::new(go)
                .arg("version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Finds Go (installing Debian's `golang-go` as root with apt when it is missing) and
/// builds the program in `work`; `Err` says why the Go rows are left out.
pub fn prepare(work: &Path) -> Result<GoBench, String> {
    let go = match find_go() {
        Some(go) => go,
        None => {
            install()?;
            find_go().ok_or("golang-go was installed but `go` is still not found")?
        }
    };
    let version = Command::new(&go)
        .arg("version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .map_err(|e| format!("cannot run go: {e}"))?;
    let dir = work.join("go");
    fs::create_dir_all(&dir)
        .and_then(|()| fs::write(dir.join("main.go"), PROGRAM))
        .map_err(|e| format!("cannot write the Go program in {}: {e}", dir.display()))?;
    let binary = dir.join("spawn");
    let built = Command::new(&go)
        .current_dir(&dir)
        .args(["build", "-o"])
        .arg(&binary)
        .arg("main.go")
        .env("GOCACHE", dir.join("cache"))
        .env("GO111MODULE", "off")
        .output()
        .map_err(|e| format!("cannot run go build: {e}"))?;
    if !built.status.success() {
        return Err(format!(
            "go build failed: {}",
            String::from_utf8_lossy(&built.stderr)
        ));
    }
    let version = version
        .split_whitespace()
        .nth(2)
        .unwrap_or(&version)
        .to_owned();
    Ok(GoBench { binary, version })
}

/// Installs Debian's `golang-go` with apt, as root.
fn install() -> Result<(), String> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    if !(is_root && Path::new("/usr/bin/apt-get").exists()) {
        return Err(
            "Go is not installed, so the Go rows are left out: run `sudo apt-get \
                    install golang-go` and bench again"
                .into(),
        );
    }
    eprintln!("==> installing Debian's golang-go (once), for the Go rows");
    let ok = Command::new("apt-get")
        .args(["install", "-y", "-qq", "golang-go"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err("apt-get install golang-go failed, so the Go rows are left out".into())
    }
}

impl GoBench {
    /// One repeat: the wall time of `goroutines` goroutines at each GOMAXPROCS in
    /// `workers`, in ns.
    pub fn measure(&self, goroutines: u32, workers: &[u32]) -> Result<BTreeMap<u32, u64>, String> {
        let output = Command::new(&self.binary)
            .arg(goroutines.to_string())
            .args(workers.iter().map(u32::to_string))
            .output()
            .map_err(|e| format!("cannot run the Go benchmark: {e}"))?;
        if !output.status.success() {
            return Err(format!("the Go benchmark failed with {}", output.status));
        }
        parse(&String::from_utf8_lossy(&output.stdout))
    }
}

/// Reads the program's `k ns` lines.
fn parse(text: &str) -> Result<BTreeMap<u32, u64>, String> {
    text.lines()
        .map(|line| {
            let mut fields = line.split_whitespace().map(str::parse::<u64>);
            match (fields.next(), fields.next()) {
                (Some(Ok(k)), Some(Ok(ns))) => Ok((k as u32, ns)),
                _ => Err(format!(
                    "the Go benchmark printed an unexpected line: {line:?}"
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_wall_time_per_gomaxprocs() {
        let walls = parse("1 1200000000\n2 900000000\n").unwrap();
        assert_eq!(
            walls,
            BTreeMap::from([(1, 1_200_000_000), (2, 900_000_000)])
        );
        assert!(parse("1 soon\n").is_err());
    }
}

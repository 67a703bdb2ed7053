//! Go's goroutines on this machine, the yardstick of the scheduler's rows: 1,000,000
//! goroutines each calling `wg.Done()`, at the same GOMAXPROCS as the engine's worker
//! counts, timed by Go itself. Go itself comes from [`crate::go_tool`]; without it the rows
//! are left out with a sentence saying how to get them.

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

/// Finds Go (installing Debian's `golang-go` as root with apt when it is missing) and
/// builds the program in `work`; `Err` says why the Go rows are left out.
pub fn prepare(work: &Path) -> Result<GoBench, String> {
    let go = crate::go_tool::find_or_install("the Go rows are left out")?;
    let version = crate::go_tool::version(&go)?;
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
    Ok(GoBench { binary, version })
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

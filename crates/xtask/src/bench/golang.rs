//! The plan's Go programs (`tests/bench/go`) run natively: in Go on this machine, the
//! yardstick of the VM's rows and of the scheduler's, and in our VM through the command
//! line (`interleave go`, built in release), each timed by the program itself and, where
//! GNU time is installed, with its peak memory. Go comes from [`crate::go_tool`]; without
//! it the Go runs are left out with a sentence saying how to get them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::capture;
use super::plan::{GoOutput, GoRunSpec, Program, Runner};
use crate::repo_root;

/// GNU time, which reports a command's peak resident memory (`%M`, from its rusage).
const GNU_TIME: &str = "/usr/bin/time";

/// Go's builds of the plan's programs and the Go that built them.
pub struct GoBuilt {
    /// What `go version` says, e.g. `go1.19.8`.
    pub version: String,
    /// The binary of each program at each size.
    binaries: BTreeMap<(Program, u64), PathBuf>,
}

/// What runs the plan's Go programs natively.
pub struct Runners {
    /// Go's builds, or why there are none.
    pub go: Result<GoBuilt, String>,
    /// The VM's command line.
    vm: PathBuf,
    /// The source of each program at each size, as the VM reads it.
    sources: BTreeMap<(Program, u64), PathBuf>,
    /// Where each run's peak memory is written.
    peak_file: PathBuf,
}

/// Writes each program of `specs` at its size into `work/go`, builds it with Go (installing
/// Debian's `golang-go` as root with apt when it is missing) and builds the VM's command
/// line in release.
pub fn prepare(work: &Path, specs: &[GoRunSpec]) -> Result<Runners, String> {
    let dir = work.join("go");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut sources = BTreeMap::new();
    for spec in specs.iter().filter(|spec| spec.runner != Runner::Page) {
        let path = dir.join(format!("{}-{}.go", spec.program.name(), spec.n));
        fs::write(&path, &spec.source)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        sources.insert((spec.program, spec.n), path);
    }
    let root = repo_root();
    capture(Command::new("cargo").current_dir(&root).args([
        "build",
        "--release",
        "--quiet",
        "--package",
        "interleave-cli",
    ]))?;
    Ok(Runners {
        go: build_go(&dir, specs, &sources),
        vm: root.join("target/release/interleave"),
        sources,
        peak_file: dir.join("peak-kb"),
    })
}

/// Builds the source of each of `specs` that Go runs; `Err` says why the Go runs are left
/// out.
fn build_go(
    dir: &Path,
    specs: &[GoRunSpec],
    sources: &BTreeMap<(Program, u64), PathBuf>,
) -> Result<GoBuilt, String> {
    let go = crate::go_tool::find_or_install("the Go rows are left out")?;
    let version = crate::go_tool::version(&go)?;
    let mut binaries = BTreeMap::new();
    for spec in specs.iter().filter(|spec| spec.runner == Runner::Go) {
        let key = (spec.program, spec.n);
        let Some(source) = sources.get(&key).filter(|_| !binaries.contains_key(&key)) else {
            continue;
        };
        let binary = source.with_extension("");
        let built = Command::new(&go)
            .current_dir(dir)
            .args(["build", "-o"])
            .arg(&binary)
            .arg(source)
            .env("GOCACHE", dir.join("cache"))
            .env("GO111MODULE", "off")
            .output()
            .map_err(|e| format!("cannot run go build: {e}"))?;
        if !built.status.success() {
            return Err(format!(
                "go build {} failed: {}",
                source.display(),
                String::from_utf8_lossy(&built.stderr)
            ));
        }
        binaries.insert(key, binary);
    }
    Ok(GoBuilt { version, binaries })
}

impl Runners {
    /// Go's build of `key`, where Go is installed.
    fn binary(&self, key: (Program, u64)) -> Option<&PathBuf> {
        self.go.as_ref().ok()?.binaries.get(&key)
    }

    /// Whether `spec` is a run these run: natively, and in Go only where there is a Go.
    pub fn runs(&self, spec: &GoRunSpec) -> bool {
        match spec.runner {
            Runner::Page => false,
            Runner::Go => self.binary((spec.program, spec.n)).is_some(),
            Runner::Vm => true,
        }
    }

    /// One repeat of a run that these [`run`](Runners::runs): what the program printed
    /// and its peak memory.
    pub fn measure(&self, spec: &GoRunSpec) -> Result<GoOutput, String> {
        let key = (spec.program, spec.n);
        let mut command = match spec.runner {
            Runner::Page => return Err("a run in the page is the browser script's".into()),
            Runner::Go => {
                let binary = self.binary(key).ok_or("Go is not installed")?;
                let mut command = self.timed(binary);
                command.env("GOMAXPROCS", spec.workers.to_string());
                command
            }
            Runner::Vm => {
                let source = self.sources.get(&key).ok_or("a Go run of no program")?;
                let mut command = self.timed(&self.vm);
                command
                    .arg("go")
                    .arg(source)
                    .args(["--workers", &spec.workers.to_string()]);
                command
            }
        };
        let _ = fs::remove_file(&self.peak_file);
        let output = capture(&mut command)?;
        let peak_kb = fs::read_to_string(&self.peak_file)
            .ok()
            .and_then(|text| text.trim().parse().ok());
        Ok(GoOutput { output, peak_kb })
    }

    /// `program` run under GNU time, writing its peak memory in KiB to the peak file,
    /// where GNU time is installed.
    fn timed(&self, program: &Path) -> Command {
        if !Path::new(GNU_TIME).exists() {
            return Command::new(program);
        }
        let mut command = Command::new(GNU_TIME);
        command
            .args(["--format", "%M", "--output"])
            .arg(&self.peak_file)
            .arg(program);
        command
    }
}

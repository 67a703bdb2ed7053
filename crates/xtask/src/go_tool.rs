//! Go on this machine: the yardstick of the bench's scheduler rows and the reference the
//! Go runner's conformance tests compare with. Debian's `golang-go` (Go 1.19 here) is
//! installed with apt where the build tool runs as root; elsewhere what needs Go says how
//! to get it and goes on without it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `go` command: on the PATH, or where Debian puts it.
pub fn find() -> Option<PathBuf> {
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

/// Finds Go, installing Debian's `golang-go` as root with apt when it is missing; `Err`
/// says why there is none, for `what` (what is left out without it).
pub fn find_or_install(what: &str) -> Result<PathBuf, String> {
    if let Some(go) = find() {
        return Ok(go);
    }
    install(what)?;
    find().ok_or_else(|| format!("golang-go was installed but `go` is still not found: {what}"))
}

/// What `go version` says of `go`, e.g. `go1.19.8`.
pub fn version(go: &Path) -> Result<String, String> {
    let out = Command::new(go)
        .arg("version")
        .output()
        .map_err(|e| format!("cannot run go: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    Ok(text.split_whitespace().nth(2).unwrap_or(&text).to_owned())
}

/// Installs Debian's `golang-go` with apt, as root.
fn install(what: &str) -> Result<(), String> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    if !(is_root && Path::new("/usr/bin/apt-get").exists()) {
        return Err(format!(
            "Go is not installed, so {what}: run `sudo apt-get install golang-go` and try again"
        ));
    }
    eprintln!("==> installing Debian's golang-go (once), for {what}");
    let ok = Command::new("apt-get")
        .args(["install", "-y", "-qq", "golang-go"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(())
    } else {
        Err(format!("apt-get install golang-go failed, so {what}"))
    }
}

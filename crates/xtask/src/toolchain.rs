//! Tools the build needs beyond cargo, installed when missing.

use std::process::Command;

use crate::progress::step;
use crate::repo_root;

/// Runs a command, failing with a message that names it when it does not succeed.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// The `wasm-bindgen` crate's version in `Cargo.lock`: the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// The installed `wasm-bindgen` CLI's version, if there is one on the PATH.
fn installed_wasm_bindgen_version() -> Option<String> {
    let output = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// The wasm-bindgen CLI version to install, or `None` when the PATH already has exactly
/// the version the crate uses.
pub fn missing_wasm_bindgen() -> Result<Option<String>, String> {
    let wanted = locked_wasm_bindgen_version()?;
    Ok((installed_wasm_bindgen_version().as_deref() != Some(wanted.as_str())).then_some(wanted))
}

/// Installs wasm-bindgen-cli at exactly `wanted` with cargo.
pub fn install_wasm_bindgen(wanted: &str) -> Result<(), String> {
    // Not `--locked`: the CLI's own lock file names a version the registry lacks.
    run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={wanted}"),
    ]))?;
    match installed_wasm_bindgen_version() {
        Some(v) if v == wanted => Ok(()),
        other => Err(format!(
            "wasm-bindgen {wanted} was installed, but the PATH finds {other:?}; \
             put ~/.cargo/bin first on the PATH"
        )),
    }
}

/// `cargo xtask setup`: makes sure `wasm-bindgen` on the PATH is exactly the version the
/// crate uses, installing it when it is missing or different.
pub fn ensure_wasm_bindgen() -> Result<(), String> {
    match missing_wasm_bindgen()? {
        Some(wanted) => step(
            &format!("installing wasm-bindgen-cli {wanted}"),
            (1, 1),
            || install_wasm_bindgen(&wanted),
        ),
        None => Ok(()),
    }
}

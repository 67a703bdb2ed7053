//! The wasm builds: the UI and the message-passing runtime without shared memory, the
//! shared-memory runtime with threads.
//!
//! The flags of the threaded build live here and nowhere else. They stay out of the
//! repository's cargo config so that native builds and tests never rebuild std.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::progress::step;
use crate::repo_root;
use crate::toolchain::{install_wasm_bindgen, missing_wasm_bindgen, run};

/// The target both wasm modules are built for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The threaded build's own target directory, so its std (built with atomics) never
/// replaces the one the UI build uses.
const THREADED_TARGET_DIR: &str = "target/threaded";

/// `-Z` flags of the threaded build: std must be rebuilt with atomics.
pub const THREADED_CARGO_ARGS: &[&str] = &["-Z", "build-std=panic_abort,std"];

/// Rust flags of the threaded build: atomics and a shared, imported memory whose TLS
/// symbols wasm-bindgen needs to start each worker's thread.
pub const THREADED_RUSTFLAGS: &[&str] = &[
    "-C",
    "target-feature=+atomics,+bulk-memory,+mutable-globals",
    "-C",
    "link-arg=--shared-memory",
    "-C",
    "link-arg=--import-memory",
    "-C",
    "link-arg=--max-memory=1073741824",
    "-C",
    "link-arg=--export=__wasm_init_tls",
    "-C",
    "link-arg=--export=__tls_size",
    "-C",
    "link-arg=--export=__tls_align",
    "-C",
    "link-arg=--export=__tls_base",
];

/// One wasm module of the app.
#[derive(Debug, Clone, Copy)]
pub struct Module {
    /// The cargo package.
    pub package: &'static str,
    /// What the progress lines call it ("the UI module").
    pub title: &'static str,
    /// The wasm file's stem (the package name with underscores).
    pub stem: &'static str,
    /// Where under `target/web/pkg` the generated JS and wasm go.
    pub out: &'static str,
    /// Whether it is the threaded build.
    pub threaded: bool,
    /// Cargo features it is built with.
    pub features: &'static str,
}

/// The UI: yew, on the main thread, no shared memory.
pub const APP: Module = Module {
    package: "interleave-app",
    title: "the UI module",
    stem: "interleave_app",
    out: "app",
    threaded: false,
    features: "",
};

/// The shared-memory runtime: the engine on wasm-bindgen-rayon's pool.
pub const RUNTIME: Module = Module {
    package: "interleave-runtime",
    title: "the shared-memory runtime (threads, std rebuilt with atomics)",
    stem: "interleave_runtime",
    out: "runtime",
    threaded: true,
    features: "threads",
};

/// The message-passing runtime: one engine per worker, for pages without isolation.
pub const MESSAGE_PASSING: Module = Module {
    package: "interleave-runtime",
    title: "the message-passing runtime",
    stem: "interleave_runtime",
    out: "message-passing",
    threaded: false,
    features: "",
};

/// Every wasm module the page loads.
pub const MODULES: [Module; 3] = [APP, RUNTIME, MESSAGE_PASSING];

impl Module {
    /// A cargo command (`build`, `clippy`, ...) for this module with its flags set.
    pub fn cargo(&self, subcommand: &str) -> Command {
        let mut command = Command::new("cargo");
        command.current_dir(repo_root()).args([
            subcommand,
            "--package",
            self.package,
            "--target",
            WASM_TARGET,
        ]);
        if !self.features.is_empty() {
            command.args(["--features", self.features]);
        }
        if self.threaded {
            command
                .args(THREADED_CARGO_ARGS)
                .args(["--target-dir", THREADED_TARGET_DIR])
                .env("CARGO_ENCODED_RUSTFLAGS", THREADED_RUSTFLAGS.join("\x1f"));
        } else {
            command.env_remove("CARGO_ENCODED_RUSTFLAGS");
        }
        command.env_remove("RUSTFLAGS");
        command
    }

    fn wasm_path(&self) -> PathBuf {
        let target_dir = if self.threaded {
            THREADED_TARGET_DIR
        } else {
            "target"
        };
        repo_root()
            .join(target_dir)
            .join(WASM_TARGET)
            .join("release")
            .join(format!("{}.wasm", self.stem))
    }

    /// Builds the module in release mode and runs wasm-bindgen on it.
    fn build(&self, pkg_dir: &Path) -> Result<(), String> {
        run(self.cargo("build").arg("--release"))?;
        run(Command::new("wasm-bindgen")
            .args(["--target", "web", "--out-dir"])
            .arg(pkg_dir.join(self.out))
            .arg(self.wasm_path()))
    }
}

/// Where the generated JS and wasm of every module are served from (`/pkg/...`).
pub fn pkg_dir() -> PathBuf {
    repo_root().join("target/web/pkg")
}

/// Builds every module into [`pkg_dir`], installing wasm-bindgen first if needed; each
/// step prints a line when it starts and its time when it ends.
pub fn build_web() -> Result<PathBuf, String> {
    let pkg = pkg_dir();
    let install = missing_wasm_bindgen()?;
    let total = MODULES.len() + usize::from(install.is_some());
    let mut index = 0;
    if let Some(wanted) = install {
        index += 1;
        step(
            &format!("installing wasm-bindgen-cli {wanted} (once)"),
            (index, total),
            || install_wasm_bindgen(&wanted),
        )?;
    }
    for module in MODULES {
        index += 1;
        step(
            &format!("building {}", module.title),
            (index, total),
            || module.build(&pkg),
        )?;
    }
    Ok(pkg)
}

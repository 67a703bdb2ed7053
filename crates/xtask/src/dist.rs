//! `cargo xtask dist`: a static copy of the app for any static host, with the header
//! configurations that make it cross-origin isolated.

use std::fs;
use std::path::{Path, PathBuf};

use crate::build::build_web;
use crate::repo_root;
use crate::serve::{Isolation, security_headers};

/// Copies `from` into `to` recursively, skipping the folders named in `skip`.
fn copy_dir(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            copy_dir(&source, &target, skip)?;
        } else {
            fs::copy(&source, &target)
                .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

/// The `_headers` file of Netlify and Cloudflare Pages.
pub fn headers_file() -> String {
    let mut text = String::from("/*\n");
    for (name, value) in security_headers(Isolation::On, "/") {
        text += &format!("  {name}: {value}\n");
    }
    text
}

/// An nginx snippet for the `server` block that serves `dist/`.
pub fn nginx_snippet() -> String {
    let mut text = String::from(
        "# Serve dist/ as the site's root, e.g. root /srv/interleave/dist;\n\
         types { application/wasm wasm; text/javascript js; }\n\
         location / {\n",
    );
    for (name, value) in security_headers(Isolation::On, "/") {
        text += &format!("    add_header {name} \"{value}\" always;\n");
    }
    text += "}\n";
    text
}

/// Builds the app and writes `dist/` (or `--out DIR`).
pub fn command(args: &[String]) -> Result<(), String> {
    let out = match args {
        [] => repo_root().join("dist"),
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        _ => return Err("dist: usage: cargo xtask dist [--out DIR]".into()),
    };
    let pkg = build_web()?;
    let root = repo_root();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    copy_dir(&root.join("www"), &out.join("www"), &["examples"])?;
    copy_dir(&pkg, &out.join("pkg"), &[])?;
    fs::copy(root.join("index.html"), out.join("index.html"))
        .map_err(|e| format!("cannot copy index.html: {e}"))?;
    fs::write(out.join("_headers"), headers_file())
        .and_then(|()| fs::write(out.join("nginx.conf"), nginx_snippet()))
        .map_err(|e| format!("cannot write the header files: {e}"))?;
    println!(
        "Static site written to {}: serve it at a host's root with the headers in _headers \
         (Netlify, Cloudflare Pages) or nginx.conf.",
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_configurations_carry_the_isolation_headers() {
        for text in [headers_file(), nginx_snippet()] {
            for name in [
                "Cross-Origin-Opener-Policy",
                "Cross-Origin-Embedder-Policy",
                "Document-Isolation-Policy",
                "Cross-Origin-Resource-Policy",
                "Content-Security-Policy",
            ] {
                assert!(text.contains(name), "{name} missing from {text}");
            }
            assert!(text.contains("wasm-unsafe-eval"));
        }
        assert!(nginx_snippet().contains("application/wasm"));
    }
}

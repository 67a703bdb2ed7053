//! The dev server: static files with the headers that make the page cross-origin isolated.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Request, Response, Server};

use crate::build::build_web;
use crate::repo_root;

/// Whether responses carry the headers that make the page cross-origin isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// COOP `same-origin` and COEP `require-corp`: shared memory, real threads.
    On,
    /// Neither header: the page is what most hosts serve, and shared memory is off.
    Off,
}

/// The URL prefixes the server answers, and the folders they map to.
fn mounts() -> Vec<(&'static str, PathBuf)> {
    let root = repo_root();
    vec![
        ("/www/", root.join("www")),
        ("/pkg/", crate::build::pkg_dir()),
    ]
}

/// `cargo xtask serve [--port N] [--no-isolation]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let mut port = 8080u16;
    let mut isolation = Isolation::On;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port takes a port number, e.g. --port 8080")?;
            }
            "--no-isolation" => isolation = Isolation::Off,
            other => return Err(format!("serve: unknown option `{other}`")),
        }
    }
    build_web()?;
    let server = start(port, isolation)?;
    println!(
        "Interleave is served at http://127.0.0.1:{}/ ({}). Press Ctrl+C to stop.",
        server.port,
        match isolation {
            Isolation::On => "cross-origin isolated",
            Isolation::Off => "NOT cross-origin isolated",
        }
    );
    server.join();
    Ok(())
}

/// A running server.
pub struct Running {
    /// The port it listens on (useful when started on port 0).
    pub port: u16,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Waits until the server stops (it does not, short of the process ending).
    pub fn join(self) {
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Threads answering requests: a page with two playground frames loads a few dozen files
/// at once from two origins of this one server.
const RESPONDERS: usize = 16;

/// How long a response may wait for its client to read it.
const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Starts serving on 127.0.0.1:`port` (0 picks a free port) in background threads.
pub fn start(port: u16, isolation: Isolation) -> Result<Running, String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    // Connections inherit this from the listener. Without it a response's body waits for
    // the ACK of its headers (Nagle's algorithm), which the browser delays by 40 ms: every
    // small file after the first on a connection took 45 ms instead of 2.
    socket2::SockRef::from(&listener)
        .set_tcp_nodelay(true)
        .map_err(|e| format!("cannot set TCP_NODELAY on {addr}: {e}"))?;
    // A client that stops reading (a page closed mid-download) would hold a responding
    // thread for good; with this its write fails and the thread serves the next request.
    socket2::SockRef::from(&listener)
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .map_err(|e| format!("cannot set a write timeout on {addr}: {e}"))?;
    let server = Arc::new(
        Server::from_listener(listener, None)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?,
    );
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    let index = repo_root().join("index.html");
    let mounts = Arc::new(mounts());
    let threads = (0..RESPONDERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let mounts = Arc::clone(&mounts);
            let index = index.clone();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    respond(request, &index, &mounts, isolation);
                }
            })
        })
        .collect();
    Ok(Running { port, threads })
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// What the page may load: its own scripts and wasm (compiled with `wasm-unsafe-eval`,
/// no `eval`, no inline scripts), workers from its own files and the blob URLs that
/// wasm-bindgen-rayon starts its pool from, and nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     worker-src 'self' blob:; \
     connect-src 'self'; \
     img-src 'self' data: blob:; \
     style-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'none'";

/// Where the example tutorial pages live; they may frame the playground from any origin.
const EXAMPLES: &str = "/www/examples/";

/// The policy for a URL: the page's own, or for the example pages the same plus frames.
fn content_security_policy(url: &str) -> String {
    if url.starts_with(EXAMPLES) {
        format!("{CONTENT_SECURITY_POLICY}; frame-src http: https:")
    } else {
        CONTENT_SECURITY_POLICY.to_owned()
    }
}

/// The headers every response carries, errors included, as (name, value): the dev
/// server sends them and `cargo xtask dist` writes them into the host configurations.
pub fn security_headers(isolation: Isolation, url: &str) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        ("Content-Security-Policy", content_security_policy(url)),
        ("Cross-Origin-Resource-Policy", "cross-origin".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
    ];
    if isolation == Isolation::On {
        headers.push(("Cross-Origin-Opener-Policy", "same-origin".to_owned()));
        headers.push(("Cross-Origin-Embedder-Policy", "require-corp".to_owned()));
    }
    headers
}

fn common_headers(isolation: Isolation, url: &str) -> Vec<Header> {
    security_headers(isolation, url)
        .into_iter()
        .map(|(name, value)| header(name, &value))
        .chain([header("Cache-Control", "no-cache")])
        .collect()
}

fn respond(request: Request, index: &Path, mounts: &[(&str, PathBuf)], isolation: Isolation) {
    let url = request.url().to_owned();
    let file = resolve(&url, index, mounts);
    let response = match file.and_then(|path| fs::read(&path).ok().map(|body| (path, body))) {
        Some((path, body)) => {
            Response::from_data(body).with_header(header("Content-Type", content_type(&path)))
        }
        None => Response::from_data(b"404 Not Found\n".to_vec())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    };
    let response = common_headers(isolation, &url)
        .into_iter()
        .fold(response, Response::with_header);
    let _ = request.respond(response);
}

/// Maps a request URL to a file under one of the mounts, or `None`.
///
/// Only plain path segments are accepted: `..`, `.`, empty segments, backslashes and NUL
/// bytes (also when percent-encoded) never reach the file system.
pub fn resolve(url: &str, index: &Path, mounts: &[(&str, PathBuf)]) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path)?;
    if path == "/" || path == "/index.html" {
        return Some(index.to_path_buf());
    }
    let (prefix, dir) = mounts.iter().find(|(p, _)| path.starts_with(p))?;
    let rest = &path[prefix.len()..];
    let safe = rest
        .split('/')
        .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']));
    let file = dir.join(rest);
    (safe && file.is_file()).then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (PathBuf, Vec<(&'static str, PathBuf)>) {
        let root = repo_root();
        (root.join("index.html"), vec![("/www/", root.join("www"))])
    }

    #[test]
    fn serves_index_and_mounted_files() {
        let (index, mounts) = fixture();
        assert_eq!(resolve("/", &index, &mounts), Some(index.clone()));
        assert_eq!(resolve("/?workers=2", &index, &mounts), Some(index.clone()));
        assert!(resolve("/www/style.css", &index, &mounts).is_some());
    }

    #[test]
    fn refuses_traversal_and_unmounted_paths() {
        let (index, mounts) = fixture();
        for url in [
            "/www/../Cargo.toml",
            "/www/%2e%2e/Cargo.toml",
            "/www/..%2fCargo.toml",
            "/www/./style.css",
            "/www//style.css",
            "/www/..\\Cargo.toml",
            "/www/style.css%00",
            "/Cargo.toml",
            "/crates/xtask/src/main.rs",
            "/www/",
            "/www/%zz",
        ] {
            assert_eq!(resolve(url, &index, &mounts), None, "{url}");
        }
    }

    /// Sends a raw GET (no client-side normalisation of the path) and returns the reply.
    fn get(port: u16, path: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    #[test]
    fn every_response_is_isolated_and_traversal_gets_404() {
        let server = start(0, Isolation::On).unwrap();
        let ok = get(server.port, "/");
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.contains("text/html"));
        for path in [
            "/www/../Cargo.toml",
            "/www/%2e%2e/Cargo.toml",
            "/../Cargo.toml",
            "/www/..%5cCargo.toml",
            "/Cargo.toml",
            "/nope",
        ] {
            let reply = get(server.port, path);
            assert!(reply.starts_with("HTTP/1.1 404"), "{path}: {reply}");
            assert!(!reply.contains("[workspace]"), "{path} leaked Cargo.toml");
        }
        for reply in [ok, get(server.port, "/nope")] {
            for header in [
                "Cross-Origin-Opener-Policy: same-origin",
                "Cross-Origin-Embedder-Policy: require-corp",
                "Cross-Origin-Resource-Policy: cross-origin",
                "Content-Security-Policy: default-src 'self'",
                "X-Content-Type-Options: nosniff",
            ] {
                assert!(reply.contains(header), "missing {header} in {reply}");
            }
        }
    }

    #[test]
    fn without_isolation_the_opener_and_embedder_policies_are_left_out() {
        let server = start(0, Isolation::Off).unwrap();
        let reply = get(server.port, "/");
        assert!(reply.starts_with("HTTP/1.1 200"));
        assert!(!reply.contains("Cross-Origin-Opener-Policy"));
        assert!(!reply.contains("Cross-Origin-Embedder-Policy"));
        assert!(reply.contains("Content-Security-Policy"));
    }

    #[test]
    fn wasm_and_js_get_their_mime_types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.js")),
            "text/javascript; charset=utf-8"
        );
    }
}

//! The dev server: static files with the headers that make the page cross-origin isolated,
//! on every response it writes, errors included ([`http`] reads and writes the connections).

mod http;

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use self::http::{Head, Response};

use crate::build::build_web;
use crate::repo_root;

/// Whether responses carry the headers that make the page cross-origin isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// COOP `same-origin` and COEP `require-corp`, and `Document-Isolation-Policy` for
    /// frames on hosts without them: shared memory, real threads.
    On,
    /// None of them: the page is what most hosts serve, and shared memory is off.
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
    let log = std::env::var_os("INTERLEAVE_SERVE_LOG").map(PathBuf::from);
    let server = start(port, isolation, log.as_deref())?;
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
    accepting: std::thread::JoinHandle<()>,
}

impl Running {
    /// Waits until the server stops (it does not, short of the process ending).
    pub fn join(self) {
        let _ = self.accepting.join();
    }
}

/// Starts serving on 127.0.0.1:`port` (0 picks a free port) in background threads,
/// logging every answer to `log` when given (see [`RequestLog`]).
pub fn start(port: u16, isolation: Isolation, log: Option<&Path>) -> Result<Running, String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let port = listener.local_addr().map_or(port, |a| a.port());
    let log = RequestLog::open(log, port)?;
    let index = repo_root().join("index.html");
    let mounts = mounts();
    let site = move |head: &Head| {
        let response = answer(head, &index, &mounts, isolation);
        log.record(head, &response);
        response
    };
    let accepting = std::thread::Builder::new()
        .name("dev-server accept".into())
        .spawn(move || http::serve(listener, Arc::new(site)))
        .map_err(|e| format!("cannot start the server's thread: {e}"))?;
    Ok(Running { port, accepting })
}

/// A log of every answer, one line each: milliseconds since the server started, the
/// server's port, the method and target (or what was wrong with the head), the status and
/// the body's size. For finding out whether a request that a test waited on ever arrived.
struct RequestLog {
    file: Option<Mutex<fs::File>>,
    port: u16,
    started: Instant,
}

impl RequestLog {
    #[allow(clippy::disallowed_methods)] // The build tool runs natively only.
    fn open(path: Option<&Path>, port: u16) -> Result<RequestLog, String> {
        let file = match path {
            None => None,
            Some(path) => Some(Mutex::new(
                fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("cannot open the request log {}: {e}", path.display()))?,
            )),
        };
        Ok(RequestLog {
            file,
            port,
            started: Instant::now(),
        })
    }

    fn record(&self, head: &Head, response: &Response) {
        use std::io::Write;
        let Some(file) = &self.file else { return };
        let what = match head {
            Head::Request(request) => format!("{} {}", request.method, request.target),
            other => format!("{other:?}"),
        };
        let line = format!(
            "{:>10.1} ms :{} {what} -> {} ({} bytes)\n",
            self.started.elapsed().as_secs_f64() * 1e3,
            self.port,
            response.status,
            response.body.len()
        );
        if let Ok(mut file) = file.lock() {
            let _ = file.write_all(line.as_bytes());
        }
    }
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
        // Isolates the playground's own document even in a frame whose host sends no
        // headers (Chromium 137+): there COOP and COEP alone cannot, and the frame would
        // have no shared memory.
        headers.push((
            "Document-Isolation-Policy",
            "isolate-and-credentialless".to_owned(),
        ));
    }
    headers
}

/// The site's answer to anything that arrives: files for GET and HEAD, 405 for other
/// methods, the error statuses for heads that are malformed, too large, too slow or beyond
/// the connection limit; every one with the isolation headers and the CSP.
fn answer(head: &Head, index: &Path, mounts: &[(&str, PathBuf)], isolation: Isolation) -> Response {
    let text = |status: u16, body: &str| {
        (
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    };
    let (url, (status, content_type, body)) = match head {
        Head::Request(request) if request.method == "GET" || request.method == "HEAD" => {
            let file = resolve(&request.target, index, mounts)
                .and_then(|path| fs::read(&path).ok().map(|body| (path, body)));
            let found = match file {
                Some((path, body)) => (200, content_type(&path), body),
                None => text(404, "404 Not Found\n"),
            };
            (request.target.as_str(), found)
        }
        Head::Request(request) => (
            request.target.as_str(),
            text(
                405,
                "405 Method Not Allowed: this server answers GET and HEAD\n",
            ),
        ),
        Head::Malformed => ("/", text(400, "400 Bad Request\n")),
        Head::TooLarge => ("/", text(431, "431 Request Header Fields Too Large\n")),
        Head::TimedOut => ("/", text(408, "408 Request Timeout\n")),
        Head::Busy => (
            "/",
            text(503, "503 Service Unavailable: too many connections\n"),
        ),
    };
    let mut headers = security_headers(isolation, url);
    headers.push(("Content-Type", content_type.to_owned()));
    headers.push(("Cache-Control", "no-cache".to_owned()));
    if status == 405 {
        headers.push(("Allow", "GET, HEAD".to_owned()));
    }
    Response {
        status,
        headers,
        body,
    }
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
        let server = start(0, Isolation::On, None).unwrap();
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
                "Document-Isolation-Policy: isolate-and-credentialless",
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
        let server = start(0, Isolation::Off, None).unwrap();
        let reply = get(server.port, "/");
        assert!(reply.starts_with("HTTP/1.1 200"));
        assert!(!reply.contains("Cross-Origin-Opener-Policy"));
        assert!(!reply.contains("Cross-Origin-Embedder-Policy"));
        assert!(!reply.contains("Document-Isolation-Policy"));
        assert!(reply.contains("Content-Security-Policy"));
    }

    /// Sends raw bytes and returns everything the server answers until it closes.
    fn exchange(port: u16, bytes: &[u8]) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        stream.write_all(bytes).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn assert_isolated(reply: &str) {
        for header in [
            "Cross-Origin-Opener-Policy: same-origin",
            "Cross-Origin-Embedder-Policy: require-corp",
            "Cross-Origin-Resource-Policy: cross-origin",
            "Content-Security-Policy: default-src 'self'",
        ] {
            assert!(reply.contains(header), "missing {header} in {reply}");
        }
    }

    #[test]
    fn only_get_and_head_are_served_and_every_error_has_the_headers() {
        let server = start(0, Isolation::On, None).unwrap();
        for method in ["POST", "PUT", "DELETE", "TRACE", "CONNECT", "FROB"] {
            let reply = exchange(
                server.port,
                format!("{method} / HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
            );
            assert!(reply.starts_with("HTTP/1.1 405"), "{method}: {reply}");
            assert!(reply.contains("Allow: GET, HEAD"), "{reply}");
            assert!(
                !reply.contains("<!doctype"),
                "{method} got the page: {reply}"
            );
            assert_isolated(&reply);
        }
        for head in [
            "GET / HTTP/9.9\r\n\r\n",
            "GET / HTTP/0.9\r\n\r\n",
            "GET /\r\n\r\n",
            "GET / HTTP/1.1\r\nmalformed header\r\n\r\n",
            " / HTTP/1.1\r\n\r\n",
        ] {
            let reply = exchange(server.port, head.as_bytes());
            assert!(reply.starts_with("HTTP/1.1 400"), "{head:?}: {reply}");
            assert_isolated(&reply);
        }
        let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
        let reply = exchange(server.port, huge.as_bytes());
        assert!(reply.starts_with("HTTP/1.1 431"), "{reply}");
        assert_isolated(&reply);
        let head = exchange(server.port, b"HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.ends_with("\r\n\r\n"), "HEAD got a body: {head}");
    }

    #[test]
    fn pipelined_requests_are_answered_in_order_on_one_connection() {
        let server = start(0, Isolation::On, None).unwrap();
        let reply = exchange(
            server.port,
            b"GET /www/style.css HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n\
              GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        let statuses: Vec<&str> = reply
            .match_indices("HTTP/1.1 ")
            .map(|(at, _)| &reply[at + 9..at + 12])
            .collect();
        assert_eq!(statuses, ["200", "404", "200"], "{reply}");
    }

    /// A client that pipelines requests for the largest file and never reads, and 200
    /// clients that send their heads a byte at a time, must not keep a normal client from
    /// being answered. The read timeout only catches a server that stopped answering; the
    /// time it took is printed, and `cargo xtask bench` is where timings are judged.
    #[test]
    fn one_greedy_or_slow_client_never_starves_the_others() {
        use std::io::Write;
        let server = start(0, Isolation::On, None).unwrap();
        let mut greedy = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let request = b"GET /www/img/screenshot.png HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20);
        greedy.write_all(&request).unwrap();
        let slow: Vec<std::net::TcpStream> = (0..200)
            .map(|_| {
                let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
                stream.write_all(b"GET / HTTP/1.1\r\nX-Slow:").unwrap();
                stream
            })
            .collect();
        #[allow(clippy::disallowed_methods)] // Native only.
        let started = std::time::Instant::now();
        let reply = exchange(server.port, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        eprintln!(
            "a normal client was answered in {:.1} ms beside 1 greedy and 200 slow clients",
            started.elapsed().as_secs_f64() * 1e3
        );
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        drop((greedy, slow));
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

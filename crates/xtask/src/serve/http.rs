//! The dev server's HTTP/1.1 connections: read a bounded request head in bounded time,
//! hand it to the site, write what the site answers, and keep the connection for the next
//! request.
//!
//! Written by hand rather than taken from a server crate because the site must build
//! *every* response the server writes, including the answers to malformed, oversized and
//! slow requests: tiny_http (used before) and hyper write those themselves, without the
//! isolation headers and the Content-Security-Policy the page promises on every response.
//! A thread per connection (bounded in number) keeps one client from starving the others:
//! a client that pipelines requests and never reads blocks only its own thread, until the
//! write timeout ends the connection.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The most a request head (request line and headers) may take; a larger one gets 431.
pub const HEAD_LIMIT: usize = 16 * 1024;

/// How long a request head may take to arrive once its first byte has: a slower one gets
/// 408 and the connection closes (slowloris clients hold a thread at most this long).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idle keep-alive connection waits for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a response may wait for its client to read it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once; past it a new connection gets 503 and is closed.
pub const MAX_CONNECTIONS: usize = 512;

/// Each connection's thread needs little stack: files are read onto the heap.
const CONNECTION_STACK: usize = 256 * 1024;

/// A request head as the client sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, `POST`, ... as sent (methods are case-sensitive).
    pub method: String,
    /// The request target, e.g. `/www/style.css?v=1`.
    pub target: String,
    /// Whether the client wants the connection kept for another request.
    pub keep_alive: bool,
}

/// What arrived on a connection, for the site to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// A well-formed request head.
    Request(Request),
    /// Not HTTP/1.0 or 1.1, or a request line or header that does not parse: 400.
    Malformed,
    /// A head over [`HEAD_LIMIT`]: 431.
    TooLarge,
    /// A head that did not arrive within [`HEAD_TIMEOUT`]: 408.
    TimedOut,
    /// More connections than [`MAX_CONNECTIONS`]: 503.
    Busy,
}

/// A response the site built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code, e.g. 200.
    pub status: u16,
    /// Every header but `Content-Length` and `Connection`, which the server adds.
    pub headers: Vec<(&'static str, String)>,
    /// The body; sent only when the request was not `HEAD`.
    pub body: Vec<u8>,
}

/// The site behind the server: it answers every head, errors included.
pub type Site = dyn Fn(&Head) -> Response + Send + Sync;

/// Accepts connections on `listener` for good, each on a thread of its own.
pub fn serve(listener: TcpListener, site: Arc<Site>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let mut stream = stream;
            let _ = write_response(&mut stream, &site(&Head::Busy), true, false);
            continue;
        }
        let (site, counted) = (Arc::clone(&site), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("dev-server connection".into())
            .stack_size(CONNECTION_STACK)
            .spawn(move || {
                let _ = connection(stream, &*site);
                counted.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            // The thread never ran, so it never counted itself out.
            open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Serves one connection's requests in order until it closes, errs or times out.
fn connection(mut stream: TcpStream, site: &Site) -> io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some((head, announces_body)) = read_head(&mut stream, &mut buffer)? else {
            return Ok(());
        };
        let (keep_alive, send_body) = match &head {
            Head::Request(request) => (request.keep_alive, request.method != "HEAD"),
            _ => (false, true),
        };
        // The server reads no request bodies (the site answers GET and HEAD only), so a
        // connection whose request announced one closes after the answer.
        let keep_alive = keep_alive && !announces_body;
        let response = site(&head);
        write_response(&mut stream, &response, !keep_alive, send_body)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// Reads the next request head, with `buffer` holding bytes already received (pipelined
/// requests), and whether it announced a body. `None` when the client closed or went idle
/// between requests.
#[allow(clippy::disallowed_methods)] // The build tool runs natively only.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<Option<(Head, bool)>> {
    let mut started = (!buffer.is_empty()).then(Instant::now);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find_head_end(buffer) {
            let head: Vec<u8> = buffer.drain(..end).collect();
            let announces_body = header_value(&head, "content-length").is_some_and(|v| v != "0")
                || header_value(&head, "transfer-encoding").is_some();
            return Ok(Some((parse_head(&head), announces_body)));
        }
        if buffer.len() > HEAD_LIMIT {
            return Ok(Some((Head::TooLarge, false)));
        }
        let timeout = match started {
            None => IDLE_TIMEOUT,
            Some(at) => match HEAD_TIMEOUT.checked_sub(at.elapsed()) {
                Some(left) if !left.is_zero() => left,
                _ => return Ok(Some((Head::TimedOut, false))),
            },
        };
        stream.set_read_timeout(Some(timeout))?;
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                buffer.extend_from_slice(&chunk[..n]);
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if started.is_none() {
                    return Ok(None);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The length of the head (through its blank line) at the start of `buffer`, if complete.
fn find_head_end(buffer: &[u8]) -> Option<usize> {
    buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// The value of header `name` (lower case) in a head, trimmed.
fn header_value(head: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(head).ok()?;
    text.split("\r\n").skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// Parses a complete head: `METHOD SP target SP HTTP/1.x`, then `Name: value` lines.
pub fn parse_head(head: &[u8]) -> Head {
    if head.len() > HEAD_LIMIT {
        return Head::TooLarge;
    }
    let Ok(text) = std::str::from_utf8(head) else {
        return Head::Malformed;
    };
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Head::Malformed;
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Head::Malformed,
    };
    if !token(method) || !target.starts_with('/') || target.bytes().any(|b| b <= b' ') {
        return Head::Malformed;
    }
    let mut connection = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Head::Malformed;
        };
        if !token(name) {
            return Head::Malformed;
        }
        if name.eq_ignore_ascii_case("connection") {
            connection = Some(value.trim().to_ascii_lowercase());
        }
    }
    let keep_alive = match connection.as_deref() {
        Some(v) if v.contains("close") => false,
        Some(v) if v.contains("keep-alive") => true,
        _ => http11,
    };
    Head::Request(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        keep_alive,
    })
}

/// The reason phrase of the statuses the site uses.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    close: bool,
    send_body: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += &format!("Content-Length: {}\r\n", response.body.len());
    if close {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    stream.write_all(head.as_bytes())?;
    if send_body {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, target: &str, keep_alive: bool) -> Head {
        Head::Request(Request {
            method: method.into(),
            target: target.into(),
            keep_alive,
        })
    }

    #[test]
    fn parses_well_formed_heads() {
        assert_eq!(
            parse_head(b"GET /www/a.js HTTP/1.1\r\nHost: x\r\n\r\n"),
            request("GET", "/www/a.js", true)
        );
        assert_eq!(
            parse_head(b"HEAD / HTTP/1.0\r\n\r\n"),
            request("HEAD", "/", false)
        );
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
            request("GET", "/", false)
        );
        assert_eq!(
            parse_head(b"POST / HTTP/1.1\r\n\r\n"),
            request("POST", "/", true)
        );
    }

    #[test]
    fn refuses_malformed_heads() {
        for head in [
            &b"GET / HTTP/9.9\r\n\r\n"[..],
            b"GET / HTTP/0.9\r\n\r\n",
            b"GET /\r\n\r\n",
            b" / HTTP/1.1\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET http://x/ HTTP/1.1\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(
                parse_head(head),
                Head::Malformed,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}

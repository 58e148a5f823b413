//! A scripted HTTP/1.1 server on 127.0.0.1 for the fetch tests, written on raw sockets so it can
//! misbehave the way real municipal servers do: stall, reset the connection mid-body, send fewer
//! bytes than announced, redirect in circles. Each path has a script of replies, used in order
//! (the last one repeats); every request is recorded with its headers and arrival time.

#![allow(dead_code)] // each test file uses a different part of it

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use referat::fetch::http::HttpOptions;

/// One scripted reply.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Content-Length says `announced`, only `body` is sent, then the connection is closed.
    Short { body: Vec<u8>, announced: usize },
    /// Headers and part of the body, then a TCP reset (RST, not a clean close).
    Reset {
        body_part: Vec<u8>,
        announced: usize,
    },
    /// A TCP reset before any byte of a response.
    ResetAtOnce,
    /// Headers, then silence for `stall`, then the body.
    Stall { stall: Duration, body: Vec<u8> },
    /// A body without Content-Length (chunked), so its size is only known by reading it.
    Chunked { body: Vec<u8> },
}

impl Reply {
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![],
            body: body.into(),
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply::Full {
            status,
            headers: vec![],
            body: format!("status {status}\n").into_bytes(),
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Full {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.to_string(), value.to_string()));
                Reply::Full {
                    status,
                    headers,
                    body,
                }
            }
            other => panic!("headers only on Full replies, not {other:?}"),
        }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub path: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl SeenRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }
}

struct Script {
    replies: Vec<Reply>,
    next: usize,
}

pub struct TestServer {
    port: u16,
    scripts: Arc<Mutex<HashMap<String, Script>>>,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

impl TestServer {
    /// Start serving on 127.0.0.1 (a free port). The server thread lives as long as the test.
    pub fn start(routes: Vec<(&str, Vec<Reply>)>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let scripts: HashMap<String, Script> = routes
            .into_iter()
            .map(|(path, replies)| {
                assert!(!replies.is_empty(), "an empty script for {path}");
                (path.to_string(), Script { replies, next: 0 })
            })
            .collect();
        let scripts = Arc::new(Mutex::new(scripts));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (scripts.clone(), seen.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (s, r) = (s.clone(), r.clone());
                thread::spawn(move || serve(stream, &s, &r));
            }
        });
        TestServer {
            port,
            scripts,
            seen,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Replace the script of a path (e.g. the document changed on the server).
    pub fn set_script(&self, path: &str, replies: Vec<Reply>) {
        self.scripts
            .lock()
            .unwrap()
            .insert(path.to_string(), Script { replies, next: 0 });
    }

    /// Requests seen for a path, in order of arrival.
    pub fn requests(&self, path: &str) -> Vec<SeenRequest> {
        let seen = self.seen.lock().unwrap();
        seen.iter().filter(|r| r.path == path).cloned().collect()
    }
}

/// Peek (without consuming) until the request head is complete: a reset needs the request still
/// unread in the socket, because closing a socket with unread data makes Linux send RST.
fn peek_head(stream: &TcpStream) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 16 * 1024];
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let n = stream.peek(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        if let Some(end) = buf[..n].windows(4).position(|w| w == b"\r\n\r\n") {
            return Some(buf[..end + 4].to_vec());
        }
        if Instant::now() > deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

fn serve(
    mut stream: TcpStream,
    scripts: &Mutex<HashMap<String, Script>>,
    seen: &Mutex<Vec<SeenRequest>>,
) {
    let Some(head) = peek_head(&stream) else {
        return;
    };
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    seen.lock().unwrap().push(SeenRequest {
        path: path.clone(),
        headers,
        at: Instant::now(),
    });
    let reply = {
        let mut scripts = scripts.lock().unwrap();
        match scripts.get_mut(&path) {
            Some(script) => {
                let reply = script.replies[script.next.min(script.replies.len() - 1)].clone();
                script.next += 1;
                reply
            }
            None => Reply::status(404),
        }
    };
    if !matches!(reply, Reply::Reset { .. } | Reply::ResetAtOnce) {
        let mut consumed = vec![0u8; head.len()];
        if stream.read_exact(&mut consumed).is_err() {
            return;
        }
    }
    // Errors writing are the client having gone (e.g. after its read timeout): nothing to do.
    let _ = write_reply(&mut stream, reply);
}

fn head(status: u16, headers: &[(String, String)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    if let Some(length) = length {
        out.push_str(&format!("Content-Length: {length}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let length = (status != 304).then_some(body.len());
            stream.write_all(&head(status, &headers, length))?;
            if status != 304 {
                stream.write_all(&body)?;
            }
        }
        Reply::Short { body, announced } => {
            stream.write_all(&head(200, &[], Some(announced)))?;
            stream.write_all(&body)?;
        }
        Reply::Reset {
            body_part,
            announced,
        } => {
            stream.write_all(&head(200, &[], Some(announced)))?;
            stream.write_all(&body_part)?;
            stream.flush()?;
            // Let the client read what was sent, then drop with the request unread: RST.
            thread::sleep(Duration::from_millis(100));
            return Ok(());
        }
        Reply::ResetAtOnce => return Ok(()),
        Reply::Stall { stall, body } => {
            stream.write_all(&head(200, &[], Some(body.len())))?;
            stream.flush()?;
            thread::sleep(stall);
            stream.write_all(&body)?;
        }
        Reply::Chunked { body } => {
            let headers = [("Transfer-Encoding".to_string(), "chunked".to_string())];
            stream.write_all(&head(200, &headers, None))?;
            for chunk in body.chunks(4096) {
                stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                stream.write_all(chunk)?;
                stream.write_all(b"\r\n")?;
            }
            stream.write_all(b"0\r\n\r\n")?;
        }
    }
    stream.flush()?;
    // Close our side cleanly and let the client finish reading.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut rest = [0u8; 1024];
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    while matches!(stream.read(&mut rest), Ok(n) if n > 0) {}
    Ok(())
}

/// Options that keep the fault tests fast: short timeouts and backoff, no rate limit.
pub fn fast_options() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(300),
        retries: 2,
        backoff_base: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(5),
        max_redirects: 3,
        max_body_bytes: 1024 * 1024,
        rate_limit_per_host: 0.0,
    }
}

/// Every raw document file in a store folder (`<cache>/sha256/ab/cdef…`), as (name, bytes).
pub fn stored_files(cache: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let root = cache.join("sha256");
    let Ok(prefixes) = std::fs::read_dir(&root) else {
        return out;
    };
    for prefix in prefixes.flatten() {
        for file in std::fs::read_dir(prefix.path()).unwrap().flatten() {
            let name = format!(
                "{}{}",
                prefix.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            );
            out.push((name, std::fs::read(file.path()).unwrap()));
        }
    }
    out.sort();
    out
}

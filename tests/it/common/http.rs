//! The real `soudan serve` on 127.0.0.1:0, and a minimal HTTP/1.1 client for it: one copy
//! for every test that talks to the server over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::Duration;

/// A running `soudan serve`; killed on drop.
pub struct Served {
    child: Child,
    pub port: u16,
    /// What the server printed up to its address line.
    pub printed: Vec<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `soudan serve --addr 127.0.0.1:0` on `db` and waits for the port it printed.
pub fn serve(db: &Path) -> Served {
    serve_with(db, &[], &[], None)
}

/// [`serve`] with more arguments (`--tls-proxy`), environment (`RUST_LOG`) and, when `log`
/// is given, standard error written to that file (else discarded).
pub fn serve_with(db: &Path, args: &[&str], env: &[(&str, &str)], log: Option<&Path>) -> Served {
    let mut cmd = super::soudan(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args);
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    let mut cmd = cmd.piped_stdout().command();
    if let Some(log) = log {
        cmd.stderr(std::fs::File::create(log).expect("server log file"));
    }
    let mut child = cmd.spawn().expect("start soudan serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let port = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        printed.push(line.clone());
        // The address line is localized; it always holds `http://127.0.0.1:PORT`.
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break digits.parse().unwrap();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served {
        child,
        port,
        printed,
    }
}

/// One HTTP answer: status, headers (names lowercased, in order), body bytes.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Every value of a repeated header (`set-cookie`).
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// `GET path` on 127.0.0.1:`port` with `headers`, `Connection: close`.
pub fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> Answer {
    request(port, "GET", path, headers, None)
}

/// `POST path` with the url-encoded form `fields`.
pub fn post_form(
    port: u16,
    path: &str,
    headers: &[(&str, &str)],
    fields: &[(&str, &str)],
) -> Answer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    request(port, "POST", path, headers, Some(body.as_bytes()))
}

/// One request on 127.0.0.1:`port` (`Connection: close`); a body is sent as a url-encoded
/// form.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = body {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    s.write_all(&bytes).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body,
    }
}

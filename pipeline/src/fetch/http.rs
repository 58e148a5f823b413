//! http(s) sources: one polite, fault-tolerant GET.
//!
//! Municipal web sites are slow, flaky and sometimes wrong. Every request goes through one
//! shared [`HttpClient`]: connect and read timeouts, a per-host rate limit, bounded redirects,
//! gzip, a maximum body size, conditional requests (ETag / Last-Modified) and retries with
//! exponential backoff and jitter on connection errors, timeouts, 408, 429 and 5xx, honouring
//! `Retry-After`. A body is returned only when it is complete: a short or oversized body is an
//! error, so nothing partial can reach the store.
//!
//! The rate limit counts each attempt against the host of the URL asked for; redirects are
//! followed inside one attempt, so a redirect to another host is not counted against that host.

use std::io::Read;
use std::time::{Duration, SystemTime};

use thiserror::Error;
use ureq::http::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, RETRY_AFTER,
};
use ureq::Agent;

use super::ratelimit::HostRateLimiter;
use super::retry::{backoff, parse_retry_after};

/// The User-Agent every request carries: Referat, its version, and what it is.
pub const USER_AGENT: &str = concat!(
    "Referat/",
    env!("CARGO_PKG_VERSION"),
    " (municipal meeting minutes to open data; batch fetcher)"
);

/// How HTTP sources are fetched. Every knob has a command-line flag on `run` and `fetch`.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for any one read from the server (headers or body) to make progress.
    pub read_timeout: Duration,
    /// Retries after the first attempt (so `retries + 1` attempts at most).
    pub retries: u32,
    /// The first retry waits about this long; each further retry doubles it.
    pub backoff_base: Duration,
    /// No wait between attempts is longer than this; a server asking (Retry-After) for a longer
    /// wait makes the source fail instead of stalling the run.
    pub max_retry_wait: Duration,
    /// Redirects followed before giving up (a loop ends here).
    pub max_redirects: u32,
    /// Bodies larger than this (after gzip decoding) fail the source.
    pub max_body_bytes: u64,
    /// Requests per second to one host, across all threads; 0 for no limit.
    pub rate_limit_per_host: f64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 3,
            backoff_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            max_redirects: 5,
            max_body_bytes: 64 * 1024 * 1024,
            rate_limit_per_host: 1.0,
        }
    }
}

/// Why a GET failed, after any retries.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum HttpError {
    #[error("not an http(s) URL the client understands: {0}")]
    BadUrl(String),
    #[error("HTTP {status} {reason}")]
    Status { status: u16, reason: String },
    #[error("body of {size} bytes is over the limit of {limit} bytes (--max-body-bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "body over the limit of {limit} bytes (--max-body-bytes); \
         the server did not say its size"
    )]
    OverLimit { limit: u64 },
    #[error("body cut short: {received} of the {expected} bytes announced by Content-Length")]
    Truncated { received: u64, expected: u64 },
    #[error("too many redirects (more than {max}; a redirect loop?)")]
    TooManyRedirects { max: u32 },
    #[error("timed out: {what} within {} s (--timeout)", .after.as_secs_f64())]
    Timeout { what: String, after: Duration },
    #[error("connection: {0}")]
    Connection(String),
    #[error("server asked to wait {asked:?} before retrying, longer than --max-retry-wait")]
    RetryAfterTooLong { asked: Duration },
    #[error("{0}")]
    Other(String),
}

/// What a successful GET yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpResponse {
    /// A complete body (any 2xx).
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        /// Attempts made, the successful one included.
        attempts: u32,
    },
    /// 304: the copy named in the conditional request is still current.
    NotModified { attempts: u32 },
}

/// A failed GET: why, and after how many attempts.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{error} ({attempts} attempt{s})", s = if *attempts == 1 { "" } else { "s" })]
pub struct HttpFailure {
    pub error: HttpError,
    pub attempts: u32,
}

/// The validators of a stored copy, sent back so that an unchanged document is not sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One attempt's failure and whether (and when) it is worth another attempt.
struct AttemptError {
    error: HttpError,
    retry: Retry,
}

enum Retry {
    No,
    /// Retry; the server may say when.
    Yes {
        after: Option<Duration>,
    },
}

/// The HTTP client of a run, shared by all threads (the agent pools connections; the limiter
/// spaces requests per host).
#[derive(Debug)]
pub struct HttpClient {
    agent: Agent,
    options: HttpOptions,
    limiter: HostRateLimiter,
}

impl HttpClient {
    pub fn new(options: HttpOptions) -> Self {
        let config = Agent::config_builder()
            // 304, 429 and 5xx must be seen (Retry-After, conditional requests), not thrown.
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .max_redirects(options.max_redirects)
            .max_redirects_will_error(true)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_per_read(Some(options.read_timeout))
            .build();
        HttpClient {
            agent: config.new_agent(),
            limiter: HostRateLimiter::new(options.rate_limit_per_host),
            options,
        }
    }

    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GET `url`, retrying what is worth retrying. With `validators`, a 304 answer is
    /// [`HttpResponse::NotModified`].
    pub fn get(&self, url: &str, validators: &Validators) -> Result<HttpResponse, HttpFailure> {
        let host = host_of(url).ok_or_else(|| HttpFailure {
            error: HttpError::BadUrl(url.to_string()),
            attempts: 0,
        })?;
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.limiter.wait(&host);
            let failure = match self.attempt(url, validators) {
                Ok(response) => return Ok(with_attempts(response, attempts)),
                Err(failure) => failure,
            };
            let after = match failure.retry {
                Retry::Yes { after } if attempts <= self.options.retries => after,
                _ => {
                    return Err(HttpFailure {
                        error: failure.error,
                        attempts,
                    })
                }
            };
            let wait = match after {
                Some(asked) if asked > self.options.max_retry_wait => {
                    return Err(HttpFailure {
                        error: HttpError::RetryAfterTooLong { asked },
                        attempts,
                    })
                }
                Some(asked) => asked,
                None => backoff(
                    attempts,
                    self.options.backoff_base,
                    self.options.max_retry_wait,
                ),
            };
            std::thread::sleep(wait);
        }
    }

    fn attempt(&self, url: &str, validators: &Validators) -> Result<HttpResponse, AttemptError> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let mut response = request.call().map_err(|e| classify(e, &self.options))?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status.as_u16() == 304 {
            return Ok(HttpResponse::NotModified { attempts: 0 });
        }
        if !status.is_success() {
            let error = HttpError::Status {
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
            };
            let transient = matches!(status.as_u16(), 408 | 429) || status.is_server_error();
            let retry = if transient {
                let after =
                    header(RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
                Retry::Yes { after }
            } else {
                Retry::No
            };
            return Err(AttemptError { error, retry });
        }
        let content_type = header(CONTENT_TYPE);
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        // ureq drops Content-Length when it decodes gzip; what remains is the body's length.
        let announced = match header(CONTENT_ENCODING) {
            Some(_) => None,
            None => header(CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok()),
        };
        let limit = self.options.max_body_bytes;
        if let Some(size) = announced.filter(|&size| size > limit) {
            return Err(AttemptError {
                error: HttpError::TooLarge { size, limit },
                retry: Retry::No,
            });
        }
        let mut bytes = Vec::new();
        let mut reader = response.body_mut().with_config().limit(limit).reader();
        // On error, read_to_end leaves what did arrive in `bytes`: the count goes in the reason.
        if let Err(io) = reader.read_to_end(&mut bytes) {
            return Err(classify_body(
                ureq::Error::from(io),
                bytes.len() as u64,
                announced,
                &self.options,
            ));
        }
        if let Some(expected) = announced.filter(|&n| n != bytes.len() as u64) {
            return Err(AttemptError {
                error: HttpError::Truncated {
                    received: bytes.len() as u64,
                    expected,
                },
                retry: Retry::Yes { after: None },
            });
        }
        Ok(HttpResponse::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            attempts: 0,
        })
    }
}

fn with_attempts(response: HttpResponse, attempts: u32) -> HttpResponse {
    match response {
        HttpResponse::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            ..
        } => HttpResponse::Body {
            bytes,
            content_type,
            etag,
            last_modified,
            attempts,
        },
        HttpResponse::NotModified { .. } => HttpResponse::NotModified { attempts },
    }
}

/// The host a URL names (lower case, no port): the unit of the rate limit.
pub fn host_of(url: &str) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    Some(uri.host()?.to_ascii_lowercase())
}

/// Sort a ureq error into what the user is told and whether to try again.
fn classify(error: ureq::Error, options: &HttpOptions) -> AttemptError {
    use ureq::Error as E;
    let (error, retry) = match error {
        E::Timeout(which) => {
            let (what, limit) = match which {
                ureq::Timeout::Connect => {
                    ("could not connect".to_string(), options.connect_timeout)
                }
                ureq::Timeout::PerRead => {
                    ("the server sent nothing".to_string(), options.read_timeout)
                }
                other => (other.to_string(), options.read_timeout),
            };
            (HttpError::Timeout { what, after: limit }, true)
        }
        E::Io(io) => (HttpError::Connection(io.to_string()), true),
        E::ConnectionFailed => (HttpError::Connection("could not connect".to_string()), true),
        E::HostNotFound => (HttpError::Connection("host not found".to_string()), false),
        E::Protocol(e) => (HttpError::Connection(format!("bad HTTP: {e}")), true),
        E::BodyStalled => (HttpError::Connection("the body stalled".to_string()), true),
        E::TooManyRedirects => (
            HttpError::TooManyRedirects {
                max: options.max_redirects,
            },
            false,
        ),
        E::BodyExceedsLimit(limit) => (HttpError::OverLimit { limit }, false),
        E::BadUri(uri) => (HttpError::BadUrl(uri), false),
        other => (HttpError::Other(other.to_string()), false),
    };
    AttemptError {
        error,
        retry: if retry {
            Retry::Yes { after: None }
        } else {
            Retry::No
        },
    }
}

/// Errors while reading the body: an early end is reported as a truncated body when the
/// server announced a length.
fn classify_body(
    error: ureq::Error,
    received: u64,
    announced: Option<u64>,
    options: &HttpOptions,
) -> AttemptError {
    if let (ureq::Error::Io(io), Some(expected)) = (&error, announced) {
        if io.kind() == std::io::ErrorKind::UnexpectedEof {
            return AttemptError {
                error: HttpError::Truncated { received, expected },
                retry: Retry::Yes { after: None },
            };
        }
    }
    classify(error, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_urls() {
        assert_eq!(
            host_of("https://Www.Odense.dk:443/referat?id=1").as_deref(),
            Some("www.odense.dk")
        );
        assert_eq!(host_of("ftp://example.org/a"), None);
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn user_agent_names_referat_and_its_version() {
        assert!(USER_AGENT.starts_with(&format!("Referat/{}", crate::VERSION)));
    }
}

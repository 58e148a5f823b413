//! http(s) sources.

use chrono::Utc;

use super::FetchError;
use crate::model::{Fetched, Source};

/// How HTTP sources are fetched.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Bodies larger than this fail the source.
    pub max_body_bytes: u64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Fetch a URL.
pub fn fetch_url(source: &Source, options: &HttpOptions) -> Result<Fetched, FetchError> {
    let url = source.location.as_str();
    let err = |reason: String| FetchError::Http {
        url: url.to_string(),
        reason,
    };
    let mut response = ureq::get(url)
        .header("User-Agent", concat!("referat/", env!("CARGO_PKG_VERSION")))
        .call()
        .map_err(|e| err(e.to_string()))?;
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_body_bytes)
        .read_to_vec()
        .map_err(|e| err(e.to_string()))?;
    Ok(Fetched {
        source: source.clone(),
        bytes,
        fetched_at: Utc::now(),
        content_type,
        etag: None,
        last_modified: None,
    })
}

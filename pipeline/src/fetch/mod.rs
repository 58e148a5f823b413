//! The fetch stage: a [`Source`] (local path or http(s) URL) → raw bytes ([`Fetched`]).
//!
//! Folders are expanded into their documents by [`expand_sources`] before fetching.

pub mod http;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use thiserror::Error;

use crate::model::{Fetched, Source};

#[derive(Debug, Error)]
pub enum FetchError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{url}: {reason}")]
    Http { url: String, reason: String },
}

/// Options for fetching, shared by every source of a run.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub http: http::HttpOptions,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            http: http::HttpOptions::default(),
        }
    }
}

/// File names in a folder that are not documents.
fn is_document_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with(".toml")
        || name.ends_with(".md") && name == "README.md")
}

/// Expand folders into the documents they hold (sorted, not recursive into hidden folders).
/// Files and URLs pass through unchanged.
pub fn expand_sources(sources: Vec<Source>) -> Result<Vec<Source>, FetchError> {
    let mut out = Vec::new();
    for source in sources {
        let path = Path::new(&source.location);
        if !source.is_url() && path.is_dir() {
            let mut files = Vec::new();
            collect_files(path, &mut files)?;
            files.sort();
            for f in files {
                out.push(Source {
                    location: f.to_string_lossy().into_owned(),
                    meta: source.meta.clone(),
                });
            }
        } else {
            out.push(source);
        }
    }
    Ok(out)
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), FetchError> {
    let entries = fs::read_dir(dir).map_err(|source| FetchError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| FetchError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect_files(&path, files)?;
            }
        } else if is_document_file(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Fetch one source.
pub fn fetch(source: &Source, options: &FetchOptions) -> Result<Fetched, FetchError> {
    if source.is_url() {
        return http::fetch_url(source, &options.http);
    }
    let path = Path::new(&source.location);
    let bytes = fs::read(path).map_err(|e| FetchError::Read {
        path: path.to_path_buf(),
        source: e,
    })?;
    let fetched_at = fs::metadata(path)
        .and_then(|m| m.modified())
        .map(chrono::DateTime::<Utc>::from)
        .unwrap_or_else(|_| Utc::now());
    Ok(Fetched {
        source: source.clone(),
        bytes,
        fetched_at,
        content_type: None,
        etag: None,
        last_modified: None,
    })
}

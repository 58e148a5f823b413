//! The checksum stage and the content-addressed store.
//!
//! Raw documents are kept under `<cache>/sha256/ab/cdef…` (the SHA-256 of their bytes), written
//! to a temporary name and renamed into place, so the store only ever holds complete documents
//! and never needs a lock. The rows extracted from a document are cached beside it under a key
//! that includes the parser version, so unchanged input is never parsed twice.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::model::{Fetched, Stored};
use crate::rows::Normalised;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// Open (creating) a store at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(|source| StoreError::Io {
            path: root.clone(),
            source,
        })?;
        Ok(Store { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the raw bytes of a checksum live.
    pub fn raw_path(&self, sha256: &str) -> PathBuf {
        self.root
            .join("sha256")
            .join(&sha256[..2])
            .join(&sha256[2..])
    }

    fn rows_path(&self, sha256: &str, key: &str) -> PathBuf {
        self.root
            .join("rows")
            .join(&sha256[..2])
            .join(format!("{}.{key}.json", &sha256[2..]))
    }

    /// Checksum the fetched bytes and keep them (a no-op when already stored).
    pub fn put(&self, fetched: &Fetched) -> Result<Stored, StoreError> {
        let sha256 = sha256_hex(&fetched.bytes);
        let path = self.raw_path(&sha256);
        if !path.exists() {
            write_atomic(&path, &fetched.bytes)?;
        }
        Ok(Stored {
            source: fetched.source.clone(),
            sha256,
            byte_size: fetched.bytes.len() as u64,
            fetched_at: fetched.fetched_at,
            content_type: fetched.content_type.clone(),
        })
    }

    /// The raw bytes of a stored document.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.raw_path(sha256);
        fs::read(&path).map_err(|source| StoreError::Io { path, source })
    }

    /// Rows cached for a document under `key` (which names the parser version and whatever
    /// else the rows depend on), if any and readable.
    pub fn cached_rows(&self, sha256: &str, key: &str) -> Option<Normalised> {
        let text = fs::read(self.rows_path(sha256, key)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    pub fn put_rows(&self, sha256: &str, key: &str, rows: &Normalised) -> Result<(), StoreError> {
        let json = serde_json::to_vec(rows).expect("rows serialise");
        write_atomic(&self.rows_path(sha256, key), &json)
    }
}

/// Write to a temporary file in the same folder, then rename into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().expect("store paths have a parent");
    fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let mut f = fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

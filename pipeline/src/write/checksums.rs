//! `SHA256SUMS`: the checksum of every file of a written dataset, in the format `sha256sum`
//! writes and `sha256sum -c SHA256SUMS` verifies (run inside the dataset's folder).
//!
//! It is the last file written, so a folder whose `SHA256SUMS` verifies is complete. The
//! parser here reads what we write (and what `sha256sum` writes) so `referat validate` can
//! check a dataset without the coreutils.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use thiserror::Error;

/// The checksum file's name.
pub const SHA256SUMS: &str = "SHA256SUMS";

#[derive(Debug, Error)]
pub enum ChecksumError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: expected \"<64 hex digits>  <file name>\", found {found:?}")]
    Malformed {
        path: PathBuf,
        line: usize,
        found: String,
    },
}

/// One line of a `SHA256SUMS` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// File name relative to the folder holding `SHA256SUMS`.
    pub file_name: String,
}

/// Lower-case hex SHA-256 and size in bytes of a file, read in blocks (a Parquet file may be
/// larger than we want in memory twice).
pub fn hash_file(path: &Path) -> Result<(String, u64), ChecksumError> {
    let io = |source| ChecksumError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0_u8; 1 << 16];
    let mut size = 0_u64;
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok((hex, size))
}

/// The text of a `SHA256SUMS` file: one `<hex>  <name>` line per entry (two spaces: text
/// mode, as `sha256sum` writes it), sorted by file name so the file is reproducible.
pub fn render(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    sorted
        .iter()
        .map(|e| format!("{}  {}\n", e.sha256, e.file_name))
        .collect()
}

/// Parse a `SHA256SUMS` text. Accepts both of `sha256sum`'s separators (`"  "` text mode and
/// `" *"` binary mode); blank lines are skipped.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Entry>, ChecksumError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let malformed = || ChecksumError::Malformed {
            path: path.to_path_buf(),
            line: index + 1,
            found: line.chars().take(120).collect(),
        };
        let (hex, rest) = line.split_at_checked(64).ok_or_else(malformed)?;
        let file_name = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .ok_or_else(malformed)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) || file_name.is_empty() {
            return Err(malformed());
        }
        entries.push(Entry {
            sha256: hex.to_ascii_lowercase(),
            file_name: file_name.to_string(),
        });
    }
    Ok(entries)
}

/// A file whose checksum does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Listed, but not in the folder (or not readable).
    Missing { file_name: String, reason: String },
    /// Listed with another checksum than its bytes have.
    Differs {
        file_name: String,
        expected: String,
        computed: String,
    },
    /// A file name that leaves the folder (absolute, or with `..`): never followed.
    OutsideFolder { file_name: String },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing { file_name, reason } => {
                write!(
                    f,
                    "{file_name} is listed in {SHA256SUMS} but cannot be read: {reason}"
                )
            }
            Mismatch::Differs {
                file_name,
                expected,
                computed,
            } => write!(
                f,
                "{file_name}: checksum mismatch: {SHA256SUMS} says {expected}, the file has \
                 {computed}"
            ),
            Mismatch::OutsideFolder { file_name } => {
                write!(
                    f,
                    "{SHA256SUMS} names {file_name:?}, which is outside the folder"
                )
            }
        }
    }
}

/// Check every entry against the files in `dir`.
pub fn verify(dir: &Path, entries: &[Entry]) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for entry in entries {
        let relative = Path::new(&entry.file_name);
        let stays_inside = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !stays_inside {
            mismatches.push(Mismatch::OutsideFolder {
                file_name: entry.file_name.clone(),
            });
            continue;
        }
        match hash_file(&dir.join(relative)) {
            Err(ChecksumError::Io { source, .. }) => mismatches.push(Mismatch::Missing {
                file_name: entry.file_name.clone(),
                reason: source.to_string(),
            }),
            Err(other) => mismatches.push(Mismatch::Missing {
                file_name: entry.file_name.clone(),
                reason: other.to_string(),
            }),
            Ok((computed, _)) if computed != entry.sha256 => mismatches.push(Mismatch::Differs {
                file_name: entry.file_name.clone(),
                expected: entry.sha256.clone(),
                computed,
            }),
            Ok(_) => {}
        }
    }
    mismatches
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn render_sorts_by_name_and_parse_reads_it_back() {
        let entries = vec![
            Entry {
                sha256: "b".repeat(64),
                file_name: "votes.parquet".into(),
            },
            Entry {
                sha256: "a".repeat(64),
                file_name: "datapackage.json".into(),
            },
        ];
        let text = render(&entries);
        assert_eq!(
            text,
            format!(
                "{}  datapackage.json\n{}  votes.parquet\n",
                "a".repeat(64),
                "b".repeat(64)
            )
        );
        let parsed = parse(Path::new(SHA256SUMS), &text).unwrap();
        assert_eq!(parsed[0].file_name, "datapackage.json");
        assert_eq!(parsed[1].sha256, "b".repeat(64));
    }

    #[test]
    fn parse_accepts_binary_mode_and_rejects_garbage() {
        let line = format!("{} *x.parquet\n", "C".repeat(64));
        let parsed = parse(Path::new("S"), &line).unwrap();
        assert_eq!(parsed[0].sha256, "c".repeat(64));
        assert_eq!(parsed[0].file_name, "x.parquet");
        for bad in ["abc  x", &format!("{} x", "a".repeat(64)), "ø"] {
            assert!(
                matches!(
                    parse(Path::new("S"), bad),
                    Err(ChecksumError::Malformed { line: 1, .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn verify_finds_changed_missing_and_escaping_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("empty"), b"").unwrap();
        fs::write(dir.path().join("changed"), b"x").unwrap();
        let (hex, size) = hash_file(&dir.path().join("empty")).unwrap();
        assert_eq!((hex.as_str(), size), (EMPTY_SHA256, 0));
        let entries = [
            ("empty", EMPTY_SHA256),
            ("changed", EMPTY_SHA256),
            ("gone", EMPTY_SHA256),
            ("../empty", EMPTY_SHA256),
        ]
        .map(|(name, sha)| Entry {
            sha256: sha.into(),
            file_name: name.into(),
        });
        let found = verify(dir.path(), &entries);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(matches!(&found[0], Mismatch::Differs { file_name, .. } if file_name == "changed"));
        assert!(matches!(&found[1], Mismatch::Missing { file_name, .. } if file_name == "gone"));
        assert!(matches!(&found[2], Mismatch::OutsideFolder { .. }));
    }
}

//! The checksum stage and the content-addressed store.
//!
//! Raw documents are kept under `<cache>/sha256/ab/cdef…` (the SHA-256 of their bytes), written
//! to a temporary name and renamed into place, so the store only ever holds complete documents
//! and never needs a lock. The rows extracted from a document are cached beside it under a key
//! that includes the parser version, so unchanged input is never parsed twice. The store is
//! append-only: a checksum, once written, is never rewritten or removed by Referat, and reading
//! a document checks its bytes against its name, so a damaged file is an error, not input.
//!
//! Writes are not fsynced: after a power loss a file may be cut short, which `get` detects (and
//! the next fetch repairs); a damaged rows cache fails to decode and is rebuilt. Syncing two
//! files per document cost more than parsing them (measured: about 5.5 s per 1,000 documents).

mod rows_codec;

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs;
use std::io::{Read as _, Write};
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::model::{Fetched, Stored};
use crate::rows::{Normalised, RowsPart};
pub use rows_codec::PartsAt;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store {path}: damaged: named {expected} but its bytes hash to {computed}")]
    HashMismatch {
        path: PathBuf,
        expected: String,
        computed: String,
    },
}

/// A document that could not be read (extract or parse failed), remembered like rows are: the
/// same bytes under the same parser fail the same way, so a re-run need not try again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedFailure {
    pub format: Option<String>,
    pub reason: String,
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    finish_hex(hasher)
}

/// The checksum of what `hasher` was given, in lower-case hex.
pub fn finish_hex(hasher: Sha256) -> String {
    let mut s = String::with_capacity(64);
    for b in hasher.finalize().iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// What [`Store::put_known`] did.
#[derive(Debug, Clone)]
pub struct Put {
    pub stored: Stored,
    /// The stored copy's [`stamp`] now.
    pub stamp: Option<String>,
    /// The store held no copy of these bytes before (it has one now). Nothing this checksum
    /// names can have been derived from them and cached by Referat, except by another
    /// process racing this one or after the copy was removed by hand.
    pub new_copy: bool,
}

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// Checksums whose stored copy this process wrote or checked: read back later in the same
    /// run (the parse phase reads what the fetch phase stored a moment before), they are not
    /// hashed a second time. Every copy is still checked once per run.
    /// Kept as the checksums' 32 bytes, not their hex text: one per document for the whole
    /// fetch phase.
    checked: Arc<Mutex<HashSet<[u8; 32]>>>,
}

impl Store {
    /// Open (creating) a store at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let root = root.into();
        fs::create_dir_all(&root).map_err(|source| StoreError::Io {
            path: root.clone(),
            source,
        })?;
        Ok(Store {
            root,
            checked: Arc::default(),
        })
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
            .join(format!("{}.{key}.rows", &sha256[2..]))
    }

    /// Checksum the fetched bytes and keep them (a no-op when already stored intact; a stored
    /// copy damaged on disk is replaced by these bytes, which are what its name says).
    pub fn put(&self, fetched: &Fetched) -> Result<Stored, StoreError> {
        self.put_known(fetched, |_| None).map(|put| put.stored)
    }

    /// [`Store::put`], told by `known` (asked with the bytes' checksum) how the stored copy
    /// looked ([`stamp`]) when it was last found to hold these bytes. A copy that still looks
    /// so is not read again: nothing has written to it since (a write changes its change
    /// time, a replacement its inode), so it still holds them. Any other copy is compared
    /// with the bytes and written again if it differs. Says the copy's stamp now (None
    /// where the platform gives none: then the copy is always compared), and whether there
    /// was no copy before.
    pub fn put_known(
        &self,
        fetched: &Fetched,
        known: impl FnOnce(&str) -> Option<String>,
    ) -> Result<Put, StoreError> {
        let sha256 = sha256_hex(&fetched.bytes);
        let path = self.raw_path(&sha256);
        let meta = fs::metadata(&path).ok();
        let new_copy = meta.is_none();
        let before = meta.as_ref().and_then(stamp);
        let unchanged = before.is_some() && known(&sha256) == before;
        // The stored copy is intact when it holds exactly these bytes (whose checksum was just
        // computed): comparing bytes is far cheaper than hashing the copy again. A copy that
        // is not there is not opened to find that out again.
        let intact =
            || meta.is_some() && fs::read(&path).is_ok_and(|stored| stored == fetched.bytes);
        let stamp_now = if unchanged || intact() {
            before
        } else {
            write_atomic(&path, &fetched.bytes)?;
            // Asked of the path after the rename, not of the temporary file before it: the
            // stamp is compared with what a later run's stat of this path returns, and a
            // rename changes the renamed file's change time (ext4, tmpfs, xfs, btrfs), so the
            // temporary file's own look would never match and every copy would be read back
            // once more at the next run. (The still-open file asked after the rename would
            // save nothing: one call either way.)
            fs::metadata(&path).ok().and_then(|meta| stamp(&meta))
        };
        self.mark_checked(&sha256);
        let stored = Stored {
            source: fetched.source.clone(),
            sha256,
            byte_size: fetched.bytes.len() as u64,
            fetched_at: fetched.fetched_at,
            content_type: fetched.content_type.clone(),
        };
        Ok(Put {
            stored,
            stamp: stamp_now,
            new_copy,
        })
    }

    /// Whether the stored copy named `sha256` still looks as `known` (its [`stamp`] when it
    /// was last found to hold the bytes its name says): then it still holds them (see
    /// [`Store::put_known`]), and it counts as checked for this run.
    pub fn intact_as_known(&self, sha256: &str, known: &str) -> bool {
        let looks = fs::metadata(self.raw_path(sha256))
            .ok()
            .and_then(|meta| stamp(&meta));
        let intact = looks.as_deref() == Some(known);
        if intact {
            self.mark_checked(sha256);
        }
        intact
    }

    /// True when the store holds a document with this checksum.
    pub fn contains(&self, sha256: &str) -> bool {
        is_sha256_hex(sha256) && self.raw_path(sha256).is_file()
    }

    /// The raw bytes of a stored document, checked against their checksum.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.raw_path(sha256);
        let bytes = fs::read(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        if self.was_checked(sha256) {
            return Ok(bytes);
        }
        let computed = sha256_hex(&bytes);
        if computed != sha256 {
            return Err(StoreError::HashMismatch {
                path,
                expected: sha256.to_string(),
                computed,
            });
        }
        self.mark_checked(sha256);
        Ok(bytes)
    }

    fn was_checked(&self, sha256: &str) -> bool {
        digest_of_hex(sha256).is_some_and(|digest| {
            self.checked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(&digest)
        })
    }

    fn mark_checked(&self, sha256: &str) {
        // Only checksums computed here are marked: lower-case hex, so always a digest.
        if let Some(digest) = digest_of_hex(sha256) {
            self.checked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(digest);
        }
    }

    /// Rows cached for a document under `key` (which names the parser version and whatever
    /// else the rows depend on), if any and readable.
    pub fn cached_rows(&self, sha256: &str, key: &str) -> Option<Normalised> {
        self.cached_rows_at(sha256, key).map(|(rows, _)| rows)
    }

    /// [`Store::cached_rows`], and where the file's parts are (for [`Store::cached_rows_part`]).
    pub fn cached_rows_at(&self, sha256: &str, key: &str) -> Option<(Normalised, PartsAt)> {
        let file = fs::File::open(self.rows_path(sha256, key)).ok()?;
        READ_BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            // Into the room the buffer kept from the files read before (~90 KB a document):
            // not sized by asking the file (two calls per document).
            let rows = read_appending(&file, buffer).ok().and_then(|()| {
                let at = PartsAt::of(buffer)?;
                Some((rows_codec::decode(buffer)?, at))
            });
            if buffer.capacity() > KEPT_BUFFER {
                *buffer = Vec::new();
            }
            rows
        })
    }

    /// One part of the rows cached for a document under `key` (see [`RowsPart`]), where `at`
    /// (from when the file was written or read whole) says it is: one positioned read of only
    /// that part's bytes (before, the writer's two threads each opened, measured, read the
    /// head, sought and read: six calls a part, ~12,000 per 1,000 documents). None when
    /// missing or unreadable, like [`Store::cached_rows`] — a file cut short or changed since
    /// is refused by the part's decoding or by the caller's count of its rows.
    pub fn cached_rows_part(
        &self,
        sha256: &str,
        key: &str,
        part: RowsPart,
        at: PartsAt,
    ) -> Option<Normalised> {
        let file = fs::File::open(self.rows_path(sha256, key)).ok()?;
        let (start, end) = at.range(part);
        let len = usize::try_from(end.checked_sub(start)?).ok()?;
        READ_BUFFER.with_borrow_mut(|buffer| {
            // Not cleared first: only what the buffer grows by is zeroed, not every part's
            // bytes (~90 MB per 1,000 documents) before they are read over.
            buffer.resize(len, 0);
            let rows = file
                .read_exact_at(buffer, start)
                .ok()
                .and_then(|()| rows_codec::decode_part(buffer, part));
            if buffer.capacity() > KEPT_BUFFER {
                *buffer = Vec::new();
            }
            rows
        })
    }

    /// Cache a document's rows; returns where the file's parts are.
    pub fn put_rows(
        &self,
        sha256: &str,
        key: &str,
        rows: &Normalised,
    ) -> Result<PartsAt, StoreError> {
        ENCODE_BUFFERS.with_borrow_mut(|(file, structure)| {
            rows_codec::encode_into(rows, file, structure);
            let at = PartsAt::of(file).expect("an encoded file has its parts");
            let written = write_atomic(&self.rows_path(sha256, key), file).map(|()| at);
            if file.capacity() > KEPT_BUFFER {
                *file = Vec::new();
                *structure = Vec::new();
            }
            written
        })
    }

    fn failure_path(&self, sha256: &str, key: &str) -> PathBuf {
        self.root
            .join("rows")
            .join(&sha256[..2])
            .join(format!("{}.{key}.failed.json", &sha256[2..]))
    }

    /// The failure cached for a document under `key`, if any and readable.
    pub fn cached_failure(&self, sha256: &str, key: &str) -> Option<CachedFailure> {
        let text = fs::read(self.failure_path(sha256, key)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    pub fn put_failure(
        &self,
        sha256: &str,
        key: &str,
        failure: &CachedFailure,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_vec(failure).expect("failures serialise");
        write_atomic(&self.failure_path(sha256, key), &json)
    }
}

thread_local! {
    /// Each thread reads rows files into the same buffer: a fresh ~90 KB buffer per document
    /// was allocated, faulted in and freed again (the rows are copied out of it anyway).
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// And encodes them into the same two buffers (the file, and scratch for its structure),
    /// instead of growing fresh ones by doubling for every document.
    static ENCODE_BUFFERS: RefCell<(Vec<u8>, Vec<u8>)> =
        const { RefCell::new((Vec::new(), Vec::new())) };
}

/// A buffer grown beyond this by an unusually large document is not kept.
const KEPT_BUFFER: usize = 4 << 20;

/// The 32 bytes a lower-case hex checksum spells (None for any other text, upper-case hex
/// included: it never equals a checksum computed here, which is lower-case).
fn digest_of_hex(text: &str) -> Option<[u8; 32]> {
    let hex = text.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(digest)
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How a stored file looks on disk: inode, size, modification and change times (to the
/// nanosecond). Writing to the file changes its change time (which no program can set back),
/// replacing it changes the inode. None off Unix.
pub fn stamp(meta: &fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some(format!(
            "{}:{}:{}.{:09}:{}.{:09}",
            meta.ino(),
            meta.size(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec()
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Write to a temporary file in the same folder, then rename into place. The temporary name is
/// unique per process and call: two threads storing the same document must not share one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// [`write_atomic`], the file's bytes written by `write` into the temporary file (so that a
/// large file need not be built in memory first).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    // The process id asked once: `std::process::id` is a `getpid` call each time (two per
    // document). A process forked without exec after this would share the id with its
    // parent, and so names: the temporary file is created exclusively, and a name taken is
    // passed over for the next one, so two writers never share a file whatever the id says.
    static PROCESS_ID: OnceLock<u32> = OnceLock::new();
    let process_id = *PROCESS_ID.get_or_init(std::process::id);
    let dir = path.parent().expect("store paths have a parent");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut tmp;
    let mut names_taken = 0;
    let mut f = loop {
        let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        tmp = dir.join(format!(".{name}.{process_id}.{n}.tmp"));
        // The folder exists for all but the first file written into it: creating it only when
        // the file cannot be created saves a `mkdir` (and a `stat`) per file.
        let created = match create_new(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(dir).map_err(io)?;
                create_new(&tmp)
            }
            created => created,
        };
        match created {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && names_taken < 100 => {
                names_taken += 1;
            }
            created => break created.map_err(io)?,
        }
    };
    write(&mut f).map_err(io)?;
    drop(f);
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io(e)
    })
}

/// Read an open file to its end, appended to `bytes`, first into the room `bytes` has (one
/// read when the file fits, into memory not zeroed first, as `fs::read` reads), then one small
/// read to find the end; the buffer grows only when that finds more. It does not ask the
/// file's size, as `File::read_to_end` does (`statx` and `lseek` per file): the caller's
/// buffer is sized already (from an `fstat` it needed anyway, or by the files read before).
#[cfg(target_os = "linux")]
pub(crate) fn read_appending(file: &fs::File, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::ErrorKind;
    use std::os::fd::AsRawFd as _;
    loop {
        if bytes.len() == bytes.capacity() {
            // Full: at its end, or the file holds more. A small read says which, without
            // growing the buffer for nothing.
            let mut probe = [0u8; 32];
            let read = match (&*file).read(&mut probe) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                read => read?,
            };
            if read == 0 {
                return Ok(());
            }
            bytes.extend_from_slice(&probe[..read]);
            bytes
                .try_reserve(bytes.len().max(64 * 1024))
                .map_err(|_| std::io::Error::from(ErrorKind::OutOfMemory))?;
        }
        let spare = bytes.spare_capacity_mut();
        // SAFETY: `read` writes at most `spare.len()` bytes into the vector's spare capacity,
        // which is that long and not otherwise borrowed; it needs no initialised memory.
        let read = unsafe { libc::read(file.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
        let Ok(read) = usize::try_from(read) else {
            let error = std::io::Error::last_os_error();
            if error.kind() == ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        };
        if read == 0 {
            return Ok(());
        }
        // SAFETY: `read` (at most the spare capacity) more bytes are initialised.
        unsafe { bytes.set_len(bytes.len() + read) };
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn read_appending(file: &fs::File, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    (&*file).read_to_end(bytes).map(drop)
}

/// A new file to write (not one that is there already: see [`write_atomic_with`]).
fn create_new(path: &Path) -> std::io::Result<fs::File> {
    fs::File::options().write(true).create_new(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_read_only_from_lower_case_hex_and_spells_it_back() {
        let hex = sha256_hex(b"abc");
        let digest = digest_of_hex(&hex).unwrap();
        let back: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(back, hex);
        assert_eq!(digest_of_hex(&hex.to_uppercase()), None);
        assert_eq!(digest_of_hex(&hex[..62]), None);
        assert_eq!(digest_of_hex(&format!("{}g", &hex[..63])), None);
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn fetched_referat() -> Fetched {
        Fetched {
            source: crate::model::Source::new("a.txt"),
            bytes: b"referat".to_vec(),
            fetched_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            content_type: None,
            etag: None,
            last_modified: None,
        }
    }

    #[test]
    fn a_damaged_stored_file_is_an_error_not_input() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let sha = sha256_hex(b"referat");
        write_atomic(&store.raw_path(&sha), b"referat").unwrap();
        assert_eq!(store.get(&sha).unwrap(), b"referat");
        fs::write(store.raw_path(&sha), b"referaT").unwrap();
        // The next run (a new Store) checks the copy again and finds the damage.
        let store = Store::open(dir.path()).unwrap();
        assert!(matches!(
            store.get(&sha),
            Err(StoreError::HashMismatch { .. })
        ));
        assert!(store.contains(&sha));
        assert!(!store.contains("../../etc"));

        // Told how an intact copy looked, a copy that still looks so is not read; one written
        // to since looks different, so it is compared and repaired.
        let looked = store.put_known(&fetched_referat(), |_| None).unwrap().stamp;
        assert!(looked.is_some());
        fs::write(store.raw_path(&sha), b"referaT").unwrap();
        let now = store
            .put_known(&fetched_referat(), |_| looked.clone())
            .unwrap()
            .stamp;
        assert_ne!(now, looked);
        assert_eq!(store.get(&sha).unwrap(), b"referat");
        let again = store
            .put_known(&fetched_referat(), |_| now.clone())
            .unwrap()
            .stamp;
        assert_eq!(again, now);
        fs::write(store.raw_path(&sha), b"referaT").unwrap();

        // Fetching the document again repairs its copy.
        assert_eq!(store.put(&fetched_referat()).unwrap().sha256, sha);
        assert_eq!(store.get(&sha).unwrap(), b"referat");
    }

    /// Rows of a real document (money, dates, votes, lists) come back from the cache equal, and
    /// a damaged cache file is a miss (the document is parsed again), never wrong rows.
    #[test]
    fn cached_rows_round_trip_and_damage_is_a_miss() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/corpus/001_bcefb93b7da31050.txt"
        );
        let bytes = fs::read(path).unwrap();
        let stored = Stored {
            source: crate::model::Source::new(path),
            sha256: sha256_hex(&bytes),
            byte_size: bytes.len() as u64,
            fetched_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            content_type: None,
        };
        let text = crate::extract::extract(&bytes, None).unwrap().text;
        let rows = crate::normalise::normalise(&crate::parse::parse(&text).unwrap(), &stored);
        assert!(!rows.amounts.is_empty() && !rows.votes.is_empty());

        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let at = store.put_rows(&stored.sha256, "k", &rows).unwrap();
        assert_eq!(
            store.cached_rows_at(&stored.sha256, "k"),
            Some((rows.clone(), at))
        );
        assert_eq!(store.cached_rows(&stored.sha256, "other-key"), None);
        // Each part reads back alone (the writer's three threads read one each).
        let part = |part| store.cached_rows_part(&stored.sha256, "k", part, at);
        let mut split = rows.clone();
        let parts = RowsPart::ALL.map(|p| p.take_from(&mut split));
        for (p, rows) in RowsPart::ALL.into_iter().zip(&parts) {
            assert_eq!(part(p).as_ref(), Some(rows), "{p:?}");
        }
        assert!(!parts[0].items.is_empty() && !parts[1].amounts.is_empty());

        let file = store.rows_path(&stored.sha256, "k");
        let good = fs::read(&file).unwrap();
        assert_eq!(rows_codec::PartsAt::of(&good), Some(at));
        assert_eq!(rows_codec::PartsAt::of(&good[..rows_codec::HEAD + 1]), None);
        fs::write(&file, &good[..good.len() / 2]).unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), None);
        // A length prefix claiming far more than the file holds is refused, not allocated.
        fs::write(
            &file,
            [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
        )
        .unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), None);
        let mut extra = good.clone();
        extra.push(0);
        fs::write(&file, extra).unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), None);
        // The same after the magic number of the current layout.
        let mut huge = good[..4].to_vec();
        huge.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        fs::write(&file, huge).unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), None);
        for p in RowsPart::ALL {
            assert_eq!(part(p), None, "{p:?}");
        }
        // A file of the previous encoding (bincode, here of no rows) is a miss, not rows.
        fs::write(&file, [0_u8; 7]).unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), None);
        // Every cut of the file is refused, and the file written again reads back.
        // A cut leaves the parts before it readable, and only those.
        for cut in (0..good.len()).step_by(97) {
            fs::write(&file, &good[..cut]).unwrap();
            assert_eq!(store.cached_rows(&stored.sha256, "k"), None, "cut at {cut}");
            for (p, rows) in RowsPart::ALL.into_iter().zip(&parts) {
                let intact = (cut as u64 >= at.range(p).1).then(|| rows.clone());
                assert_eq!(part(p), intact, "{p:?} cut at {cut}");
            }
        }
        store.put_rows(&stored.sha256, "k", &rows).unwrap();
        assert_eq!(store.cached_rows(&stored.sha256, "k"), Some(rows));
    }
}

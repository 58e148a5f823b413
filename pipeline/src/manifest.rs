//! The source manifest (`data/sources.toml`): which documents to process, and what is known of
//! them beforehand (municipality, committee, expected date).
//!
//! ```toml
//! [defaults]                      # applies to every source unless it says otherwise
//! municipality = "Odense Kommune"
//!
//! [[source]]
//! location = "corpus/000_9ddbbfa82481eb80.txt"   # relative to the manifest's folder, or a URL
//! committee = "Beskæftigelses- og Socialudvalget"
//! expected_date = "2023-09-19"
//! ```

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

use crate::model::{Source, SourceMeta};

#[derive(Debug, Error)]
pub enum ManifestError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaToml {
    municipality: Option<String>,
    committee: Option<String>,
    expected_date: Option<NaiveDate>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceToml {
    location: String,
    municipality: Option<String>,
    committee: Option<String>,
    expected_date: Option<NaiveDate>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestToml {
    defaults: Option<MetaToml>,
    #[serde(default, rename = "source")]
    sources: Vec<SourceToml>,
}

/// Read a manifest. Relative locations are taken relative to the manifest's folder.
pub fn read(path: &Path) -> Result<Vec<Source>, ManifestError> {
    let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|message| {
        ManifestError::Invalid {
            path: path.to_path_buf(),
            message,
        }
    })
}

/// The manifest's tables, read one `[[source]]` entry at a time where that reads the same as
/// reading the whole text at once ([`read_by_entry`]), else at once.
fn read_tables(text: &str) -> Result<ManifestToml, String> {
    match read_by_entry(text) {
        Some(manifest) => Ok(manifest),
        None => toml::from_str(text).map_err(|e| e.to_string()),
    }
}

/// Read a manifest in pieces: the text before the first line that is `[[source]]` (the
/// defaults), then from each such line to the next (one entry). `toml` builds a tree of the
/// whole text before handing out values, ~1.5 KB per entry: for the bench's 4,000 sources
/// that was ~6 MB of the no-change re-run's ~21 MB peak, and it grows with the manifest.
/// One entry's tree at a time does not.
///
/// None, for the caller to read the whole text instead (which also gives the error with its
/// line), whenever the pieces might not mean what the whole means: a piece that does not
/// parse — a line `[[source]]` inside a multi-line string or array leaves the piece before it
/// unterminated — `[defaults]` after the first entry (the whole text decides whether it is
/// repeated), or entries already in the first piece (`source = [...]`, `[[ source ]]`), which
/// the whole text might not allow to be extended.
fn read_by_entry(text: &str) -> Option<ManifestToml> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_matches([' ', '\t', '\r', '\n']) == "[[source]]" {
            starts.push(at);
        }
        at += line.len();
    }
    let first = *starts.first()?;
    let mut manifest: ManifestToml = toml::from_str(&text[..first]).ok()?;
    if !manifest.sources.is_empty() {
        return None;
    }
    starts.push(text.len());
    for piece in starts.windows(2) {
        let entry: ManifestToml = toml::from_str(&text[piece[0]..piece[1]]).ok()?;
        if entry.defaults.is_some() {
            return None;
        }
        manifest.sources.extend(entry.sources);
    }
    Some(manifest)
}

fn parse(text: &str, base: &Path) -> Result<Vec<Source>, String> {
    let manifest = read_tables(text)?;
    // `source` is the key of the documents table: two entries for one location (perhaps with
    // different metadata) would make two rows with one key, or silently lose one entry.
    let mut first_entry = std::collections::HashMap::new();
    for (index, source) in manifest.sources.iter().enumerate() {
        if let Some(first) = first_entry.insert(source.location.as_str(), index) {
            return Err(format!(
                "source {} is listed twice (entries {} and {})",
                source.location,
                first + 1,
                index + 1
            ));
        }
    }
    let d = manifest.defaults.unwrap_or_default();
    Ok(manifest
        .sources
        .into_iter()
        .map(|s| {
            let is_url = s.location.starts_with("http://") || s.location.starts_with("https://");
            let location = if is_url || Path::new(&s.location).is_absolute() {
                s.location
            } else {
                base.join(&s.location).to_string_lossy().into_owned()
            };
            Source {
                location,
                meta: SourceMeta {
                    municipality: s.municipality.or_else(|| d.municipality.clone()),
                    committee: s.committee.or_else(|| d.committee.clone()),
                    expected_date: s.expected_date.or(d.expected_date),
                },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_and_paths_are_relative_to_the_manifest() {
        let text = r#"
            [defaults]
            municipality = "Odense Kommune"
            [[source]]
            location = "corpus/a.txt"
            expected_date = "2023-09-19"
            [[source]]
            location = "https://example.org/b.pdf"
            municipality = "Aarhus Kommune"
        "#;
        let sources = parse(text, Path::new("data")).unwrap();
        assert_eq!(sources[0].location, "data/corpus/a.txt");
        assert_eq!(
            sources[0].meta.municipality.as_deref(),
            Some("Odense Kommune")
        );
        assert_eq!(
            sources[0].meta.expected_date,
            NaiveDate::from_ymd_opt(2023, 9, 19)
        );
        assert_eq!(sources[1].location, "https://example.org/b.pdf");
        assert_eq!(
            sources[1].meta.municipality.as_deref(),
            Some("Aarhus Kommune")
        );
    }

    #[test]
    fn a_location_listed_twice_is_an_error() {
        let text = "[[source]]\nlocation = \"a.txt\"\n[[source]]\nlocation = \"b.txt\"\n\
                    [[source]]\nlocation = \"a.txt\"\ncommittee = \"X\"\n";
        assert_eq!(
            parse(text, Path::new(".")).unwrap_err(),
            "source a.txt is listed twice (entries 1 and 3)"
        );
    }

    #[test]
    fn unknown_keys_are_an_error() {
        assert!(parse(
            "[[source]]\nlocation = \"a\"\ncomitee = \"x\"\n",
            Path::new(".")
        )
        .is_err());
    }

    /// The whole text at once: what [`read_tables`] must agree with.
    fn read_whole(text: &str) -> Result<ManifestToml, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    fn assert_reads_as_whole(text: &str) {
        assert_eq!(read_tables(text), read_whole(text), "{text}");
    }

    #[test]
    fn an_ordinary_manifest_is_read_entry_by_entry() {
        let text = "# made by hand\n[defaults]\nmunicipality = \"Odense Kommune\"\n\n\
                    [[source]]\nlocation = \"a.txt\"\n\n[[source]]\r\nlocation = \"b.txt\"\r\n\
                    committee = \"X\"\n  [[source]]  \nlocation = \"c.txt\"\n";
        let manifest = read_by_entry(text).expect("read entry by entry");
        assert_eq!(manifest.sources.len(), 3);
        assert_eq!(manifest, read_whole(text).unwrap());
    }

    #[test]
    fn pieces_that_might_mean_something_else_are_read_whole() {
        for text in [
            // A line `[[source]]` inside a multi-line string: one entry, not two.
            "[[source]]\nlocation = \"a\"\ncommittee = \"\"\"\n[[source]]\nlocation = \"b\"\n\"\"\"\n",
            "[[source]]\nlocation = \"a\"\ncommittee = \'\'\'\n[[source]]\n\'\'\'\n",
            // [defaults] after an entry, once (allowed) and twice (an error).
            "[[source]]\nlocation = \"a\"\n[defaults]\ncommittee = \"X\"\n[[source]]\nlocation = \"b\"\n",
            "[defaults]\ncommittee = \"X\"\n[[source]]\nlocation = \"a\"\n[defaults]\ncommittee = \"Y\"\n",
            // Entries before the first `[[source]]` line.
            "source = [{ location = \"a\" }]\n[[source]]\nlocation = \"b\"\n",
            "[[ source ]]\nlocation = \"a\"\n[[source]]\nlocation = \"b\"\n",
            "[source]\nlocation = \"a\"\n[[source]]\nlocation = \"b\"\n",
            // A broken entry, an unknown key, a sub-table of an entry.
            "[[source]]\nlocation = \"a\n[[source]]\nlocation = \"b\"\n",
            "[[source]]\nlocation = \"a\"\nplace = 1\n",
            "[[source]]\nlocation = \"a\"\n[source.more]\nx = 1\n",
            "[[source]]\n",
            "",
        ] {
            assert_reads_as_whole(text);
        }
    }

    proptest::proptest! {
        /// Manifests put together from pieces that an entry-by-entry reading could get wrong
        /// read exactly as the whole text does: the same tables, or an error both ways.
        #[test]
        fn reading_entry_by_entry_agrees_with_reading_the_whole_text(
            pieces in proptest::collection::vec(0usize..12, 0..12),
            eol in proptest::sample::select(vec!["\n", "\r\n"]),
        ) {
            let fragments = [
                "[defaults]\nmunicipality = \"Odense Kommune\"\n",
                "[[source]]\nlocation = \"a.txt\"\n",
                "[[source]]\nlocation = \"b.txt\"\nexpected_date = 2023-09-19\n",
                "[[source]]\nlocation = \"c.txt\"\ncommittee = \"\"\"\n[[source]]\n\"\"\"\n",
                "[[source]]\nlocation = \"d.txt\"\ncommittee = \"\"\"\n",
                "\"\"\"\n",
                "# [[source]]\n",
                "\n",
                "[[ source ]]\nlocation = \"e.txt\"\n",
                "source = [{ location = \"f.txt\" }]\n",
                "committee = \"X\"\n",
                "[[source]]\n",
            ];
            let text: String = pieces.iter().map(|&p| fragments[p].replace('\n', eol)).collect();
            proptest::prop_assert_eq!(read_tables(&text), read_whole(&text), "{}", text);
        }
    }
}

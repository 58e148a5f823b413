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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaToml {
    municipality: Option<String>,
    committee: Option<String>,
    expected_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceToml {
    location: String,
    municipality: Option<String>,
    committee: Option<String>,
    expected_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestToml {
    #[serde(default)]
    defaults: MetaToml,
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

fn parse(text: &str, base: &Path) -> Result<Vec<Source>, String> {
    let manifest: ManifestToml = toml::from_str(text).map_err(|e| e.to_string())?;
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
    let d = manifest.defaults;
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
}

//! Referat: published municipal meeting minutes → an open, documented Parquet dataset.
//!
//! Stages, one module each, plain data between them ([`model`]):
//! [`fetch`] → [`store`] (checksum, content-addressed) → [`extract`] (bytes → text) →
//! [`parse`] (text → structure) → [`normalise`] (structure → rows) → [`write`] (Parquet).
//! [`run`] drives them over a batch; [`schema`] holds the table schemas from `schemas/`.

pub mod classes;
pub mod extract;
pub mod fetch;
pub mod manifest;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod report;
pub mod rows;
pub mod run;
pub mod schema;
pub mod store;
pub mod validate;
pub mod write;

/// Referat's version, written into every output file.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

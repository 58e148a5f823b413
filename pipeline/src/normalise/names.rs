//! Person names: one person, one normalised name across the dataset. (Issue #3: to be built.)

use crate::rows::Dataset;

/// Unify person names across every document of the dataset (e.g. "Ulla G. Chambless" and
/// "Ulla Chambless" are one person).
pub fn unify_dataset(_dataset: &mut Dataset) {}

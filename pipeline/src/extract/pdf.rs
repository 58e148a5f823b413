//! PDF → text. (Issue #7: to be built.)

use super::ExtractError;
use crate::model::Extracted;

pub fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Pdf(
        "PDF extraction is not built yet".to_string(),
    ))
}

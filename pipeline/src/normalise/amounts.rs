//! DKK amounts in an item's sections. (Issue #4: to be built.)

use super::ItemContext;
use crate::model::ParsedItem;
use crate::rows::AmountRow;

pub fn extract(_ctx: &ItemContext, _item: &ParsedItem) -> Vec<AmountRow> {
    Vec::new()
}

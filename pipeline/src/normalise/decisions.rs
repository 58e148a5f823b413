//! Decisions, motions and votes inside an item's Beslutning section. (Issue #3: to be built.)

use super::ItemContext;
use crate::model::ParsedItem;
use crate::rows::{AttendanceRow, DecisionRow, VoteRow};

/// What one item yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemDecisions {
    pub decisions: Vec<DecisionRow>,
    pub votes: Vec<VoteRow>,
    pub attendance: Vec<AttendanceRow>,
    pub problems: Vec<String>,
}

pub fn extract(_ctx: &ItemContext, _item: &ParsedItem) -> ItemDecisions {
    ItemDecisions::default()
}

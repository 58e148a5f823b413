//! Attendance: apologies, absences and people leaving. (Issue #3: to be built.)

use crate::model::MeetingHeader;
use crate::rows::AttendanceRow;

/// Absences for the whole meeting, from the header's attendance lines.
pub fn meeting_level(_meeting_id: &str, _header: &MeetingHeader) -> Vec<AttendanceRow> {
    Vec::new()
}

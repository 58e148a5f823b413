//! The streaming writer (rows loaded a few documents at a time) writes exactly what the
//! in-memory writer writes for the same rows: the same sort order, batches and row groups, so
//! the same bytes, whatever order the documents come in and however their ids interleave.

mod publish_fixture;

use publish_fixture::{folder_bytes, sample_dataset, M2016, M2022, M2023};
use referat::rows::{Dataset, Normalised, RowsPart};
use referat::write::stream::{RowKeys, StreamedRows};
use referat::write::{write_dataset, write_streamed, WriteError};

/// One meeting's rows of the sample dataset, its meeting id replaced by `new_id`.
fn meeting_rows(meeting: &str, new_id: &str) -> Normalised {
    let sample = sample_dataset();
    let rows = Normalised {
        meetings: sample
            .meetings
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        items: sample
            .items
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        decisions: sample
            .decisions
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        votes: sample
            .votes
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        attendance: sample
            .attendance
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        amounts: sample
            .amounts
            .into_iter()
            .filter(|r| r.meeting_id == meeting)
            .collect(),
        problems: Vec::new(),
    };
    // Every id of a meeting's rows starts with its meeting id.
    let json = serde_json::to_string(&rows)
        .unwrap()
        .replace(meeting, new_id);
    serde_json::from_str(&json).unwrap()
}

/// Many documents: copies of the three sample meetings under new meeting ids. Half of them
/// extend a sample meeting id with "-<n>" — "…-2016-09-20-7/1" sorts before "…-2016-09-20/1"
/// although "…-2016-09-20" sorts before "…-2016-09-20-7" — so documents' keys interleave;
/// the others get their own municipality. Enough rows that every table spans several batches.
fn many_documents() -> Vec<Normalised> {
    let mut documents = Vec::new();
    for copy in 0..400 {
        for meeting in [M2016, M2022, M2023] {
            let new_id = if copy % 2 == 0 {
                format!("{meeting}-{copy}")
            } else {
                meeting.replacen("odense", &format!("kommune-{copy:03}"), 1)
            };
            documents.push(meeting_rows(meeting, &new_id));
        }
    }
    for meeting in [M2016, M2022, M2023] {
        documents.push(meeting_rows(meeting, meeting));
    }
    documents
}

fn all_rows(documents: &[Normalised]) -> Dataset {
    let mut dataset = Dataset {
        documents: sample_dataset().documents,
        ..Default::default()
    };
    for rows in documents.iter().cloned() {
        dataset.meetings.extend(rows.meetings);
        dataset.items.extend(rows.items);
        dataset.decisions.extend(rows.decisions);
        dataset.votes.extend(rows.votes);
        dataset.attendance.extend(rows.attendance);
        dataset.amounts.extend(rows.amounts);
    }
    dataset
}

fn write_in_parts(out: &std::path::Path, documents: &[Normalised]) -> Result<(), WriteError> {
    let keys: Vec<RowKeys> = documents.iter().map(RowKeys::of).collect();
    let load = |i: usize, part: RowsPart| -> Result<Normalised, WriteError> {
        Ok(part.cloned_from(&documents[i]))
    };
    let mut table = sample_dataset().documents;
    write_streamed(out, &mut table, StreamedRows { keys, load: &load }, None).map(|_| ())
}

#[test]
fn streamed_documents_give_the_bytes_of_all_rows_written_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let documents = many_documents();
    assert!(all_rows(&documents).votes.len() > 2 * 1024);

    let at_once = dir.path().join("at-once");
    write_dataset(&at_once, &mut all_rows(&documents)).unwrap();
    let streamed = dir.path().join("streamed");
    write_in_parts(&streamed, &documents).unwrap();
    let mut reversed = documents.clone();
    reversed.reverse();
    let streamed_reversed = dir.path().join("streamed-reversed");
    write_in_parts(&streamed_reversed, &reversed).unwrap();

    let expected = folder_bytes(&at_once);
    assert_eq!(expected.len(), 9);
    for other in [&streamed, &streamed_reversed] {
        let got = folder_bytes(other);
        for (name, bytes) in &expected {
            assert!(got.get(name) == Some(bytes), "{name} differs in {other:?}");
        }
    }
}

#[test]
fn rows_that_cannot_be_loaded_fail_the_write_and_leave_out_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_dataset(&out, &mut sample_dataset()).unwrap();
    let before = folder_bytes(&out);

    let documents = many_documents();
    // Either part alone failing (each is loaded by its own thread) fails the write.
    for failing in [RowsPart::Items, RowsPart::Others] {
        let keys: Vec<RowKeys> = documents.iter().map(RowKeys::of).collect();
        let load = |i: usize, part: RowsPart| -> Result<Normalised, WriteError> {
            if i == 7 && part == failing {
                Err(WriteError::RowsUnavailable {
                    document: "seventh".into(),
                    reason: "gone".into(),
                })
            } else {
                Ok(part.cloned_from(&documents[i]))
            }
        };
        let mut table = sample_dataset().documents;
        let result = write_streamed(&out, &mut table, StreamedRows { keys, load: &load }, None);
        match result {
            Err(WriteError::RowsUnavailable { document, .. }) => assert_eq!(document, "seventh"),
            other => panic!("expected RowsUnavailable ({failing:?}), got {other:?}"),
        }
        assert_eq!(folder_bytes(&out), before);
    }
}

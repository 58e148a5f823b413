//! A hand-made dataset for the publishing tests, written from reading the corpus's minutes
//! (2016-09-20 item 2 with its amendment and votes; 2022-11-15's absence; 2023-09-19's pool
//! application): every table has rows, with nulls, lists, decimals, dates and a failed
//! document, so the writer, the validator and the consumer checks see every column type.

#![allow(dead_code)]

use std::path::Path;
use std::str::FromStr;

use chrono::{NaiveDate, TimeZone, Utc};
use referat::rows::{
    AmountRow, AttendanceRow, Dataset, DecisionRow, DocumentRow, ItemRow, MeetingRow, VoteRow,
};
use rust_decimal::Decimal;

pub const M2016: &str = "odense/beskaeftigelses-og-socialudvalget/2016-09-20";
pub const M2022: &str = "odense/beskaeftigelses-og-socialudvalget/2022-11-15";
pub const M2023: &str = "odense/beskaeftigelses-og-socialudvalget/2023-09-19";
pub const SHA2016: &str = "bcefb93b7da31050aa4c1b21f4b8d2e07ef4d3a9b6c2a1f0e9d8c7b6a5f4e3d2";
pub const SHA2022: &str = "baad0df7a3ebc954c0ffee00112233445566778899aabbccddeeff0011223344";
pub const SHA2023: &str = "9ddbbfa82481eb80b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4";

/// Rows per table in [`sample_dataset`], in catalog order.
pub const ROW_COUNTS: [(&str, usize); 7] = [
    ("meetings", 3),
    ("items", 4),
    ("decisions", 3),
    ("votes", 7),
    ("attendance", 2),
    ("amounts", 3),
    ("documents", 4),
];

fn s(text: &str) -> String {
    text.to_string()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn dkk(text: &str) -> Option<Decimal> {
    Some(Decimal::from_str(text).expect("decimal"))
}

fn meeting(id: &str, day: NaiveDate, sha: &str, items: i32) -> MeetingRow {
    MeetingRow {
        meeting_id: s(id),
        municipality: Some(s("Odense Kommune")),
        committee: Some(s("Beskæftigelses- og Socialudvalget")),
        committee_period: None,
        meeting_date: Some(day),
        start_time: Some(s("08:30")),
        end_time: None,
        location: None,
        document_kind: Some(s("referat")),
        source_sha256: s(sha),
        item_count: items,
    }
}

fn item(meeting_id: &str, number: i32, title: &str) -> ItemRow {
    ItemRow {
        item_id: format!("{meeting_id}/{number}"),
        meeting_id: s(meeting_id),
        item_number: number,
        title: s(title),
        case_type: None,
        case_number: None,
        kle_code: None,
        access: None,
        summary: None,
        recommendation: None,
        decision_text: None,
        body: None,
        effect: None,
        economy: None,
        attachments: None,
        body_found: true,
    }
}

fn vote(seq: usize, name: &str, role: &str, choice: &str) -> VoteRow {
    let decision_id = format!("{M2016}/2/1");
    VoteRow {
        vote_id: format!("{decision_id}/{seq}"),
        decision_id,
        item_id: format!("{M2016}/2"),
        meeting_id: s(M2016),
        voter_type: s("person"),
        person_name: Some(s(name)),
        raw_name: s(name),
        role: Some(s(role)),
        party: None,
        vote: s(choice),
    }
}

/// The sample dataset (rows deliberately out of order: the writer sorts).
pub fn sample_dataset() -> Dataset {
    let mut m2016 = meeting(M2016, date(2016, 9, 20), SHA2016, 2);
    m2016.end_time = Some(s("14:07"));
    m2016.location = Some(s(
        "HK Midt, Mødecenter Fabrikken, Lumbyvej 17 F, Lokale 8, 5000 Odense C",
    ));
    let mut m2023 = meeting(M2023, date(2023, 9, 19), SHA2023, 1);
    m2023.committee_period = Some(s("2022-2025"));
    let mut m2022 = meeting(M2022, date(2022, 11, 15), SHA2022, 1);
    m2022.document_kind = None;
    m2022.start_time = None;

    let mut sanctions = item(
        M2016,
        1,
        "Ankestyrelsens praksisundersøgelse om kommunernes anvendelse af sanktioner over for \
         uddannelses- og kontanthjælpsmodtagere",
    );
    sanctions.case_type = Some(s("A"));
    sanctions.case_number = Some(s("00.00.00-G01-4336-15"));
    sanctions.kle_code = Some(s("00.00.00"));
    sanctions.access = Some(s("open"));
    sanctions.recommendation = Some(s(
        "Beskæftigelses- og Socialforvaltningen indstiller til udvalget, at byrådet tager \
         forvaltningens redegørelse i sagsfremstillingen til efterretning.",
    ));
    sanctions.decision_text = Some(s(
        "Beskæftigelses- og Socialudvalget anbefaler indstillingen.",
    ));
    let mut families = item(M2016, 2, "Håndtering af Center for Familier og Unge");
    families.case_type = Some(s("A"));
    families.access = Some(s("open"));
    families.economy = Some(s(
        "Center for Familier og Unges økonomi udviste et merforbrug på 9,1 mio. kr. i 2015.",
    ));
    families.attachments = Some(vec![]);
    let mut pool = item(
        M2023,
        2,
        "Ansøgning til pulje til indsats for digitalt udfordrede ledige",
    );
    pool.case_type = Some(s("B"));
    pool.attachments = Some(vec![s("Bilag 1. Ansøgning"), s("Bilag 2. Budget")]);
    let mut missing_body = item(M2022, 3, "Orientering");
    missing_body.body_found = false;

    let amendment = DecisionRow {
        decision_id: format!("{M2016}/2/1"),
        item_id: format!("{M2016}/2"),
        meeting_id: s(M2016),
        seq: 1,
        kind: s("amendment"),
        text: s("Sagen ændres til en c-sag, idet de mener, den ikke er tilstrækkelig belyst."),
        outcome: s("rejected"),
        proposers: Some(vec![
            s("Tim Vermund"),
            s("Michael Eskamp Witek"),
            s("Ulla Chambless"),
        ]),
        recommendation_points: None,
        yes_count: Some(3),
        no_count: Some(4),
        abstain_count: Some(0),
        result: Some(s("fail")),
        decided_by: None,
    };
    let recommended = DecisionRow {
        decision_id: format!("{M2016}/2/2"),
        item_id: format!("{M2016}/2"),
        meeting_id: s(M2016),
        seq: 2,
        kind: s("decision"),
        text: s("Beskæftigelses- og Socialudvalget anbefaler indstillingens punkt 1 og 2."),
        outcome: s("recommended_to_council"),
        proposers: None,
        recommendation_points: Some(vec![1, 2]),
        yes_count: None,
        no_count: None,
        abstain_count: None,
        result: None,
        decided_by: Some(s("Beskæftigelses- og Socialudvalget")),
    };
    let noted = DecisionRow {
        decision_id: format!("{M2016}/1/1"),
        item_id: format!("{M2016}/1"),
        meeting_id: s(M2016),
        seq: 1,
        kind: s("decision"),
        text: s("Beskæftigelses- og Socialudvalget anbefaler indstillingen."),
        outcome: s("recommended_to_council"),
        proposers: None,
        recommendation_points: None,
        yes_count: None,
        no_count: None,
        abstain_count: None,
        result: None,
        decided_by: Some(s("Beskæftigelses- og Socialudvalget")),
    };

    let votes = vec![
        vote(4, "Steen Møller", "Rådmand", "no"),
        vote(1, "Tim Vermund", "Udvalgsmedlem", "yes"),
        vote(2, "Michael Eskamp Witek", "Udvalgsmedlem", "yes"),
        vote(3, "Ulla Chambless", "Udvalgsmedlem", "yes"),
        vote(5, "Claus Houden", "Udvalgsmedlem", "no"),
        vote(6, "Christoffer Lilleholt", "Udvalgsmedlem", "no"),
        vote(7, "Steen Lund", "Udvalgsmedlem", "no"),
    ];

    let attendance = vec![
        AttendanceRow {
            attendance_id: format!("{M2022}/meeting/a1"),
            meeting_id: s(M2022),
            item_id: None,
            person_name: s("Mark Grossmann"),
            raw_name: s("Mark Grossmann"),
            role: Some(s("Udvalgsmedlem")),
            status: s("absent"),
            time: None,
            raw_text: s("Udvalgsmedlem Mark Grossmann deltog ikke i mødet."),
        },
        AttendanceRow {
            attendance_id: format!("{M2016}/2/a1"),
            meeting_id: s(M2016),
            item_id: Some(format!("{M2016}/2")),
            person_name: s("Steen Lund"),
            raw_name: s("Steen Lund"),
            role: None,
            status: s("left"),
            time: Some(s("12:15")),
            raw_text: s("Steen Lund forlod mødet kl. 12.15."),
        },
    ];

    let amounts = vec![
        AmountRow {
            amount_id: format!("{M2016}/2/body/0"),
            item_id: format!("{M2016}/2"),
            meeting_id: s(M2016),
            section: s("body"),
            raw_text: s("10 mio. kr."),
            amount_dkk: dkk("10000000"),
            low_dkk: None,
            high_dkk: None,
            approximate: false,
            per: None,
            years: Some(vec![2016]),
            context: s(
                "Byrådet besluttede den 9/9 2015 ... at tilføre Beskæftigelses- og \
                 Socialforvaltningen 10 mio. kr. i 2016.",
            ),
            char_offset: 173,
            table_row_label: None,
            table_column_header: None,
        },
        AmountRow {
            amount_id: format!("{M2016}/2/economy/47"),
            item_id: format!("{M2016}/2"),
            meeting_id: s(M2016),
            section: s("economy"),
            raw_text: s("9,1 mio. kr."),
            amount_dkk: dkk("9100000.00"),
            low_dkk: None,
            high_dkk: None,
            approximate: false,
            per: None,
            years: Some(vec![2015]),
            context: s(
                "Center for Familier og Unges økonomi udviste et merforbrug på 9,1 mio. kr. i \
                 2015.",
            ),
            char_offset: 47,
            table_row_label: None,
            table_column_header: None,
        },
        AmountRow {
            amount_id: format!("{M2023}/2/recommendation/64"),
            item_id: format!("{M2023}/2"),
            meeting_id: s(M2023),
            section: s("recommendation"),
            raw_text: s("ca. 1,4-1,5 mio. kr. årligt"),
            amount_dkk: None,
            low_dkk: dkk("1400000.00"),
            high_dkk: dkk("1500000.55"),
            approximate: true,
            per: Some(s("year")),
            years: None,
            context: s("... godkender ansøgningen på ca. 1,4-1,5 mio. kr. årligt."),
            char_offset: 64,
            table_row_label: Some(s("Løn")),
            table_column_header: Some(s("2024")),
        },
    ];

    let fetched = Utc.with_ymd_and_hms(2026, 11, 22, 17, 30, 0).unwrap();
    let document = |source: &str, sha: &str, meeting_id: &str| DocumentRow {
        source: s(source),
        sha256: Some(s(sha)),
        byte_size: Some(53_418),
        format: Some(s("text/pdf-text")),
        fetched_at: Some(fetched),
        status: s("ok"),
        problems: vec![],
        meeting_id: Some(s(meeting_id)),
    };
    let mut partial = document("data/corpus/001_bcefb93b7da31050.txt", SHA2016, M2016);
    partial.status = s("partial");
    partial.problems = vec![s("table of contents lists 16 items, the body holds 15")];
    partial.format = Some(s("text/web-export"));
    let documents = vec![
        document("data/corpus/004_baad0df7a3ebc954.txt", SHA2022, M2022),
        partial,
        document("data/corpus/000_9ddbbfa82481eb80.txt", SHA2023, M2023),
        DocumentRow {
            source: s("https://example.invalid/referat.pdf"),
            sha256: None,
            byte_size: None,
            format: None,
            fetched_at: None,
            status: s("failed"),
            problems: vec![s("HTTP 404")],
            meeting_id: None,
        },
    ];

    Dataset {
        meetings: vec![m2023, m2016, m2022],
        items: vec![pool, families, sanctions, missing_body],
        decisions: vec![recommended, amendment, noted],
        votes,
        attendance,
        amounts,
        documents,
    }
}

/// Every file in a folder, name → bytes (for byte-for-byte comparisons).
pub fn folder_bytes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("readable file"),
            )
        })
        .collect()
}

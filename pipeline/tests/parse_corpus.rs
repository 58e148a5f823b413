//! The parser on the four corpus documents (one per export generation).
//!
//! Two kinds of check: an insta snapshot of the whole parsed structure per document (reviewed
//! line by line against the source when accepted), and hand-written expectations read off the
//! source files: every table-of-contents entry and item with its number and title, the header,
//! and a few exact normalised section texts.

use chrono::NaiveDate;
use referat::model::{Access, DocumentKind, Layout, ParsedDocument, SectionKind};
use referat::parse::{parse, ParseError};
use serde::Serialize;

fn corpus(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/corpus");
    let entry = std::fs::read_dir(dir)
        .expect("data/corpus exists")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no corpus file starting with {prefix}"));
    std::fs::read_to_string(entry.path()).expect("corpus file is UTF-8")
}

fn parsed(prefix: &str) -> ParsedDocument {
    parse(&corpus(prefix)).unwrap_or_else(|e| panic!("{prefix}: {e}"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn item_titles(doc: &ParsedDocument) -> Vec<(u32, &str)> {
    doc.items
        .iter()
        .map(|i| (i.number, i.title.as_str()))
        .collect()
}

fn toc_titles(doc: &ParsedDocument) -> Vec<(u32, &str)> {
    doc.toc
        .iter()
        .map(|e| (e.number, e.title.as_str()))
        .collect()
}

fn section_text(doc: &ParsedDocument, item: u32, kind: SectionKind) -> &str {
    let item = doc
        .items
        .iter()
        .find(|i| i.number == item)
        .unwrap_or_else(|| panic!("item {item}"));
    &item
        .section(kind)
        .unwrap_or_else(|| panic!("item {} has no {kind:?}", item.number))
        .text
}

// ---- Snapshots -------------------------------------------------------------------------------

#[derive(Serialize)]
struct SectionSummary<'a> {
    kind: &'static str,
    heading: &'a str,
    chars: usize,
    start: String,
    end: String,
}

#[derive(Serialize)]
struct ItemSummary<'a> {
    number: u32,
    title: &'a str,
    case_type: Option<char>,
    case_number: Option<&'a str>,
    access: Option<&'static str>,
    body_found: bool,
    sections: Vec<SectionSummary<'a>>,
}

#[derive(Serialize)]
struct DocumentSummary<'a> {
    layout: &'static str,
    header: &'a referat::model::MeetingHeader,
    toc: &'a [referat::model::TocEntry],
    problems: &'a [String],
    items: Vec<ItemSummary<'a>>,
}

fn summary(doc: &ParsedDocument) -> DocumentSummary<'_> {
    DocumentSummary {
        layout: doc.layout.as_str(),
        header: &doc.header,
        toc: &doc.toc,
        problems: &doc.problems,
        items: doc
            .items
            .iter()
            .map(|i| ItemSummary {
                number: i.number,
                title: &i.title,
                case_type: i.case_type,
                case_number: i.case_number.as_deref(),
                access: i.access.map(Access::as_str),
                body_found: i.body_found,
                sections: i
                    .sections
                    .iter()
                    .map(|s| {
                        let chars: Vec<char> = s.text.chars().collect();
                        SectionSummary {
                            kind: s.kind.as_str(),
                            heading: &s.heading,
                            chars: chars.len(),
                            start: chars.iter().take(120).collect(),
                            end: chars[chars.len().saturating_sub(80)..].iter().collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn snapshot_000_pdf_text() {
    insta::assert_yaml_snapshot!("000_pdf_text", summary(&parsed("000_")));
}

#[test]
fn snapshot_001_web_export() {
    insta::assert_yaml_snapshot!("001_web_export", summary(&parsed("001_")));
}

#[test]
fn snapshot_002_markdown() {
    insta::assert_yaml_snapshot!("002_markdown", summary(&parsed("002_")));
}

#[test]
fn snapshot_004_wrapped_pdf_text() {
    insta::assert_yaml_snapshot!("004_wrapped_pdf_text", summary(&parsed("004_")));
}

// ---- 000: plain text from PDF ----------------------------------------------------------------

#[test]
fn pdf_text_2023_toc_items_and_header() {
    let doc = parsed("000_");
    assert_eq!(doc.layout, Layout::PdfText);
    assert_eq!(
        toc_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (
                2,
                "Beslutning om overordnede temaer for Odense Kommunes socialpolitik"
            ),
            (
                3,
                "Godkendelse af ansøgning til ”Pulje til indsats for digitalt udfordrede \
                 ledige” ved Styrelsen :"
            ),
            (
                4,
                "Godkendelse af ansøgning til \"Ansøgningspuljen til fremskudt behandling til \
                 de mest udsatt"
            ),
            (
                5,
                "Godkendelse af donation fra META til projekt i ErhvervsTanken"
            ),
            (
                6,
                "Afrapportering af Strategi for det rummelige arbejdsmarked"
            ),
            (
                7,
                "Afrapportering af Strategi for Den Inkluderende By og Housing First"
            ),
            (8, "Analyse af udviklingen på Førtidspensionsområdet"),
            (
                9,
                "Afrapportering på budgetindsatsen \"Indsats mod partnervold\""
            ),
            (10, "Nøgletal på beskæftigelsesområdet"),
            (11, "Aktuelle sager"),
            (12, "Temabesøg: Lokalpsykiatri Odense"),
        ]
    );
    assert_eq!(doc.toc[1].case_type, Some('B'));
    assert_eq!(doc.toc[1].page, Some(4));
    assert_eq!(doc.toc[11].case_type, Some('D'));
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (
                2,
                "Beslutning om overordnede temaer for Odense Kommunes socialpolitik"
            ),
            (
                3,
                "Godkendelse af ansøgning til ”Pulje til indsats for digitalt udfordrede \
                 ledige” ved Styrelsen for Arbejdsmarked og Rekruttering"
            ),
            (
                4,
                "Godkendelse af ansøgning til \"Ansøgningspuljen til fremskudt behandling til \
                 de mest udsatte borgere med stofmisbrug\" ved Social- og Boligstyrelsen"
            ),
            (
                5,
                "Godkendelse af donation fra META til projekt i ErhvervsTanken"
            ),
            (
                6,
                "Afrapportering af Strategi for det rummelige arbejdsmarked"
            ),
            (
                7,
                "Afrapportering af Strategi for Den Inkluderende By og Housing First"
            ),
            (8, "Analyse af udviklingen på Førtidspensionsområdet"),
            (
                9,
                "Afrapportering på budgetindsatsen \"Indsats mod partnervold\""
            ),
            (10, "Nøgletal på beskæftigelsesområdet"),
            (11, "Aktuelle sager"),
            (12, "Temabesøg: Lokalpsykiatri Odense"),
        ]
    );
    assert!(doc.items.iter().all(|i| i.body_found));
    assert_eq!(doc.items[0].case_type, None);
    assert_eq!(doc.items[1].case_type, Some('B'));
    assert_eq!(
        doc.items[1].case_number.as_deref(),
        Some("27.00.00-A00-12-23")
    );
    assert_eq!(
        doc.items[2].case_number.as_deref(),
        Some("15.04.10-Ø34-1-23")
    );
    assert_eq!(doc.items[5].case_type, Some('D'));
    assert_eq!(doc.items[1].access, None);

    let h = &doc.header;
    assert_eq!(
        h.committee.as_deref(),
        Some("Beskæftigelses- og Socialudvalget")
    );
    assert_eq!(h.committee_period.as_deref(), Some("2022-2025"));
    assert_eq!(h.meeting_date, Some(date(2023, 9, 19)));
    assert_eq!(h.start_time.as_deref(), Some("08:30"));
    assert_eq!(h.end_time, None);
    assert_eq!(
        h.location.as_deref(),
        Some("Udvalgsværelset, stuen, Skulkenborg 1, 5000 Odense C")
    );
    assert_eq!(h.document_kind, Some(DocumentKind::Referat));
    assert_eq!(h.municipality, None);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn pdf_text_2023_sections() {
    let doc = parsed("000_");
    let kinds: Vec<SectionKind> = doc.items[1].sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::Summary,
            SectionKind::Effect,
            SectionKind::Recommendation,
            SectionKind::Decision,
            SectionKind::Body,
            SectionKind::Economy,
            SectionKind::Attachments,
        ]
    );
    assert_eq!(doc.items[1].sections[2].heading, "INDSTILLING");
    assert_eq!(
        section_text(&doc, 1, SectionKind::Decision),
        "Beskæftigelses- og Socialudvalget godkender dagsordenen."
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Attachments),
        "Bilag 1. Høringssvar fra Udsatterådet - Temaer"
    );
    assert!(section_text(&doc, 2, SectionKind::Summary).contains(
        "i følgende seks temaer:\n\n- Tema 1: Den Inkluderende By og Housing First\n\
         - Tema 2: Det rummelige arbejdsmarked\n"
    ));
    // A table keeps its rows, tab-separated, with the empty first header cell.
    assert!(section_text(&doc, 6, SectionKind::Summary).contains(
        "\t2017\t2018\t2019\t2020\t2021\t2022\t2023 (jan-jul)\n\
         Job og fleksjob\t83\t159\t161\t192\t255\t255\t135\n"
    ));
    assert_eq!(
        section_text(&doc, 12, SectionKind::Decision),
        "Orientering givet."
    );
}

// ---- 001: the 2016 web-page export -----------------------------------------------------------

#[test]
fn web_export_2016_toc_items_and_header() {
    let doc = parsed("001_");
    assert_eq!(doc.layout, Layout::WebExport);
    let expected = [
        (
            1,
            "Ankestyrelsens praksisundersøgelse om kommunernes anvendelse af sanktioner over \
             for uddannelses- og kontanthjælpsmodtagere",
        ),
        (2, "Håndtering af Center for Familier og Unge"),
        (
            3,
            "Den økonomiske situation i Beskæftigelses- og Socialforvaltningen",
        ),
        (4, "Investeringsmodeller på beskæftigelsesområdet"),
        (5, "Fokuserede indsatser i samspil med civilsamfundet"),
        (
            6,
            "Fondsansøgning vedrørende \"Fasttrack til job i industrien\"",
        ),
        (
            7,
            "Puljeansøgning vedrørende \"Særlig indsats for mere virksomhedsrettet indsats i \
             ressourceforløb \"",
        ),
        (8, "Puljeansøgning vedr. projekt \"Drop ind\""),
        (9, "Temaer til Udsattepolitikken"),
        (10, "Nøgletal på beskæftigelsesområdet"),
        (11, "Beskæftigelsesplan 2017"),
        (
            12,
            "Virksomhedsindsatser i Beskæftigelses- og Socialforvaltningen",
        ),
        (13, "Sanktioner"),
        (14, "Projektansøgning – mobilt stofmisbrugstilbud"),
        (15, "Aktuelle sager"),
        (16, "Tema: Samarbejde med a-kasserne"),
    ];
    assert_eq!(toc_titles(&doc), expected);
    // The body's titles are the same (item 14's "– \u{a0}" is a single space after
    // normalisation).
    assert_eq!(item_titles(&doc), expected);
    let case_types: String = doc.toc.iter().filter_map(|e| e.case_type).collect();
    assert_eq!(case_types, "AABBBBBBBCCDDDDD");
    let case_types: String = doc.items.iter().filter_map(|i| i.case_type).collect();
    assert_eq!(case_types, "AABBBBBBBCCDDDDD");
    assert!(doc.items.iter().all(|i| i.access == Some(Access::Open)));
    assert_eq!(
        doc.items[0].case_number.as_deref(),
        Some("00.00.00-G01-4336-15")
    );
    assert_eq!(
        doc.items[15].case_number.as_deref(),
        Some("15.00.00-A00-40-16")
    );

    let h = &doc.header;
    assert_eq!(
        h.committee.as_deref(),
        Some("Beskæftigelses- og Socialudvalget")
    );
    assert_eq!(h.committee_period, None);
    assert_eq!(h.meeting_date, Some(date(2016, 9, 20)));
    assert_eq!(h.start_time.as_deref(), Some("08:30"));
    assert_eq!(h.end_time.as_deref(), Some("14:07"));
    assert_eq!(
        h.location.as_deref(),
        Some("HK Midt, Mødecenter Fabrikken, Lumbyvej 17 F, Lokale 8, 5000 Odense C")
    );
    assert_eq!(h.document_kind, Some(DocumentKind::Referat));
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn web_export_2016_sections() {
    let doc = parsed("001_");
    // Items 12-16 (orientations) have a summary only.
    for number in 12..=16 {
        let item = &doc.items[number - 1];
        assert_eq!(item.sections.len(), 1, "item {number}");
        assert_eq!(item.sections[0].heading, "RESUMÉ");
    }
    // "  •" bullets with non-breaking-space lines between paragraphs.
    assert_eq!(
        section_text(&doc, 15, SectionKind::Summary),
        "Mundtlig orientering.\n\n- Uddannelsesstrategi\n- JobCAMP 16\n- Jobmessen"
    );
    assert_eq!(
        section_text(&doc, 1, SectionKind::Decision),
        "Beskæftigelses- og Socialudvalget anbefaler indstillingen."
    );
    let votes = section_text(&doc, 3, SectionKind::Decision);
    assert!(votes.starts_with(
        "Udvalgsmedlemmerne Tim Vermund, Michael Eskamp Witek og Ulla Chambless stiller \
         følgende ændringsforslag:\n\n\"Sagen ændres til en c-sag, idet de mener, den ikke er \
         tilstrækkeligt belyst.\"\n\n"
    ));
    assert!(votes.ends_with("Ændringsforslaget er dermed vedtaget."));
    // The numbered sub-headings inside item 4 are text, not items.
    assert!(section_text(&doc, 4, SectionKind::Body)
        .contains("Indsatsen vil bestå af:\n\n1. Facilitering af ”mødet”\n\n2. Screening"));
    // The group line before item 3 is not left at the end of item 2.
    assert!(
        section_text(&doc, 2, SectionKind::Economy).ends_with("friholdt i besparelseskataloget.")
    );
    for item in &doc.items {
        for section in &item.sections {
            assert!(
                !section.text.contains('\u{a0}'),
                "nbsp in item {}",
                item.number
            );
            assert!(
                !section.text.contains('•'),
                "bullet in item {}",
                item.number
            );
            assert!(
                !section.text.contains("\n\n\n"),
                "blank lines in item {}",
                item.number
            );
        }
    }
}

// ---- 002: Markdown ---------------------------------------------------------------------------

#[test]
fn markdown_2025_toc_items_and_header() {
    let doc = parsed("002_");
    assert_eq!(doc.layout, Layout::Markdown);
    assert_eq!(
        toc_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (
                2,
                "Forslag til bekæmpelse af børnefattigdom sendes i høring i Sundhedsudvalget \
                 og By- og Ku"
            ),
            (
                3,
                "Drøftelse af Ankestyrelsens afgørelser på socialområdet for 2024"
            ),
            (4, "Status på Strategi for samarbejde med virksomheder"),
            (
                5,
                "Orientering om status på indsats i Job- og integrationshuset, 1. kvartal 2025"
            ),
            (
                6,
                "Orientering om Det Regionale Integrerede Dobbeldiagnosebehandlingstilbud"
            ),
            (
                7,
                "Orientering om den aktuelle bandesituation i Odense Kommune"
            ),
            (8, "Aktuelle sager"),
            (9, "Temabesøg hos Mandecentret"),
        ]
    );
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (
                2,
                "Forslag til bekæmpelse af børnefattigdom sendes i høring i Sundhedsudvalget \
                 og By- og Kulturudvalget"
            ),
            (
                3,
                "Drøftelse af Ankestyrelsens afgørelser på socialområdet for 2024"
            ),
            (4, "Status på Strategi for samarbejde med virksomheder"),
            (
                5,
                "Orientering om status på indsats i Job- og integrationshuset, 1. kvartal 2025"
            ),
            // The body's spelling differs from the listing: the body wins.
            (
                6,
                "Orientering om Det Regionale Integreerede Dobbeldiagnosebehandlingstilbud"
            ),
            (
                7,
                "Orientering om den aktuelle bandesituation i Odense Kommune"
            ),
            (8, "Aktuelle sager"),
            (9, "Temabesøg hos Mandecentret"),
        ]
    );
    let case_types: String = doc.items.iter().filter_map(|i| i.case_type).collect();
    assert_eq!(case_types, "BCDDDDDD");
    assert_eq!(
        doc.items[2].case_number.as_deref(),
        Some("00.00.00-A00-16-25")
    );

    let h = &doc.header;
    assert_eq!(
        h.committee.as_deref(),
        Some("Beskæftigelses- og Socialudvalget")
    );
    assert_eq!(h.committee_period.as_deref(), Some("2022-2025"));
    assert_eq!(h.meeting_date, Some(date(2025, 3, 25)));
    assert_eq!(h.start_time.as_deref(), Some("08:30"));
    assert_eq!(
        h.location.as_deref(),
        Some("Udvalgsværelset, Stuen, Skulkenborg 1, 5000 Odense C")
    );
    assert_eq!(h.document_kind, Some(DocumentKind::Referat));
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn markdown_2025_sections() {
    let doc = parsed("002_");
    assert_eq!(doc.items[0].sections[0].heading, "Sagsresumé");
    // "**Beskæftigelses- og Socialudvalget** godkender dagsordenen."
    assert_eq!(
        section_text(&doc, 1, SectionKind::Decision),
        "Beskæftigelses- og Socialudvalget godkender dagsordenen."
    );
    assert_eq!(
        section_text(&doc, 3, SectionKind::Recommendation),
        "Beskæftigelses- og Socialforvaltningen indstiller til udvalget, at udvalget drøfter \
         behovet for yderligere handlinger/nye handleplaner for at nedbringe \
         omgørelsesprocenten."
    );
    let body = section_text(&doc, 3, SectionKind::Body);
    assert!(body.contains(
        "Ankestyrelsens afgørelser i 2024\tAntal\tAndel\nStadfæstet\t18\t86 %\n\
         Omgjort\t3*\t14 %\n- Hjemvist\t2*\t10 %\n- Ændret\t1\t5 %\nI alt\t21\t100 %\n\n\
         *En af de behandlede sager"
    ));
    // Sub-headings ("#### **1.1. Kampagne ...**") are their own paragraphs, markup removed.
    assert!(section_text(&doc, 2, SectionKind::Body).contains(
        "\n\n1.1. Kampagne om at fremme en træde til kultur på børne- og ungeområdet\n\n"
    ));
    for item in &doc.items {
        for section in &item.sections {
            assert!(!section.text.contains("**"), "bold in item {}", item.number);
            assert!(
                !section.text.contains("\n#"),
                "heading mark in item {}",
                item.number
            );
        }
    }
}

// ---- 004: hard-wrapped PDF text without a header -----------------------------------------

#[test]
fn wrapped_2022_items_and_date_from_the_text() {
    let doc = parsed("004_");
    assert_eq!(doc.layout, Layout::WrappedPdfText);
    assert!(doc.toc.is_empty());
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (
                2,
                "Godkendelse af Rammeaftale på det specialiserede socialområde og \
                 specialundervisningsområde 2023-2024"
            ),
            (3, "Beslutning om udvalgsmål"),
            (
                4,
                "Udmøntning af budget 2023: \"Styrkelse af det frivillige arbejde med børn og \
                 unges mentale trivsel\""
            ),
            (
                5,
                "Udmøntning af budget 2023: \"Styrket indsats for kontrol med sociale ydelser\""
            ),
            (
                6,
                "Udmøntning af budget 2023: \"Udvidede åbningstider i stofindtagelsesrummet\""
            ),
            (
                7,
                "Høring af Odense Kommunes klimahandleplan og klimatilpasningsplan"
            ),
            (
                8,
                "Udmøntning af anden delaftale om nytænkning af beskæftigelsesindsatsen"
            ),
            (
                9,
                "Implementering af mentorordning og ny Exit-tilgang på bandeområdet"
            ),
            (
                10,
                "Drøftelse af beskæftigelsespolitik og Beskæftigelsesplan 2023"
            ),
            (11, "Drøftelse af ansøgninger til § 18-Hovedpuljen 2023"),
            (
                12,
                "Udmøntning af Budget 2023 under Beskæftigelses- og Socialudvalget"
            ),
            (
                13,
                "Orientering om fondsansøgning til pilotprojekt i ErhvervsTanken ved META"
            ),
            (14, "Orientering om rapporten \"Vores Arbejdsmarked\""),
            (15, "Nøgletal på beskæftigelsesområdet"),
            (16, "Aktuelle sager"),
            (
                17,
                "Fællesmøde mellem Beskæftigelses- og Socialudvalget og Forvaltningsudvalget"
            ),
        ]
    );
    let case_types: String = doc.items.iter().filter_map(|i| i.case_type).collect();
    assert_eq!(case_types, "BBBBBCCCCDDDDDD");
    assert_eq!(
        doc.items[1].case_number.as_deref(),
        Some("27.00.00-G01-1904-22")
    );

    let h = &doc.header;
    // No header: both come from "... til Beskæftigelses- og Socialudvalgets møde den 15.
    // november 2022." in item 1.
    assert_eq!(
        h.committee.as_deref(),
        Some("Beskæftigelses- og Socialudvalget")
    );
    assert_eq!(h.meeting_date, Some(date(2022, 11, 15)));
    assert_eq!(h.document_kind, None);
    assert_eq!(h.start_time, None);
    assert_eq!(h.location, None);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn wrapped_2022_lines_are_joined() {
    let doc = parsed("004_");
    let summary = section_text(&doc, 2, SectionKind::Summary);
    assert!(summary.starts_with(
        "I denne sag skal Beskæftigelses- og Socialudvalget, Børn- og Ungeudvalget og Ældre- og \
         Handicapudvalget behandle Rammeaftalen på det specialiserede socialområde for \
         2023-2024. Efter behandlingen i udvalgene fremsendes Rammeaftalen til byrådets \
         godkendelse.\n\nRammeaftalen er en aftale"
    ));
    // "social-\nog" is a suspended compound: the hyphen and the space stay.
    assert!(section_text(&doc, 2, SectionKind::Body)
        .contains("økonomi på det specialiserede social- og specialundervisningsområde.\n\n"));
    // A sub-heading becomes its own paragraph; an unbulleted list keeps a line per entry.
    assert!(section_text(&doc, 2, SectionKind::Body)
        .contains("\n\nIndholdet i Rammeaftale 2023-2024\n\nMed afsæt i de politiske drøftelser"));
    assert!(section_text(&doc, 2, SectionKind::Body).contains(
        "\n\nFokus på det, der virker i det tværgående samarbejde\nKlarhed om rammer og \
         opgaver\nPraksisnær videndeling\n\n"
    ));
    assert_eq!(
        section_text(&doc, 2, SectionKind::Decision),
        "Beskæftigelses- og Socialudvalget anbefaler indstillingen.\n\n\
         Ældre- og Handicapudvalget anbefaler indstillingen.\n\n\
         Børn- og Ungeudvalget anbefaler indstillingen.\n\n\
         Udvalgsmedlem Mark Grossmann deltog ikke i mødet."
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Recommendation),
        "Beskæftigelses- og Socialforvaltningen, Børn- og Ungeforvaltningen og Ældre- og \
         Handicapforvaltningen indstiller til respektive udvalg, at byrådet godkender \
         Rammeaftalen på det specialiserede socialområde for 2023-2024."
    );
}

#[test]
fn parsing_is_deterministic() {
    // Parsing is deterministic: the same text gives the same structure.
    for prefix in ["000_", "001_", "002_", "004_"] {
        let text = corpus(prefix);
        assert_eq!(parse(&text), parse(&text), "{prefix}");
    }
}

// ---- Hand-made fixtures: what the corpus does not show -----------------------------------

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/parse/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parsed_fixture(name: &str) -> ParsedDocument {
    parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn markdown_items_at_level_four_with_numbered_sub_headings() {
    let doc = parsed_fixture("markdown_deep_headings.md");
    assert_eq!(doc.layout, Layout::Markdown);
    // "## 1. Bæredygtig bydel" etc. are sub-headings of item 2, not items.
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (2, "Udviklingsplan for Havnen og de nye boligområder"),
            (3, "Orientering om trafiktællinger"),
        ]
    );
    assert_eq!(doc.items[1].case_type, Some('B'));
    assert_eq!(
        doc.items[1].case_number.as_deref(),
        Some("01.02.03-P20-4-24")
    );
    assert_eq!(doc.items[0].sections[0].heading, "Beslutning");
    assert_eq!(section_text(&doc, 1, SectionKind::Decision), "Godkendt.");
    assert_eq!(
        section_text(&doc, 2, SectionKind::Summary),
        "Planen har tre dele, som beskrives herunder.\n\n1. Bæredygtig bydel\n\n\
         Bydelen skal være grøn, og regnvand skal håndteres lokalt.\n\n2. Nye boliger\n\n\
         - 300 almene boliger\n- 40 ungdomsboliger\n\n3. Punkt 3 i planen: Trafik\n\n\
         Trafikken ledes uden om kvarteret."
    );
    let h = &doc.header;
    assert_eq!(h.document_kind, Some(DocumentKind::Dagsorden));
    assert_eq!(h.committee.as_deref(), Some("Teknik- og Miljøudvalget"));
    assert_eq!(h.committee_period.as_deref(), Some("2022-2025"));
    assert_eq!(h.meeting_date, Some(date(2024, 4, 3)));
    assert_eq!(h.start_time.as_deref(), Some("15:00"));
    assert_eq!(h.location.as_deref(), Some("Rådhuset, lokale 2"));
    assert_eq!(h.attendance_lines, ["Afbud: Hanne Holm"]);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn item_without_a_decision_has_no_decision_section() {
    let doc = parsed_fixture("item_without_decision.txt");
    assert_eq!(doc.items.len(), 3);
    let item = &doc.items[2];
    assert_eq!(item.title, "Orientering om byggeriet på Skolevej");
    assert!(item.body_found);
    assert!(item.section(SectionKind::Decision).is_none());
    let kinds: Vec<SectionKind> = item.sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [SectionKind::Summary, SectionKind::Body]);
    // The closing "Mødet hævet kl. 10.15" is the meeting's end, not text of item 3.
    assert_eq!(
        section_text(&doc, 3, SectionKind::Body),
        "Byggeriet er forsinket med to måneder."
    );
    assert_eq!(doc.header.end_time.as_deref(), Some("10:15"));
    assert_eq!(doc.header.attendance_lines, ["Fraværende: Jens Jensen (V)"]);
    assert_eq!(doc.header.committee.as_deref(), Some("Økonomiudvalget"));
    assert_eq!(item_titles(&doc)[1], (2, "Budgetopfølgning pr. 30. april"));
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn truncated_document_keeps_a_row_for_every_listed_item() {
    let doc = parsed_fixture("truncated_markdown_numbered.md");
    assert_eq!(
        toc_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (2, "Ny struktur på dagtilbudsområdet"),
            (3, "Drøftelse af skolernes trivselsmåling"),
            (4, "Aktuelle sager"),
            (5, "Temamøde om inklusion"),
        ]
    );
    let found: Vec<(u32, &str, bool)> = doc
        .items
        .iter()
        .map(|i| (i.number, i.title.as_str(), i.body_found))
        .collect();
    assert_eq!(
        found,
        [
            (1, "Godkendelse af dagsorden", true),
            (2, "Ny struktur på dagtilbudsområdet", true),
            (3, "Drøftelse af skolernes trivselsmåling", true),
            (4, "Aktuelle sager", false),
            (5, "Temamøde om inklusion", false),
        ]
    );
    // Items without a body: no sections, the listing's case type, nothing invented.
    assert!(doc.items[3].sections.is_empty());
    assert_eq!(doc.items[3].case_type, Some('D'));
    assert_eq!(doc.items[3].case_number, None);
    // "### 1. Bæredygtig bydel" and "### 3. Færre ledere" stay inside item 2.
    let summary = section_text(&doc, 2, SectionKind::Summary);
    assert!(summary.contains("\n\n1. Bæredygtig bydel\n\nEt nyt dagtilbud"));
    assert!(summary.ends_with("3. Færre ledere\n\nLedelsen samles i fire områder."));
    assert_eq!(
        section_text(&doc, 3, SectionKind::Summary),
        "Trivselsmålingen viser, at"
    );
    assert_eq!(
        doc.problems.first().map(String::as_str),
        Some("table of contents lists 5 items, the body holds 3 of them")
    );
    assert_eq!(doc.problems.len(), 3, "{:?}", doc.problems);
    assert_eq!(
        doc.header.committee.as_deref(),
        Some("Børn- og Ungeudvalget")
    );
    assert_eq!(doc.header.meeting_date, Some(date(2024, 5, 14)));
}

#[test]
fn attendance_quoted_inside_an_item_is_not_the_meetings() {
    let doc = parsed_fixture("quoted_attendance_in_item.txt");
    assert_eq!(doc.header.attendance_lines, ["Afbud fra: Ole Olsen (A)"]);
    // The quoted meeting's "Mødet hævet kl. 18.30." is not this meeting's end.
    assert_eq!(doc.header.end_time, None);
    // "Punkt 2: Tilgængelighed på rådhuset" inside item 2 is not a new item.
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (2, "Referat fra dialogmøde med Handicaprådet"),
        ]
    );
    let body = section_text(&doc, 2, SectionKind::Body);
    assert!(
        body.contains("På mødet deltog:\nAfbud: Pia Poulsen\nFraværende: Karl Krog\n\n1. Velkomst")
    );
    assert!(body.contains("\n\nPunkt 2: Tilgængelighed på rådhuset\n\n"));
    assert_eq!(
        section_text(&doc, 2, SectionKind::Decision),
        "Orientering givet."
    );
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert!(
        doc.problems[0].contains("\"Punkt 2\"") && doc.problems[0].contains("kept as text"),
        "{:?}",
        doc.problems
    );
}

#[test]
fn texts_that_are_not_minutes_are_refused() {
    for name in ["not_minutes_readme.md", "not_minutes_shopping_list.txt"] {
        match parse(&fixture(name)) {
            Err(ParseError::NotMinutes { reason }) => {
                assert!(reason.contains("no agenda items"), "{name}: {reason}")
            }
            other => panic!("{name}: expected NotMinutes, got {other:?}"),
        }
    }
    let random = "Lorem ipsum dolor sit amet.\n\nConsectetur 12. adipiscing elit.\n";
    assert!(matches!(parse(random), Err(ParseError::NotMinutes { .. })));
    assert!(matches!(parse(""), Err(ParseError::NotMinutes { .. })));
    assert!(matches!(
        parse("\u{a0}\n \n"),
        Err(ParseError::NotMinutes { .. })
    ));
}

#[test]
fn an_agenda_without_item_bodies_is_still_minutes() {
    // A listing under a heading plus a dated header: every item gets a row without a body.
    let text = "DAGSORDEN Økonomiudvalget d. 01-02-2024\n\nIndholdsfortegnelse\n\n\
                Godkendelse af dagsorden.....\t2\nB-sag: Budget.....\t3\n";
    let doc = parse(text).expect("an agenda listing");
    assert_eq!(doc.items.len(), 2);
    assert!(doc.items.iter().all(|i| !i.body_found));
    assert_eq!(doc.items[1].title, "Budget");
}

#[test]
fn one_line_section_headings_when_there_are_no_others() {
    let doc = parsed_fixture("inline_section_headings.txt");
    let h = &doc.header;
    assert_eq!(h.document_kind, Some(DocumentKind::Dagsorden));
    assert_eq!(h.committee.as_deref(), Some("Kultur- og Fritidsudvalget"));
    assert_eq!(h.meeting_date, Some(date(2024, 10, 10)));
    assert_eq!(h.start_time.as_deref(), Some("17:00"));
    assert_eq!(h.location.as_deref(), Some("Borgernes Hus"));
    assert_eq!(section_text(&doc, 1, SectionKind::Decision), "Godkendt.");
    let item = &doc.items[1];
    let headings: Vec<(&str, SectionKind)> = item
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.kind))
        .collect();
    assert_eq!(
        headings,
        [
            ("Resumé", SectionKind::Summary),
            ("Indstilling", SectionKind::Recommendation),
            ("Beslutning", SectionKind::Decision),
        ]
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Decision),
        "Godkendt med den ændring,\nat beløbet hæves til 0,3 mio. kr."
    );
    // Item 3 has text but no section heading: kept as an unlabelled body, and said so.
    let item = &doc.items[2];
    assert_eq!(item.sections.len(), 1);
    assert_eq!(item.sections[0].heading, "");
    assert_eq!(
        item.sections[0].text,
        "Svømmehallen åbner igen den 1. december."
    );
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert!(doc.problems[0].contains("item 3 has no section headings"));
}

#[test]
fn a_heading_quoted_inside_an_item_loses_to_the_real_item() {
    // No table of contents: "Punkt 3: Status på madordningen" quoted in item 2 comes first,
    // but the real item 3 is the one followed by a case number.
    let doc = parsed_fixture("quoted_item_heading.txt");
    assert_eq!(
        item_titles(&doc),
        [
            (1, "Godkendelse af dagsorden"),
            (2, "Orientering fra Ældrerådet"),
            (3, "Nye plejeboliger"),
        ]
    );
    assert_eq!(
        doc.items[2].case_number.as_deref(),
        Some("82.00.00-A00-2-24")
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Summary),
        "Ældrerådet har sendt følgende uddrag af sin dagsorden:\n\n\
         Punkt 3: Status på madordningen\nRådet drøftede madordningen."
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Decision),
        "Orientering givet."
    );
    assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
    assert!(doc.problems[0].contains("\"Punkt 3\" at line 19 repeats an item number"));
}

#[test]
fn text_wrapped_at_80_columns_is_joined() {
    let doc = parsed_fixture("wrapped_80_columns.txt");
    assert_eq!(doc.layout, Layout::WrappedPdfText);
    assert_eq!(
        doc.items[1].title,
        "Plan for nedbringelse af kommunens egen CO2-udledning frem mod 2030"
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Summary),
        "I denne sag skal Klima- og Miljøudvalget tage stilling til en plan for at nedbringe \
         kommunens CO2-udledning fra egne bygninger og køretøjer frem mod 2030. Planen er \
         udarbejdet sammen med social- og sundhedsområdet samt by- og kulturområdet, og den \
         bygger på fire års erfaringer med energirenovering af kommunens bygninger og \
         institutioner, hvor den samlede kommunale CO2-udledning allerede er faldet med en \
         femtedel.\n\nPlanen har tre indsatser:\n- Energirenovering af 40 skoler og \
         daginstitutioner, hvor de største besparelser kan opnås i de første år\n\
         - Udskiftning af personbiler til elbiler\n- Solceller på alle egnede tage"
    );
    assert_eq!(
        section_text(&doc, 2, SectionKind::Economy),
        "Udgift\t2025\t2026\nEnergirenovering\t12,0\t14,5\nElbiler\t3,1\t2,0"
    );
    assert_eq!(
        doc.header.committee.as_deref(),
        Some("Klima- og Miljøudvalget")
    );
    assert_eq!(doc.header.meeting_date, Some(date(2024, 6, 4)));
}

#[test]
fn web_export_with_a_closed_item() {
    // The 2015–2019 web export's shape, with one item closed to the public.
    let text = "Referat\ntil\nmøde i Økonomiudvalget\nden 2. marts 2017 kl. 09:00\ni Rådhuset\n\n\
                B. Sager til afgørelse i udvalget\n1 Salg af grund\nD. Orientering\n\
                2 Personalesag\n\nB. Sager til afgørelse i udvalget\n\n1. Salg af grund\n\
                B. Sager til afgørelse i udvalget\nÅbent - 82.00.00-G01-1-17\nRESUMÉ\n\n\
                Grunden sælges.\n\nBESLUTNING\n\nGodkendt.\n\nD. Orientering\n\n\
                2. Personalesag\nD. Orientering\nLukket - 81.00.00-A00-2-17\n";
    let doc = parse(text).expect("web export");
    assert_eq!(doc.layout, Layout::WebExport);
    assert_eq!(
        item_titles(&doc),
        [(1, "Salg af grund"), (2, "Personalesag")]
    );
    assert_eq!(doc.items[0].access, Some(Access::Open));
    assert_eq!(doc.items[1].access, Some(Access::Closed));
    assert_eq!(
        doc.items[1].case_number.as_deref(),
        Some("81.00.00-A00-2-17")
    );
    assert_eq!(doc.items[1].case_type, Some('D'));
    assert!(doc.items[1].body_found);
    assert!(doc.items[1].sections.is_empty());
    // The group line before item 2 is not part of item 1's decision.
    assert_eq!(section_text(&doc, 1, SectionKind::Decision), "Godkendt.");
    assert_eq!(doc.header.committee.as_deref(), Some("Økonomiudvalget"));
    assert_eq!(doc.header.meeting_date, Some(date(2017, 3, 2)));
    assert_eq!(doc.header.location.as_deref(), Some("Rådhuset"));
    // A closed item without text is expected, not a problem.
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn a_date_found_only_deep_in_the_text_is_reported() {
    // No header, and item 1 does not name the meeting: the date and committee come from a
    // sentence naming a committee further on, and the document says so.
    let text = "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\n\
                Punkt 2: Budget\n\nResume\n\nSagen blev drøftet på mødet den 3. maj 2023.\n\
                Sagen behandles på Økonomiudvalgets møde den 7. juni 2023.\n";
    let doc = parse(text).expect("minutes");
    assert_eq!(doc.header.committee.as_deref(), Some("Økonomiudvalget"));
    assert_eq!(doc.header.meeting_date, Some(date(2023, 6, 7)));
    assert_eq!(
        doc.problems,
        [
            "committee and meeting date taken from a sentence in the text (line 12), not from a \
          header"
        ]
    );
}

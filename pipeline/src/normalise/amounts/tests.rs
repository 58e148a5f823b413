//! Unit tests of the amount finder, one or more per rule of issue #4. Sentences are copied
//! from the corpus; the expected values are read off them by hand.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// (raw_text, value) of every amount found, in order; ranges as "low..high".
fn found(text: &str) -> Vec<(String, String)> {
    find_amounts(text)
        .into_iter()
        .map(|a| {
            let value = match a.value {
                AmountValue::Exact(v) => v.normalize().to_string(),
                AmountValue::Range(l, h) => format!("{}..{}", l.normalize(), h.normalize()),
            };
            (a.raw_text, value)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(r, v)| (r.to_string(), v.to_string()))
        .collect()
}

#[test]
fn danish_numbers_with_kroner_and_millions() {
    let text = "Forvaltningen har søgt 3.400.550 kr. Puljen er på 8,3 mio. kr. Forvaltningen \
                stiller en medfinansiering på cirka 15 %, svarende til 225.000 kr.";
    assert_eq!(
        found(text),
        pairs(&[
            ("3.400.550 kr.", "3400550"),
            ("8,3 mio. kr.", "8300000"),
            ("225.000 kr.", "225000")
        ])
    );
    assert_eq!(
        found("Forvaltningen ansøgte om 6.500.000,00 kr. og har fået bevilliget 4.971.700,00 kr."),
        pairs(&[
            ("6.500.000,00 kr.", "6500000"),
            ("4.971.700,00 kr.", "4971700")
        ])
    );
    assert_eq!(
        found("META ønsker at donere 0,9 mio. kr. til et projekt i ErhvervsTanken."),
        pairs(&[("0,9 mio. kr.", "900000")])
    );
    assert_eq!(
        found("Budgettet udgør 4.037,2 mio. kr."),
        pairs(&[("4.037,2 mio. kr.", "4037200000")])
    );
}

#[test]
fn every_scale_word() {
    assert_eq!(
        found(
            "Der skal samlet findes besparelser for 1,1 mia. kr., før aftalen endeligt er \
             udmøntet."
        ),
        pairs(&[("1,1 mia. kr.", "1100000000")])
    );
    assert_eq!(
        found("Den A.P. Møllerske Støttefond har bevilliget 5,2 mio. kroner til byggeriet."),
        pairs(&[("5,2 mio. kroner", "5200000")])
    );
    assert_eq!(
        found("Rammen er 250 t.kr. og 1.200 tkr. samt 3 millioner kroner og 2 milliarder kr."),
        pairs(&[
            ("250 t.kr.", "250000"),
            ("1.200 tkr.", "1200000"),
            ("3 millioner kroner", "3000000"),
            ("2 milliarder kr.", "2000000000")
        ])
    );
    assert_eq!(
        found("  •  7,0 mio kr. i ubalance i Center for Familier og Unge"),
        pairs(&[("7,0 mio kr.", "7000000")])
    );
}

#[test]
fn bare_million_counts_only_where_the_sentence_is_about_kroner() {
    let text = "Den tilbageførte besparelse fra rammeudmeldingen på 6,4 mio. i 2017 og 9,9 mio. \
                kr. fra 2018 kan ikke anvendes til at afhjælpe ubalancen.";
    assert_eq!(
        found(text),
        pairs(&[("6,4 mio.", "6400000"), ("9,9 mio. kr.", "9900000")])
    );
    assert_eq!(
        found("Byen har 1,2 mio. borgere i oplandet og et stort budget."),
        pairs(&[])
    );
    assert_eq!(
        found("Der var 1,2 mio. besøg på hjemmesiden i 2023."),
        pairs(&[])
    );
    assert_eq!(found("Regionen har 1,2 mio. indbyggere."), pairs(&[]));
}

#[test]
fn ranges_have_low_and_high() {
    let text = "De kommende år er udfordringerne ligeledes vurderet til at udgøre 45-50 mio. kr. \
                årligt.";
    let amounts = find_amounts(text);
    assert_eq!(amounts.len(), 1);
    assert_eq!(amounts[0].raw_text, "45-50 mio. kr.");
    assert_eq!(
        amounts[0].value,
        AmountValue::Range(dec("45000000"), dec("50000000"))
    );
    assert_eq!(amounts[0].per, Some(Per::Year));
    let text = "For de kommende år forventes en væsentlig økonomisk ubalance i \
                størrelsesordenen 34-38 mio. kr. årligt.";
    let amounts = find_amounts(text);
    assert_eq!(
        amounts[0].value,
        AmountValue::Range(dec("34000000"), dec("38000000"))
    );
    assert!(amounts[0].approximate);
    assert_eq!(
        found("Udgiften ligger mellem 2 og 3 mio. kr. om året."),
        pairs(&[("2 og 3 mio. kr.", "2000000..3000000")])
    );
}

#[test]
fn negative_amounts() {
    let text =
        "Konkret reduceres Odense Kommunes bloktilskud i 2025 med -0,6 mio. kr., i 2026 med \
                -4,4 mio. kr. og fra 2027 og frem med -5,8 mio. kr. som følge af opgavebortfald.";
    assert_eq!(
        found(text),
        pairs(&[
            ("-0,6 mio. kr.", "-600000"),
            ("-4,4 mio. kr.", "-4400000"),
            ("-5,8 mio. kr.", "-5800000")
        ])
    );
    assert_eq!(
        found("Resultatet er ÷26 mio. kr."),
        pairs(&[("÷26 mio. kr.", "-26000000")])
    );
    // A hyphen glued to a word is not a minus.
    assert_eq!(
        found("COVID-19 på årligt 4 mio. kr. udløber i 2024"),
        pairs(&[("4 mio. kr.", "4000000")])
    );
}

#[test]
fn thousands_grouped_by_spaces() {
    assert_eq!(
        found("Tilskuddet er på 1 500 000 kr. og 12 000 kr. i 2023 500 kr."),
        pairs(&[
            ("1 500 000 kr.", "1500000"),
            ("12 000 kr.", "12000"),
            ("500 kr.", "500")
        ])
    );
}

#[test]
fn a_wrap_between_number_and_unit() {
    let text = "Anden delaftale indebærer i første omgang, at budgetrammen til \
                beskæftigelsesindsatser reduceres med 13\nmio. kr. i 2023.";
    assert_eq!(found(text), pairs(&[("13\nmio. kr.", "13000000")]));
}

#[test]
fn an_amount_split_by_a_line_wrap() {
    let text = "I 2021 var bruttobesparelsen 23,9 mio. kr., mens nettobesparelsen var 12,6 mio.\n\
                kr.\n\nEtableringen af en mentorordning medfører, at der flyttes 1,0 mio.\nkr. på \
                drift i 2023 og 2024.";
    let amounts = find_amounts(text);
    let raws: Vec<&str> = amounts.iter().map(|a| a.raw_text.as_str()).collect();
    assert_eq!(raws, ["23,9 mio. kr.", "12,6 mio.\nkr.", "1,0 mio.\nkr."]);
    assert_eq!(amounts[1].value, AmountValue::Exact(dec("12600000")));
    assert_eq!(
        amounts[2].context,
        "Etableringen af en mentorordning medfører, at der flyttes 1,0 mio. kr. på drift i 2023 \
         og 2024."
    );
    assert_eq!(amounts[2].years, vec![2023, 2024]);
    // A blank line is never inside an amount.
    assert_eq!(found("Vi har 5 mio.\n\nkr. er ikke nævnt"), pairs(&[]));
}

#[test]
fn approximate_is_a_flag() {
    let text =
        "I indeværende år forventes udgifter til domsanbringelser at udgøre ca. 12 mio. kr. \
                (svarende til en overskridelse på 50%)";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].raw_text, "12 mio. kr.");
    assert!(amounts[0].approximate);
    let text =
        "Beskæftigelses- og Socialforvaltningen ønsker at søge knap 1,3 mio. kr. fra puljen.";
    assert!(find_amounts(text)[0].approximate);
    let text = "Forvaltningen har søgt om 3,4 mio. kr. fra puljen til projektet.";
    assert!(!find_amounts(text)[0].approximate);
}

#[test]
fn per_year_and_years() {
    let text = "Byrådet besluttede med Budget 2019 \"Alle skal med\"-indsatsen og med Budget 2022 \
                vedtog byrådet at videreføre indsatsen fra 2023 og frem med 10,5 mio. kr. om året.";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].per, Some(Per::Year));
    assert_eq!(amounts[0].years, vec![2019, 2022, 2023]);
    let text = "I Budget 2025 er der afsat 5 mio. kr. årligt i 2025-2027 til konkrete initiativer \
                baseret på ekspertudvalgets anbefalinger.";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].per, Some(Per::Year));
    assert_eq!(amounts[0].years, vec![2025, 2026, 2027]);
    let text = "Der er ikke tilført midler for de kommende år, hvor merudgiften er opgjort til \
                godt 6,6 mio. kr. i 2017 og herefter 6,2 mio. kr. årligt.";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].per, None);
    assert!(amounts[0].approximate);
    assert_eq!(amounts[1].per, Some(Per::Year));
    let text = "COVID-19 på årligt 4 mio. kr. udløber i 2024";
    assert_eq!(find_amounts(text)[0].per, Some(Per::Year));
    let text = "I 2018 var nettobesparelsen pr. årsværk 1,5 mio. kr. I 2021 var den højere.";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].per, None);
    assert_eq!(amounts[0].years, vec![2018]);
    assert_eq!(
        amounts[0].context,
        "I 2018 var nettobesparelsen pr. årsværk 1,5 mio. kr."
    );
    let text = "Med dette kan familier få skattefri støtte på 450 kr. pr. barn pr. måned (dog \
                maks. til tre børn pr. familie).";
    let amounts = find_amounts(text);
    assert_eq!(amounts[0].per, Some(Per::Month));
    assert_eq!(amounts[0].years, Vec::<i32>::new());
}

#[test]
fn a_unit_shared_by_two_numbers() {
    let text = "I 2014 og 2015 var udgifterne på henholdsvis 16 og 15 mio. kr. (svarende til en \
                budgetoverskridelse på ca. 100%).";
    assert_eq!(
        found(text),
        pairs(&[("16", "16000000"), ("15 mio. kr.", "15000000")])
    );
    // Years before "og" do not take the unit.
    assert_eq!(
        found("Puljen var i 2022 og 15 mio. kr. stor."),
        pairs(&[("15 mio. kr.", "15000000")])
    );
}

#[test]
fn not_money() {
    // Years, percentages, dates, case numbers, counts of people, page numbers, "§ 18".
    for text in [
        "Strategien gælder 2019–2022 og omfatter 2.546 stillinger.",
        "Forvaltningen stiller en medfinansiering på cirka 15 %.",
        "Projektperioden er 1. december 2023 – 31. december 2024.",
        "Byrådet besluttede den 9/9 2015 forud for evalueringen.",
        "27.00.00-A21-1-22",
        "I 2022 og 2023 er i alt 56 borgere gået i job.",
        "D-sag: Afrapportering af Strategi for det rummelige arbejdsmarked.....\t13",
        "Foreningerne har søgt § 18-Hovedpuljen 2023 efter § 18 i serviceloven.",
        "Målgruppen ved fuld indfasning estimeres til 9.245 personer på landsplan.",
        "unge mellem 17-23 år, kl. 14.07, 1.5 mio. kr.",
        "Der er 51 stillinger og 18-30 år gamle unge i 1/6-opfølgningen.",
    ] {
        assert_eq!(found(text), pairs(&[]), "{text}");
    }
}

#[test]
fn a_table_stating_its_unit_scales_its_cells() {
    let text = "Den årlige budgetreduktion for Beskæftigelses- og Socialforvaltningen fremgår af \
                tabel 1:\n\nTabel 1. Årlig reduktion af budget\n\nmio. kr.\t2025\t2026\t2027\n\
                Misbrugsbehandling\t-0,5\t-3,7\t-4,9";
    let amounts = find_amounts(text);
    let values: Vec<_> = amounts.iter().map(|a| a.value).collect();
    assert_eq!(
        values,
        [
            AmountValue::Exact(dec("-500000")),
            AmountValue::Exact(dec("-3700000")),
            AmountValue::Exact(dec("-4900000"))
        ]
    );
    assert_eq!(amounts[0].raw_text, "-0,5");
    assert_eq!(
        amounts[1].table_row_label.as_deref(),
        Some("Misbrugsbehandling")
    );
    assert_eq!(amounts[1].table_column_header.as_deref(), Some("2026"));
    assert_eq!(amounts[1].years, vec![2026]);
    assert_eq!(amounts[1].context, "Misbrugsbehandling\t-0,5\t-3,7\t-4,9");
}

#[test]
fn a_table_column_named_as_money() {
    let text = "Projekt\tBeløb\tAntal deltagere\nJobmentorer\t1.250.000\t40\n\
                Budgetteret gevinst i 1.000 kr.\t\t\n\tBudgetteret gevinst\nKontrolgruppen\t900";
    let amounts = find_amounts(text);
    let summary: Vec<_> = amounts
        .iter()
        .map(|a| {
            (
                a.raw_text.as_str(),
                a.value,
                a.table_column_header.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "1.250.000",
                AmountValue::Exact(dec("1250000")),
                Some("Beløb")
            ),
            (
                "900",
                AmountValue::Exact(dec("900")),
                Some("Budgetteret gevinst")
            ),
        ]
    );
}

#[test]
fn a_table_of_counts_is_not_money() {
    let text = "Jobordrer\t2022\t2023\t2024\nOdense\t1.290\t1.782\t1.694\n\
                Ankestyrelsens afgørelser i 2024\tAntal\tAndel\nStadfæstet\t18\t86 %";
    assert_eq!(found(text), pairs(&[]));
}

#[test]
fn a_unit_declaration_is_not_an_amount() {
    // "1.000 kr." here is the table's unit, and it scales the cell.
    assert_eq!(
        found("Tabel 2. Udgifter (i 1.000 kr.)\n\nI alt\t5"),
        pairs(&[("5", "5000")])
    );
    assert_eq!(found("Beløb i 1.000 kr.\t2023\t2024"), pairs(&[]));
}

#[test]
fn offsets_are_characters_and_ids_are_stable() {
    use crate::model::{Section, SectionKind};
    let item = ParsedItem {
        number: 3,
        title: "Ansøgning om 1,4 mio. kr. fra puljen".into(),
        case_type: Some('B'),
        case_number: None,
        access: None,
        sections: vec![
            Section {
                kind: SectionKind::Body,
                heading: "Sagsfremstilling".into(),
                text: "Økonomiudvalget bevilgede 5 mio. kr.".into(),
            },
            Section {
                kind: SectionKind::Body,
                heading: "Sagsfremstilling".into(),
                text: "Årligt gives 2 mio. kr.".into(),
            },
        ],
        body_found: true,
    };
    let ctx = ItemContext {
        meeting_id: "odense/x/2023-09-19".into(),
        item_id: "odense/x/2023-09-19/3".into(),
        item_number: 3,
        meeting_date: None,
    };
    let rows = extract(&ctx, &item);
    let ids: Vec<&str> = rows.iter().map(|r| r.amount_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "odense/x/2023-09-19/3/title/13",
            "odense/x/2023-09-19/3/body/26",
            // "Økonomiudvalget bevilgede 5 mio. kr." is 36 characters, then "\n\n", then
            // "Årligt gives " (13): 51.
            "odense/x/2023-09-19/3/body/51",
        ]
    );
    let body = item.section_text(SectionKind::Body).unwrap();
    for row in &rows[1..] {
        let at: String = body
            .chars()
            .skip(row.char_offset as usize)
            .take(row.raw_text.chars().count())
            .collect();
        assert_eq!(at, row.raw_text);
    }
    assert_eq!(rows[2].per.as_deref(), Some("year"));
    assert_eq!(
        rows,
        extract(&ctx, &item),
        "extracting twice gives the same rows"
    );
}

#[test]
fn values_too_large_for_the_column_are_dropped() {
    assert_eq!(found("Et beløb på 99.999.999.999 mia. kr."), pairs(&[]));
    assert_eq!(
        found("Et beløb på 9.999.999 mia. kr."),
        pairs(&[("9.999.999 mia. kr.", "9999999000000000")])
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amount_ids_as_formatted_at_the_edges() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX - 1, usize::MAX] {
            assert_eq!(amount_id("m/3", "title", n), format!("m/3/title/{n}"));
        }
    }

    proptest! {
        /// The hand-built id is the one `format!` gives.
        #[test]
        fn amount_ids_as_formatted(item in "[a-zæ0-9/-]{0,12}", section in "[a-z_]{0,10}", n: usize) {
            prop_assert_eq!(amount_id(&item, &section, n), format!("{item}/{section}/{n}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The gate on "år"/"ån" changes no answer of `per_around`.
        #[test]
        fn per_around_as_ungated(
            text in r"(årligt|om året|pr\. år|om måneden|på|får|Å|\u{212B}r|ån|5 kr\.|[a-z .,:;\n]|kr){0,24}",
            a in 0usize..120,
            b in 0usize..20,
        ) {
            let start = text.floor_char_boundary_compat(a);
            let end = text.floor_char_boundary_compat(start + b);
            let spans = [(start, end)];
            prop_assert_eq!(
                per_around(&text, &spans, 0),
                per_around_gated(&text, &spans, 0, false)
            );
        }
    }

    proptest! {
        /// Any text: no panic, and every amount's raw text sits at its offsets.
        #[test]
        fn raw_text_is_found_at_its_offset(
            text in "([ -~æøåÆØÅ\n\t÷–−\u{a0}]|kr\\.|mio\\. |1\\.000|[0-9]{3} ){0,120}"
        ) {
            for amount in find_amounts(&text) {
                prop_assert_eq!(&text[amount.start..amount.end], amount.raw_text.as_str());
            }
        }

        /// Through `extract`: every row's char_offset finds its raw_text in the section text,
        /// whatever the text holds.
        #[test]
        fn char_offsets_hold_for_any_section_text(
            body in "([a-zæøå ÆØÅ\n\t\u{a0}-]|kr\\. |mio\\. |[0-9]{1,3},[0-9] |[0-9]{3}\\.){0,80}"
        ) {
            use crate::model::{Section, SectionKind};
            let item = ParsedItem {
                number: 1,
                title: body.clone(),
                case_type: None,
                case_number: None,
                access: None,
                sections: vec![Section {
                    kind: SectionKind::Economy,
                    heading: "Økonomi".into(),
                    text: body.clone(),
                }],
                body_found: true,
            };
            let ctx = ItemContext {
                meeting_id: "m".into(),
                item_id: "m/1".into(),
                item_number: 1,
                meeting_date: None,
            };
            let joined = item.section_text(SectionKind::Economy).unwrap_or_default();
            for row in extract(&ctx, &item) {
                let text = if row.section == "title" { &item.title } else { &joined };
                let at: String = text
                    .chars()
                    .skip(row.char_offset as usize)
                    .take(row.raw_text.chars().count())
                    .collect();
                prop_assert_eq!(at, row.raw_text);
            }
        }

        /// A written amount is found with its exact value wherever it stands in a sentence.
        #[test]
        fn a_generated_amount_is_found(whole in 1u64..1_000_000, tenths in 0u32..10,
                                       prefix in "[A-Za-zæøå ]{0,30}") {
            let text = format!("{prefix} Der er afsat {whole},{tenths} mio. kr. til projektet.");
            let amounts = find_amounts(&text);
            prop_assert_eq!(amounts.len(), 1);
            let expected = (Decimal::from(whole) + Decimal::new(i64::from(tenths), 1))
                * Decimal::from(1_000_000);
            prop_assert_eq!(amounts[0].value, AmountValue::Exact(expected));
        }
    }
}

#[test]
fn initials_do_not_end_a_sentence() {
    let text = "Beskæftigelses- Socialudvalget modtog den 16. juni 2022 tilsagn fra den A.P. \
                Møllerske Støttefond om 5,2 mio. kr. i fondsmidler.";
    assert_eq!(find_amounts(text)[0].context, text);
}

#[test]
fn a_table_flattened_to_spaces_under_a_unit_line() {
    // As the wrapped-PDF export leaves it: no tabs, one row per paragraph.
    let text = "Oversigt over midler til frivilligt socialt arbejde i 2023\n\n\
                Samlede midler til frivilligt socialt arbejde (kr.)\n\n\
                Udviklingspuljen (10 %) 702.018\n\n\
                Ubrugte midler fra Budget 2022 53.373\n\n\
                Hovedpuljen 2023\n\n\
                Midler til uddeling i § 18 Hovedpuljen 2023 3.179.537\n\n\
                55 % af Hovedpuljens samlede beløb må gå til flerårige bevillinger, dvs. op til \
                3.320.000,00 kr.\n\nFordeling 12 34";
    let amounts = find_amounts(text);
    let summary: Vec<_> = amounts
        .iter()
        .map(|a| (a.raw_text.as_str(), a.value, a.table_row_label.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "702.018",
                AmountValue::Exact(dec("702018")),
                Some("Udviklingspuljen (10 %)")
            ),
            (
                "53.373",
                AmountValue::Exact(dec("53373")),
                Some("Ubrugte midler fra Budget 2022")
            ),
            (
                "3.179.537",
                AmountValue::Exact(dec("3179537")),
                Some("Midler til uddeling i § 18 Hovedpuljen 2023")
            ),
            // The sentence ends the table: its amount is read as prose, and "12 34" after it
            // is not money.
            ("3.320.000,00 kr.", AmountValue::Exact(dec("3320000")), None),
        ]
    );
    assert_eq!(
        amounts[0].table_column_header.as_deref(),
        Some("Samlede midler til frivilligt socialt arbejde (kr.)")
    );
    assert_eq!(amounts[1].years, vec![2022]);
}

#[test]
fn a_flattened_row_with_a_year_label_and_a_text_cell() {
    let text =
        "Årstal Hovedpuljen (kr.) Ansøgt Beløb Tilskudsbeløb\n\n2021 1.918.843 1.084.000\n\n\
                2023 1.699.400 Ikke indstillet endnu";
    assert_eq!(
        found(text),
        pairs(&[
            ("1.918.843", "1918843"),
            ("1.084.000", "1084000"),
            ("1.699.400", "1699400")
        ])
    );
    assert_eq!(
        find_amounts(text)[0].table_row_label.as_deref(),
        Some("2021")
    );
}

#[test]
fn numbers_without_a_unit_line_are_not_money() {
    let text = "Udviklingspuljen (10 %) 702.018\n\nOdense 1.290 1.782 1.694";
    assert_eq!(found(text), pairs(&[]));
}

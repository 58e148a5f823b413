//! `docs/schema.md`: the dataset's schema documentation, generated from the catalog
//! ([`crate::schema`]). `referat schema` prints it; a test fails when the committed copy is
//! stale, so the docs cannot drift from what the writer writes.

use std::fmt::Write as _;

use super::checksums::SHA256SUMS;
use super::datapackage::{parquet_file_name, DATAPACKAGE_JSON};
use super::{KV_REFERAT_VERSION, KV_SCHEMA_VERSION, KV_SOURCES, KV_TABLE};
use crate::schema::{Catalog, ColumnType, Table};

/// A table cell: one line, pipes escaped (Markdown tables break on both).
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// Inline code, unless the text holds a backtick (then plain, escaped).
fn code(text: &str) -> String {
    if text.contains('`') {
        cell(text)
    } else {
        format!("`{}`", cell(text))
    }
}

/// The type as DuckDB shows it, and whether the file dictionary-encodes it (pandas'
/// `category`, polars' `Categorical`).
fn type_cell(column_type: ColumnType) -> String {
    match column_type {
        ColumnType::DictUtf8 => format!("{} (dictionary)", column_type.duckdb_name()),
        other => other.duckdb_name().to_string(),
    }
}

fn key_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| code(c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table_section(out: &mut String, table: &Table) {
    let _ = writeln!(out, "## {}\n", table.name);
    let _ = writeln!(out, "{}\n", table.description);
    let _ = writeln!(out, "- File: `{}`", parquet_file_name(&table.name));
    let _ = writeln!(out, "- Primary key: {}", key_list(&table.primary_key));
    for fk in &table.foreign_keys {
        let targets: Vec<String> = fk
            .reference
            .fields
            .iter()
            .map(|f| format!("{}.{f}", fk.reference.resource))
            .collect();
        let _ = writeln!(
            out,
            "- Foreign key: {} → {}",
            key_list(&fk.fields),
            key_list(&targets)
        );
    }
    out.push('\n');
    out.push_str("| Column | Type (DuckDB) | Null | Description | Example |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for column in &table.columns {
        let mut description = cell(&column.description);
        if let Some(values) = &column.allowed_values {
            let _ = write!(description, " One of: {}.", key_list(values));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            code(&column.name),
            type_cell(column.column_type),
            if column.nullable { "yes" } else { "no" },
            description,
            code(&column.example)
        );
    }
    out.push('\n');
}

/// The whole document.
pub fn markdown(catalog: &Catalog) -> String {
    let dataset = &catalog.dataset;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", dataset.title);
    out.push_str(
        "<!-- Generated from schemas/*.toml by `referat schema`. Do not edit by hand: \
         run `make schema-docs`. -->\n\n",
    );
    let _ = writeln!(out, "{}\n", dataset.description);
    let _ = writeln!(out, "Schema version: `{}`.\n", dataset.schema_version);
    for license in &dataset.licenses {
        let _ = writeln!(
            out,
            "Licence: [{}]({}) ({}).\n",
            license.name, license.path, license.title
        );
    }

    out.push_str("## Files\n\n");
    out.push_str("One Parquet file per table, and two files that describe and verify them:\n\n");
    for table in &catalog.tables {
        let _ = writeln!(
            out,
            "- [`{}`](#{}): {}",
            parquet_file_name(&table.name),
            table.name,
            cell(&table.description)
        );
    }
    let _ = writeln!(
        out,
        "- `{DATAPACKAGE_JSON}`: a Frictionless Data Package (v2) describing every file: \
         schema, keys, licence, size and SHA-256, and the source documents."
    );
    let _ = writeln!(
        out,
        "- `{SHA256SUMS}`: the SHA-256 of every other file, written last; verify with \
         `sha256sum -c {SHA256SUMS}` inside the folder.\n"
    );

    out.push_str("Every Parquet file carries key-value metadata:\n\n");
    let _ = writeln!(out, "- `{KV_SCHEMA_VERSION}`: the schema version above.");
    let _ = writeln!(
        out,
        "- `{KV_REFERAT_VERSION}`: the Referat version that wrote it."
    );
    let _ = writeln!(out, "- `{KV_TABLE}`: the table's name.");
    let _ = writeln!(
        out,
        "- `{KV_SOURCES}`: JSON list of the SHA-256 of every source document the dataset was \
         built from.\n"
    );
    out.push_str(
        "Each column's description is stored as Arrow field metadata (`description`). Files are \
         zstd-compressed with column statistics, rows sorted by the primary key, and hold no run \
         timestamps: the same minutes give the same bytes.\n\n",
    );

    out.push_str("## Types\n\n");
    out.push_str(
        "The columns below give the type DuckDB shows. The type names of `schemas/*.toml`, \
         the Arrow types in the files, and the Frictionless types of `datapackage.json`:\n\n",
    );
    out.push_str("| Type here | Arrow | DuckDB | Frictionless |\n| --- | --- | --- | --- |\n");
    for column_type in ColumnType::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            column_type.toml_name(),
            column_type.arrow_name(),
            column_type.duckdb_name(),
            column_type.frictionless_type()
        );
    }
    out.push_str(
        "\nIn pandas, read with `pd.read_parquet(path, dtype_backend=\"pyarrow\")` to keep dates \
         and decimals typed (the default backend turns them into `object`). Dictionary-encoded \
         strings arrive as `dictionary<values=string, indices=int32>[pyarrow]` in pandas with \
         that backend (`category` with the default one) and as `Categorical` in polars.\n\n",
    );

    for table in &catalog.tables {
        table_section(&mut out, table);
    }
    // One final newline, no blank line at the end.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::catalog;

    #[test]
    fn every_table_and_column_is_documented() {
        let text = markdown(catalog());
        for table in &catalog().tables {
            assert!(
                text.contains(&format!("\n## {}\n", table.name)),
                "{}",
                table.name
            );
            for column in &table.columns {
                assert!(
                    text.contains(&format!("| `{}` |", column.name)),
                    "{}.{}",
                    table.name,
                    column.name
                );
            }
        }
        assert!(text.ends_with(".\n") || text.ends_with("|\n"));
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(code("x`y"), "x`y");
        assert_eq!(code("x"), "`x`");
    }
}

#!/usr/bin/env python3
"""Check that a Referat dataset reads as researchers expect, with the real consumer libraries.

    python python/check_dataset.py OUT_DIR [--expect EXPECT.json] [--examples-from DOC.md]

For every resource in OUT_DIR/datapackage.json:
  * DuckDB reads it: row count, column types (DATE, DECIMAL(18,2), VARCHAR for dictionary
    strings, VARCHAR[] for lists, ...), and parquet_kv_metadata() shows the schema version;
  * pyarrow reads it: Arrow types, field descriptions, zstd compression, column statistics;
  * pandas (dtype_backend="pyarrow") and polars read it with the same row count and dtypes
    that keep dates, decimals and lists typed.
Then a join items -> meetings in DuckDB, and (with --examples-from) every ```sql and
```python block of a Markdown file runs against the dataset ('out/' stands for OUT_DIR).

EXPECT.json (written by the Rust test from the schema catalog):
  {"tables": {"meetings": {"rows": 3, "columns": [["meeting_id", "utf8"], ...]}, ...}}
Without it, the column types come from datapackage.json's Frictionless types (coarser).

Prints one line per problem and exits 1 if there is any, 0 otherwise.
"""

import argparse
import json
import pathlib
import re
import sys

try:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # pragma: no cover - the message is the point
    print(
        f"cannot import the consumer libraries ({error}): run `make python-deps`",
        file=sys.stderr,
    )
    sys.exit(3)

# How each schema type must look to each reader. Written from the readers' documentation and
# what they print, not from Referat's code.
DUCKDB = {
    "utf8": "VARCHAR",
    "dict_utf8": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
    "date32": "DATE",
    "decimal_18_2": "DECIMAL(18,2)",
    "list_utf8": "VARCHAR[]",
    "list_int32": "INTEGER[]",
    "timestamp_us_utc": "TIMESTAMP WITH TIME ZONE",
}
PYARROW = {
    "utf8": pa.string(),
    "dict_utf8": pa.dictionary(pa.int32(), pa.string()),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "date32": pa.date32(),
    "decimal_18_2": pa.decimal128(18, 2),
    "list_utf8": pa.list_(pa.string()),
    "list_int32": pa.list_(pa.int32()),
    "timestamp_us_utc": pa.timestamp("us", tz="UTC"),
}
POLARS = {
    "utf8": pl.String,
    "dict_utf8": pl.Categorical,
    "int32": pl.Int32,
    "int64": pl.Int64,
    "bool": pl.Boolean,
    "date32": pl.Date,
    "decimal_18_2": pl.Decimal(18, 2),
    "list_utf8": pl.List(pl.String),
    "list_int32": pl.List(pl.Int32),
    "timestamp_us_utc": pl.Datetime("us", "UTC"),
}
# Frictionless type -> the schema types it may stand for (when there is no EXPECT.json).
FRICTIONLESS = {
    "string": {"utf8", "dict_utf8"},
    "integer": {"int32", "int64"},
    "boolean": {"bool"},
    "date": {"date32"},
    "number": {"decimal_18_2"},
    "array": {"list_utf8", "list_int32"},
    "datetime": {"timestamp_us_utc"},
}

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def duckdb_types(con, path):
    rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    return {name: column_type for name, column_type, *_ in rows}


def candidates(spec_type):
    """The schema types a column may have: one (from EXPECT.json) or a set (Frictionless)."""
    return {spec_type} if spec_type in DUCKDB else FRICTIONLESS.get(spec_type, set())


def check_table(con, out, name, spec, schema_version):
    path = out / f"{name}.parquet"
    where = path.name
    expected_rows = spec.get("rows")

    # DuckDB
    count = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
    if expected_rows is not None and count != expected_rows:
        problem(where, f"DuckDB counts {count} rows, expected {expected_rows}")
    types = duckdb_types(con, path)
    for column, spec_type in spec["columns"]:
        allowed = {DUCKDB[t] for t in candidates(spec_type)}
        if types.get(column) not in allowed:
            problem(where, f"DuckDB reads {column} as {types.get(column)}, expected {allowed}")
    kv = {
        key.decode(): value.decode()
        for key, value in con.execute(
            f"SELECT key, value FROM parquet_kv_metadata('{path}')"
        ).fetchall()
    }
    if kv.get("referat.schema_version") != schema_version:
        found = kv.get("referat.schema_version")
        problem(where, f"parquet_kv_metadata has schema version {found!r}")
    for key in ("referat.version", "referat.table", "referat.sources"):
        if key not in kv:
            problem(where, f"parquet_kv_metadata lacks {key}")

    # pyarrow
    table = pq.read_table(path)
    if table.num_rows != count:
        problem(where, f"pyarrow reads {table.num_rows} rows, DuckDB {count}")
    for column, spec_type in spec["columns"]:
        field = table.schema.field(column)
        if not any(field.type.equals(PYARROW[t]) for t in candidates(spec_type)):
            problem(where, f"pyarrow reads {column} as {field.type}")
        if not (field.metadata or {}).get(b"description"):
            problem(where, f"{column} has no description in its field metadata")
    metadata = pq.read_metadata(path)
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            if chunk.compression != "ZSTD":
                problem(where, f"{chunk.path_in_schema} is compressed with {chunk.compression}")
            if row_group.num_rows > 0 and not chunk.is_stats_set:
                problem(where, f"{chunk.path_in_schema} has no statistics")

    # pandas, pyarrow-backed: dates, decimals and lists keep their types
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    if len(frame) != count:
        problem(where, f"pandas reads {len(frame)} rows, DuckDB {count}")
    for column, spec_type in spec["columns"]:
        dtype = frame[column].dtype
        arrow_type = getattr(dtype, "pyarrow_dtype", None)
        matches = arrow_type is not None and any(
            arrow_type.equals(PYARROW[t]) for t in candidates(spec_type)
        )
        if not matches:
            problem(where, f"pandas reads {column} as {dtype}")

    # polars
    frame = pl.read_parquet(path)
    if frame.height != count:
        problem(where, f"polars reads {frame.height} rows, DuckDB {count}")
    for column, spec_type in spec["columns"]:
        dtype = frame.schema[column]
        if not any(dtype == POLARS[t] for t in candidates(spec_type)):
            problem(where, f"polars reads {column} as {dtype}")
    return count


def code_blocks(markdown_path, language):
    text = pathlib.Path(markdown_path).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def run_python_examples(markdown_path, out):
    """Run each ```python block in a scratch folder where 'out' links to the dataset."""
    import os
    import tempfile

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.symlink(out, os.path.join(scratch, "out"))
        os.chdir(scratch)
        try:
            for number, block in enumerate(code_blocks(markdown_path, "python"), start=1):
                try:
                    exec(compile(block, f"{markdown_path} python example {number}", "exec"), {})
                    print(f"{markdown_path} python example {number}: ran")
                except Exception as error:
                    problem(f"{markdown_path} python example {number}",
                            f"{type(error).__name__}: {error}")
        finally:
            os.chdir(here)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--expect", type=pathlib.Path)
    parser.add_argument("--examples-from", type=pathlib.Path)
    args = parser.parse_args()
    out = args.out.resolve()

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    if args.expect:
        specs = json.loads(args.expect.read_text(encoding="utf-8"))["tables"]
    else:
        specs = {
            r["name"]: {"columns": [[f["name"], f["type"]] for f in r["schema"]["fields"]]}
            for r in package["resources"]
        }
    resource_names = [r["name"] for r in package["resources"]]
    if sorted(resource_names) != sorted(specs):
        problem("datapackage.json", f"resources {resource_names}, expected {sorted(specs)}")

    con = duckdb.connect()
    counts = {}
    for name, spec in specs.items():
        try:
            counts[name] = check_table(con, out, name, spec, package["version"])
        except Exception as error:  # one broken table must not hide the others
            problem(f"{name}.parquet", f"{type(error).__name__}: {error}")

    if "items" in counts and "meetings" in counts:
        joined = con.execute(
            f"""SELECT count(*) FROM read_parquet('{out}/items.parquet') i
                JOIN read_parquet('{out}/meetings.parquet') m USING (meeting_id)"""
        ).fetchone()[0]
        if joined != counts["items"]:
            problem("items.parquet", f"join items -> meetings keeps {joined} of {counts['items']}")

    if args.examples_from:
        examples = args.examples_from.resolve()
        for number, block in enumerate(code_blocks(examples, "sql"), start=1):
            query = block.replace("'out/", f"'{out}/")
            try:
                rows = con.execute(query).fetchall()
                print(f"{examples} query {number}: {len(rows)} rows")
            except Exception as error:
                problem(f"{examples} query {number}", f"{type(error).__name__}: {error}")
        run_python_examples(examples, out)

    for line in problems:
        print(f"problem: {line}")
    summary = ", ".join(f"{name} {rows}" for name, rows in counts.items())
    print(f"check_dataset: {len(problems)} problem(s); rows: {summary}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

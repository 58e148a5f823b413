//! Builds an Arrow record batch from rows, column by column, as the table's schema says.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Int32Builder, Int64Builder, ListBuilder,
    StringBuilder, StringDictionaryBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use chrono::NaiveDate;

use super::WriteError;
use crate::rows::{Cell, TableRow};
use crate::schema::{ColumnType, Table};

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("epoch"),
};

fn mismatch(table: &Table, column: &str, cell: &Cell<'_>) -> WriteError {
    WriteError::Build {
        table: table.name.clone(),
        message: format!("column {column}: a value of the wrong type: {cell:?}"),
    }
}

/// Bytes of text in string cells (also inside lists): builders are sized once from it, since
/// growing a batch's long texts (~3 MB of `items`) by doubling copied them several times and
/// faulted in fresh pages each time.
fn text_bytes(cells: &[Cell<'_>]) -> (usize, usize) {
    let (mut values, mut bytes) = (0, 0);
    for c in cells {
        match c {
            Cell::Str(s) => {
                values += 1;
                bytes += s.len();
            }
            Cell::StrList(items) => {
                values += items.len();
                bytes += items.iter().map(String::len).sum::<usize>();
            }
            _ => {}
        }
    }
    (values, bytes)
}

/// Build the batch. Fails when a row lacks a schema column or gives the wrong type.
pub fn build<R: TableRow>(table: &Table, rows: &[R]) -> Result<RecordBatch, WriteError> {
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    // One buffer of cells for every column of the batch.
    let mut cells = Vec::with_capacity(rows.len());
    for column in &table.columns {
        let name = column.name.as_str();
        cells.clear();
        let read = R::column(name).ok_or_else(|| WriteError::Build {
            table: table.name.clone(),
            message: format!("row type has no column {name}"),
        })?;
        for row in rows {
            let cell = read(row);
            if !column.nullable && cell == Cell::Null {
                return Err(WriteError::Build {
                    table: table.name.clone(),
                    message: format!("column {name} is not nullable but a row has null"),
                });
            }
            cells.push(cell);
        }
        arrays.push(build_column(table, name, column.column_type, &cells)?);
    }
    RecordBatch::try_new(Arc::new(table.arrow_schema()), arrays).map_err(|e| WriteError::Build {
        table: table.name.clone(),
        message: e.to_string(),
    })
}

fn build_column(
    table: &Table,
    name: &str,
    column_type: ColumnType,
    cells: &[Cell<'_>],
) -> Result<ArrayRef, WriteError> {
    let bad = |c: &Cell<'_>| mismatch(table, name, c);
    Ok(match column_type {
        ColumnType::Utf8 => {
            let mut b = StringBuilder::with_capacity(cells.len(), text_bytes(cells).1);
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Str(s) => b.append_value(s),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::DictUtf8 => {
            // Keys sized; the distinct values are not known before they are seen.
            let mut b = StringDictionaryBuilder::<Int32Type>::with_capacity(cells.len(), 64, 1024);
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Str(s) => {
                        b.append(s).map_err(|e| WriteError::Build {
                            table: table.name.clone(),
                            message: e.to_string(),
                        })?;
                    }
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::Int32 => {
            let mut b = Int32Builder::with_capacity(cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Int(n) => b.append_value(i32::try_from(*n).map_err(|_| bad(c))?),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::Int64 => {
            let mut b = Int64Builder::with_capacity(cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Int(n) => b.append_value(*n),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::Bool => {
            let mut b = BooleanBuilder::with_capacity(cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Bool(v) => b.append_value(*v),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::Date32 => {
            let mut b = Date32Builder::with_capacity(cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Date(d) => {
                        let days = d.signed_duration_since(EPOCH).num_days();
                        b.append_value(i32::try_from(days).map_err(|_| bad(c))?)
                    }
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::Decimal18_2 => {
            let mut b = Decimal128Builder::with_capacity(cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Decimal(d) => {
                        let mut d = *d;
                        d.rescale(2);
                        if d.scale() != 2 || d.mantissa().abs() >= 10_i128.pow(18) {
                            return Err(bad(c));
                        }
                        b.append_value(d.mantissa())
                    }
                    other => return Err(bad(other)),
                }
            }
            Arc::new(
                b.finish()
                    .with_precision_and_scale(18, 2)
                    .map_err(|e| WriteError::Build {
                        table: table.name.clone(),
                        message: e.to_string(),
                    })?,
            )
        }
        ColumnType::ListUtf8 => {
            let (values, bytes) = text_bytes(cells);
            let values = StringBuilder::with_capacity(values, bytes);
            let mut b = ListBuilder::with_capacity(values, cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::StrList(items) => {
                        for s in items.iter() {
                            b.values().append_value(s);
                        }
                        b.append(true)
                    }
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::ListInt32 => {
            let values: usize = cells
                .iter()
                .map(|c| match c {
                    Cell::IntList(items) => items.len(),
                    _ => 0,
                })
                .sum();
            let mut b =
                ListBuilder::with_capacity(Int32Builder::with_capacity(values), cells.len());
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::IntList(items) => {
                        for n in items.iter() {
                            b.values().append_value(*n);
                        }
                        b.append(true)
                    }
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::TimestampUsUtc => {
            let mut b =
                TimestampMicrosecondBuilder::with_capacity(cells.len()).with_timezone("UTC");
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Timestamp(t) => b.append_value(t.timestamp_micros()),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
    })
}

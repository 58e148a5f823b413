//! A Parquet writer for record batches that can encode a batch's columns on both cores.
//!
//! The row tables are written by three lanes on two cores ([`super::stream`]): `items`,
//! `amounts`, and the other four tables. They do not end together: when `amounts` is done,
//! `items` ran on alone for 10–20 ms at 1,000 documents (its core busy, the other idle). Here a
//! batch's columns are handed to rayon, so a worker with nothing else to do takes some of them
//! over; while both workers are busy with their own lanes nobody steals, and a lane encodes its
//! columns itself, one after the other, as parquet's `ArrowWriter` does.
//!
//! Same bytes as `ArrowWriter`: it is made by one (so the file writer, the Arrow schema in the
//! footer and the column writers are parquet's own), and [`ColumnsWriter::write`] follows
//! `ArrowWriter::write` step by step (parquet 60) — where a batch is split and a row group
//! closed depends only on the rows and the encoded sizes, never on which thread encoded what.
//! Each column writer keeps its own pages, which are appended to the row group in column order.

use std::io::Write;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_writer::{
    compute_leaves, ArrowColumnChunk, ArrowColumnWriter, ArrowRowGroupWriterFactory,
};
use parquet::arrow::ArrowWriter;
use parquet::errors::{ParquetError, Result};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use rayon::prelude::*;

pub struct ColumnsWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    factory: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    in_progress: Option<RowGroup>,
    max_rows: Option<usize>,
    max_bytes: Option<usize>,
}

/// The open row group: a writer per leaf column, in the file's column order.
struct RowGroup {
    writers: Vec<ArrowColumnWriter>,
    rows: usize,
}

/// Whether this thread may hand work to rayon: a rayon worker may (an idle one steals it, or
/// it does the work itself); any other thread would block until a worker took the work, and
/// the workers may be busy with lanes of their own.
fn on_a_worker() -> bool {
    rayon::current_thread_index().is_some()
}

impl RowGroup {
    fn write(&mut self, schema: &SchemaRef, batch: &RecordBatch) -> Result<()> {
        self.rows += batch.num_rows();
        let mut leaves = Vec::with_capacity(self.writers.len());
        for (field, column) in schema.fields().iter().zip(batch.columns()) {
            leaves.extend(compute_leaves(field.as_ref(), column)?);
        }
        if leaves.len() != self.writers.len() {
            return Err(ParquetError::General(format!(
                "{} leaf columns for {} column writers",
                leaves.len(),
                self.writers.len()
            )));
        }
        let write = |(writer, leaf): (&mut ArrowColumnWriter, _)| writer.write(leaf);
        if on_a_worker() {
            // One job per column: halves would keep a table's long texts together (`items`'
            // summary and body sit side by side), so a thief would take both or neither.
            self.writers
                .par_iter_mut()
                .zip(leaves.par_iter())
                .with_max_len(1)
                .try_for_each(write)
        } else {
            self.writers
                .iter_mut()
                .zip(leaves.iter())
                .try_for_each(write)
        }
    }

    fn estimated_bytes(&self) -> usize {
        self.writers
            .iter()
            .map(ArrowColumnWriter::get_estimated_total_bytes)
            .sum()
    }

    /// Close every column (each flushes and compresses its last page), in column order.
    fn close(self) -> Result<Vec<ArrowColumnChunk>> {
        if on_a_worker() {
            self.writers
                .into_par_iter()
                .with_max_len(1)
                .map(ArrowColumnWriter::close)
                .collect()
        } else {
            self.writers
                .into_iter()
                .map(ArrowColumnWriter::close)
                .collect()
        }
    }
}

impl<W: Write + Send> ColumnsWriter<W> {
    pub fn try_new(writer: W, schema: SchemaRef, props: WriterProperties) -> Result<Self> {
        let (max_rows, max_bytes) = (props.max_row_group_row_count(), props.max_row_group_bytes());
        if props.content_defined_chunking().is_some() {
            return Err(ParquetError::General(
                "content-defined chunking is not supported here".to_string(),
            ));
        }
        let (file, factory) =
            ArrowWriter::try_new(writer, schema.clone(), Some(props))?.into_serialized_writer()?;
        Ok(ColumnsWriter {
            file,
            factory,
            schema,
            in_progress: None,
            max_rows,
            max_bytes,
        })
    }

    /// `ArrowWriter::write`: the batch goes into the open row group, split where the row
    /// group reaches its row limit or (by the average encoded row so far) its byte limit, and
    /// a row group that reached either is closed.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let mut remaining = batch.clone();
        loop {
            if self.in_progress.is_none() {
                let index = self.file.flushed_row_groups().len();
                self.in_progress = Some(RowGroup {
                    writers: self.factory.create_column_writers(index)?,
                    rows: 0,
                });
            }
            let in_progress = self.in_progress.as_mut().expect("just opened");
            let buffered_rows = in_progress.rows;
            let mut split_at = match self.max_rows {
                Some(max_rows) if buffered_rows + remaining.num_rows() > max_rows => {
                    Some(max_rows - buffered_rows)
                }
                _ => None,
            };
            let candidate_rows = split_at.unwrap_or_else(|| remaining.num_rows());
            if let Some(max_bytes) = self.max_bytes.filter(|_| buffered_rows > 0) {
                let current_bytes = in_progress.estimated_bytes();
                if current_bytes >= max_bytes {
                    self.flush()?;
                    continue;
                }
                let avg_row_bytes = current_bytes / buffered_rows;
                if let Some(rows_that_fit) = (max_bytes - current_bytes).checked_div(avg_row_bytes)
                {
                    if candidate_rows > rows_that_fit {
                        if rows_that_fit > 0 {
                            split_at = Some(rows_that_fit);
                        } else {
                            self.flush()?;
                            continue;
                        }
                    }
                }
            }
            let rest = split_at.map(|to_write| {
                let rest = remaining.slice(to_write, remaining.num_rows() - to_write);
                remaining = remaining.slice(0, to_write);
                rest
            });
            let in_progress = self.in_progress.as_mut().expect("open");
            in_progress.write(&self.schema, &remaining)?;
            let should_flush = self.max_rows.is_some_and(|max| in_progress.rows >= max)
                || self
                    .max_bytes
                    .is_some_and(|max| in_progress.estimated_bytes() >= max);
            if should_flush {
                self.flush()?;
            }
            match rest {
                Some(rest) => remaining = rest,
                None => return Ok(()),
            }
        }
    }

    /// Close the open row group, if any, and append its columns to the file.
    fn flush(&mut self) -> Result<()> {
        let Some(in_progress) = self.in_progress.take() else {
            return Ok(());
        };
        let chunks = in_progress.close()?;
        let mut row_group = self.file.next_row_group()?;
        for chunk in chunks {
            chunk.append_to_row_group(&mut row_group)?;
        }
        row_group.close()?;
        Ok(())
    }

    pub fn append_key_value_metadata(&mut self, kv_metadata: KeyValue) {
        self.file.append_key_value_metadata(kv_metadata)
    }

    /// Close the last row group, write the footer and return the underlying writer.
    pub fn into_inner(mut self) -> Result<W> {
        self.flush()?;
        self.file.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{Int64Builder, ListBuilder, StringBuilder};
    use arrow_array::ArrayRef;
    use arrow_schema::{DataType, Field, Schema};
    use parquet::basic::{Compression, ZstdLevel};
    use proptest::prelude::*;

    use super::*;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, false),
            Field::new("text", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
            Field::new(
                "names",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                true,
            ),
        ]))
    }

    /// A batch of rows: an id, a text of `len` bytes or null, a number or null, a list.
    fn batch(rows: &[(u32, Option<usize>, Option<i64>, usize)]) -> RecordBatch {
        let (mut id, mut text, mut n) = (
            StringBuilder::new(),
            StringBuilder::new(),
            Int64Builder::new(),
        );
        let mut names = ListBuilder::new(StringBuilder::new());
        for &(key, len, number, count) in rows {
            id.append_value(format!("m/{key}"));
            match len {
                Some(len) => text.append_value(&"referat ".repeat(len / 8 + 1)[..len]),
                None => text.append_null(),
            }
            n.append_option(number);
            for i in 0..count {
                names.values().append_value(format!("navn {i}"));
            }
            names.append(count > 0);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(id.finish()),
            Arc::new(text.finish()),
            Arc::new(n.finish()),
            Arc::new(names.finish()),
        ];
        RecordBatch::try_new(schema(), columns).unwrap()
    }

    fn props(max_rows: usize, max_bytes: usize, page_bytes: usize) -> WriterProperties {
        WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).unwrap()))
            .set_max_row_group_row_count(Some(max_rows))
            .set_max_row_group_bytes(Some(max_bytes))
            .set_data_page_size_limit(page_bytes)
            .build()
    }

    fn written_by_arrow_writer(batches: &[RecordBatch], props: WriterProperties) -> Vec<u8> {
        let mut writer = ArrowWriter::try_new(Vec::new(), schema(), Some(props)).unwrap();
        for batch in batches {
            writer.write(batch).unwrap();
        }
        writer.append_key_value_metadata(KeyValue::new("k".into(), "v".to_string()));
        writer.into_inner().unwrap()
    }

    fn written_by_columns_writer(batches: &[RecordBatch], props: WriterProperties) -> Vec<u8> {
        let mut writer = ColumnsWriter::try_new(Vec::new(), schema(), props).unwrap();
        for batch in batches {
            writer.write(batch).unwrap();
        }
        writer.append_key_value_metadata(KeyValue::new("k".into(), "v".to_string()));
        writer.into_inner().unwrap()
    }

    fn row() -> impl Strategy<Value = (u32, Option<usize>, Option<i64>, usize)> {
        (
            any::<u32>(),
            prop::option::of(0usize..400),
            prop::option::of(any::<i64>()),
            0usize..4,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The same file, byte for byte, as parquet's ArrowWriter: batches split and row groups
        /// closed at the same rows, by row count and by encoded bytes, whether the columns were
        /// encoded on one thread or on several.
        #[test]
        fn the_same_bytes_as_arrow_writer(
            batches in prop::collection::vec(prop::collection::vec(row(), 0..24), 0..12),
            max_rows in 1usize..50,
            max_bytes in 1usize..40_000,
            page_bytes in 64usize..8_000,
            threads in 1usize..4,
        ) {
            let batches: Vec<RecordBatch> = batches.iter().map(|rows| batch(rows)).collect();
            let expected = written_by_arrow_writer(&batches, props(max_rows, max_bytes, page_bytes));
            // Off rayon (the lane on the main thread) and on a pool's worker.
            let off_pool = written_by_columns_writer(&batches, props(max_rows, max_bytes, page_bytes));
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let on_pool = pool.install(|| {
                written_by_columns_writer(&batches, props(max_rows, max_bytes, page_bytes))
            });
            prop_assert!(off_pool == expected, "off the pool: bytes differ");
            prop_assert!(on_pool == expected, "on the pool: bytes differ");
        }
    }
}

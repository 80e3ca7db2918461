/**
 * CSV rows streamed from a file (gzip detected by magic bytes), each with the
 * 1-based line it ends on, so errors can point at it. Nothing is held beyond
 * csv-parse's own buffer: a file of any size reads in constant memory.
 */
import { type InfoRecord, type Options, parse } from 'csv-parse';
import { openDecompressed } from '../compression.js';
import { DataFormatError } from './data-format-error.js';

export interface CsvRow {
  fields: string[];
  /** 1-based line number of the row in the (uncompressed) file. */
  row: number;
}

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
}

/**
 * @param file - path; plain or gzip
 * @param limit - stop after this many rows (a head scan)
 * @throws DataFormatError for CSV syntax errors (an unclosed quote, ...)
 */
export async function* csvRows(file: string, limit = Infinity): AsyncGenerator<CsvRow> {
  const input = await openDecompressed(file);
  const options: Options<CsvRow, string[]> = {
    relax_column_count: true,
    skip_empty_lines: true,
    // csv-parse's context at this point is the line the record ended on.
    on_record: (record: string[], context: InfoRecord): CsvRow => ({ fields: record, row: context.lines }),
  };
  // The typings tie on_record's result to string[]; the records are CsvRow objects.
  const parser = parse(options as unknown as Options);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let n = 0;
  try {
    for await (const r of parser as AsyncIterable<CsvRow>) {
      yield r;
      if (++n >= limit) break;
    }
  } catch (e) {
    const err = e as CsvParseError;
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new DataFormatError(file, err.lines ?? 0, null, err.message.replace(/^Invalid [^:]*: /, ''));
    }
    throw e;
  } finally {
    parser.destroy();
    input.destroy();
  }
}

import { CsvError, parse, type Options } from 'csv-parse/sync';

/** A CSV body that cannot be read; the message names the line, as import errors are shown to people. */
export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvReadError';
  }
}

/**
 * How every import reads CSV: RFC 4180, strictly. A quote inside an unquoted cell (`6" pipe`) or
 * text after a closing quote (`"x" y`) is refused rather than guessed at: a guess can shift the
 * cells of a row into the wrong columns without anyone noticing.
 */
const READ_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  // Without a list the library takes the first line end it meets for the whole file, and a file
  // edited with several tools mixes them.
  record_delimiter: ['\r\n', '\n', '\r'],
} satisfies Options;

/**
 * The rows of cells, the header first. Rows may differ in width, for importers that report a row
 * of the wrong width as that row's error (and import the others).
 */
export function readCsvRows(text: string): string[][] {
  return read(() => parse(text, { ...READ_OPTIONS, relax_column_count: true }));
}

/**
 * Records by column name, the names read from the header row (trimmed: stray spaces must not hide a
 * column). A record of another width than the header refuses the file, naming its line.
 */
export function readCsvRecords(text: string): Array<Record<string, string>> {
  return read(() => parse<Record<string, string>>(text, { ...READ_OPTIONS, columns: (header: string[]) => header.map((name) => name.trim()) }));
}

function read<T>(parseText: () => T): T {
  try {
    return parseText();
  } catch (error) {
    if (error instanceof CsvError && typeof error.lines === 'number') throw new CsvReadError(error.lines, reason(error));
    throw error;
  }
}

/** The problems a person can fix in the file, in their words. */
function reason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected character after a closing quote';
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      if (Array.isArray(error.columns) && Array.isArray(error.record)) {
        return `expected ${error.columns.length} fields as in the header, found ${error.record.length}`;
      }
      return error.message;
    default:
      return error.message;
  }
}

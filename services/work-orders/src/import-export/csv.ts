import { CsvError as CsvParseError, parse, type Options as ParseOptions } from 'csv-parse/sync';

/** A CSV body that cannot be read; the message names the line, as import errors are shown to people. */
export class CsvError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

const PARSE_OPTIONS = {
  bom: true,
  // Header names are matched against the DTO's properties, so stray spaces must not hide a column.
  columns: (header: string[]) => header.map((name) => name.trim()),
  skip_empty_lines: true,
  // Without a list the library takes the first line end it meets for the whole file, and a file
  // edited with several tools mixes them.
  record_delimiter: ['\r\n', '\n', '\r'],
} satisfies ParseOptions;


/** RFC 4180 CSV with a header row as records by (trimmed) column name; every record must have the header's width. */
export function csvRecords(text: string): Array<Record<string, string>> {
  try {
    return parse<Record<string, string>>(text, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof CsvParseError && typeof error.lines === 'number') throw new CsvError(error.lines, reason(error));
    throw error;
  }
}

/** The wording the import has always used for the problems a person can fix in the file. */
function reason(error: CsvParseError): string {
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

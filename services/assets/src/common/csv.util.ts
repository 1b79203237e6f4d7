import { CsvError, parse, type Options as ParseOptions } from 'csv-parse/sync';

/** A CSV body that cannot be read; the message names the line, as import errors are shown to people. */
export class CsvReadError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvReadError';
  }
}

const PARSE_OPTIONS = {
  bom: true,
  // The importer reports a row of the wrong width as that row's error (partial mode keeps the others).
  relax_column_count: true,
  // A quote inside an unquoted cell is kept as a character: registers are full of `6" pipe`. (Text
  // after a closing quote, `"x" y`, is then kept as written too.)
  relax_quotes: true,
  skip_empty_lines: true,
  // Without a list the library takes the first line end it meets for the whole file, and a file
  // edited with several tools mixes them.
  record_delimiter: ['\r\n', '\n', '\r'],
} satisfies ParseOptions;


/** RFC 4180 CSV as rows of cells (the header is the first row); rows may differ in width. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof CsvError && typeof error.lines === 'number') {
      // With the relaxed options an open quote is what is left to go wrong; the import has always called it so.
      throw new CsvReadError(error.lines, error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : error.message);
    }
    throw error;
  }
}

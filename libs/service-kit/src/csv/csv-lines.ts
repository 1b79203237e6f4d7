import { stringify, type Options } from 'csv-stringify/sync';

/** How every export writes CSV, so that every import reads it back. */
const WRITE_OPTIONS = {
  record_delimiter: '\r\n',
  // Quote cells holding a bare \n or \r too (the library only does when it picks the line end itself).
  quote_record_delimiter: true,
  // Cells starting with = + - @ (not negative numbers) are prefixed with ' so spreadsheets do not run them.
  escape_formulas: true,
  // The library's defaults write booleans as 1/"" and dates as epoch milliseconds; imports read true/false and ISO dates.
  cast: { boolean: (value: boolean) => String(value), date: (value: Date) => value.toISOString() },
} satisfies Options;

/** CRLF-terminated CSV lines; null and undefined are empty cells, objects JSON. */
export function csvLines(rows: ReadonlyArray<readonly unknown[]>): string {
  return stringify([...rows], WRITE_OPTIONS);
}

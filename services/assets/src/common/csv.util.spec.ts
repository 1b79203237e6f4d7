import { csvLines } from '@mate/service-kit';
import { CsvReadError, parseCsv } from './csv.util';

describe('csv', () => {
  it('parses quotes, doubled quotes, commas and line breaks in fields, CRLF and a BOM', () => {
    const text = '\ufefftag,name\r\nP-1,"Pump, ""big"""\r\nP-2,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      ['tag', 'name'],
      ['P-1', 'Pump, "big"'],
      ['P-2', 'two\nlines'],
    ]);
  });

  it('keeps empty fields, rows of another width and stray quotes; skips blank lines', () => {
    expect(parseCsv('a,b,c\r1,,3\n\n4\r\n6" pipe,"x" y\n')).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['4'], ['6" pipe', '"x" y']]);
  });

  it('refuses an unterminated quote, naming the line', () => {
    // The line where the file ends, still inside the quotes.
    expect(() => parseCsv('a\n\n"open\nmore')).toThrow('line 4: unterminated quoted field');
    expect(() => parseCsv('a\n"open')).toThrow(CsvReadError);
  });

  it('reads back what the exports write', () => {
    const csv = csvLines([['x', 'y'], ['a,b', 'say "hi"']]);
    expect(parseCsv(csv)).toEqual([['x', 'y'], ['a,b', 'say "hi"']]);
  });

});

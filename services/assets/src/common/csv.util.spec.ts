import { csvLines, CsvReadError, parseCsv } from './csv.util';

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

  it('round-trips and neutralises formulas, but not negative numbers', () => {
    expect(csvLines([['=SUM(A1)', '+1', '-1+2', '@x', -12.5]])).toBe("'=SUM(A1),'+1,'-1+2,'@x,-12.5\r\n");
    const csv = csvLines([['x', 'y'], ['a,b', 'say "hi"']]);
    expect(parseCsv(csv)).toEqual([['x', 'y'], ['a,b', 'say "hi"']]);
  });

  it('writes one CRLF-terminated line per row, empty for null and undefined', () => {
    expect(csvLines([['a', null, undefined, 2, true, 'x"y', 'x\ny', { k: 1 }]])).toBe('a,,,2,true,"x""y","x\ny","{""k"":1}"\r\n');
    expect(csvLines([['h'], ['1'], ['2']])).toBe('h\r\n1\r\n2\r\n');
  });
});

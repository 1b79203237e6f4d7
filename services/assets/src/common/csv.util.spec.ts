import { csvField, csvLine, parseCsv, toCsv } from './csv.util';

describe('csv', () => {
  it('parses quotes, doubled quotes, commas and line breaks in fields, CRLF and a BOM', () => {
    const text = '\ufefftag,name\r\nP-1,"Pump, ""big"""\r\nP-2,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      ['tag', 'name'],
      ['P-1', 'Pump, "big"'],
      ['P-2', 'two\nlines'],
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,b,c\n1,,3\n\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow('unterminated');
  });

  it('round-trips and neutralises formulas', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    const csv = toCsv(['x', 'y'], [['a,b', 'say "hi"']]);
    expect(parseCsv(csv)).toEqual([['x', 'y'], ['a,b', 'say "hi"']]);
  });

  it('writes one CRLF-terminated line per row, empty for null and undefined', () => {
    expect(csvLine(['a', null, undefined, 2, true, 'x"y'])).toBe('a,,,2,true,"x""y"\r\n');
    expect(toCsv(['h'], [['1'], ['2']])).toBe('h\r\n1\r\n2\r\n');
  });
});

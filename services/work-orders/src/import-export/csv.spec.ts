import { csvLine, csvRecords, parseCsv } from './csv';

describe('csv', () => {
  it('parses quoted fields, doubled quotes, CRLF and embedded newlines', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', ''],
    ]);
  });

  it('maps records by header and checks widths', () => {
    expect(csvRecords('\ufefftitle,type\nPump,corrective')).toEqual([{ title: 'Pump', type: 'corrective' }]);
    expect(() => csvRecords('title,type\nPump')).toThrow(/line 2/);
    expect(() => parseCsv('"open')).toThrow(/not closed/);
  });

  it('writes cells safely', () => {
    expect(csvLine(['a', 'b,c', 'd"e', null, 3])).toBe('a,"b,c","d""e",,3\r\n');
    expect(csvLine(['=SUM(A1)'])).toBe("'=SUM(A1)\r\n");
  });
});

import { csvLines } from './csv-lines';
import { CsvReadError, readCsvRecords, readCsvRows } from './csv-reader';

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, mixed line ends, embedded newlines, a BOM and blank lines', () => {
    expect(readCsvRows('\ufefftag,name\r\nP-1,"Pump, ""big"""\r\n\nP-2,"two\nlines"\rP-3,\n')).toEqual([
      ['tag', 'name'],
      ['P-1', 'Pump, "big"'],
      ['P-2', 'two\nlines'],
      ['P-3', ''],
    ]);
    expect(readCsvRecords('\ufeff title ,type\r\n"x, y","say ""hi"""\n\n"multi\nline",\r')).toEqual([
      { title: 'x, y', type: 'say "hi"' },
      { title: 'multi\nline', type: '' },
    ]);
    expect(readCsvRecords('title,type\r\n')).toEqual([]);
    expect(readCsvRecords('')).toEqual([]);
  });

  it('keeps rows of another width as rows, refuses them as records, naming the line', () => {
    expect(readCsvRows('a,b,c\n1,,3\n4\n')).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['4']]);
    expect(() => readCsvRecords('title,type\nPump')).toThrow('line 2: expected 2 fields as in the header, found 1');
    expect(() => readCsvRecords('title,type\n\n"multi\nline",x\nPump,a,b')).toThrow('line 5: expected 2 fields as in the header, found 3');
  });

  it('refuses what RFC 4180 does not allow, naming the line, in both shapes', () => {
    for (const read of [readCsvRows, readCsvRecords]) {
      expect(() => read('title\n"open')).toThrow('line 2: a quoted field is not closed');
      expect(() => read('title\n\n"open\nmore')).toThrow('line 4: a quoted field is not closed');
      expect(() => read('title\nsix" pipe')).toThrow('line 2: a quote inside an unquoted field');
      expect(() => read('title\n"six" pipe')).toThrow('line 2: unexpected character after a closing quote');
      expect(() => read('title\n"open')).toThrow(CsvReadError);
    }
  });

  it('reads back what csvLines writes', () => {
    const text = csvLines([['title', 'description'], ['Pump, "big"', 'two\r\nlines'], ['=1+1', '']]);
    expect(readCsvRows(text)).toEqual([['title', 'description'], ['Pump, "big"', 'two\r\nlines'], ["'=1+1", '']]);
    expect(readCsvRecords(text)).toEqual([{ title: 'Pump, "big"', description: 'two\r\nlines' }, { title: "'=1+1", description: '' }]);
  });
});

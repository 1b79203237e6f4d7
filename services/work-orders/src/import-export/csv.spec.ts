import { csvLines } from '@mate/service-kit';
import { csvRecords, CsvError } from './csv';

describe('csv', () => {
  it('reads quoted fields, doubled quotes, mixed line ends, embedded newlines, a BOM and blank lines', () => {
    expect(csvRecords('\ufeff title ,type\r\n"x, y","say ""hi"""\n\n"multi\nline",\r')).toEqual([
      { title: 'x, y', type: 'say "hi"' },
      { title: 'multi\nline', type: '' },
    ]);
    expect(csvRecords('title,type\r\n')).toEqual([]);
    expect(csvRecords('')).toEqual([]);
  });

  it('names the line of a malformed file', () => {
    expect(() => csvRecords('title,type\nPump')).toThrow('line 2: expected 2 fields as in the header, found 1');
    expect(() => csvRecords('title,type\n\n"multi\nline",x\nPump,a,b')).toThrow('line 5: expected 2 fields as in the header, found 3');
    expect(() => csvRecords('title\n"open')).toThrow('line 2: a quoted field is not closed');
    expect(() => csvRecords('title\nsix" pipe')).toThrow('line 2: a quote inside an unquoted field');
    expect(() => csvRecords('title\n"six" pipe')).toThrow('line 2: unexpected character after a closing quote');
    expect(() => csvRecords('title\n"open')).toThrow(CsvError);
  });


  it('reads back what it writes', () => {
    const text = csvLines([['title', 'description'], ['Pump, "big"', 'two\r\nlines']]);
    expect(csvRecords(text)).toEqual([{ title: 'Pump, "big"', description: 'two\r\nlines' }]);
  });
});

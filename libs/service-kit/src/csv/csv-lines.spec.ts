import { csvLines } from './csv-lines';

describe('csvLines', () => {
  it('writes one CRLF-terminated line per row, quoting where needed, empty for null and undefined', () => {
    expect(csvLines([['a', 'b,c', 'd"e', null, undefined, 3, true, 'x\ny', 'x\ry', { k: 1 }]])).toBe('a,"b,c","d""e",,,3,true,"x\ny","x\ry","{""k"":1}"\r\n');
    expect(csvLines([['h'], ['1'], ['']])).toBe('h\r\n1\r\n\r\n');
    expect(csvLines([])).toBe('');
  });

  it('neutralises formulas, but not negative numbers', () => {
    expect(csvLines([['=SUM(A1)', '+1', '-1+2', '@x', -12.5]])).toBe("'=SUM(A1),'+1,'-1+2,'@x,-12.5\r\n");
  });
});

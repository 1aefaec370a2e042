import { CsvSplitter, MAX_RECORD_LINES } from './csv-splitter.js';

function splitAll(chunks: string[]) {
  const s = new CsvSplitter();
  const out = chunks.map((c) => s.push(c));
  out.push(s.end());
  return {
    records: out.flatMap((o) => o.records),
    bad: out.flatMap((o) => o.bad),
  };
}

describe('CsvSplitter', () => {
  it('splits plain lines and numbers them', () => {
    const { records } = splitAll(['a,b,c\n1,2,3\n', '4,5,6']);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('handles quotes, escaped quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFid,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n4,x\r\n';
    const { records, bad } = splitAll([text]);
    expect(bad).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', 'x'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'a,"b ""q"" c",d\r\n"x\ny",2\n3,""\n';
    const whole = splitAll([text]).records;
    for (let i = 1; i < text.length; i++) {
      expect(splitAll([text.slice(0, i), text.slice(i)]).records).toEqual(whole);
    }
    expect(whole.map((r) => r.fields)).toEqual([
      ['a', 'b "q" c', 'd'],
      ['x\ny', '2'],
      ['3', ''],
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text and skips empty lines', () => {
    const { records } = splitAll(['a,5" pipe,b\n\n\nc,d\n']);
    expect(records).toEqual([
      { line: 1, fields: ['a', '5" pipe', 'b'] },
      { line: 4, fields: ['c', 'd'] },
    ]);
  });

  it('reports a quote that never closes and resumes on the next line', () => {
    const lines = ['h1,h2', '1,"never closed', ...Array.from({ length: MAX_RECORD_LINES + 5 }, (_, i) => `${i},ok`)];
    const { records, bad } = splitAll([lines.join('\n') + '\n']);
    expect(bad).toEqual([{ line: 2, message: 'unclosed quote' }]);
    expect(records[0].fields).toEqual(['h1', 'h2']);
    expect(records[1]).toEqual({ line: 3, fields: ['0', 'ok'] });
    expect(records).toHaveLength(1 + MAX_RECORD_LINES + 5);
  });

  it('reports an unclosed quote at the end of the input', () => {
    expect(splitAll(['a,b\n1,"oops']).bad).toEqual([{ line: 2, message: 'unclosed quote' }]);
  });
});

import { csvField, RecordFormatter } from './record-format.js';

describe('export record format', () => {
  it('quotes CSV fields only when needed, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
  });

  it('writes a header and rows in column order (CSV), or one object per line (JSON Lines)', () => {
    const csv = new RecordFormatter('csv', ['userId', 'rank', 'title']);
    expect(csv.header()).toBe('userId,rank,title\n');
    expect(csv.line({ title: 'MUG, RED', rank: 1, userId: '17850' })).toBe('17850,1,"MUG, RED"\n');
    const jsonl = new RecordFormatter('jsonl', ['userId', 'rank', 'title']);
    expect(jsonl.header()).toBe('');
    expect(JSON.parse(jsonl.line({ title: 'MUG, RED', userId: '17850' }))).toEqual({
      userId: '17850',
      rank: null,
      title: 'MUG, RED',
    });
  });
});

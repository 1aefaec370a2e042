import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainConfig, TrainConfigError } from './train-config.js';

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'tailor-cfg-')), 'c.jsonc');
  writeFileSync(file, text);
  return file;
};

describe('loadTrainConfig', () => {
  it('has defaults for everything', () => {
    const c = loadTrainConfig(undefined);
    expect(c).toMatchObject({ seed: 42, activate: 'if-better', models: ['collaborative', 'content', 'sequence'] });
    expect(c.evaluation.primaryMetric).toBe('ndcg@10:all');
  });

  it('reads commented JSONC and lets CLI overrides win, merging nested objects', () => {
    const file = write(`{
      // a comment
      "seed": 7,
      "collaborative": { "dim": 32, "epochs": 5 },
    }`);
    const c = loadTrainConfig(file, { activate: 'never', collaborative: { epochs: 9 } });
    expect(c.seed).toBe(7);
    expect(c.activate).toBe('never');
    expect(c.collaborative).toEqual({ dim: 32, epochs: 9 });
  });

  it('names the bad key or the syntax error', () => {
    expect(() => loadTrainConfig(write('{ "activate": "sometimes" }'))).toThrow(/activate/);
    expect(() => loadTrainConfig(write('{ "sede": 1 }'))).toThrow(TrainConfigError);
    expect(() => loadTrainConfig(write('{ "seed": 1,, }'))).toThrow(/c\.jsonc:1: /);
    expect(() => loadTrainConfig('/nonexistent/x.jsonc')).toThrow(/cannot read training config .*ENOENT/);
  });
});

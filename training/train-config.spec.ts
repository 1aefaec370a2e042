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

  it('refit is full by default, or none, or a number of warm-start epochs; the item-to-item source can be left out', () => {
    expect(loadTrainConfig(undefined).refit).toBe('full');
    expect(loadTrainConfig(undefined, { refit: 3 }).refit).toBe(3);
    expect(loadTrainConfig(undefined, { refit: 'none' }).refit).toBe('none');
    expect(() => loadTrainConfig(undefined, { refit: 0 })).toThrow(/refit/);
    expect(() => loadTrainConfig(undefined, { refit: 'warm' })).toThrow(/refit/);
    expect(loadTrainConfig(undefined).itemItem).toEqual({ lambda: 500, neighbours: 200, maxItems: 6000 });
    expect(loadTrainConfig(undefined, { itemItem: { neighbours: 50 } }).itemItem).toEqual({
      lambda: 500,
      neighbours: 50,
      maxItems: 6000,
    });
    expect(loadTrainConfig(undefined, { itemItem: false }).itemItem).toBe(false);
  });

  it('names the bad key or the syntax error', () => {
    expect(() => loadTrainConfig(write('{ "activate": "sometimes" }'))).toThrow(/activate/);
    expect(() => loadTrainConfig(write('{ "sede": 1 }'))).toThrow(TrainConfigError);
    expect(() => loadTrainConfig(write('{ "seed": 1,, }'))).toThrow(/c\.jsonc:1: /);
    expect(() => loadTrainConfig('/nonexistent/x.jsonc')).toThrow(/cannot read training config .*ENOENT/);
  });

  it('bounds the customer sample by default and rejects bad bounds with their path', () => {
    expect(loadTrainConfig(undefined).sample).toEqual({
      maxCustomers: 20000,
      maxEvents: 2000000,
      recencyHalfLifeDays: 90,
    });
    expect(loadTrainConfig(undefined, { sample: { maxCustomers: null } }).sample.maxCustomers).toBeNull();
    expect(() => loadTrainConfig(undefined, { sample: { maxCustomers: 0 } })).toThrow(/sample\.maxCustomers/);
    expect(() => loadTrainConfig(undefined, { sample: { recencyHalfLifeDays: -1 } })).toThrow(
      /sample\.recencyHalfLifeDays/,
    );
    expect(() => loadTrainConfig(undefined, { sample: { maxUsers: 5 } })).toThrow(TrainConfigError);
  });
});

import {
  benchCommand,
  figuresOf,
  mergeFigures,
  readFigures,
  renderFiguresMarkdown,
  type BenchRun,
} from '../../bench/support/figures.js';

const monday: BenchRun = { date: '2026-12-07', machine: '2 × Test CPU, 8.0 GiB, node v20', command: 'npm run bench' };
const tuesday: BenchRun = { ...monday, date: '2026-12-08', command: 'npm run bench -- import' };

describe('benchmark figures', () => {
  it("takes a section's named figures, then the rows of its target tables", () => {
    const figures = figuresOf({
      tables: [
        { title: 'Latency', columns: ['step', 'p50'], rows: [['one', 1]] },
        {
          title: 'Targets',
          columns: ['target', 'goal', 'measured', 'verdict'],
          rows: [['cached recommendations', '≥ 0.8×', '0.61×', 'FAIL']],
        },
      ],
      figures: [{ measure: 'import', result: '70,000 rows/s' }],
    });
    expect(figures).toEqual([
      { measure: 'import', result: '70,000 rows/s' },
      { measure: 'cached recommendations', result: '0.61×', target: '≥ 0.8×', verdict: 'FAIL' },
    ]);
  });

  it('replaces the sections of a run, keeps the others and orders them as the sections run', () => {
    const before = mergeFigures(
      {},
      { graphql: [{ measure: 'q', result: '1' }], import: [{ measure: 'i', result: '2' }] },
      monday,
      ['import', 'graphql'],
    );
    const after = mergeFigures(before, { import: [{ measure: 'i', result: '3' }], graphql: [] }, tuesday, [
      'import',
      'graphql',
    ]);
    expect(Object.keys(after)).toEqual(['import', 'graphql']);
    expect(after.import).toEqual({ run: tuesday, figures: [{ measure: 'i', result: '3' }] });
    // a section that produced no figures this time keeps its last ones
    expect(after.graphql).toEqual(before.graphql);
  });

  it('renders one table naming each run once, and reads back what it wrote', () => {
    const data = mergeFigures(
      mergeFigures({}, { graphql: [{ measure: 'a | b', result: '1', target: '≥ 1', verdict: 'PASS' }] }, monday, []),
      { import: [{ measure: 'i', result: '2' }] },
      tuesday,
      ['import', 'graphql'],
    );
    const md = renderFiguresMarkdown(data);
    expect(md).toContain('| i | 2 | — | `import` [1] |');
    expect(md).toContain('| a \\| b | 1 | ≥ 1 (PASS) | `graphql` [2] |');
    expect(md).toContain('[1] 2026-12-08, 2 × Test CPU, 8.0 GiB, node v20: `npm run bench -- import`');
    expect(md).toContain('[2] 2026-12-07, 2 × Test CPU, 8.0 GiB, node v20: `npm run bench`');
    expect(readFigures(md)).toEqual(data);
    expect(md).not.toContain('Not measured yet');
    expect(renderFiguresMarkdown(data, ['import', 'graphql', 'scoring', 'training'])).toContain(
      'Not measured yet: `scoring`, `training` (`npm run bench -- scoring training`).',
    );
    expect(readFigures('# no data here')).toEqual({});
  });

  it('states the command with the BENCH_* settings that shaped the run', () => {
    const env = { BENCH_IMPORT_REPEATS: '1', PATH: '/bin', BENCH_FIGURES_FILE: '/tmp/x.md' };
    expect(benchCommand(['import', 'scoring'], env)).toBe('BENCH_IMPORT_REPEATS=1 npm run bench -- import scoring');
    expect(benchCommand([], {})).toBe('npm run bench');
  });
});

import type { EvaluationResult } from './evaluate.js';

/** Plain-text table for the CLI: one block per setting, one row per scorer, one column per metric. */
export function formatMetricsTable(results: EvaluationResult[]): string {
  if (results.length === 0) return '(no results)';
  const settings = [...new Set(results.flatMap((r) => r.settings.map((s) => s.setting)))];
  const metrics = results[0].protocol.metrics;
  const nameWidth = Math.max(6, ...results.map((r) => r.scorer.length));
  const cols = ['users', ...metrics, 'secs'];
  const width = Math.max(...cols.map((c) => c.length), 7);
  const lines: string[] = [];
  for (const setting of settings) {
    lines.push(`[${setting} items]`);
    lines.push(['scorer'.padEnd(nameWidth), ...cols.map((c) => c.padStart(width))].join('  '));
    for (const r of results) {
      const s = r.settings.find((x) => x.setting === setting);
      if (!s) continue;
      const cells = [
        String(s.users),
        ...metrics.map((m) => (s.metrics[m] ?? Number.NaN).toFixed(4)),
        r.seconds.toFixed(1),
      ];
      lines.push([r.scorer.padEnd(nameWidth), ...cells.map((c) => c.padStart(width))].join('  '));
    }
    lines.push('');
    if (setting === 'all') lines.push(...partsBlock(results, metrics, nameWidth), '');
  }
  return lines.join('\n').trimEnd();
}

/** The 'all' setting's repeat / explore parts (see `splitTargets`), one "repeat / explore" cell per metric. */
function partsBlock(results: EvaluationResult[], metrics: string[], nameWidth: number): string[] {
  const ids = metrics.filter((m) => results.some((r) => r.settings.some((s) => `${m}:repeat` in s.metrics)));
  if (ids.length === 0) return [];
  const width = Math.max(15, ...ids.map((m) => m.length + 8));
  const lines = [
    '[all items: repeat / explore parts — targets bought before / new to the shopper, same ranked list]',
    ['scorer'.padEnd(nameWidth), 'users r/e'.padStart(11), ...ids.map((m) => `${m} r / e`.padStart(width))].join('  '),
  ];
  for (const r of results) {
    const s = r.settings.find((x) => x.setting === 'all');
    if (!s?.partUsers) continue;
    const cell = (m: string) =>
      `${(s.metrics[`${m}:repeat`] ?? Number.NaN).toFixed(4)} / ${(s.metrics[`${m}:explore`] ?? Number.NaN).toFixed(4)}`;
    lines.push(
      [
        r.scorer.padEnd(nameWidth),
        `${s.partUsers.repeat}/${s.partUsers.explore}`.padStart(11),
        ...ids.map((m) => cell(m).padStart(width)),
      ].join('  '),
    );
  }
  return lines;
}

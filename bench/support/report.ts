// Formatting for the benchmark report: aligned tables, medians and percentiles.

export interface BenchTable {
  title?: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface BenchResult {
  tables: BenchTable[];
  /** Pre-formatted text printed as is (e.g. a metrics table a module renders itself). */
  blocks?: string[];
  notes?: string[];
  /** Headline figures for docs/benchmarks.md beside the rows of any "Target(s)" table (support/figures.ts). */
  figures?: import('./figures.js').BenchFigure[];
}

/** Median of a non-empty sample (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty sample');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1];
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(n: number, base: number): string {
  return base > 0 ? `${(n / base).toFixed(2)}×` : 'n/a';
}

export function renderTable(t: BenchTable): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(String))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  // Text left-aligned, numbers right-aligned.
  const line = (r: string[]) =>
    r
      .map((c, i) => (i > 0 && /^[\d.,×%\s-]+[a-z/%×]*$/i.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (t.title) out.push(t.title);
  out.push(line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) out.push(line(r));
  return out.join('\n');
}

export function renderResult(r: BenchResult): string {
  const parts = [...r.tables.map(renderTable), ...(r.blocks ?? [])];
  if (r.notes?.length) parts.push(r.notes.map((n) => `  note: ${n}`).join('\n'));
  return parts.join('\n\n');
}

// Rows of an export as text: CSV (RFC 4180: a header line, fields quoted when they hold a comma, quote or line
// break) or JSON Lines (one object per line).

export type ExportFormat = 'csv' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'jsonl'];

export type ExportValue = string | number | boolean | null;
export type ExportRecord = Record<string, ExportValue>;

export function csvField(value: ExportValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats records with fixed columns: `header()` once (empty for JSON Lines), then `line(record)` per record. */
export class RecordFormatter {
  constructor(
    private readonly format: ExportFormat,
    private readonly columns: readonly string[],
  ) {}

  header(): string {
    return this.format === 'csv' ? `${this.columns.map(csvField).join(',')}\n` : '';
  }

  line(record: ExportRecord): string {
    if (this.format === 'jsonl') {
      const ordered: ExportRecord = {};
      for (const c of this.columns) ordered[c] = record[c] ?? null;
      return `${JSON.stringify(ordered)}\n`;
    }
    return `${this.columns.map((c) => csvField(record[c] ?? null)).join(',')}\n`;
  }
}

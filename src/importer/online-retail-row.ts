// Parsing of one row of the UCI Online Retail file (Chen, 2015; CC BY 4.0).
// Pure function: the importer streams rows through it and counts the skip reasons.
import {
  dateWindow,
  DEFAULT_EARLIEST_DATE,
  idProblem,
  MAX_PRICE,
  MAX_QUANTITY,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  outsideWindow,
  printable,
  strictDecimal,
  strictInteger,
  textProblem,
  utcMs,
  type DateWindow,
} from './import-limits.js';

export const ONLINE_RETAIL_HEADER = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;

export type OnlineRetailSkipReason =
  | 'cancellation'
  | 'non_positive_quantity'
  | 'missing_customer'
  | 'non_product_code'
  | 'date_out_of_range'
  | 'malformed';

export interface OnlineRetailPurchase {
  invoice: string;
  stockCode: string;
  description: string | null;
  quantity: number;
  occurredAt: Date;
  unitPrice: number;
  customerId: string;
  country: string | null;
}

export type OnlineRetailRowResult =
  { ok: true; purchase: OnlineRetailPurchase } | { ok: false; reason: OnlineRetailSkipReason; detail?: string };

// Product codes are five digits with an optional letter suffix (85123A, 15056BL, 84997c).
// Everything else is postage, fees, manual adjustments, samples or vouchers (POST, M, DOT, AMAZONFEE, gift_0001_10).
const PRODUCT_CODE = /^\d{5}[A-Za-z]{0,3}$/;
const INVOICE_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isProductCode(stockCode: string): boolean {
  return PRODUCT_CODE.test(stockCode);
}

/** Validates a header row; returns a message naming the problem, or null when it is the Online Retail header. */
export function checkOnlineRetailHeader(header: string[]): string | null {
  const got = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const missing = ONLINE_RETAIL_HEADER.filter((col) => !got.includes(col));
  if (missing.length === 0) return null;
  return `not an Online Retail file: header lacks ${missing.join(', ')} (got: ${printable(got.join(',')) || 'empty'})`;
}

export function parseOnlineRetailRow(
  record: Record<string, string | undefined>,
  window: DateWindow = dateWindow(DEFAULT_EARLIEST_DATE),
): OnlineRetailRowResult {
  const invoice = (record.InvoiceNo ?? '').trim();
  const stockCode = (record.StockCode ?? '').trim();
  if (!invoice || !stockCode) return { ok: false, reason: 'malformed', detail: 'missing invoice or stock code' };
  const invoiceProblem = idProblem('InvoiceNo', invoice);
  if (invoiceProblem) return { ok: false, reason: 'malformed', detail: invoiceProblem };
  if (/^[Cc]/.test(invoice)) return { ok: false, reason: 'cancellation' };
  const quantityText = (record.Quantity ?? '').trim();
  const quantity = strictInteger(quantityText);
  if (quantity === null || Math.abs(quantity) > MAX_QUANTITY) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `bad Quantity "${printable(quantityText, 40)}" (a whole number, at most ${MAX_QUANTITY})`,
    };
  }
  if (quantity <= 0) return { ok: false, reason: 'non_positive_quantity' };
  const customerRaw = (record.CustomerID ?? '').trim();
  if (!customerRaw) return { ok: false, reason: 'missing_customer' };
  const customerProblem = idProblem('CustomerID', customerRaw);
  if (customerProblem) return { ok: false, reason: 'malformed', detail: customerProblem };
  if (!isProductCode(stockCode)) return { ok: false, reason: 'non_product_code' };
  const priceText = (record.UnitPrice ?? '').trim();
  const unitPrice = strictDecimal(priceText);
  if (unitPrice === null || unitPrice < 0 || unitPrice > MAX_PRICE) {
    return { ok: false, reason: 'malformed', detail: `bad UnitPrice "${printable(priceText, 40)}"` };
  }
  const occurredAt = parseUkLocalTime((record.InvoiceDate ?? '').trim());
  if (!occurredAt) {
    return { ok: false, reason: 'malformed', detail: `bad InvoiceDate "${printable(record.InvoiceDate ?? '', 40)}"` };
  }
  if (outsideWindow(occurredAt, window)) {
    return {
      ok: false,
      reason: 'date_out_of_range',
      detail: `InvoiceDate ${occurredAt.toISOString()} outside the import window`,
    };
  }
  const description = (record.Description ?? '').trim();
  const country = (record.Country ?? '').trim();
  const textIssue =
    textProblem('Description', description, MAX_TITLE_LENGTH) ?? textProblem('Country', country, MAX_SHORT_TEXT_LENGTH);
  if (textIssue) return { ok: false, reason: 'malformed', detail: textIssue };
  return {
    ok: true,
    purchase: {
      invoice,
      stockCode: stockCode.toUpperCase(),
      description: description || null,
      quantity,
      occurredAt,
      unitPrice,
      customerId: normaliseCustomerId(customerRaw),
      country: country || null,
    },
  };
}

/** "17850.0" -> "17850": the file stores customer ids as floats. */
export function normaliseCustomerId(raw: string): string {
  return /^\d+\.0+$/.test(raw) ? raw.slice(0, raw.indexOf('.')) : raw;
}

// Invoice lines share their timestamp: a bounded memo saves the date arithmetic on repeated values.
const ukTimeMemo = new Map<string, number | null>();
const UK_TIME_MEMO_MAX = 50_000;

/** Parses "YYYY-MM-DD HH:MM[:SS]" as UK civil time (GMT, or BST between the last Sundays of March and October). */
export function parseUkLocalTime(text: string): Date | null {
  let ms = ukTimeMemo.get(text);
  if (ms === undefined) {
    ms = ukLocalTimeMs(text);
    if (ukTimeMemo.size >= UK_TIME_MEMO_MAX) ukTimeMemo.clear();
    ukTimeMemo.set(text, ms);
  }
  return ms === null ? null : new Date(ms);
}

function ukLocalTimeMs(text: string): number | null {
  const m = INVOICE_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const asUtc = utcMs(y, mo - 1, d, h, mi, s);
  const probe = new Date(asUtc);
  if (probe.getUTCDate() !== d) return null; // e.g. 2011-02-30
  const bstStart = lastSundayUtc(y, 2) + 3_600_000; // 01:00 UTC
  const bstEnd = lastSundayUtc(y, 9) + 3_600_000;
  const offset = asUtc - 3_600_000 >= bstStart && asUtc - 3_600_000 < bstEnd ? 3_600_000 : 0;
  return asUtc - offset;
}

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay());
}

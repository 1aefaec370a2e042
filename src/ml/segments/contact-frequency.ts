// Contact-frequency guard: a placement may cap how often the same item is shown to the same user
// within a sliding window ("at most 3 times in 24 hours"). Pure: the caller supplies the user's
// recent impressions (storage comes with the impression log) and the reference time.

export interface Impression {
  itemId: string;
  /** When the item was shown, as a Date or epoch milliseconds. */
  shownAt: Date | number;
}

export interface ContactCap {
  /** Impressions of one item allowed inside the window (≥ 1). */
  maxImpressions: number;
  /** Length of the sliding window in hours (> 0). */
  windowHours: number;
}

export interface SuppressedItem {
  itemId: string;
  /** Impressions of the item inside the window at `now`. */
  shownInWindow: number;
  /** First instant at which the item may be shown again (an old impression leaves the window). */
  allowedAgainAt: Date;
}

export interface ContactFrequencyDecision {
  /** Candidates that may be shown, in their input order. */
  allowed: string[];
  /** Candidates at or over the cap, in their input order. */
  suppressed: SuppressedItem[];
}

const HOUR_MS = 3_600_000;

export function validateContactCap(cap: ContactCap): ContactCap {
  if (!Number.isInteger(cap.maxImpressions) || cap.maxImpressions < 1) {
    throw new RangeError(`maxImpressions must be an integer ≥ 1, got ${cap.maxImpressions}`);
  }
  if (!(cap.windowHours > 0) || !Number.isFinite(cap.windowHours)) {
    throw new RangeError(`windowHours must be a positive number, got ${cap.windowHours}`);
  }
  return cap;
}

/**
 * An impression counts when now − window < shownAt ≤ now (later ones are ignored: clock skew or a
 * replay must not suppress anything). An item with k ≥ maxImpressions counted impressions is
 * suppressed until enough of its oldest counted impressions have left the window for the count to
 * drop below the cap, i.e. until the (k − max + 1)-th oldest one leaves:
 *   allowedAgainAt = t₍ₖ₋ₘₐₓ₊₁₎ + window, with t₍₁₎ ≤ … ≤ t₍ₖ₎ the counted impression times.
 */
export function applyContactCap(
  candidates: readonly string[],
  impressions: readonly Impression[],
  cap: ContactCap,
  now: Date | number,
): ContactFrequencyDecision {
  validateContactCap(cap);
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const windowMs = cap.windowHours * HOUR_MS;
  const wanted = new Set(candidates);
  const timesByItem = new Map<string, number[]>();
  for (const imp of impressions) {
    if (!wanted.has(imp.itemId)) continue;
    const t = typeof imp.shownAt === 'number' ? imp.shownAt : imp.shownAt.getTime();
    if (!(t > nowMs - windowMs && t <= nowMs)) continue;
    const list = timesByItem.get(imp.itemId);
    if (list) list.push(t);
    else timesByItem.set(imp.itemId, [t]);
  }
  const allowed: string[] = [];
  const suppressed: SuppressedItem[] = [];
  const seen = new Set<string>();
  for (const itemId of candidates) {
    if (seen.has(itemId)) continue; // a duplicate candidate is decided once
    seen.add(itemId);
    const times = timesByItem.get(itemId);
    const k = times?.length ?? 0;
    if (!times || k < cap.maxImpressions) {
      allowed.push(itemId);
      continue;
    }
    times.sort((a, b) => a - b);
    // Once the oldest k − max + 1 impressions have left, max − 1 remain: one more is allowed.
    const leaving = times[k - cap.maxImpressions];
    suppressed.push({ itemId, shownInWindow: k, allowedAgainAt: new Date(leaving + windowMs) });
  }
  return { allowed, suppressed };
}

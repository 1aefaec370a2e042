// New catalog items (no purchases yet) are known to the content model only: every other source of a blend counts
// them as "no evidence", so the blend alone would never show them and they would never gather the purchases that
// let the other sources learn them. A few places of a list are therefore kept for them — only for those that
// content similarity alone ranks among its own best `limit`, so a list never shows a new item that does not fit.
import type { BlendedCandidate } from './blend-candidates.js';
import { topAccepted } from './candidate-selection.js';

export interface NewItemSlotOptions {
  /** Indices from here on are new items (catalog items the artifact does not know). */
  firstNew: number;
  /** Length of the list being built. */
  limit: number;
  /** How many new items a list may hold at most (0 = off). */
  slots: number;
  accept?: (index: number) => boolean;
}

/**
 * `list` (the blend's choice, best first) with up to `slots` new items that rank in the top `limit` of the
 * content scores and are not in it yet. They replace the list's last entries (the blend's own order is kept
 * above them), take the score of the last entry kept and are attributed to `content`. New items the blend
 * already chose count against the slots.
 */
export function withNewItems(
  list: readonly BlendedCandidate[],
  content: ArrayLike<number>,
  { firstNew, limit, slots, accept }: NewItemSlotOptions,
): BlendedCandidate[] {
  const present = new Set(list.map((c) => c.index));
  const open = Math.min(slots, limit) - list.filter((c) => c.index >= firstNew).length;
  if (open <= 0 || content.length <= firstNew) return [...list];
  const fresh = topAccepted(content, limit, accept)
    .filter((i) => i >= firstNew && !present.has(i))
    .slice(0, open);
  if (fresh.length === 0) return [...list];
  const kept = list.slice(0, Math.min(list.length, limit - fresh.length));
  const score = kept.length > 0 ? kept[kept.length - 1].score : 0;
  return [...kept, ...fresh.map((index) => ({ index, score, source: 'content' }))];
}
